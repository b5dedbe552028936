"""The public surface of storyweave.dedup is curated: this pins it."""

from __future__ import annotations

import storyweave.dedup as dedup

EXPECTED = [
    "SIGNATURE_DTYPE", "Deduper", "DuplicateLink", "ExactDeduper", "MinHashDeduper",
    "normalise_for_hash",
]  # fmt: skip


def test_exported_members():
    assert sorted(dedup.__all__) == sorted(EXPECTED)
    for name in dedup.__all__:
        assert hasattr(dedup, name), f"storyweave.dedup.{name} is listed but missing"


def test_both_dedupers_meet_the_protocol():
    assert isinstance(dedup.ExactDeduper(), dedup.Deduper)
    assert isinstance(dedup.MinHashDeduper(), dedup.Deduper)
