"""Quality floors on a generated perturbed set: a floor that may only go up.

Originals are the 30 bundled real articles; each gets copies edited (word deletions,
insertions, substitutions, sentence reordering, truncation) to target Jaccard levels. Truth is
the exact Jaccard of every pair's 5-word shingle sets. ``bench/neardup.py`` runs the same
measure on the shared corpora, beside datasketch.
"""

from __future__ import annotations

import random
from functools import cache
from itertools import combinations

import pytest

from storyweave.dedup import ExactDeduper, MinHashDeduper
from storyweave.dedup.perturb import EDITS, copy_at, edit, jaccard, shingle_set
from tests.dedup.helpers import example_texts

LEVELS = (0.95, 0.8, 0.65, 0.5, 0.35)


@cache
def perturbed_set() -> tuple[tuple[str, ...], tuple[str, ...], dict[frozenset[str], float]]:
    rng = random.Random(0)
    originals = example_texts()
    vocabulary = sorted({w for text in originals for w in text.split()})
    ids: list[str] = []
    texts: list[str] = []
    for n, text in enumerate(originals):
        ids.append(f"o{n}")
        texts.append(text)
        for level in LEVELS:
            copy, _ = copy_at(text, level, rng, vocabulary)
            ids.append(f"o{n}~{level}")
            texts.append(copy)
    order = list(range(len(ids)))
    rng.shuffle(order)
    ids, texts = [ids[i] for i in order], [texts[i] for i in order]
    sets = [shingle_set(text) for text in texts]
    truth = {
        frozenset((ids[i], ids[j])): jaccard(sets[i], sets[j])
        for i, j in combinations(range(len(ids)), 2)
    }
    return tuple(ids), tuple(texts), truth


def _linked(deduper: MinHashDeduper | ExactDeduper, ids, texts) -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    for article_id, text in zip(ids, texts, strict=True):
        for link in deduper.add(article_id, deduper.signature(text)):
            pairs.add(frozenset((link.article_id, link.duplicate_of)))
    return pairs


def test_minhash_recall_and_precision_floors():
    ids, texts, truth = perturbed_set()
    wanted = {p for p, j in truth.items() if j >= 0.5}
    loose = {p for p, j in truth.items() if j >= 0.3}
    assert len(wanted) >= 150
    linked = _linked(MinHashDeduper(), ids, texts)
    recall = len(linked & wanted) / len(wanted)
    precision = len(linked & loose) / len(linked)
    assert recall >= 0.97, recall
    assert precision >= 0.99, precision


def test_exact_baseline_finds_only_exact_copies():
    ids, texts, truth = perturbed_set()
    linked = _linked(ExactDeduper(), ids, texts)
    assert all(truth[p] == 1.0 for p in linked)


@pytest.mark.parametrize("kind", EDITS)
def test_copy_at_hits_its_target(kind):
    text = example_texts()[0]
    vocabulary = text.split()
    copy, similarity = copy_at(text, 0.6, random.Random(1), vocabulary, kind=kind)
    assert similarity == jaccard(shingle_set(text), shingle_set(copy))
    assert abs(similarity - 0.6) < 0.1


def test_edit_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="edit kind must be one of"):
        edit("a b c", "rotate", 0.5, random.Random(0), ["x"])
