"""Lenient parsing of the publication dates found in headers, feeds and JSONL."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(value: str) -> datetime | None:
    """ISO 8601 (date or date-time, ``Z`` allowed) or RFC 2822; None when not a date.

    Naive results are taken as UTC so every stored time is comparable.
    """
    text = value.strip()
    if not text:
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            match = _DAY_FIRST.match(text)
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    parsed = datetime(year, month, day)
                except ValueError:
                    return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
