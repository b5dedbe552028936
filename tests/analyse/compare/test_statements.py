"""Splitting articles into statements: sentences, clauses, spans that point into the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.analyse.compare import CompareConfig, split_statements, split_story
from tests.analyse.compare.helpers import article


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Paris and London are holding talks on defence.",
            ["Paris and London are holding talks on defence."],
        ),
        # a semicolon joining two claims splits; each side keeps six words or more
        (
            "The details of the debate are classified; they have intensified after the election.",
            [
                "The details of the debate are classified",
                "they have intensified after the election.",
            ],
        ),
        # a contrasting conjunction after a comma splits too
        (
            "It was not about taking part in combat operations, but about other forms of support.",
            [
                "It was not about taking part in combat operations",
                "but about other forms of support.",
            ],
        ),
        # too short a side: no split
        ("He agreed, but only in part and for now.", ["He agreed, but only in part and for now."]),
        # a crosshead (no sentence end, few words) and a fragment are not claims
        (
            "Sending Western troops to Ukraine\nThe talks went on for hours.",
            ["The talks went on for hours."],
        ),
        ("Yes.", []),
        ("", []),
    ],
)
def test_statements(text, expected):
    assert [s.text for s in split_statements(article("a", text))] == expected


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "Cc"]), max_size=400
    )
)
def test_every_span_is_the_text_it_names(text):
    found = split_statements(article("a", text))
    for position, statement in enumerate(found):
        assert text[statement.span.start : statement.span.end] == statement.text
        assert statement.index == position
        assert statement.text == statement.text.strip() and statement.text


def test_same_wording_same_key_in_any_article():
    one = split_statements(article("a", "The minister resigned on Friday evening."))
    two = split_statements(article("b", "Earlier news. The minister resigned on Friday evening."))
    assert one[0].key == two[-1].key


def test_story_bounds_per_article_and_in_all():
    long = article(
        "long", " ".join(f"Statement number {i} says something new." for i in range(500))
    )
    short = article("short", "One claim is made here today. Another claim is made here too.")
    config = CompareConfig(max_statements_per_article=100, max_statements=100)
    split = split_story([long, short], config)
    assert len(split["long"]) == 98 and len(split["short"]) == 2
    assert (
        len(split_story([long, long.__class__(**{**long.__dict__, "id": "b"})], config)["b"]) == 50
    )
    assert split["long"][0].text.startswith("Statement number 0 ")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"max_statements_per_article": 0}, "max_statements_per_article must be >= 1"),
        ({"max_statements": 10, "max_statements_per_article": 20}, "max_statements must be >="),
        ({"align_threshold": 1.5}, "align_threshold must be in (0, 1]"),
        ({"summary_sentences": 0}, "summary_sentences must be >= 1"),
    ],
)
def test_config_is_validated(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("]", r"\]")):
        CompareConfig(**kwargs)
