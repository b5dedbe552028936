"""The coverage comparison of a story, rendered three ways from one dict: terminal, JSON,
Markdown (one view, several renderings). Used by ``storyweave story``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console

from storyweave.cli._common import shorten, table
from storyweave.models import Article, Comparison, Span, Story

#: Rows of the fact matrix in the terminal (JSON and Markdown carry every fact).
TERMINAL_FACTS = 40
MARKS = {"support": "●", "conflict": "▲", "omit": "·"}


def span_dict(span: Span) -> dict[str, object]:
    return {"article": span.article_id, "start": span.start, "end": span.end, "text": span.text}


def fact_status(comparison: Comparison) -> dict[str, str]:
    """Fact id -> shared, unique or conflicting."""
    conflicting = {c.fact_id for c in comparison.conflicts}
    return {
        f.id: "conflicting"
        if f.id in conflicting
        else "shared"
        if len(f.articles) > 1
        else "unique"
        for f in comparison.facts
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """A JSON-ready view of the comparison; spans are character offsets into cleaned texts."""
    status = fact_status(comparison)
    labels = comparison.sources
    unique: dict[str, list[str]] = {labels[a]: [] for a in comparison.articles}
    for fact in comparison.facts:
        if len(fact.articles) == 1:
            unique[labels[fact.articles[0]]].append(fact.id)
    return {
        "algorithm": comparison.algorithm,
        "headline": comparison.headline,
        "notes": list(comparison.notes),
        "sources": [{"article": a, "label": labels[a]} for a in comparison.articles],
        "summary": [
            {
                "text": s.text,
                "fact": s.fact_id,
                "origins": s.origins,
                "citations": [span_dict(c) for c in s.citations],
            }
            for s in comparison.summary
        ],
        "facts": [
            {
                "id": f.id,
                "status": status[f.id],
                "wording": span_dict(f.wording),
                "articles": list(f.articles),
                "origins": f.origins,
                "score": f.score,
                "omitted_by": list(f.omitted_by),
                "evidence": [span_dict(e) for e in f.evidence],
                "additions": [{"article": a, "detail": d} for a, d in f.additions],
            }
            for f in comparison.facts
        ],
        "unique_by_source": unique,
        "conflicts": [
            {
                "fact": c.fact_id,
                "kind": c.kind,
                "left": span_dict(c.left),
                "right": span_dict(c.right),
                "left_value": c.left_value,
                "right_value": c.right_value,
                "note": c.note,
            }
            for c in comparison.conflicts
        ],
        "quotes": [
            {
                "id": q.id,
                "speaker": q.speaker,
                "speaker_kind": q.speaker_kind,
                "drift": list(q.drift),
                "versions": [
                    {
                        "span": span_dict(v.span),
                        "speaker": v.speaker,
                        "speaker_kind": v.speaker_kind,
                        "direct": v.direct,
                    }
                    for v in q.versions
                ],
            }
            for q in comparison.quotes
        ],
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "aliases": list(e.aliases),
                "articles": list(e.articles),
                "mentions": len(e.mentions),
            }
            for e in comparison.entities
        ],
        "timeline": [
            {
                "article": t.article_id,
                "source": t.source,
                "published": t.published.isoformat() if t.published else None,
                "new_facts": list(t.new_facts),
            }
            for t in comparison.timeline
        ],
    }


def _matrix_rows(comparison: Comparison, limit: int | None) -> list[list[str]]:
    status = fact_status(comparison)
    in_conflict = {
        (c.fact_id, s.article_id) for c in comparison.conflicts for s in (c.left, c.right)
    }
    rows: list[list[str]] = []
    for fact in comparison.facts[:limit]:
        cells = [
            MARKS["conflict"]
            if (fact.id, a) in in_conflict
            else MARKS["support"]
            if a in fact.articles
            else MARKS["omit"]
            for a in comparison.articles
        ]
        rows.append([fact.id, status[fact.id], str(fact.origins), *cells, fact.wording.text])
    return rows


def _source_legend(comparison: Comparison) -> list[str]:
    return [f"{n}: {comparison.sources[a]} ({a})" for n, a in enumerate(comparison.articles, 1)]


def _counts(comparison: Comparison) -> str:
    status = list(fact_status(comparison).values())
    return (
        f"{len(status)} facts: {status.count('shared')} shared, {status.count('unique')} unique, "
        f"{status.count('conflicting')} conflicting"
    )


def render_terminal(out: Console, story: Story, comparison: Comparison) -> None:
    """Headline, summary, fact matrix, conflicts, quotes, entities and timeline."""
    out.print(comparison.headline or story.headline, style="bold")
    out.print(f"{story.id} · {story.size} articles · {comparison.algorithm}", style="dim")
    for note in comparison.notes:
        out.print(f"note: {note}", style="dim")
    number = {a: n for n, a in enumerate(comparison.articles, 1)}
    out.print("\nSummary", style="bold")
    for i, sentence in enumerate(comparison.summary, 1):
        cites = ", ".join(f"[{number[c.article_id]}:{c.start}-{c.end}]" for c in sentence.citations)
        out.print(f"{i}. {sentence.text} {cites} ({sentence.origins} origin(s))")
    out.print(
        f"\nFact matrix ({_counts(comparison)}; ● reports, ▲ conflicts, · omits)", style="bold"
    )
    columns = ["fact", "status", "origins", *map(str, number.values()), "best wording"]
    out.print(table(columns, _matrix_rows(comparison, TERMINAL_FACTS)))
    if len(comparison.facts) > TERMINAL_FACTS:
        out.print(
            f"… {len(comparison.facts) - TERMINAL_FACTS} more (see --json or --format markdown)"
        )
    out.print("sources: " + "; ".join(_source_legend(comparison)), style="dim")
    _terminal_details(out, comparison, number)


def _terminal_details(out: Console, comparison: Comparison, number: Mapping[str, int]) -> None:
    out.print(f"\nConflicts ({len(comparison.conflicts)})", style="bold")
    for c in comparison.conflicts:
        out.print(
            f"- {c.kind}: {c.left_value!r} [{number[c.left.article_id]}] vs "
            f"{c.right_value!r} [{number[c.right.article_id]}] in {c.fact_id}"
            + (f" ({c.note})" if c.note else "")
        )
        out.print(f"    [{number[c.left.article_id]}] {shorten(c.left.text, 150)}")
        out.print(f"    [{number[c.right.article_id]}] {shorten(c.right.text, 150)}")
    out.print(f"\nQuotes ({len(comparison.quotes)})", style="bold")
    for q in comparison.quotes:
        where = ", ".join(sorted({str(number[v.span.article_id]) for v in q.versions}))
        kind = "direct" if any(v.direct for v in q.versions) else "indirect"
        out.print(
            f"- {q.speaker or 'unknown speaker'} ({q.speaker_kind}, {kind}) [{where}]: "
            f"{shorten(q.versions[0].span.text, 140)}"
        )
        for drift in q.drift:
            out.print(f"    drift: {shorten(drift, 150)}")
    out.print(f"\nEntities ({len(comparison.entities)})", style="bold")
    rows = [
        [e.kind, str(len(e.articles)), str(len(e.mentions)), e.name, ", ".join(e.aliases)]
        for e in comparison.entities[:30]
    ]
    out.print(table(["kind", "articles", "mentions", "name", "also"], rows))
    out.print("\nTimeline", style="bold")
    own = {(e.article_id, f.id): e.text for f in comparison.facts for e in f.evidence}
    for t in comparison.timeline:
        when = t.published.date().isoformat() if t.published else "undated"
        first = shorten(own[(t.article_id, t.new_facts[0])], 100) if t.new_facts else ""
        out.print(
            f"- {when} [{number[t.article_id]}] {comparison.sources[t.article_id]}: "
            f"{len(t.new_facts)} new fact(s)" + (f", first: {first}" if first else "")
        )


def _md(text: str | None) -> str:
    """Cell text safe for a Markdown table: one line, pipes and markup escaped."""
    value = " ".join((text or "").split())
    for ch in "\\|*_`[]<>":
        value = value.replace(ch, "\\" + ch)
    return value


def render_markdown(story: Story, comparison: Comparison, articles: Sequence[Article]) -> str:
    """The whole comparison as a Markdown document (every fact, conflict, quote, entity)."""
    number = {a: n for n, a in enumerate(comparison.articles, 1)}
    lines = [
        f"# {_md(comparison.headline or story.headline)}",
        "",
        f"Story `{story.id}`, {story.size} articles; {comparison.algorithm}.",
        "",
    ]
    lines += [f"> note: {_md(n)}" for n in comparison.notes] + ["", "## Sources", ""]
    by_id = {a.id: a for a in articles}
    for a, n in number.items():
        title = by_id[a].title if a in by_id else ""
        lines.append(f"{n}. {_md(comparison.sources[a])}: {_md(title)} (`{a}`)")
    lines += ["", "## Summary", ""]
    for s in comparison.summary:
        cites = ", ".join(f"[{number[c.article_id]}: {c.start}–{c.end}]" for c in s.citations)
        lines.append(f"- {_md(s.text)} {cites} ({s.origins} independent origin(s))")
    lines += [
        "",
        f"## Facts ({_counts(comparison)})",
        "",
        "| fact | status | origins | " + " | ".join(map(str, number.values())) + " | wording |",
        "|---|---|---|" + "---|" * len(number) + "---|",
    ]
    for row in _matrix_rows(comparison, None):
        lines.append("| " + " | ".join(_md(cell) for cell in row) + " |")
    lines += ["", f"## Conflicts ({len(comparison.conflicts)})", ""]
    for c in comparison.conflicts:
        lines.append(
            f"- **{c.kind}** in `{c.fact_id}`: {_md(c.left_value)} "
            f"[{number[c.left.article_id]}: “{_md(c.left.text)}”] vs "
            f"{_md(c.right_value)} [{number[c.right.article_id]}: “{_md(c.right.text)}”]"
            + (f" ({_md(c.note)})" if c.note else "")
        )
    lines += ["", f"## Quotes ({len(comparison.quotes)})", ""]
    for q in comparison.quotes:
        where = ", ".join(sorted({str(number[v.span.article_id]) for v in q.versions}))
        lines.append(
            f"- {_md(q.speaker or 'unknown speaker')} ({q.speaker_kind}) [{where}]: "
            f"“{_md(q.versions[0].span.text)}”"
        )
        lines += [f"  - drift: {_md(d)}" for d in q.drift]
    lines += ["", "## Entities", "", "| name | kind | also | articles |", "|---|---|---|---|"]
    for e in comparison.entities:
        lines.append(
            f"| {_md(e.name)} | {e.kind} | {_md(', '.join(e.aliases))} | {len(e.articles)} |"
        )
    lines += ["", "## Timeline", ""]
    for t in comparison.timeline:
        when = t.published.isoformat() if t.published else "undated"
        lines.append(
            f"- {when} [{number[t.article_id]}] {_md(comparison.sources[t.article_id])}: "
            f"{len(t.new_facts)} new fact(s)"
        )
    return "\n".join(lines) + "\n"
