"""The provenance section: a story's stored provenance graph as the page's view model.

Reads what ``storyweave ingest`` (or ``storyweave provenance``) traced; nothing is traced
here. A story never traced gets no graph and a note saying so; a graph traced before the
story last gained or lost articles is shown, marked stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from storyweave.analyse.provenance import GRAPH_ALGORITHM
from storyweave.errors import NotFound
from storyweave.models import Article, EdgeKind, ProvenanceEdge, Story
from storyweave.models import ProvenanceGraph as StoredGraph
from storyweave.pipeline_provenance import members_fingerprint
from storyweave.serve.sections import (
    GraphEdge,
    GraphNode,
    OriginGroup,
    OutletProvenance,
    ProvenanceGraph,
    StorySections,
)
from storyweave.store import Store

NOT_TRACED = (
    "This story has not been traced yet: run `storyweave provenance {story}` "
    "(ingest traces the stories it touches)."
)


def stored_graph(store: Store, story_id: str) -> StoredGraph | None:
    """The story's stored provenance graph, or None when it has not been traced."""
    try:
        return store.get_provenance(story_id, GRAPH_ALGORITHM)
    except NotFound:
        return None


def outlet_names(graph: StoredGraph | None) -> dict[str, str]:
    """Article id -> the name of the outlet the graph says published it (where known)."""
    if graph is None:
        return {}
    labels = {n.id: n.label for n in graph.nodes if n.kind == "outlet"}
    return {
        n.id.removeprefix("article:"): labels[n.outlet]
        for n in graph.nodes
        if n.kind == "article" and n.outlet in labels
    }


def provenance_sections(store: Store, story: Story, members: Sequence[Article]) -> StorySections:
    """The provider: the stored graph of ``story`` (see :mod:`storyweave.serve.sections`)."""
    graph = stored_graph(store, story.id)
    if graph is None:
        return StorySections(missing={"provenance": NOT_TRACED.format(story=story.id)})
    traced_with = store.provenance_members(story.id, GRAPH_ALGORITHM)
    stale = traced_with != members_fingerprint(a.id for a in members)
    return StorySections(provenance=graph_view(graph, stale=stale))


def _explains(edge: ProvenanceEdge) -> bool:
    """Whether the edge explains its source (a decided relay, copy, rewrite or translation)."""
    return edge.decided and (edge.kind is not EdgeKind.CITES or edge.relay)


def graph_view(graph: StoredGraph, *, stale: bool = False) -> ProvenanceGraph:
    """``graph`` as the section's view model, with each outlet's part in the story."""
    origins = set(graph.origins)
    names = {n.id: n.label for n in graph.nodes if n.kind == "outlet"}
    nodes = [
        GraphNode(
            id=n.id,
            kind="article" if n.kind == "article" else "outlet",
            label=n.label,
            article=n.id.removeprefix("article:") if n.kind == "article" else None,
            origin=n.id in origins,
            published=n.published,
            outlet=names.get(n.outlet) if n.outlet else None,
            agency=n.agency,
            in_story=n.in_input,
        )
        for n in graph.nodes
    ]
    edges = [
        GraphEdge(
            source=e.source, target=e.target, kind=e.kind.value, score=e.score,
            evidence=e.evidence or None, decided=e.decided, relay=e.relay,
            reason=e.reason or None,
        )
        for e in graph.edges
    ]  # fmt: skip
    return ProvenanceGraph(
        algorithm=graph.algorithm,
        nodes=nodes,
        edges=edges,
        independent_origins=graph.independent_origins,
        origin_groups=origin_groups(graph),
        wire_copies=graph.wire_copies,
        undecided=graph.undecided,
        outlets=outlet_roles(graph),
        stale=stale,
    )


Role = Literal["origin", "relay", "publisher", "cited"]


def outlet_roles(graph: StoredGraph) -> list[OutletProvenance]:
    """Each outlet of the graph: origin, relay (with what it takes from), publisher or cited."""
    origins = set(graph.origins)
    publisher = {n.id: n.outlet for n in graph.nodes if n.kind == "article" and n.outlet}
    label = {n.id: n.label for n in graph.nodes}
    takes: dict[str, list[str]] = {}
    for edge in graph.edges:
        if _explains(edge):
            upstream = publisher.get(edge.target, edge.target)
            takes.setdefault(edge.source, []).append(label.get(upstream, upstream))
    found = []
    for node in graph.nodes:
        if node.kind != "outlet":
            continue
        articles = [a for a, o in publisher.items() if o == node.id]
        relays = list(dict.fromkeys(t for a in articles for t in takes.get(a, ())))
        relays = [r for r in relays if r != node.label]
        role: Role
        if node.id in origins or any(a in origins for a in articles):
            role = "origin"
        elif relays:
            role = "relay"
        elif articles:
            role = "publisher"
        else:
            role = "cited"
        found.append(
            OutletProvenance(
                id=node.id, name=node.label, role=role, agency=node.agency,
                in_story=node.in_input, articles=[a.removeprefix("article:") for a in articles],
                relays=relays,
            )
        )  # fmt: skip
    order = {"origin": 0, "relay": 1, "publisher": 2, "cited": 3}
    return sorted(found, key=lambda o: (order[o.role], o.name))


def origin_groups(graph: StoredGraph) -> list[OriginGroup]:
    """The origins grouped by the outlet publishing them (an outlet node is its own group),
    as the stage counts them before joining groups across undecided edges."""
    nodes = {n.id: n for n in graph.nodes}
    groups: dict[str, list[str]] = {}
    for origin in graph.origins:
        node = nodes[origin]
        groups.setdefault(node.outlet or origin, []).append(node.label)
    return [
        OriginGroup(
            name=nodes[key].label if key in nodes else key,
            nodes=labels,
            in_story=nodes[key].in_input if key in nodes else True,
        )
        for key, labels in groups.items()
    ]
