"""Alignment: paraphrases and translations group, one statement per article per fact."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.analyse.compare import CombinedAligner, TfidfAligner, align, split_statements
from storyweave.analyse.compare.align import group, overlap, tfidf_cosine
from tests.analyse.compare.helpers import article

EN = article(
    "en",
    "Boeing lost a US$40 billion contract for 179 tankers to EADS on Friday. "
    "The air force praised the bid for its fuel capacity. "
    "Lawmakers from Kansas asked for a review of the decision.",
)
ES = article(
    "es",
    "Boeing perdió un contrato de 40.000 millones de dólares por 179 aviones "
    "cisterna frente a EADS el viernes. La fuerza aérea elogió la oferta por su "
    "capacidad de combustible. Legisladores de Kansas pidieron una revisión de la "
    "decisión.",
    language="es",
)


def _fake_vectors(pairs, dim=16, seed=3):
    """Translations share a vector (plus a little noise); every other statement its own."""
    rng = np.random.default_rng(seed)
    vectors = {}
    for left, right in pairs:
        base = rng.normal(size=dim)
        vectors[left.key] = base + rng.normal(scale=0.05, size=dim)
        vectors[right.key] = base + rng.normal(scale=0.05, size=dim)
    return vectors


def test_translations_align_with_vectors_and_not_with_tfidf_alone():
    en, es = split_statements(EN), split_statements(ES)
    statements = [*en, *es]
    vectors = _fake_vectors(zip(en, es, strict=True))
    ours = align(statements, vectors, 0.5)
    pairs = {tuple(sorted(statements[i].text[:10] for i in g)) for g in ours.groups if len(g) == 2}
    assert len(pairs) == 3
    baseline = align(statements, vectors, 0.5, TfidfAligner())
    assert all(len(g) == 1 for g in baseline.groups) or len(baseline.groups) > 3


def test_names_and_figures_align_translations_without_vectors():
    en, es = split_statements(EN), split_statements(ES)
    groups = align([*en, *es], None, 0.5).groups
    assert (0, 3) in groups  # Boeing, 40 billion, 179, EADS


def test_an_article_restating_a_fact_gives_it_a_second_span():
    a = article(
        "a", "The mayor opened the new bridge today. The mayor opened the new bridge today."
    )
    b = article("b", "The mayor opened the new bridge today.")
    statements = [*split_statements(a), *split_statements(b)]
    assert align(statements, None, 0.5).groups == ((0, 1, 2),)


def test_pairs_are_made_one_statement_per_article_first():
    a = article("a", "The mayor opened the new bridge today. Rain fell on the city all day long.")
    b = article("b", "The mayor opened the new bridge today. Rain fell on the city all day long.")
    statements = [*split_statements(a), *split_statements(b)]
    assert align(statements, None, 0.5).groups == ((0, 2), (1, 3))


def test_unrelated_statements_stay_apart():
    a = article("a", "The central bank raised interest rates by half a point.")
    b = article("b", "A storm flooded several villages in the north overnight.")
    statements = [*split_statements(a), *split_statements(b)]
    assert align(statements, None, 0.5).groups == ((0,), (1,))


def test_group_refuses_a_chain_of_weak_links():
    a, b, c = (article(x, f"Statement {x} of the story is here.") for x in "abc")
    statements = [s for art in (a, b, c) for s in split_statements(art)]
    sim = np.array([[1, 0.9, 0.0], [0.9, 1, 0.55], [0.0, 0.55, 1]], dtype=np.float32)
    assert group(statements, sim, 0.5) == [[0, 1], [2]]


def test_tfidf_cosine_and_overlap_edges():
    assert tfidf_cosine([]).shape == (0, 0)
    assert overlap("", "anything at all") == 0.0
    assert overlap("Ministers discussed tariffs", "tariffs were discussed by ministers") > 0.5


@pytest.mark.parametrize("kwargs", [{"anchor_weight": 1.5}, {"agreement_bonus": 0.9}])
def test_aligner_parameters_are_validated(kwargs):
    with pytest.raises(ValueError, match="must be in"):
        CombinedAligner(**kwargs)
