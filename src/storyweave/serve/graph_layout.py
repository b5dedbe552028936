"""A layered drawing of a provenance graph, computed on the server so the SVG needs no script.

Information flows left to right: independent origins (and nodes that take from nobody) sit
in the first column, each other node one column right of the rightmost node it takes from.
Within a column nodes are ordered by publication time, then label. Cycles (two outlets citing
each other) are broken where the walk meets them, so every graph gets a drawing. An outlet
node without edges (one that only publishes a member article) is left out of the drawing:
its articles' boxes name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storyweave.serve.sections import GraphEdge, GraphNode, ProvenanceGraph

COLUMN = 220
ROW = 56
MARGIN = 24
NODE_WIDTH = 180
NODE_HEIGHT = 32
LABEL_CHARS = 26


@dataclass(frozen=True)
class PlacedNode:
    node: GraphNode
    x: int
    y: int
    label: str  # shortened to fit the box; the full label is the node's title


@dataclass(frozen=True)
class PlacedEdge:
    edge: GraphEdge
    x1: int
    y1: int
    x2: int
    y2: int
    source: str  # the labels of both ends, for the edge's title
    target: str


@dataclass(frozen=True)
class GraphDrawing:
    width: int
    height: int
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]


def _columns(graph: ProvenanceGraph) -> dict[str, int]:
    """Node id -> column: 0 for origins and sources, else 1 + the deepest upstream column."""
    upstream: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for edge in graph.edges:
        if edge.source in upstream and edge.target in upstream and edge.source != edge.target:
            upstream[edge.source].append(edge.target)
    origins = {n.id for n in graph.nodes if n.origin}
    column: dict[str, int] = {}
    for start in upstream:
        stack: list[tuple[str, int]] = [(start, 0)]
        on_path: set[str] = set()
        while stack:
            node, state = stack.pop()
            if node in column:
                continue
            if state == 0:
                on_path.add(node)
                stack.append((node, 1))
                stack.extend(
                    (up, 0)
                    for up in upstream[node]
                    if up not in column and up not in on_path and node not in origins
                )
                continue
            on_path.discard(node)
            ups = [column[up] for up in upstream[node] if up in column]
            column[node] = 0 if node in origins or not ups else 1 + max(ups)
    return column


def _when(node: GraphNode) -> tuple[int, datetime | None, str]:
    return (node.published is None, node.published, node.label)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def full_label(node: GraphNode) -> str:
    """An article by its outlet (when known) and title; an outlet by its name."""
    return f"{node.outlet}: {node.label}" if node.kind == "article" and node.outlet else node.label


def _drawn(graph: ProvenanceGraph) -> ProvenanceGraph:
    touched = {end for e in graph.edges for end in (e.source, e.target)}
    nodes = [n for n in graph.nodes if n.kind == "article" or n.origin or n.id in touched]
    return graph.model_copy(update={"nodes": nodes})


def layout(graph: ProvenanceGraph) -> GraphDrawing:
    """Positions for every node and edge of ``graph`` (SVG user units)."""
    graph = _drawn(graph)
    column = _columns(graph)
    by_column: dict[int, list[GraphNode]] = {}
    for node in graph.nodes:
        by_column.setdefault(column[node.id], []).append(node)
    placed: dict[str, PlacedNode] = {}
    for number, nodes in sorted(by_column.items()):
        for row, node in enumerate(sorted(nodes, key=_when)):
            x, y = MARGIN + number * COLUMN, MARGIN + row * ROW
            placed[node.id] = PlacedNode(node, x, y, _short(full_label(node)))
    edges = tuple(
        PlacedEdge(
            edge,
            placed[edge.target].x + NODE_WIDTH,
            placed[edge.target].y + NODE_HEIGHT // 2,
            placed[edge.source].x,
            placed[edge.source].y + NODE_HEIGHT // 2,
            full_label(placed[edge.source].node),
            full_label(placed[edge.target].node),
        )
        for edge in graph.edges
        if edge.source in placed and edge.target in placed and edge.source != edge.target
    )
    columns = max(by_column, default=0) + 1
    rows = max((len(v) for v in by_column.values()), default=1)
    return GraphDrawing(
        width=2 * MARGIN + (columns - 1) * COLUMN + NODE_WIDTH,
        height=2 * MARGIN + (rows - 1) * ROW + NODE_HEIGHT,
        nodes=tuple(placed.values()),
        edges=edges,
    )
