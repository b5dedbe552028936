"""The provenance command: where a story came from, as a tree, JSON, DOT or SVG."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import click

from storyweave import pipeline_provenance
from storyweave.analyse.provenance import (
    ATTRIBUTION_ALGORITHM,
    GRAPH_ALGORITHM,
    graph_to_dict,
    short_label,
    to_dot,
    to_svg,
)
from storyweave.cli._common import CliContext, find_story, pass_context, shorten, stdout
from storyweave.errors import ConfigError, NotFound
from storyweave.models import Attribution, ProvenanceEdge, ProvenanceGraph, SourceKind
from storyweave.store import Store

FORMATS = ("text", "json", "dot", "svg")


@click.command()
@click.argument("ref", metavar="STORY")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (same as --format json).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: a tree from the origins; dot: Graphviz; svg: a drawing.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
@click.option("--retrace", is_flag=True, help="Trace the story again even if it is up to date.")
@click.option("--statements/--no-statements", default=True, show_default=True,
              help="In text: list each article's attribution statements.")  # fmt: skip
@pass_context
def provenance(
    state: CliContext,
    ref: str,
    as_json: bool,
    fmt: str,
    output: str | None,
    retrace: bool,
    statements: bool,
) -> None:
    """Show where a story came from: who relays whom, copies, and independent origins.

    The tree starts at each origin (an outlet or article nothing else explains) and lists
    what derives from it: cites (attributions such as "according to Le Monde", "(AP)"),
    copies, rewrites and translations, each with its evidence. Undecided edges (same or no
    publication time, mutual citation) are marked, never guessed. STORY may be a unique id
    prefix, or the file of an ingested article (its story); a story not traced yet (or
    changed since) is traced first.

    \b
    Example:
      storyweave provenance s3f9a
      storyweave provenance s3f9a --format svg -o story.svg
    """
    fmt = "json" if as_json else fmt
    store = state.store
    story = find_story(state, ref)
    pipeline_provenance.trace_stories(store, state.settings, [story.id], force=retrace)
    graph = store.get_provenance(story.id, GRAPH_ALGORITHM)
    if fmt == "json":
        _emit(_json_text(store, graph, story.headline), output)
        return
    if fmt in {"dot", "svg"}:
        _emit(to_dot(graph) if fmt == "dot" else to_svg(graph), output)
        return
    lines = _tree(graph, story.headline)
    if statements:
        lines.extend(_statements(store, graph))
    if output:
        _write(output, "\n".join(lines) + "\n")
    else:
        out = stdout()
        for line in lines:
            out.print(line)


def _json_text(store: Store, graph: ProvenanceGraph, headline: str) -> str:
    data = graph_to_dict(graph)
    data["headline"] = headline
    data["attributions"] = {
        node.id.removeprefix("article:"): [
            _attribution_dict(a) for a in _stored(store, node.id.removeprefix("article:"))
        ]
        for node in graph.nodes
        if node.kind == "article"
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def _emit(text: str, output: str | None) -> None:
    if output:
        _write(output, text)
    else:
        sys.stdout.write(text)


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path!r}: {exc.strerror or exc}") from None


def _stored(store: Store, article_id: str) -> list[Attribution]:
    try:
        return store.attributions(article_id, ATTRIBUTION_ALGORITHM)
    except NotFound:
        return []


def _attribution_dict(a: Attribution) -> dict[str, object]:
    return {
        "source": a.source, "kind": a.kind.value, "outlet": a.outlet, "cue": a.cue,
        "start": a.start, "end": a.end, "source_start": a.source_start,
        "source_end": a.source_end, "self_reference": a.self_reference,
    }  # fmt: skip


def _tree(graph: ProvenanceGraph, headline: str) -> list[str]:
    nodes = {n.id: n for n in graph.nodes}
    lines = [
        f"{headline}",
        f"story {graph.story_id} · {graph.articles} articles · {graph.outlets} outlets · "
        f"{graph.independent_origins} independent origin"
        f"{'' if graph.independent_origins == 1 else 's'} · {graph.wire_copies} wire-derived · "
        f"{graph.undecided} undecided",
        "",
    ]
    children: dict[str, list[ProvenanceEdge]] = defaultdict(list)
    for edge in graph.edges:
        children[edge.target].append(edge)
    shown: set[str] = set()

    def walk(node_id: str, prefix: str) -> None:
        kids = sorted(children.get(node_id, ()), key=lambda e: (not e.decided, e.source))
        for index, edge in enumerate(kids):
            last = index == len(kids) - 1
            branch, deeper = ("└── ", "    ") if last else ("├── ", "│   ")
            node = nodes.get(edge.source)
            name = short_label(node) if node else edge.source
            outlet = nodes.get(node.outlet) if node and node.outlet else None
            by = f" [{outlet.label}]" if outlet else " [outlet unknown]"
            marks = _marks(edge)
            again = " (see above)" if edge.source in shown else ""
            lines.append(f"{prefix}{branch}{edge.kind.value} ← {name}{by}{marks}{again}")
            lines.append(f"{prefix}{deeper}    {shorten(edge.evidence, 110)}")
            if edge.source not in shown:
                shown.add(edge.source)
                walk(edge.source, prefix + deeper)

    for origin in graph.origins:
        node = nodes.get(origin)
        if node is None:
            continue
        where = "" if node.in_input else ", not in the input"
        kind = "agency" if node.agency else node.kind
        outlet = nodes.get(node.outlet) if node.outlet else None
        by = f" [{outlet.label}]" if outlet else ""
        lines.append(f"origin: {short_label(node)}{by} ({kind}{where})")
        shown.add(origin)
        walk(origin, "")
        if outlet is not None and outlet.id not in shown and children.get(outlet.id):
            lines.append(f"  relays of {outlet.label}, whose report this is:")
            shown.add(outlet.id)
            walk(outlet.id, "  ")
    rest = [n for n in nodes if n not in shown and children.get(n)]
    for node_id in rest:
        if node_id in shown:
            continue
        lines.append(f"{short_label(nodes[node_id])} (cited; not an origin)")
        shown.add(node_id)
        walk(node_id, "")
    return lines


def _marks(edge: ProvenanceEdge) -> str:
    marks = []
    if not edge.decided:
        marks.append("UNDECIDED")
    if edge.kind.value == "cites" and not edge.relay and not edge.reason:
        marks.append("mention")
    if edge.reason:
        marks.append(edge.reason)
    return f"  ({'; '.join(marks)})" if marks else ""


def _statements(store: Store, graph: ProvenanceGraph) -> list[str]:
    lines = ["", "attribution statements:"]
    for node in graph.nodes:
        if node.kind != "article":
            continue
        article_id = node.id.removeprefix("article:")
        found = _stored(store, article_id)
        lines.append(f"  {article_id}: {len(found)}")
        for a in found:
            target = f" -> {a.outlet}" if a.outlet else ""
            own = " (its own outlet)" if a.self_reference else ""
            kind = a.kind.value if a.kind is not SourceKind.OUTLET else "OUTLET"
            where = f"@{a.source_start}-{a.source_end}"
            lines.append(f"    {kind:12} {shorten(a.source, 40)!r}{target}{own}  [{a.cue} {where}]")
    return lines


COMMANDS = (provenance,)
