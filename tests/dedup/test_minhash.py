"""MinHashDeduper: validation, links on edited copies, awkward input, signatures and bytes."""

from __future__ import annotations

import time

import numpy as np
import pytest

from storyweave.dedup import SIGNATURE_DTYPE, DuplicateLink, MinHashDeduper
from storyweave.dedup._hashing import shingle_hashes, token_hashes
from storyweave.errors import ConfigError
from storyweave.text import shingles, tokens
from tests.dedup.helpers import example_texts, long_text, substitute


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"threshold": 1.5}, "threshold must be in (0, 1]; got 1.5"),
        ({"threshold": 0}, "threshold must be in (0, 1]; got 0"),
        ({"threshold": "high"}, "threshold must be a number in (0, 1]; got 'high'"),
        ({"threshold": True}, "threshold must be a number in (0, 1]; got True"),
        ({"num_perm": 8}, "num_perm must be an integer in [16, 1024]; got 8"),
        ({"num_perm": 128.0}, "num_perm must be an integer in [16, 1024]; got 128.0"),
        ({"bands": 50}, "bands × rows must be <= num_perm; got 50 × 3 = 150 > 128"),
        ({"rows": 0}, "rows must be an integer in [1, 128] (at most num_perm); got 0"),
        ({"bands": 0}, "bands must be an integer in [1, 128] (at most num_perm); got 0"),
        ({"shingle_size": 0}, "shingle_size must be an integer in [1, 32]; got 0"),
        ({"seed": -1}, "seed must be an integer in [0, 9223372036854775807]; got -1"),
        ({"max_links": 0}, "max_links must be an integer in [1, 1000]; got 0"),
        ({"bucket_limit": 0}, "bucket_limit must be an integer in [1, 100000]; got 0"),
        ({"max_tokens": 0}, "max_tokens must be an integer in [1, 10000000]; got 0"),
        ({"max_entries": 0}, "max_entries must be an integer in [1, 100000000]; got 0"),
    ],
)
def test_parameters_are_validated_with_the_fix_in_the_message(kwargs, message):
    with pytest.raises(ConfigError) as raised:
        MinHashDeduper(**kwargs)
    assert message in str(raised.value)


BASE = long_text(300)


@pytest.mark.parametrize(
    "other, low, high",
    [
        (BASE, 1.0, 1.0),  # exact copy
        (BASE.upper().replace("\n", "  "), 1.0, 1.0),  # same words, different case/spacing
        (substitute(BASE, 3), 0.8, 1.0),  # a few edits
        (substitute(BASE, 15), 0.55, 0.95),  # J ~ 0.61
        (" ".join(BASE.split()[:150]), 0.35, 0.7),  # first half: J ~ 0.49
        (long_text(300, seed=1), None, None),  # unrelated
        (example_texts()[0], None, None),  # unrelated real article
    ],
)
def test_links_by_similarity(other, low, high):
    deduper = MinHashDeduper()
    assert deduper.add("old", deduper.signature(BASE)) == []
    links = deduper.add("new", deduper.signature(other))
    if low is None:
        assert links == []
    else:
        assert len(links) == 1
        link = links[0]
        assert (link.article_id, link.duplicate_of, link.algorithm) == (
            "new",
            "old",
            "minhash-lsh.v1",
        )
        assert low <= link.score <= high


def test_score_estimates_the_jaccard_of_real_edits():
    text = example_texts()[1]
    edited = substitute(text, 20)
    a, b = set(shingles(tokens(text), 5)), set(shingles(tokens(edited), 5))
    true = len(a & b) / len(a | b)
    deduper = MinHashDeduper()
    deduper.add("a", deduper.signature(text))
    (link,) = deduper.add("b", deduper.signature(edited))
    assert abs(link.score - true) < 0.15


@pytest.mark.parametrize("text", ["", "   ", "...", "— ! ?", "\u200b"])
def test_text_without_words_is_never_linked_nor_indexed(text):
    deduper = MinHashDeduper()
    signature = deduper.signature(text)
    assert deduper.is_empty(signature)
    assert deduper.add("a", signature) == []
    assert deduper.add("b", deduper.signature(text)) == []
    assert len(deduper) == 0


@pytest.mark.parametrize(
    "first, second, linked",
    [
        ("Breaking news", "breaking NEWS!", True),
        ("one", "one", True),
        ("Breaking news", "Breaking story", False),
        ("a b c d", "a b c d e f g h", False),  # a short text is one shingle of all its words
    ],
)
def test_short_texts_are_one_shingle(first, second, linked):
    deduper = MinHashDeduper()
    deduper.add("a", deduper.signature(first))
    assert bool(deduper.add("b", deduper.signature(second))) is linked


def test_very_long_text_is_capped_and_stays_fast():
    deduper = MinHashDeduper(max_tokens=20_000)
    huge = long_text(200_000, seed=3)
    started = time.perf_counter()
    signature = deduper.signature(huge)
    assert time.perf_counter() - started < 5.0
    words = huge.split()
    same_start = " ".join([*words[:20_000], *reversed(words[20_000:30_000])])
    assert np.array_equal(signature, deduper.signature(same_start))
    assert not np.array_equal(signature, deduper.signature(" ".join(words[:19_000])))


