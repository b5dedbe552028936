"""Dates as days: a normalised date value (see :func:`.values.dates`) read against the day its
article was published, so "yesterday" in a piece of November 12 and "on November 11" in
another are one day, while "last week" and "on November 30" are not.

Relative expressions cover a window of days around publication (``last week``: the 14 days
before it; ``this week``: 6 days either side); a weekday is any of that name within a week of
publication; a month and day fall in the year that puts them nearest the publication day.
Values that cannot be placed (no publication date, "years ago") are ``None``: the caller then
says the two are a relative and an exact date rather than a contradiction.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

#: Relative expression -> (first, last) day offset from publication; a day's words allow a day
#: more (time zones, pieces filed after midnight).
_WINDOWS = {
    "today": (-1, 0),
    "tonight": (-1, 0),
    "this morning": (-1, 0),
    "this afternoon": (-1, 0),
    "this evening": (-1, 0),
    "yesterday": (-2, -1),
    "last night": (-2, 0),
    "tomorrow": (0, 1),
    "this week": (-6, 6),
    "earlier this week": (-6, 0),
    "last week": (-14, -1),
    "last weekend": (-9, -1),
    "next week": (1, 14),
    "this month": (-31, 31),
    "earlier this month": (-31, 0),
    "last month": (-62, -1),
    "next month": (1, 62),
    "recent days": (-14, 0),
    "in recent days": (-14, 0),
    "recent weeks": (-60, 0),
    "in recent weeks": (-60, 0),
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AGO = re.compile(r"^(?:(\w+) )?(day|week|month)s ago$")
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": 0, "a few": 0}
_UNIT = {"day": 1, "week": 7, "month": 30}


def is_relative(value: str) -> bool:
    """A date said relative to publication ("yesterday", "last week", "Tuesday")."""
    return value in _WINDOWS or value in _WEEKDAYS or _AGO.match(value) is not None


def days(value: str, published: date | None) -> list[tuple[date, date]] | None:
    """The day ranges ``value`` may mean, or None when it cannot be placed."""
    if published is None:
        return None
    if value in _WINDOWS:
        first, last = _WINDOWS[value]
        return [(published + timedelta(first), published + timedelta(last))]
    if value in _WEEKDAYS:
        wanted = _WEEKDAYS.index(value)
        near = [published + timedelta(n) for n in range(-7, 8)]
        return [(d, d) for d in near if d.weekday() == wanted]
    if match := _AGO.match(value):
        count = match.group(1)
        unit = _UNIT[match.group(2)]
        n = int(count) if count and count.isdigit() else _COUNT.get(count or "", -1)
        if n <= 0:  # "days ago", "several weeks ago": a window, not a day
            return [(published - timedelta(unit * 14), published - timedelta(unit))]
        return [(published - timedelta(unit * n + 1), published - timedelta(unit * n - 1))]
    if match := re.fullmatch(r"(\d\d)-(\d\d)", value):
        day = _nearest(int(match.group(1)), int(match.group(2)), published)
        return [(day, day)] if day else None
    if match := re.fullmatch(r"m(\d\d)", value):
        start = _nearest(int(match.group(1)), 1, published)
        if start is None:
            return None
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return [(start, following - timedelta(days=1))]
    return None


def _nearest(month: int, day: int, published: date) -> date | None:
    """The month and day in the year before, of or after publication nearest to it."""
    found = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - published).days)) if found else None


def overlap(left: list[tuple[date, date]], right: list[tuple[date, date]]) -> bool:
    """Whether some day of ``left`` is some day of ``right``."""
    return any(a <= d and c <= b for a, b in left for c, d in right)
