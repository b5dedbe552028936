"""Slots (the words two close versions replace) and dates read against publication days."""

from __future__ import annotations

from datetime import date

import pytest

from storyweave.analyse.compare.slots import role, same_role, slots
from storyweave.analyse.compare.when import days, is_relative, overlap


@pytest.mark.parametrize(
    "left, right, expected",
    [
        (
            "The state owns 55 percent of the shares.",
            "The state owns half of the shares.",
            [("55 percent", "half")],
        ),
        ("Macron said on Sunday.", "Barrot said on Sunday.", [("Macron", "Barrot")]),
        ("The minister resigned.", "The minister resigned on Friday.", []),  # an addition
        ("He said it was over.", "Nobody expected the talks to collapse so soon.", []),  # rewording
        (  # a name inside a quote on one side only plays another role there
            'Trump wrote that the memos " show no collusion. "',
            '" Comey memos show no collusion. "',
            [],
        ),
    ],
)
def test_slots(left, right, expected):
    found = [(left[slice(*s.left_core)], right[slice(*s.right_core)]) for s in slots(left, right)]
    assert found == expected


@pytest.mark.parametrize(
    "text, name, left, right",
    [
        ("Japanese Prime Minister Shinzo Abe said", "Shinzo Abe", ("prime", "minister"), ("said",)),
        ("Shinzo Abe, the leader of Japan", "Shinzo Abe", (), ("leader", "japan")),
    ],
)
def test_role(text, name, left, right):
    start = text.index(name)
    assert role(text, start, start + len(name)) == (left, right)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (("prime", "minister"), ("prime", "minister"), True),
        (("according", "to"), ("according", "to"), False),  # speech words make no role
        (("minister",), ("minister",), False),
    ],
)
def test_same_role(a, b, expected):
    assert same_role(a, b) is expected


PUBLISHED = date(2024, 11, 13)  # a Wednesday


@pytest.mark.parametrize(
    "value, expected",
    [
        ("yesterday", [(date(2024, 11, 11), date(2024, 11, 12))]),
        ("last week", [(date(2024, 10, 30), date(2024, 11, 12))]),
        ("monday", [(date(2024, 11, 11), date(2024, 11, 11)), (date(2024, 11, 18),) * 2]),
        ("three days ago", [(date(2024, 11, 9), date(2024, 11, 11))]),
        ("11-11", [(date(2024, 11, 11),) * 2]),
        ("01-02", [(date(2025, 1, 2),) * 2]),  # the nearest January 2 is the next one
        ("m02", [(date(2025, 2, 1), date(2025, 2, 28))]),
        ("2024", None),
        ("years ago", None),
    ],
)
def test_days(value, expected):
    assert days(value, PUBLISHED) == expected


def test_days_need_a_publication_date():
    assert days("yesterday", None) is None
    assert is_relative("yesterday") and is_relative("tuesday") and not is_relative("11-11")
    assert overlap([(date(2024, 1, 1), date(2024, 1, 5))], [(date(2024, 1, 5),) * 2])
    assert not overlap([(date(2024, 1, 1), date(2024, 1, 4))], [(date(2024, 1, 5),) * 2])
