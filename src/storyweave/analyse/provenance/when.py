"""When an article was published, to the minute where its text says so.

Direction of reuse comes from publication times, and copies of one wire story usually appear
within hours of each other on the same day: a date alone decides nothing between them.
Scraped texts often carry the full time stamp on a line of their own ("Updated: July 7,
2012, 10:04 PM ET", "12 / 23 / 12 06: 03 PM ET EST", "8: 44AM BST 16 Sep 2013"). This module
reads such a line (among the title and the first lines of the text) when the article's own
time is missing or only a date, and says how precise a moment is: two moments compare only
when both carry a time, or when they fall on different days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storyweave.models import Article

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
#: Hours to add to a local time to get UTC.
_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "bst": -1, "cet": -1, "cest": -2, "eet": -2, "eest": -3,
    "est": 5, "edt": 4, "et": 5, "cst": 6, "cdt": 5, "ct": 6, "mst": 7, "mdt": 6, "mt": 7,
    "pst": 8, "pdt": 7, "pt": 8, "ist": -5.5, "aest": -10, "aedt": -11, "sast": -2,
    "msk": -3, "jst": -9, "kst": -9, "hkt": -8, "sgt": -8,
}  # fmt: skip
_US_GENERIC = frozenset({"et", "ct", "mt", "pt"})
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b"),
    re.compile(r"\b(?P<y>\d{4})[-.]\s?(?P<m>\d{2})[-.]\s?(?P<d>\d{2})\b"),
]
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?:GMT(?P<offset>[+-]\d{1,2})(?::?(?P<om>\d{2}))?|(?P<zone>[A-Za-z]{1,4})\b))?",
    re.I,
)
_MAX_LINE = 90
_LINES = 3


#: Local times of unknown zone are within this many hours of UTC either way.
_ZONE_SLACK = timedelta(hours=14)


@dataclass(frozen=True)
class Moment:
    """A publication moment in UTC, whether it carries a time of day, and whether that
    time's zone is known (an unknown zone is read as UTC)."""

    at: datetime
    timed: bool
    zoned: bool = True

    def before(self, other: Moment) -> bool | None:
        """True/False when the order is known, None when it cannot be told: the same
        instant, the same day when one has no time, or closer than a zone's width when one
        zone is unknown."""
        if self.at == other.at:
            return None
        if not (self.timed and other.timed) and self.at.date() == other.at.date():
            return None
        if self.zoned != other.zoned and abs(self.at - other.at) < _ZONE_SLACK:
            return None
        return self.at < other.at


def moment_of(article: Article) -> Moment | None:
    """The article's publication moment: its own time, else a time stamp line of its text
    (or a date-only own time refined by one), else None."""
    own = article.published
    if own is not None:
        own = own if own.tzinfo else own.replace(tzinfo=UTC)
        own = own.astimezone(UTC)
        if (own.hour, own.minute, own.second, own.microsecond) != (0, 0, 0, 0):
            return Moment(own, True)
    lines = [article.title or "", *article.text.splitlines()[:_LINES]]
    for line in lines:
        found = parse_stamp(line)
        if found is not None and (own is None or found.at.date() == own.date()):
            return found
    return Moment(own, False) if own is not None else None


def parse_stamp(line: str) -> Moment | None:
    """A date (and time, when given) read from a short line; None for anything else."""
    text = re.sub(r"\s*([:/])\s*", r"\1", " ".join(line.split()))
    if not text or len(text) > _MAX_LINE:
        return None
    day = _date(text)
    if day is None:
        return None
    clock = _TIME.search(text)
    if clock is None:
        return Moment(day, False)
    hour, minute = int(clock.group("hour")), int(clock.group("minute"))
    marker = (clock.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return Moment(day, False)
    shift = _shift(clock.group("zone"), clock.group("offset"), clock.group("om"))
    if (
        shift is not None
        and (clock.group("zone") or "").lower() in _US_GENERIC
        and (4 <= day.month <= 10)
    ):
        shift -= 1  # "ET" in summer is EDT (a month-level approximation of daylight time)
    at = day.replace(hour=hour, minute=minute) + timedelta(hours=shift or 0.0)
    return Moment(at, True, shift is not None)


def _date(text: str) -> datetime | None:
    for pattern in _DATES:
        match = pattern.search(text)
        if match is None:
            continue
        names = match.groupdict()
        try:
            if "month" in names:
                month = _MONTHS.get(names["month"].lower())
                if month is None:
                    continue
                return datetime(int(names["year"]), month, int(names["day"]), tzinfo=UTC)
            year = int(names["y"])
            year += 2000 if year < 50 else 1900 if year < 100 else 0
            return datetime(year, int(names["m"]), int(names["d"]), tzinfo=UTC)
        except ValueError:
            continue
    return None


def _shift(zone: str | None, offset: str | None, minutes: str | None) -> float | None:
    """Hours to add for UTC; None when the zone is not given or not known."""
    if offset is not None:
        value = int(offset)
        extra = int(minutes or 0) / 60
        return -(value + (extra if value >= 0 else -extra))
    known = _ZONES.get((zone or "").lower())
    return None if known is None else float(known)
