"""Quotes and their speakers: direct, indirect, resolved pronouns, grouping and drift."""

from __future__ import annotations

import pytest

from storyweave.analyse.compare.quotes import find_quotes, group_quotes, word_diff
from storyweave.models import Span
from storyweave.text import sentences


def _spans(text: str) -> list[Span]:
    out, cursor = [], 0
    for sentence in sentences(text):
        at = text.index(sentence, cursor)
        out.append(Span("a", at, at + len(sentence), sentence))
        cursor = at + len(sentence)
    return out


def _names(text: str, *people: str) -> list[tuple[int, int, str, str]]:
    found = []
    for person in people:
        at = text.find(person)
        while at >= 0:
            found.append((at, at + len(person), person, "person"))
            at = text.find(person, at + 1)
    return sorted(found)


@pytest.mark.parametrize(
    "text, people, expected",
    [
        (
            '"We had no chance at all," Ron Sugar said.',
            ["Ron Sugar"],
            [("We had no chance at all,", "Ron Sugar", "named", True)],
        ),
        (
            'Ron Sugar said in an interview: "Everyone told us we were crazy."',
            ["Ron Sugar"],
            [("Everyone told us we were crazy.", "Ron Sugar", "named", True)],
        ),
        (
            '"Talks are underway between the UK and France," a UK military source informed.',
            [],
            [
                (
                    "Talks are underway between the UK and France,",
                    "a UK military source",
                    "anonymous",
                    True,
                )
            ],
        ),
        (
            "“DCI would be ready to train soldiers in Ukraine,” the article says.",
            [],
            [("DCI would be ready to train soldiers in Ukraine,", "the article", "role", True)],
        ),
        (
            "Le Monde notes that the first initiative was made in February.",
            ["Le Monde"],
            [("the first initiative was made in February", "Le Monde", "named", False)],
        ),
        (
            "Jean-Noel Barrot spoke to the BBC. Later he said they do not rule out any option.",
            ["Jean-Noel Barrot"],
            [("they do not rule out any option", "Jean-Noel Barrot", "named", False)],
        ),
        (
            "According to the agency's sources, discussions have intensified again.",
            [],
            [("discussions have intensified again", "the agency's sources", "anonymous", False)],
        ),
        ('The talks were a "hard core" of the plan.', [], []),  # scare quotes are no quote
        ("The weather was fine all week long.", [], []),
    ],
)
def test_quotes_and_speakers(text, people, expected):
    found = find_quotes("a", text, _spans(text), _names(text, *people))
    assert [(q.span.text, q.speaker, q.speaker_kind, q.direct) for q in found] == expected
    for quote in found:
        assert text[quote.span.start : quote.span.end] == quote.span.text


def test_versions_group_across_outlets_with_their_drift():
    one = find_quotes("a", '"We will not set any red lines," Barrot said.', [], [])
    two = find_quotes("b", '"We will not set red lines," Barrot said.', [], [])
    other = find_quotes("c", '"The weather is lovely in the spring," Smith said.', [], [])
    quotes = group_quotes([*one, *two, *other], [None, None, None])
    assert [len(q.versions) for q in quotes] == [2, 1]
    assert quotes[0].drift == ("We will not set [-any-] red lines,",)
    aligned = group_quotes([*one, *other], ["f1", "f1"])  # statements aligned as one fact
    assert [len(q.versions) for q in aligned] == [2]


def test_word_diff():
    assert word_diff("a solid core of allies", "a hard core of allies") == (
        "a [-solid-] {+hard+} core of allies"
    )
    assert word_diff("same words", "same words") == "same words"
