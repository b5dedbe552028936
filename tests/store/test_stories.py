"""Stories in the store: assignments, merges, aggregates, vectors, lookups."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyweave.errors import NotFound, StoreError
from storyweave.models import Article, Assignment, Candidate, Format, Language

WHEN = datetime(2024, 11, 20, tzinfo=UTC)


def make(aid: str, lang: str = "en", source: str | None = "Wire", day: int = 20) -> Article:
    return Article(
        id=aid, locator=aid, format=Format.TEXT, raw=aid.encode(), text=f"text {aid}",
        title=f"title {aid}", source=source, published=WHEN.replace(day=day),
        language=Language(lang, 1.0, "declared"),
    )  # fmt: skip


def decide(aid: str, story: str, new: bool, merged: tuple[str, ...] = ()) -> Assignment:
    candidates = () if new else (Candidate(story, 0.8, {"lexical": 0.7, "names": 0.9}),)
    return Assignment(aid, story, 0.0 if new else 0.8, new, "online-story.v1", candidates, merged)


@pytest.fixture
def filled(store):
    for aid, lang, source, day in [("a", "en", "Wire", 20), ("b", "fr", "Le Monde", 21),
                                   ("c", "en", "Other", 22), ("d", "en", None, 23)]:  # fmt: skip
        store.put_article(make(aid, lang, source, day))
    store.record_assignment(decide("a", "s1", True), "Story one", 1)
    store.record_assignment(decide("b", "s1", False), "Story one", 2)
    store.record_assignment(decide("c", "s2", True), "Story two", 3)
    return store


def test_aggregates_and_order(filled):
    stories = filled.list_stories()
    assert [s.id for s in stories] == ["s2", "s1"]
    one = filled.get_story("s1")
    assert (one.size, one.languages, one.outlets) == (2, ("en", "fr"), ("Le Monde", "Wire"))
    assert one.first_seen == WHEN.replace(day=20) and one.last_seen == WHEN.replace(day=21)
    assert [s.id for s in filled.list_stories(order="-size")] == ["s1", "s2"]
    assert filled.count_stories(language="fr") == 1
    assert filled.count_stories(outlet="Other") == 1
    assert filled.count_stories(min_size=2) == 1
    assert filled.count_unassigned() == 1
    assert list(filled.unassigned_in_arrival_order(10)) == [["d"]]


def test_merge_repoints_members_and_old_ids_resolve(filled):
    filled.record_assignment(decide("d", "s1", False, merged=("s2",)), "Story one", 4)
    assert [s.id for s in filled.list_stories()] == ["s1"]
    assert filled.get_story("s2").id == "s1"
    assert [a.id for a in filled.story_articles("s2")] == ["a", "b", "c", "d"]
    assert filled.get_assignment("d").merged == ("s2",)
    assert filled.resolve_story("s2") == "s1"


def test_assignment_round_trip_and_missing(filled):
    got = filled.get_assignment("b")
    assert got.candidates[0].features == {"lexical": 0.7, "names": 0.9}
    with pytest.raises(NotFound, match="not been assigned"):
        filled.get_assignment("d")
    with pytest.raises(NotFound):
        filled.get_story("nope")


def test_recent_assignments_in_order_with_live_stories(filled):
    filled.record_assignment(decide("d", "s1", False, merged=("s2",)), "Story one", 4)
    recent = filled.recent_assignments(1)
    assert [(seq, a.article_id, a.story_id, a.new_story) for seq, a in recent] == [
        (2, "b", "s1", False), (3, "c", "s1", True), (4, "d", "s1", False),
    ]  # fmt: skip
    assert recent[0][1] == filled.get_assignment("b")
    assert filled.recent_assignments(4) == []


def test_vectors_round_trip_per_model(filled):
    filled.put_vectors("m.v1", {"a": b"\x00" * 8})
    assert filled.get_vectors("m.v1", ["a", "b"]) == {"a": b"\x00" * 8}
    assert filled.get_vectors("m.v2", ["a"]) == {}


def test_active_members_and_seq(filled):
    assert filled.last_assignment_seq() == 3
    assert filled.active_story_members(10) == [("s1", 1, "Story one", ["a", "b"]),
                                               ("s2", 3, "Story two", ["c"])]  # fmt: skip


def test_bad_story_order(filled):
    with pytest.raises(StoreError, match="order must be one of"):
        filled.list_stories(order="size")
