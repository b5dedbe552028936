"""Provenance rows in the store: migration 3, round trips, replacement, not-found."""

from __future__ import annotations

import pytest

from storyweave.analyse.provenance import OutletRegistry, trace_story
from storyweave.errors import NotFound
from storyweave.store.migrations import SQLITE_MIGRATIONS, applied_versions
from tests.analyse.provenance._make import BODY, article

SEED_LIKE = "The bridge will open, Le Monde reports.\n" + BODY


def test_migration_three_is_registered_and_applied(store):
    assert SQLITE_MIGRATIONS.latest >= 3
    assert 3 in applied_versions(store._conn)


def _stored(store, *members):
    for member in members:
        store.put_article(member)
    return trace_story("s1", list(members), OutletRegistry.default())


def test_attributions_round_trip_with_offsets(store):
    result = _stored(store, article("a", SEED_LIKE))
    store.put_attributions("attribution-rules.v1", "a", result.attributions["a"])
    assert store.attributions("a", "attribution-rules.v1") == list(result.attributions["a"])
    store.put_attributions("attribution-rules.v1", "a", [])
    assert store.attributions("a", "attribution-rules.v1") == []


def test_graph_round_trip_and_replacement(store):
    result = _stored(store, article("a", SEED_LIKE), article("b", BODY))
    graph = result.graph
    store.put_provenance(graph, "fingerprint-1")
    again = store.get_provenance("s1", graph.algorithm)
    assert again.edges == graph.edges
    assert set(again.origins) == set(graph.origins)
    assert {n.id for n in again.nodes} == {n.id for n in graph.nodes}
    assert (again.independent_origins, again.wire_copies, again.undecided) == (
        graph.independent_origins, graph.wire_copies, graph.undecided,
    )  # fmt: skip
    assert store.provenance_members("s1", graph.algorithm) == "fingerprint-1"
    store.put_provenance(graph, "fingerprint-2")  # replaces, never duplicates
    assert store.get_provenance("s1", graph.algorithm).edges == graph.edges
    assert store.provenance_members("s1", graph.algorithm) == "fingerprint-2"


def test_untraced_story_is_not_found(store):
    assert store.provenance_members("nope", "provenance-dag.v1") is None
    with pytest.raises(NotFound, match="no provenance yet"):
        store.get_provenance("nope", "provenance-dag.v1")
