"""Conflicts between aligned versions of a fact: the kinds of the issue, and what is not one."""

from __future__ import annotations

import pytest

from storyweave.analyse.compare import compare
from storyweave.analyse.compare.conflicts import compatible
from tests.analyse.compare.helpers import article


@pytest.mark.parametrize(
    "left, right, kind",
    [
        (
            "The state owns 55 percent of the company's shares, officials confirmed on Monday.",
            "The state owns half of the company's shares, officials confirmed on Monday.",
            "number",
        ),
        (
            "Starmer visited France on November 11 to revive the talks with Paris.",
            "Starmer visited France last week to revive the talks with Paris.",
            "date",
        ),
        (
            "The minister met the ambassador at 10 a.m. in the capital, officials said.",
            "The minister met the ambassador at 3 p.m. in the capital, officials said.",
            "time",
        ),
    ],
)
def test_kinds_of_conflict(left, right, kind):
    result = compare([article("a", left), article("b", right)])
    assert len(result.facts) == 1 and len(result.facts[0].articles) == 2
    assert [c.kind for c in result.conflicts] == [kind]
    conflict = result.conflicts[0]
    assert conflict.left.text == left and conflict.right.text == right


def test_attribution_conflict():
    left = '"We will not set any red lines for our support of Ukraine," said Emmanuel Macron.'
    right = '"We will not set any red lines for our support of Ukraine," said Jean-Noel Barrot.'
    result = compare([article("a", left), article("b", right)])
    assert {c.kind for c in result.conflicts} >= {"attribution"}
    values = {(c.left_value, c.right_value) for c in result.conflicts if c.kind == "attribution"}
    assert values == {("Emmanuel Macron", "Jean-Noel Barrot")}


def test_an_added_detail_is_no_conflict():
    left = "The minister resigned on Friday after the report on the hospital contracts."
    right = (
        "The minister resigned on Friday after the report on the hospital contracts, "
        "worth 2 million."
    )
    result = compare([article("a", left), article("b", right)])
    assert result.conflicts == ()
    assert result.facts[0].additions == (("b", "2,000,000"),)


@pytest.mark.parametrize(
    "kind, a, b, expected",
    [
        ("date", "2025", "11-11", True),  # a year and a day: different granularity
        ("date", "m11", "11-11", True),
        ("date", "11-11", "11-12", False),
        ("date", "tuesday", "last week", True),
        ("date", "11-11", "last week", False),
        ("number", "55%", "50%", False),
        ("number", "100", "101", True),
        ("number", "55%", "55", True),  # a share and a count measure different things
        ("place", "New York", "New York City", True),
        ("person", "Moon Jae", "Moon Jae-in", True),
        ("person", "Emmanuel Macron", "Jean-Noel Barrot", False),
        ("attribution", "a military source", "a UK military source", True),
    ],
)
def test_compatible(kind, a, b, expected):
    assert compatible(kind, a, b) is expected
