"""Datelines: a first line that is only a date ("March 01, 2008", "1 de marzo de 2008").

Many scraped texts start with their publication date on a line of its own. It is metadata,
not prose: the cleaner removes it (recorded, reason ``dateline``) and the article takes it as
its publication time when nothing better is known.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from storyweave.clean.steps import LineFilter

_MONTHS = {
    # en, fr, de, es, it, nl, pt month names (and common abbreviations) -> month number
    **{m: i for i, m in enumerate(
        "january february march april may june july august september october november december"
        .split(), 1)},
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    **{m: i for i, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
        .split(), 1)},
    **{m: i for i, m in enumerate(
        "januar februar märz april mai juni juli august september oktober november dezember"
        .split(), 1)},
    **{m: i for i, m in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
        .split(), 1)},
    "setiembre": 9,
    **{m: i for i, m in enumerate(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre".split(), 1)},
    **{m: i for i, m in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december"
        .split(), 1)},
    **{m: i for i, m in enumerate(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
        .split(), 1)},
}  # fmt: skip
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì"
    r"|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag"
    r"|zondag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s+"
)
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_PATTERNS = [
    re.compile(rf"^(?:{_WEEKDAY})?{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(
        rf"^(?:{_WEEKDAY})?(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?{_MONTH}\s+(?:del?\s+)?"
        r"(?P<year>\d{4})$",
        re.I,
    ),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"),
    re.compile(rf"^(?P<day>\d{{1,2}})[-/ ]{_MONTH}[-/ ](?P<year>\d{{2}}|\d{{4}})$", re.I),
]
_MAX_CHARS = 48


def parse_dateline(line: str) -> datetime | None:
    """The date a line consists of (UTC midnight), or None when it is anything else."""
    text = line.strip().rstrip(".")
    if not text or len(text) > _MAX_CHARS or not any(ch.isdigit() for ch in text):
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        month_text = match.group("month").lower()
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
        if month is None:
            return None
        year = int(match.group("year"))
        if year < 100:  # "01-Mar-08": a two-digit year is this century's up to 2049
            year += 2000 if year < 50 else 1900
        try:
            return datetime(year, month, int(match.group("day")), tzinfo=UTC)
        except ValueError:
            return None
    return None


datelines = LineFilter("dateline", lambda line: parse_dateline(line) is not None, window=1)
"""The first non-blank line, when it is only a date."""
