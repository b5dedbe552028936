"""Numbers, dates and times read from statements, normalised so that paraphrases meet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.analyse.compare.values import anchors, dates, numbers, readable, times


@pytest.mark.parametrize(
    "text, expected",
    [
        ("55 percent of whose shares belong to the state", {"55%"}),
        ("55% of the shares", {"55%"}),
        ("half of the shares", {"50%"}),
        ("a US$40 billion contract", {"4e+10"}),
        ("un contrato de 40.000 millones de dólares", {"4e+10"}),
        ("179 new tankers, 15 a year", {"179", "15"}),
        ("1,500 people", {"1500"}),
        ("three days", {"3 days"}),  # a duration keeps its unit
        ("for another 30 days", {"30 days"}),
        ("the 97 - day delay", {"97 days"}),
        ("a $40bn contract", {"4e+10"}),
        ("almost four dozen questions", {"48"}),
        ("dozens of questions", {"12s"}),
        ("the one from DCI, one of them", set()),  # 'one' as a pronoun
        ("in 2025 on November 11 at 10 a.m.", set()),  # years, dates and times are not quantities
    ],
)
def test_numbers(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on November 11", {"11-11"}),
        ("on 11 November", {"11-11"}),
        ("el 11 de noviembre", {"11-11"}),
        ("back in February", {"m02"}),
        ("in January 2025", {"m01", "2025"}),
        ("last week", {"last week"}),
        ("in recent weeks", {"in recent weeks"}),
        ("on Tuesday", {"tuesday"}),
        ("55 percent", set()),
    ],
)
def test_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("at 10 a.m.", {"10:00"}),
        ("at 3.30pm", {"15:30"}),
        ("at 14:05", {"14:05"}),
        ("at noon", {"noon"}),
    ],
)
def test_times(text, expected):
    assert times(text) == expected


@pytest.mark.parametrize(
    "value, shown",
    [("11-11", "November 11"), ("m02", "February"), ("4e+10", "40,000,000,000"), ("55%", "55%")],
)
def test_readable(value, shown):
    assert readable(value) == shown


def test_anchors_survive_translation():
    english = anchors("On Friday Boeing lost the US$40 billion contract to EADS.")
    spanish = anchors(
        "El viernes Boeing perdió el contrato de 40.000 millones de dólares frente a EADS."
    )
    assert {"boein", "eads", "4e+10"} <= english & spanish


@given(st.text(max_size=300))
def test_no_text_breaks_the_readers(text):
    for read in (numbers, dates, times, anchors):
        assert isinstance(read(text), set)
