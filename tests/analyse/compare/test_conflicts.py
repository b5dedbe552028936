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
        ("place", "Sicily", "North Africa", True),  # a region may hold the other place
        ("place", "the Middle East", "Alexandria", True),
        ("place", "Mideast", "Europe", True),
        ("place", "Paris", "Lyon", False),
        ("person", "Moon Jae", "Moon Jae-in", True),
        ("person", "Emmanuel Macron", "Jean-Noel Barrot", False),
        ("attribution", "a military source", "a UK military source", True),
    ],
)
def test_compatible(kind, a, b, expected):
    assert compatible(kind, a, b) is expected


# Pairs of close versions of one fact: what must be flagged (kind, note), and what must not.
FLAGGED = [
    (
        "Pompeo met Kim Jong Un in Pyongyang over Easter weekend, two officials said on Tuesday.",
        "Pompeo met Kim Jong Un in Pyongyang over Easter weekend, two officials said on Sunday.",
        "date",
        "",
    ),
    (
        "The Senate confirmed 51 judges to the federal bench before the recess began.",
        "The Senate confirmed 37 judges to the federal bench before the recess began.",
        "number",
        "",
    ),
    (
        "The Senate confirmed 51 judges to the federal bench before the recess began.",
        "The Senate confirmed dozens of judges to the federal bench before the recess began.",
        "number",
        "vague vs exact",
    ),
    (
        "Starmer visited France on November 11 to revive the stalled talks with Paris.",
        "Starmer visited France last week to revive the stalled talks with Paris.",
        "date",
        "relative vs exact date",
    ),
    (
        "Emmanuel Macron met the Ukrainian delegation in Paris on Monday to discuss the plan.",
        "Keir Starmer met the Ukrainian delegation in Paris on Monday to discuss the plan.",
        "person",
        "",
    ),
    (
        "The summit will be held in Singapore next month, the White House confirmed.",
        "The summit will be held in Vietnam next month, the White House confirmed.",
        "place",
        "",
    ),
    (
        "Europe sets no red lines for its support of Ukraine, according to Emmanuel Macron.",
        "Europe sets no red lines for its support of Ukraine, according to Jean-Noel Barrot.",
        "attribution",
        "",
    ),
    (  # a looser paraphrase: the same title names two people
        "In a statement on Saturday, Chief Patrol Agent Rodney Scott said several groups from "
        "the caravan had illegally entered the country.",
        "Chief Patrol Agent Donald Trump said several groups of people associated with the "
        "caravan had illegally entered the United States by climbing a fence.",
        "person",
        "",
    ),
    (
        "The special counsel has almost four dozen questions he wants to ask the president.",
        "The special counsel has dozens of questions he wants to ask the president.",
        "number",
        "vague vs exact",
    ),
    (  # a duration written with a hyphen keeps its unit
        "The White House described the 97-day delay as the final extension for Canada and Mexico.",
        "The White House described the 30-day delay as the final extension for Canada and Mexico.",
        "number",
        "",
    ),
    (  # a shared year does not hide two different days
        "The Democratic Party on Sunday filed a federal lawsuit against the Trump campaign, the "
        "Russian government and WikiLeaks over the 2016 election.",
        "The Democratic National Committee filed a lawsuit Friday against the Russian government, "
        "the Trump campaign and WikiLeaks, alleging a conspiracy in the 2016 election.",
        "date",
        "",
    ),
]


@pytest.mark.parametrize("left, right, kind, note", FLAGGED)
def test_flagged(left, right, kind, note):
    result = compare([article("a", left), article("b", right)])
    assert len(result.facts[0].articles) == 2
    assert [(c.kind, c.note) for c in result.conflicts] == [(kind, note)]
    conflict = result.conflicts[0]
    assert (conflict.left.text, conflict.right.text) == (left, right)


NOT_FLAGGED = [
    (  # a paraphrase with the same values
        "The company said on Monday that it would cut 1,200 jobs by the end of 2025.",
        "The company said on Monday it will cut 1200 jobs by the end of 2025.",
    ),
    (  # one version adds a detail the other lacks
        "The minister resigned on Friday after the report on the hospital contracts.",
        "The minister resigned on Friday after the report on the 12 hospital contracts in May.",
    ),
    (  # rounding and notation of one figure
        "The government will spend 40 billion dollars on the new rail network, it said.",
        "The government will spend $40bn on the new rail network, it said.",
    ),
    (
        "The government will spend 39.8 billion dollars on the new rail network, it said.",
        "The government will spend 40 billion dollars on the new rail network, it said.",
    ),
    (  # "half" is 50 percent
        "Half of the voters backed the measure in the referendum held on Sunday.",
        "50 percent of the voters backed the measure in the referendum held on Sunday.",
    ),
    (  # the same people in another order: moved, not changed
        "Donald Trump met Kim Jong Un at the border on Sunday, officials said.",
        "Kim Jong Un met Donald Trump at the border on Sunday, officials said.",
    ),
    (  # both name both people, in other roles
        "President Donald Trump welcomed French President Emmanuel Macron to the White House on "
        "Monday for a state visit.",
        "French President Emmanuel Macron arrived at the White House on Monday, where President "
        "Donald Trump welcomed him for a state visit.",
    ),
    (  # a share and a count measure different things
        "Turnout reached 55 percent in the capital, the election commission said.",
        "Turnout reached 55,000 voters in the capital, the election commission said.",
    ),
    (  # the same places at two scales
        "Three undersea cables between Italy and Egypt in the Mediterranean were damaged on "
        "Friday, disrupting internet traffic.",
        "Three undersea cables between Sicily and North Africa in the Mediterranean were damaged "
        "on Friday, disrupting internet traffic.",
    ),
]


@pytest.mark.parametrize("left, right", NOT_FLAGGED)
def test_not_flagged(left, right):
    result = compare([article("a", left), article("b", right)])
    assert len(result.facts[0].articles) == 2
    assert result.conflicts == ()


@pytest.mark.parametrize(
    "left, left_day, right, right_day, note",
    [
        ("on November 11", 12, "yesterday", 12, None),
        ("yesterday", 12, "yesterday", 15, "date"),  # two different days
        ("on November 11", 20, "last week", 20, None),
        ("on November 2", 20, "last week", 20, "incompatible with the publication dates"),
        ("on Monday", 13, "on November 11", 13, None),  # November 11, 2024 was a Monday
        ("on Tuesday", 13, "on November 11", 13, "incompatible with the publication dates"),
    ],
)
def test_relative_dates_read_against_publication(left, left_day, right, right_day, note):
    sentence = "The minister met the union leaders {} to discuss the pension reform plan."
    result = compare(
        [
            article("a", sentence.format(left), day=left_day),
            article("b", sentence.format(right), day=right_day),
        ]
    )
    found = [c.note or c.kind for c in result.conflicts]
    assert found == ([] if note is None else [note])
