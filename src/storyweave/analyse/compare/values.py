"""Typed details of a statement that survive paraphrase: numbers, dates, times, anchors.

Each extractor returns normalised values, so "55 percent" and "55%" are one value and
"November 11" and "11 November" another. Relative dates ("last week", "yesterday") are kept
as their own values: they differ from an absolute date, which is what a reader wants flagged.
Words for numbers and fractions are read in English ("two", "half"); digits in any language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storyweave.text import tokens

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan enero gennaio januari janvier",
            "february feb febrero febbraio februari février",
            "march mar marzo maart mars",
            "april apr abril aprile avril",
            "may mayo maggio mei mai",
            "june jun junio giugno juni juin",
            "july jul julio luglio juli juillet",
            "august aug agosto augustus août",
            "september sep sept septiembre settembre septembre",
            "october oct octubre ottobre oktober octobre",
            "november nov noviembre novembre",
            "december dec diciembre dicembre december décembre",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?({_MONTH})\b\.?", re.I)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent))", re.I
)
_MONTH_ALONE = re.compile(rf"\b(?:in|since|until|by|from|back in)\s+({_MONTH})\b", re.I)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_WEEKDAY = re.compile(
    r"\b(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
)
_RELATIVE = re.compile(
    r"\b(yesterday|today|tomorrow|tonight|last (?:week|month|year|night|weekend)|"
    r"this (?:week|month|year|morning|afternoon|evening)|next (?:week|month|year)|"
    r"(?:in )?recent (?:days|weeks|months)|earlier this (?:week|month|year)|"
    r"(?:\w+ )?(?:days|weeks|months|years) ago)\b",
    re.I,
)
_CLOCK = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?!\w)|\b([01]?\d|2[0-3])[:h](\d{2})\b", re.I
)
_TIME_WORDS = re.compile(r"\b(noon|midnight|dawn|overnight)\b", re.I)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:[,.\u00a0\u202f]|, )\d{3})+(?![\d.,]\d)|\d+(?:[.,]\d+)?)"
    r"(?:\s*(%|percent|per cent|por ciento|per cento|procent|pour cent)"
    r"|\s*(thousand|millones|million|milioni|miljoen|miljard|milliards?|billion|bn|trillion|mil)\b)?",
    re.I,
)
#: "5. 9": a decimal a tokeniser split; inside one statement a period before a digit is no
#: sentence end (statements rejoin such pieces).
_SPLIT_DECIMAL = re.compile(r"(?<=\d)\. (?=\d)")
_DURATION = re.compile(r"\s*(?:-\s*)?(second|minute|hour|day|week|month|year)s?\b", re.I)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
    "dozens": -12,
    "hundreds": -100,
    "thousands": -1000,
    "millions": -1_000_000,
}
_FRACTIONS = {"half": 50.0, "third": 33.3, "quarter": 25.0, "majority": -50.0}
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "mil": 1e3,
    "millones": 1e6,
    "milioni": 1e6,
    "miljoen": 1e6,
    "miljard": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def dates(text: str) -> set[str]:
    """Dates in ``text``: ``11-11`` (month-day), ``2025`` (year), ``m02`` (month alone),
    weekdays and relative expressions as lower-cased words."""
    found: set[str] = set()
    covered: list[tuple[int, int]] = []
    for match in _DAY_MONTH.finditer(text):
        found.add(f"{_MONTHS[match.group(2).lower().rstrip('.')]:02d}-{int(match.group(1)):02d}")
        covered.append(match.span())
    for match in _MONTH_DAY.finditer(text):
        if not any(a <= match.start() < b for a, b in covered):
            month = _MONTHS[match.group(1).lower().rstrip(".")]
            found.add(f"{month:02d}-{int(match.group(2)):02d}")
            covered.append(match.span())
    for match in _MONTH_ALONE.finditer(text):
        if not any(a <= match.start(1) < b for a, b in covered):
            found.add(f"m{_MONTHS[match.group(1).lower()]:02d}")
    found.update(match.group(1) for match in _YEAR.finditer(text))
    found.update(match.group(1).lower() for match in _WEEKDAY.finditer(text))
    found.update(" ".join(match.group(1).lower().split()) for match in _RELATIVE.finditer(text))
    return found


def times(text: str) -> set[str]:
    """Clock times as ``HH:MM`` (24-hour), and words such as noon or midnight."""
    found: set[str] = set()
    for match in _CLOCK.finditer(text):
        if match.group(3):
            hour = int(match.group(1)) % 12 + (12 if match.group(3).lower().startswith("p") else 0)
            found.add(f"{hour:02d}:{int(match.group(2) or 0):02d}")
        else:
            found.add(f"{int(match.group(4)):02d}:{match.group(5)}")
    found.update(match.group(1).lower() for match in _TIME_WORDS.finditer(text))
    return found


def _number_value(digits: str) -> float:
    cleaned = re.sub(r"[\u00a0\u202f]|(?<=,) ", "", digits)  # "26, 000": a tokeniser's space
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", cleaned):
        return float(re.sub(r"[,.]", "", cleaned))
    return float(cleaned.replace(",", "."))


def rejoined(text: str) -> str:
    """``text`` with decimals a tokeniser split ("a 5. 9 quake") joined again."""
    return _SPLIT_DECIMAL.sub(".", text)


def numbers(text: str) -> set[str]:
    """Quantities, normalised: ``55%``, ``4e+10``, ``12``, ``30 days`` (a duration keeps its
    unit); years, dates and times excluded."""
    text = rejoined(text)
    skip = [m.span() for m in (*_DAY_MONTH.finditer(text), *_MONTH_DAY.finditer(text))]
    skip += [m.span() for m in _CLOCK.finditer(text)]
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in skip) or _YEAR.fullmatch(match.group(1)):
            continue
        value = _number_value(match.group(1))
        if match.group(2):
            found.add(f"{value:g}%")
            continue
        scale = _SCALES.get((match.group(3) or "").lower(), 1.0)
        unit = _DURATION.match(text, match.end())
        found.add(f"{value * scale:g}" + (f" {unit.group(1).lower()}s" if unit else ""))
    words = tokens(text)
    for position, word in enumerate(words):
        if word in _FRACTIONS:
            found.add(f"{_FRACTIONS[word]:g}%" if _FRACTIONS[word] > 0 else "most")
        elif word in _WORD_NUMBERS and not (word == "one" and _not_numeral(words, position)):
            value = _WORD_NUMBERS[word]
            before = words[position - 1] if position else ""
            after = words[position + 1] if position + 1 < len(words) else ""
            if word == "dozen" and before in _WORD_NUMBERS:
                continue  # "four dozen" is read at "four"
            if after == "dozen" and value > 0:
                value *= 12
                after = words[position + 2] if position + 2 < len(words) else ""
            unit = _DURATION.fullmatch(after)
            suffix = f" {unit.group(1).lower()}s" if unit else ""
            found.add((f"{value}" if value > 0 else f"{-value}s") + suffix)
    return found


def _not_numeral(words: list[str], position: int) -> bool:
    """'one' as a pronoun ("the one from DCI", "one of them") is no quantity."""
    before = words[position - 1] if position else ""
    after = words[position + 1] if position + 1 < len(words) else ""
    return before in {"the", "this", "that", "no", "any", "every", "each"} or after in {
        "of",
        "another",
    }


def anchors(text: str) -> set[str]:
    """Tokens that survive translation: figures and capitalised words inside a sentence.

    Folded and cut to five characters, so "Ukraine" and "Ukraine's" meet.
    """
    found = numbers(text) | {value for value in dates(text) if value[:1].isdigit()}
    words = re.findall(r"\w+(?:[’'-]\w+)*", text)
    for position, word in enumerate(words):
        if (position and word[:1].isupper() and not word.isupper()) or (
            len(word) > 1 and word.isupper()
        ):
            found.add(fold(word)[:5])
    return found


def date_spans(text: str) -> list[tuple[int, int, str]]:
    """Where explicit dates are in ``text`` (day and month, in either order), as date spans."""
    spans = [m.span() for m in (*_DAY_MONTH.finditer(text), *_MONTH_DAY.finditer(text))]
    return [(start, end, "date") for start, end in sorted(set(spans))]


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


_WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_VAGUE_WORDS = {
    "12s": "dozens",
    "20s": "scores",
    "100s": "hundreds",
    "1000s": "thousands",
    "10000s": "tens of thousands",
    "100000s": "hundreds of thousands",
    "1000000s": "millions",
}


def readable(value: str) -> str:
    """A normalised value as a reader writes it: ``11-11`` -> November 11, ``m02`` -> February,
    ``4e+10`` -> 40,000,000,000, ``12s`` -> dozens, ``friday`` -> Friday; anything else
    unchanged."""
    if match := re.fullmatch(r"(\d\d)-(\d\d)", value):
        return f"{_MONTH_NAMES[int(match.group(1)) - 1]} {int(match.group(2))}"
    if match := re.fullmatch(r"m(\d\d)", value):
        return _MONTH_NAMES[int(match.group(1)) - 1]
    if value in _VAGUE_WORDS:
        return _VAGUE_WORDS[value]
    if value in _WEEKDAY_NAMES:
        return value.capitalize()
    if re.fullmatch(r"\d{5,}", value):
        return f"{int(value):,}"
    if re.fullmatch(r"-?\d+(?:\.\d+)?e[+-]?\d+", value):
        number = float(value)
        return f"{number:,.0f}" if number.is_integer() else f"{number:,}"
    return value
