"""Properties of signatures over generated texts: determinism, bytes, Jaccard estimates."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyweave.dedup import ExactDeduper, MinHashDeduper, normalise_for_hash
from storyweave.text import shingles, tokens

MINHASH = MinHashDeduper()
EXACT = ExactDeduper()
VOCABULARY = [f"w{i}" for i in range(60)] + ["Zoë", "naïve", "東京", "l'été", "co-op"]
words = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=300)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=st.text(max_size=400))
def test_signature_is_deterministic_and_round_trips(text):
    signature = MINHASH.signature(text)
    assert signature.shape == (128,) and signature.dtype == np.uint32
    assert np.array_equal(signature, MinHashDeduper().signature(text))
    assert np.array_equal(MINHASH.from_bytes(MINHASH.to_bytes(signature)), signature)
    assert MINHASH.is_empty(signature) == (not tokens(text))
    exact = EXACT.signature(text)
    assert EXACT.from_bytes(EXACT.to_bytes(exact)) == exact == ExactDeduper().signature(text)


@SETTINGS
@given(text=st.text(max_size=200))
def test_exact_normalisation_is_idempotent(text):
    once = normalise_for_hash(text)
    assert normalise_for_hash(once) == once
    assert EXACT.signature(text) == EXACT.signature(once)


def _jaccard(a: list[str], b: list[str]) -> float:
    left, right = set(shingles(a, 5)), set(shingles(b, 5))
    union = left | right
    return len(left & right) / len(union) if union else 1.0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=300),
    edits=st.lists(st.tuples(st.integers(0, 299), st.sampled_from(VOCABULARY)), max_size=40),
    cut=st.integers(0, 300),
)
# Two shingles, one shared: plain one-permutation hashing estimated 0.0 here (J = 1/3).
@example(base=["w31", "naïve", "w9", "w31", "w31", "w51"], edits=[(0, "w0")], cut=6)
def test_estimate_is_close_to_the_true_jaccard(base, edits, cut):
    other = list(base)
    for position, word in edits:
        other[position % len(other)] = word
    other = other[: max(1, cut)]
    true = _jaccard(base, other)
    a, b = MINHASH.signatures_from_tokens([base, other])
    estimate = float(np.mean(a == b))
    # 128 values: the standard error is at most 0.044; 0.2 is 4.5 of them.
    assert abs(estimate - true) <= 0.2, (true, estimate)


@SETTINGS
@given(texts=st.lists(words.map(" ".join), min_size=1, max_size=8))
def test_batch_equals_one_by_one(texts):
    batch = MINHASH.signatures(texts)
    for row, text in zip(batch, texts, strict=True):
        assert np.array_equal(row, MINHASH.signature(text))
