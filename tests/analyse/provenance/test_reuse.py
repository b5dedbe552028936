"""Text reuse: copies, rewrites, quotations, translations, configuration."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.analyse.provenance import ReuseConfig, find_reuse
from storyweave.models import EdgeKind
from tests.analyse.provenance._make import BODY, article

OTHER = (
    "Heavy snow closed the mountain pass for the third time this winter, and the regional "
    "authority warned drivers to carry chains and blankets until the weekend, when warmer "
    "weather is expected to return to the valleys and melt most of the fresh snow."
)


def test_a_verbatim_copy_is_a_copy_with_a_passage_at_the_right_offsets():
    prefix = "BERLIN - "
    (found,) = find_reuse([article("a", BODY), article("b", prefix + BODY)])
    assert found.kind is EdgeKind.COPIES
    assert found.containment == 1.0
    passage = found.passages[0]
    assert passage.b_start == len(prefix)
    assert BODY[passage.a_start : passage.a_end] == BODY.rstrip(".")


def test_a_partial_rewrite_is_a_rewrite():
    half = BODY[: len(BODY) // 2] + " " + OTHER
    (found,) = find_reuse([article("a", BODY), article("b", half)])
    assert found.kind is EdgeKind.REWRITES
    assert 0.25 <= found.containment < 0.8


def test_unrelated_texts_share_nothing():
    assert find_reuse([article("a", BODY), article("b", OTHER)]) == []


def test_a_long_shared_quotation_alone_is_no_reuse():
    quote = '"' + BODY + '"'
    a = article("a", OTHER + " The mayor said: " + quote + " " + OTHER.upper())
    b = article(
        "b", "In a statement, " + quote + " That was all. " + " ".join(f"w{i}" for i in range(200))
    )
    assert find_reuse([a, b], config=ReuseConfig(rewrite_containment=0.8)) == []


def test_translation_from_vectors_only_across_languages():
    en = article("en", BODY, lang="en")
    fr = article("fr", "Le ministère a annoncé lundi que le nouveau pont ouvrira.", lang="fr")
    de = article("de", "Das Ministerium kündigte am Montag an, die Brücke zu öffnen.", lang="de")
    vectors = {"en": np.array([1.0, 0.0]), "fr": np.array([0.99, 0.05]), "de": np.array([0, 1.0])}
    found = find_reuse([en, fr, de], vectors)
    assert [(r.a, r.b, r.kind) for r in found] == [("en", "fr", EdgeKind.TRANSLATES)]


def test_sentence_vectors_count_matched_sentences():
    en, fr = article("en", BODY, lang="en"), article("fr", "Texte.", lang="fr")
    rows = np.eye(4, dtype=np.float32)
    (found,) = find_reuse([en, fr], {"en": rows, "fr": rows[:3]})
    assert found.kind is EdgeKind.TRANSLATES and found.containment == 1.0
    assert find_reuse([en, fr], {"en": rows, "fr": np.ones((3, 5))}) == []  # wrong width


@pytest.mark.parametrize(
    "field, value",
    [("shingle", 1), ("copy_containment", 0.0), ("translation_cosine", 1.5), ("max_partners", 0)],
)
def test_config_is_validated(field, value):
    with pytest.raises(ValueError, match=field):
        ReuseConfig(**{field: value})


def test_empty_and_tiny_texts():
    assert find_reuse([]) == []
    assert find_reuse([article("a", ""), article("b", "Hi.")]) == []


def test_near_copies_keep_only_their_strongest_partners():
    members = [article(f"a{i:02d}", BODY + f" Note {i} of the series.") for i in range(30)]
    found = find_reuse(members, config=ReuseConfig(max_partners=2))
    assert all(r.kind is EdgeKind.COPIES for r in found)
    assert len(found) <= 2 * 30
    linked = {r.a for r in found} | {r.b for r in found}
    assert linked == {m.id for m in members}
