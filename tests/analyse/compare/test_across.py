"""Conflicts across facts: counts of one thing and weekdays of one act, over a whole story."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.analyse.compare import compare
from storyweave.analyse.compare.across import count_conflicts, counts, weekday_conflicts
from storyweave.analyse.compare.conflicts import _judge_numbers
from tests.analyse.compare.helpers import article


@pytest.mark.parametrize(
    "text, expected",
    [
        ("More than 150 migrants were prepared to seek asylum.", [("150", "migrant", "")]),
        ("A caravan of hundreds of migrants reached the border.", [("100s", "migrant", "")]),
        ("Tens of thousands of secret files prove it.", [("10000s", "file", "")]),
        ("100,000 secret files prove it did.", [("100000", "file", "")]),
        ("It fired 23 missiles during 16 tests.", [("23", "missile", ""), ("16", "test", "")]),
        (
            "The quake killed at least 25 people and injured 300 others.",
            [("25", "people", "death"), ("300", "other", "injury")],
        ),
        (
            "The blast killed 3, and 12 were injured.",
            [("3", "people", "death"), ("12", "people", "injury")],
        ),
        ("The quake, with a magnitude of 5.9, hit the island.", [("5.9", "magnitude", "")]),
        ("A 6. 1 - magnitude quake struck the island.", [("6.1", "magnitude", "")]),
        ("The quake killed more than 26, 000 people in Bam.", [("26000", "people", "death")]),
        ("There are 28,500 U.S. troops in South Korea.", [("28500", "troop", "")]),
        ("The thieves stole $2.5 million worth of jewellery.", [("2.5e+06", "jewellery", "")]),
    ],
)
def test_counts_read_the_thing_counted(text, expected):
    assert [(c.value, c.thing, c.event) for c in counts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "An 18 - year - old woman crossed with her 44-year-old mother.",  # ages
        "She crossed the border 15 years ago.",  # a date, not a count
        "Trump imposed the tariffs on March 23.",  # a day of a month
        "Manning completed 29 of 34 passes.",  # a part of a total
        "He completed his first 17 passes.",  # a window, not a total
        "The cache included seven AK 47 rifles.",  # a figure inside a name
        "Users of Internet Explorer 8 are affected.",
        "One question asks about the meeting.",  # one of them, not how many
    ],
)
def test_what_is_no_count(text):
    assert [
        c for c in counts(text) if c.value in {"18", "44", "15", "23", "29", "17", "47", "8", "1"}
    ] == []


def _conflicts(left: str, right: str, *filler: str) -> list[tuple[str, str, str, str]]:
    pad = " ".join(filler)
    result = compare([article("a", f"{left} {pad}"), article("b", f"{pad} {right}")])
    return [(c.kind, c.left_value, c.right_value, c.note) for c in result.conflicts]


def test_a_count_of_one_thing_in_two_differently_worded_statements():
    left = "More than 150 migrants, part of a caravan from Mexico, were prepared to seek asylum."
    right = "After traveling through Mexico, about 200 migrants prepared to walk to the port."
    assert ("number", "150", "200", "") in _conflicts(left, right)


def test_a_vague_count_against_a_figure():
    left = "A caravan of hundreds of migrants is expected to reach the border with Mexico."
    right = "More than 150 migrants were prepared to seek asylum at the border with Mexico."
    assert ("number", "hundreds", "150", "vague vs exact") in _conflicts(left, right)


@pytest.mark.parametrize(
    "left, right",
    [
        (  # killed and injured are two counts
            "The earthquake killed 10 people in the villages of the island.",
            "The earthquake injured 80 people in the villages of the island.",
        ),
        (  # different people's statistics
            "Garrard, who completed 28 passes for the Jaguars, ran for a late touchdown.",
            "In the second half Manning completed 17 passes and picked apart the secondary.",
        ),
        (  # tariffs on different metals
            "The 25 percent tariff on steel imports takes effect for the allies on Tuesday.",
            "Countries without exemptions now pay a 10 percent tariff on aluminum, officials said.",
        ),
        (  # a count in another month is another event's
            "The last major quake, in February, killed 612 people in the town of Zarand.",
            "Officials said the earthquake on the island killed 10 people in the villages.",
        ),
        (  # ... also when the month is in the statement a pronoun points back to
            "The last major quake struck the town of Zarand in February. It killed 612 people.",
            "Officials said the earthquake on the island killed 10 people in the villages.",
        ),
        (  # unrelated statements
            "The 150 migrants spent the night on the ground outside the port.",
            "Organisers said 300 migrants had left the shelter in March.",
        ),
    ],
)
def test_counts_of_different_things_do_not_conflict(left, right):
    assert [c for c in _conflicts(left, right) if c[0] == "number"] == []


def test_a_figure_the_other_article_also_gives_is_agreed_on():
    left = "More than 150 migrants, part of a caravan from Mexico, were prepared to seek asylum."
    right = (
        "After traveling through Mexico, about 200 migrants prepared to walk to the port. "
        "By Sunday 150 migrants from the caravan had crossed the border."
    )
    assert [c for c in _conflicts(left, right) if c[0] == "number"] == []


def test_weekdays_of_one_act():
    left = (
        "North Korea's leader, Kim Jong Un, announced early Saturday that nuclear tests would stop."
    )
    right = (
        "State media reported Friday evening that Kim Jong Un announced nuclear tests would stop."
    )
    assert ("date", "Saturday", "Friday", "") in _conflicts(left, right)


def test_weekdays_of_unrelated_statements_do_not_conflict():
    left = "A vigil is planned for Sunday evening at the site of the shooting."
    right = "The minister resigned on Monday after the report on hospital contracts."
    assert [c for c in _conflicts(left, right) if c[0] == "date"] == []


@given(st.text(max_size=200))
def test_counts_never_fail(text):
    for count in counts(text):
        assert count.thing and count.value


def test_weekday_rule_on_its_own():
    texts = [
        ("a", "en", "Kim Jong Un announced early Saturday that the tests would stop."),
        ("b", "en", "State media said Friday evening that Kim Jong Un announced a halt."),
        ("b", "en", "A vigil is planned for Sunday evening at the site."),
        ("c", "en", "The leader announced on Friday and again on Saturday that tests stop."),
    ]
    related = {(0, 1): 0.45, (0, 2): 0.1, (1, 3): 0.5, (0, 3): 0.6, (2, 3): 0.1}
    found = weekday_conflicts(texts, lambda i, j: related[(i, j)])
    assert found == [(0, 1, "saturday", "friday", "")]  # statement 3 names two days


def test_count_rule_keeps_the_closest_pair_of_two_articles():
    texts = [
        ("a", "en", "More than 150 migrants reached the border with Mexico."),
        ("b", "en", "About 200 migrants walked from Mexico to the port."),
        ("b", "en", "Organisers said about 200 migrants from Mexico would cross."),
    ]
    related = {(0, 1): 0.3, (0, 2): 0.5, (1, 2): 0.9}
    found = count_conflicts(texts, lambda i, j: related[(i, j)], _judge_numbers)
    assert found == [(0, 2, "150", "200", "")]
