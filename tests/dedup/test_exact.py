"""The exact-hash baseline: normalisation rules, links, bytes."""

from __future__ import annotations

import pytest

from storyweave.dedup import DuplicateLink, ExactDeduper, normalise_for_hash

BASE = "The minister said on Tuesday that 40 people were hurt."


@pytest.mark.parametrize(
    "other, linked",
    [
        (BASE, True),
        ("THE MINISTER SAID ON TUESDAY THAT 40 PEOPLE WERE HURT.", True),
        ("The minister said, on Tuesday, that 40 people were hurt!", True),
        ("  The minister\nsaid on\tTuesday that 40\u00a0people were hurt ", True),
        ("The mini\u200bster said on Tuesday that 40 people were hurt.", True),
        ("«The minister said on Tuesday that 40 people were hurt»", True),
        ("The minister said on Tuesday that 41 people were hurt.", False),
        ("The minister said on Tuesday that 40 people were not hurt.", False),
        ("The minister said on Wednesday that 40 people were hurt.", False),
    ],
)
def test_exact_copies_only(other, linked):
    deduper = ExactDeduper()
    assert deduper.add("a", deduper.signature(BASE)) == []
    links = deduper.add("b", deduper.signature(other))
    assert links == ([DuplicateLink("b", "a", "exact-hash.v1", 1.0)] if linked else [])


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("Café", "café"),
        ("Cafe\u0301", "café"),  # decomposed -> NFC
        ("STRASSE Straße", "strasse strasse"),  # casefold, not lower
        ("a,b;c--d", "a b c d"),
        ("US$5 and US€5", "us$5 and us€5"),  # symbols are content
        ("", ""),
        (" ...!? ", ""),
    ],
)
def test_normalise_for_hash(text_in, text_out):
    assert normalise_for_hash(text_in) == text_out


@pytest.mark.parametrize("text", ["", "   ", "...!?", "\u200b\n\t"])
def test_text_without_words_is_never_linked_nor_indexed(text):
    deduper = ExactDeduper()
    assert deduper.signature(text) == b""
    assert deduper.add("a", b"") == []
    assert deduper.add("b", deduper.signature(text)) == []
    assert len(deduper) == 0


def test_links_go_to_the_earliest_copies_at_most_max_links():
    deduper = ExactDeduper(max_links=3)
    signature = deduper.signature(BASE)
    for i in range(10):
        deduper.add(f"a{i}", signature)
    links = deduper.add("new", signature)
    assert [link.duplicate_of for link in links] == ["a0", "a1", "a2"]


def test_bytes_round_trip_and_bad_length():
    deduper = ExactDeduper()
    signature = deduper.signature(BASE)
    assert len(signature) == 16
    assert deduper.from_bytes(deduper.to_bytes(signature)) == signature
    assert signature.hex() == ExactDeduper().signature(BASE).hex()
    with pytest.raises(ValueError, match="16 bytes"):
        deduper.from_bytes(b"123")


def test_pinned_signature():
    """A change here changes stored signatures: bump the version in the name instead."""
    expected = "98d99055e2a4fb92e4718042ab655a22"
    assert ExactDeduper().signature("The quick brown fox.").hex() == expected


def test_rebuild_from_stored_signatures():
    texts = [BASE, "Another story entirely.", "", BASE.upper()]
    first = ExactDeduper()
    stored = [(f"a{i}", first.to_bytes(first.signature(t))) for i, t in enumerate(texts)]
    rebuilt = ExactDeduper()
    rebuilt.load([i for i, _ in stored], [s for _, s in stored])
    assert len(rebuilt) == 3
    links = rebuilt.add("new", rebuilt.signature(BASE))
    assert [link.duplicate_of for link in links] == ["a0", "a3"]
