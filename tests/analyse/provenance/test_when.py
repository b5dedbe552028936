"""Publication moments from time-stamp lines: zones, precision, comparisons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.analyse.provenance.when import Moment, moment_of, parse_stamp
from storyweave.models import Article, Format


@pytest.mark.parametrize(
    "line, at, timed, zoned",
    [
        ("Updated: July 7, 2012, 10: 04 PM ET", datetime(2012, 7, 8, 2, 4), True, True),
        ("12 / 23 / 12 06: 03 PM ET EST", datetime(2012, 12, 23, 23, 3), True, True),
        ("8: 44AM BST 16 Sep 2013", datetime(2013, 9, 16, 7, 44), True, True),
        ("Published: 09 Sep 2013 11: 25 GMT+02: 00", datetime(2013, 9, 9, 9, 25), True, True),
        ("December 23, 2012 6: 11 PM", datetime(2012, 12, 23, 18, 11), True, False),
        ("July 08, 2012", datetime(2012, 7, 8), False, True),
        ("2013-09-16", datetime(2013, 9, 16), False, True),
    ],
)
def test_parse_stamp(line, at, timed, zoned):
    assert parse_stamp(line) == Moment(at.replace(tzinfo=UTC), timed, zoned)


@pytest.mark.parametrize(
    "line",
    ["", "Mar. 8 5: 46 PM EST", "The talks resumed on 7 July 2012 after a long night of " * 3,
     "13 / 45 / 2012 10: 00", "Scores: 12: 30"],
)  # fmt: skip
def test_no_stamp(line):
    assert parse_stamp(line) is None


def test_order_needs_times_on_the_same_day_and_zones_when_close():
    morning = Moment(datetime(2013, 9, 9, 8, tzinfo=UTC), True)
    evening = Moment(datetime(2013, 9, 9, 20, tzinfo=UTC), True)
    day = Moment(datetime(2013, 9, 9, tzinfo=UTC), False)
    next_day = Moment(datetime(2013, 9, 10, tzinfo=UTC), False)
    local = Moment(datetime(2013, 9, 9, 9, tzinfo=UTC), True, zoned=False)
    assert morning.before(evening) is True and evening.before(morning) is False
    assert day.before(evening) is None and morning.before(morning) is None
    assert morning.before(next_day) is True
    assert morning.before(local) is None


def _article(text: str, published: datetime | None = None, title: str | None = None) -> Article:
    return Article("a", "a.txt", Format.TEXT, b"", text, title=title, published=published)


def test_moment_of_prefers_the_own_time_then_a_stamp_line():
    timed = datetime(2013, 9, 9, 10, 30, tzinfo=UTC)
    assert moment_of(_article("Body.", timed)) == Moment(timed, True)
    stamped = moment_of(_article("Posted: Jul 07, 2012 7: 40 PM ET\nBody."))
    assert stamped == Moment(datetime(2012, 7, 7, 23, 40, tzinfo=UTC), True)
    midnight = datetime(2012, 7, 7, tzinfo=UTC)
    assert moment_of(_article("Body.", midnight)) == Moment(midnight, False)
    assert moment_of(_article("Body.")) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"0123456789 :/.-,+", "PM", "AM", "ET", "GMT", "July", "Sep"]),
                max_size=30).map("".join))  # fmt: skip
def test_any_line_parses_or_is_refused_without_crashing(line):
    found = parse_stamp(line)
    assert found is None or found.at.tzinfo is not None