def test_shingles_are_those_of_the_shared_text_module():
    """Distinct shingle hashes per text == distinct ``text.shingles`` (no collisions)."""
    deduper = MinHashDeduper()
    for size in (1, 3, 5):
        for text in (*example_texts(), "two words", "x"):
            words = tokens(text)
            plan = deduper._plan.__class__(seed=0, shingle_size=size, num_perm=128)
            hashes, per_doc = shingle_hashes(
                token_hashes(words, plan), np.array([len(words)]), plan
            )
            assert per_doc[0] == hashes.size
            assert np.unique(hashes).size == len(set(shingles(words, size)))


def test_batch_signatures_equal_single_ones():
    deduper = MinHashDeduper()
    texts = [*example_texts(), "", "short one"]
    batch = deduper.signatures(texts)
    assert batch.shape == (len(texts), 128) and batch.dtype == np.uint32
    for row, text in zip(batch, texts, strict=True):
        assert np.array_equal(row, deduper.signature(text))
    from_tokens = deduper.signatures_from_tokens([tokens(t) for t in texts])
    assert np.array_equal(batch, from_tokens)


def test_empty_tokens_are_ignored():
    deduper = MinHashDeduper()
    with_empty = deduper.signatures_from_tokens([["", "a", "", "b", "c", "d", "e", ""]])
    assert np.array_equal(with_empty[0], deduper.signature("a b c d e"))


def test_pinned_signature():
    """A change here changes stored signatures: bump the version in the name instead."""
    deduper = MinHashDeduper()
    signature = deduper.signature(
        "The quick brown fox jumps over the lazy dog while the cat sleeps."
    )
    assert signature[:6].tolist() == [
        2943247489, 4013517328, 2502356822, 2788681975, 3676723625, 2372743141,
    ]  # fmt: skip
    assert deduper.to_bytes(signature)[:8].hex() == "81646eaf106a39ef"


def test_signature_depends_on_the_seed_and_the_version_says_so():
    a, b = MinHashDeduper(seed=1), MinHashDeduper(seed=2)
    assert not np.array_equal(a.signature(BASE), b.signature(BASE))
    assert a.signature_version != b.signature_version
    assert MinHashDeduper(threshold=0.7).signature_version == MinHashDeduper().signature_version


def test_bytes_round_trip_and_bad_input():
    deduper = MinHashDeduper(num_perm=64, bands=21)
    signature = deduper.signature(BASE)
    data = deduper.to_bytes(signature)
    assert len(data) == 256 and SIGNATURE_DTYPE.itemsize == 4
    assert np.array_equal(deduper.from_bytes(data), signature)
    with pytest.raises(ValueError, match="has 256 bytes; got 255"):
        deduper.from_bytes(data[:-1])
    with pytest.raises(ValueError, match="uint32 array of length 64"):
        deduper.add("x", signature.astype(np.int64))
    with pytest.raises(ValueError, match="uint32 array of length 64"):
        deduper.add("x", MinHashDeduper().signature(BASE))


def test_an_article_is_never_linked_to_itself():
    deduper = MinHashDeduper()
    signature = deduper.signature(BASE)
    deduper.add("a", signature)
    assert deduper.add("a", signature) == []
    assert deduper.add("b", signature) == [DuplicateLink("b", "a", "minhash-lsh.v1", 1.0)]


def _stream() -> tuple[list[str], list[str]]:
    texts = list(example_texts())
    texts += [substitute(t, 5, seed=i) for i, t in enumerate(texts)]
    texts += [t[: len(t) // 2] for t in texts[:10]] + ["", "x"]
    return [f"d{i}" for i in range(len(texts))], texts


def test_add_many_equals_add_in_order():
    ids, texts = _stream()
    one, many = MinHashDeduper(), MinHashDeduper()
    signatures = one.signatures(texts)
    singly = [one.add(i, s) for i, s in zip(ids, signatures, strict=True)]
    assert many.add_many(ids[:20], signatures[:20]) + many.add_many(ids[20:], signatures[20:]) == (
        singly
    )
    assert sum(map(len, singly)) >= 30
    assert len(one) == len(many) == len(texts) - 1


def test_rebuild_from_bytes_gives_the_same_links():
    ids, texts = _stream()
    live = MinHashDeduper()
    signatures = live.signatures(texts)
    live.add_many(ids, signatures)
    rebuilt = MinHashDeduper()
    blobs = [live.to_bytes(s) for s in signatures]
    rebuilt.load(ids, blobs)
    assert len(rebuilt) == len(live)
    for text in (texts[3], texts[40], substitute(texts[7], 2)):
        probe = live.signature(text)
        assert live.add("probe", probe) == rebuilt.add("probe", probe)
    with pytest.raises(ValueError, match=r"signature 1: .* has 512 bytes; got 3"):
        rebuilt.from_bytes_many([blobs[0], b"abc"])
