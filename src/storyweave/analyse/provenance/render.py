"""Renderings of a provenance graph: a JSON-ready dict, Graphviz DOT, and a standalone SVG.

The SVG writer is ours and pure Python (no Graphviz needed): nodes are laid out in layers by
their distance from the origins (origins on the left), in a stable order within a layer,
edges drawn as arrows from what derives to what it derives from. Undecided edges are dashed,
mentions (cites that explain nothing) are grey. Every label is escaped: article titles are
untrusted text.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from xml.sax.saxutils import escape

from storyweave.models import EdgeKind, ProvenanceEdge, ProvenanceGraph, ProvenanceNode

_NODE_W, _NODE_H, _GAP_X, _GAP_Y, _MARGIN = 230, 46, 110, 22, 20
_COLOURS = {
    EdgeKind.CITES: "#1f6feb",
    EdgeKind.COPIES: "#cf222e",
    EdgeKind.REWRITES: "#bf8700",
    EdgeKind.TRANSLATES: "#8250df",
}


def graph_to_dict(graph: ProvenanceGraph) -> dict[str, Any]:
    """A JSON-ready view of the graph, its counts and its origins."""
    return {
        "story": graph.story_id,
        "algorithm": graph.algorithm,
        "articles": graph.articles,
        "outlets": graph.outlets,
        "independent_origins": graph.independent_origins,
        "wire_copies": graph.wire_copies,
        "undecided": graph.undecided,
        "origins": list(graph.origins),
        "nodes": [
            {
                "id": n.id, "kind": n.kind, "label": n.label, "outlet": n.outlet,
                "published": n.published.isoformat() if n.published else None,
                "in_input": n.in_input, "agency": n.agency, "origin": n.id in graph.origins,
            }
            for n in graph.nodes
        ],
        "edges": [
            {
                "source": e.source, "target": e.target, "kind": e.kind.value,
                "evidence": e.evidence, "score": e.score, "decided": e.decided,
                "relay": e.relay, "reason": e.reason,
            }
            for e in graph.edges
        ],
    }  # fmt: skip


def short_label(node: ProvenanceNode, width: int = 48) -> str:
    """One line naming a node: outlets by name, articles by id and title."""
    if node.kind == "outlet":
        return node.label
    ident = node.id.removeprefix("article:")
    title = " ".join(node.label.split())
    if title == ident:
        return ident
    title = title if len(title) <= width else title[: width - 1] + "…"
    return f"{ident[:16]} {title}"


def to_dot(graph: ProvenanceGraph) -> str:
    """The graph in Graphviz DOT (``dot -Tsvg`` renders it)."""
    lines = [f"digraph {_dot_string('provenance ' + graph.story_id)} {{", "  rankdir=RL;",
             '  node [fontname="Helvetica" fontsize=10];']  # fmt: skip
    origins = set(graph.origins)
    for node in graph.nodes:
        shape = "box" if node.kind == "article" else "ellipse"
        style = ["filled"] if node.id in origins else []
        if not node.in_input:
            style.append("dashed")
        attrs = f"shape={shape} label={_dot_string(short_label(node, 40))}"
        if style:
            attrs += f' style="{",".join(style)}" fillcolor="#fff8c5"'
        lines.append(f"  {_dot_string(node.id)} [{attrs}];")
    for edge in graph.edges:
        colour = _COLOURS[edge.kind] if edge.decided and edge.relay else "#8c959f"
        line_style = "dashed" if not edge.decided else "solid"
        lines.append(
            f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f'[label={_dot_string(edge.kind.value)} color="{colour}" style={line_style}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_string(value: str) -> str:
    cleaned = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{cleaned}"'


def _layers(graph: ProvenanceGraph) -> dict[str, int]:
    """Node id -> layer: 0 for nodes deriving from nothing, else 1 + the deepest target."""
    targets: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        targets[edge.source].append(edge.target)
    layer: dict[str, int] = {}

    def depth(node: str, trail: frozenset[str]) -> int:
        if node in layer:
            return layer[node]
        if node in trail:  # cannot happen in a DAG; guards a corrupted stored graph
            return 0
        found = [depth(t, trail | {node}) for t in targets.get(node, ())]
        layer[node] = 1 + max(found) if found else 0
        return layer[node]

    for node in graph.nodes:
        depth(node.id, frozenset())
    return layer


def to_svg(graph: ProvenanceGraph) -> str:
    """A standalone SVG drawing of the graph (pure Python, no Graphviz)."""
    layer = _layers(graph)
    columns: dict[int, list[ProvenanceNode]] = defaultdict(list)
    for node in graph.nodes:
        columns[layer.get(node.id, 0)].append(node)
    position: dict[str, tuple[int, int]] = {}
    for column, members in columns.items():
        for row, node in enumerate(sorted(members, key=lambda n: (n.kind != "outlet", n.id))):
            x = _MARGIN + column * (_NODE_W + _GAP_X)
            position[node.id] = (x, _MARGIN + 30 + row * (_NODE_H + _GAP_Y))
    width = _MARGIN * 2 + (max(columns, default=0) + 1) * (_NODE_W + _GAP_X) - _GAP_X
    rows = max((len(m) for m in columns.values()), default=1)
    height = _MARGIN * 2 + 30 + rows * (_NODE_H + _GAP_Y)
    title = (
        f"story {graph.story_id}: {graph.articles} articles, {graph.outlets} outlets, "
        f"{graph.independent_origins} independent origins, {graph.wire_copies} wire-derived, "
        f"{graph.undecided} undecided"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
        "<defs>" + "".join(
            f'<marker id="arrow-{k.value}" viewBox="0 0 10 10" refX="10" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{c}"/></marker>'
            for k, c in _COLOURS.items()
        ) + "</defs>",
        f'<text x="{_MARGIN}" y="{_MARGIN + 8}" font-size="13">{escape(title)}</text>',
    ]  # fmt: skip
    parts.extend(_svg_edge(e, position) for e in graph.edges if e.source in position)
    origins = set(graph.origins)
    parts.extend(_svg_node(n, position[n.id], n.id in origins) for n in graph.nodes)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _svg_edge(edge: ProvenanceEdge, position: dict[str, tuple[int, int]]) -> str:
    if edge.target not in position:
        return ""
    (sx, sy), (tx, ty) = position[edge.source], position[edge.target]
    x1, y1 = sx, sy + _NODE_H // 2
    x2, y2 = tx + _NODE_W, ty + _NODE_H // 2
    if sx <= tx:  # same layer (cannot derive rightwards): route around the boxes
        x1, x2 = sx + _NODE_W, tx + _NODE_W
    colour = _COLOURS[edge.kind] if edge.decided and edge.relay else "#8c959f"
    dash = ' stroke-dasharray="5,4"' if not edge.decided else ""
    tip = escape(f"{edge.kind.value}: {edge.evidence} ({edge.reason})", {'"': "&quot;"})
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="1.5"'
        f'{dash} marker-end="url(#arrow-{edge.kind.value})"><title>{tip}</title></line>'
    )


def _svg_node(node: ProvenanceNode, at: tuple[int, int], origin: bool) -> str:
    x, y = at
    fill = "#fff8c5" if origin else "#ffffff"
    dash = ' stroke-dasharray="4,3"' if not node.in_input else ""
    radius = 18 if node.kind == "outlet" else 4
    label = escape(short_label(node, 34))
    sub = "origin · " if origin else ""
    sub += ("agency" if node.agency else "outlet") if node.kind == "outlet" else "article"
    if node.kind == "outlet" and not node.in_input:
        sub += " · not in the input"
    return (
        f'<g><rect x="{x}" y="{y}" width="{_NODE_W}" height="{_NODE_H}" rx="{radius}" '
        f'fill="{fill}" stroke="#57606a"{dash}/>'
        f'<text x="{x + 10}" y="{y + 19}" font-size="11">{label}</text>'
        f'<text x="{x + 10}" y="{y + 35}" font-size="9" fill="#57606a">{escape(sub)}</text>'
        f"<title>{escape(node.id)}</title></g>"
    )
