"""Provenance benchmark: attribution extraction, outlet resolution, graph edges, and ECB+
near-copies, ours beside simple baselines measured in the same run.

    .venv/bin/python bench/provenance.py            # needs ../shared/data

Tables:

1. attribution statements on the hand-annotated gold (``bench/data/provenance``, see its
   README): statement precision/recall, outlet-statement precision/recall, outlet
   resolution; the development set and the held-out set separately;
2. story graphs (29 annotated): relay edges and reuse pairs (precision/recall/F1), reuse
   direction, and exact independent-origin counts;
3. ECB+ near-copies: pairs of one gold cluster sharing >= 50 % of their 5-word shingles,
   whether they come out as copies/rewrites edges, and their direction where dates allow;
4. speed: articles per second of tracing every gold cluster as a story;
5. with ``--translations N``: translation edges on N MEANTIME stories (embedding model).

Baselines: a bare "according to X" regex for attributions; for graphs, that regex's outlets
as relays, pairs with >= 50 % shingle Jaccard as undirected reuse, and every article
counted as its own origin.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from provenance_gold import (
    SHARED,
    AttributionScore,
    load_articles,
    load_gold,
    score_attributions,
)
from storyweave.analyse.provenance import (
    BaselineAttributions,
    OutletRegistry,
    RuleAttributions,
    trace_story,
)
from storyweave.analyse.provenance.when import moment_of
from storyweave.models import Article, EdgeKind, ProvenanceGraph

_WORD = re.compile(r"\w+")
REUSE = {EdgeKind.COPIES, EdgeKind.REWRITES, EdgeKind.TRANSLATES}


def shingle_set(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class GraphCounts:
    relay_gold: int = 0
    relay_pred: int = 0
    relay_hit: int = 0
    reuse_gold: int = 0
    reuse_pred: int = 0
    reuse_hit: int = 0
    kind_right: int = 0
    directed_gold: int = 0
    direction_right: int = 0
    direction_wrong: int = 0
    origins_exact: int = 0
    graphs: int = 0

    def edges(self) -> tuple[float, float, float]:
        hit = self.relay_hit + self.reuse_hit
        precision = hit / max(1, self.relay_pred + self.reuse_pred)
        recall = hit / max(1, self.relay_gold + self.reuse_gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _pairs_of(graph: ProvenanceGraph) -> dict[frozenset[str], tuple[str, str, EdgeKind, bool]]:
    out = {}
    for edge in graph.edges:
        if edge.kind in REUSE:
            a, b = edge.source.removeprefix("article:"), edge.target.removeprefix("article:")
            out[frozenset((a, b))] = (a, b, edge.kind, edge.decided)
    return out


def _relays_of(graph: ProvenanceGraph) -> set[tuple[str, str]]:
    return {
        (e.source.removeprefix("article:"), e.target.removeprefix("outlet:"))
        for e in graph.edges
        if e.kind is EdgeKind.CITES and e.relay and e.decided
    }


def score_graph(
    counts: GraphCounts,
    gold: Mapping[str, object],
    relays: set[tuple[str, str]] | None,
    pairs: Mapping[frozenset[str], tuple[str, str, EdgeKind, bool]],
    origins: int,
) -> None:
    """Add one story's comparison to ``counts`` (relays only where the gold lists them)."""
    counts.graphs += 1
    if "relays" in gold and relays is not None:
        wanted = {(str(a), str(o)) for a, o in gold["relays"]}  # type: ignore[attr-defined]
        counts.relay_gold += len(wanted)
        counts.relay_pred += len(relays)
        counts.relay_hit += len(wanted & relays)
    reuse = gold.get("reuse", [])  # type: ignore[attr-defined]
    counts.reuse_gold += len(reuse)
    counts.reuse_pred += len(pairs)
    for a, b, kind, direction in reuse:
        found = pairs.get(frozenset((a, b)))
        if found is None:
            continue
        counts.reuse_hit += 1
        counts.kind_right += found[2].value == kind
        if direction == "undecided":
            continue
        counts.directed_gold += 1
        source = direction.split("->")[0]
        if found[3]:
            if found[0] == source:
                counts.direction_right += 1
            else:
                counts.direction_wrong += 1
    counts.origins_exact += origins == gold.get("independent_origins")  # type: ignore[attr-defined]


def baseline_graph(
    articles: Sequence[Article], registry: OutletRegistry
) -> tuple[set[tuple[str, str]], dict[frozenset[str], tuple[str, str, EdgeKind, bool]], int]:
    """Relays from the bare regex, undirected >= 50 % Jaccard pairs, one origin per article."""
    regex = BaselineAttributions(registry)
    relays = {
        (a.id, found.outlet)
        for a in articles
        for found in regex.extract(a.id, a.text)
        if found.outlet
    }
    shingles = {a.id: shingle_set(a.text) for a in articles}
    pairs = {
        frozenset((a.id, b.id)): (a.id, b.id, EdgeKind.COPIES, False)
        for a, b in combinations(articles, 2)
        if jaccard(shingles[a.id], shingles[b.id]) >= 0.5
    }
    return relays, pairs, len(articles)


def graph_tables(registry: OutletRegistry) -> tuple[GraphCounts, GraphCounts]:
    gold = load_gold("graphs.jsonl")
    articles = load_articles((g["dataset"], a) for g in gold for a in g["articles"])
    ours, base = GraphCounts(), GraphCounts()
    for record in gold:
        members = [articles[a] for a in record["articles"]]
        graph = trace_story(record["story"], members, registry).graph
        score_graph(ours, record, _relays_of(graph), _pairs_of(graph), graph.independent_origins)
        score_graph(base, record, *baseline_graph(members, registry))
    return ours, base


@dataclass
class NearCopies:
    pairs: int = 0
    found: int = 0
    dated: int = 0
    dated_decided: int = 0
    dated_right: int = 0
    decided_undated: int = 0


def containment(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def near_copies(
    registry: OutletRegistry, threshold: float = 0.5, measure: str = "jaccard"
) -> NearCopies:
    """ECB+ pairs within one gold cluster sharing >= ``threshold`` of their 5-word shingles
    (``jaccard``: of their union; ``containment``: of the shorter one's), traced cluster by
    cluster as the product would trace a story."""
    share = jaccard if measure == "jaccard" else containment
    gold = [
        ("ecbplus-dev", str(r["id"]), str(r["cluster"]))
        for r in load_gold_corpus(SHARED / "ecbplus-dev" / "articles.jsonl")
    ]
    articles = load_articles((d, i) for d, i, _ in gold)
    clusters: dict[str, list[Article]] = defaultdict(list)
    for _, ident, cluster in gold:
        if ident in articles:
            clusters[cluster].append(articles[ident])
    result = NearCopies()
    for cluster, members in sorted(clusters.items()):
        shingles = {a.id: shingle_set(a.text) for a in members}
        wanted = [
            (a, b)
            for a, b in combinations(members, 2)
            if share(shingles[a.id], shingles[b.id]) >= threshold
        ]
        if not wanted:
            continue
        pairs = _pairs_of(trace_story(cluster, members, registry).graph)
        for a, b in wanted:
            result.pairs += 1
            found = pairs.get(frozenset((a.id, b.id)))
            result.found += found is not None and found[2] in {EdgeKind.COPIES, EdgeKind.REWRITES}
            when_a, when_b = moment_of(a), moment_of(b)
            order = when_a.before(when_b) if when_a and when_b else None
            if order is not None:
                result.dated += 1
                later = b.id if order else a.id
                if found is not None and found[3]:
                    result.dated_decided += 1
                    result.dated_right += found[0] == later
            elif found is not None and found[3]:
                result.decided_undated += 1
    return result


@dataclass
class Translations:
    expected: int = 0
    found: int = 0
    false: int = 0
    foreign_pairs: int = 0
    stories: int = 0


def translations(registry: OutletRegistry, limit: int) -> Translations:
    """MEANTIME: each Wikinews story with its Spanish, Italian and Dutch translations.

    Stories are traced in pairs (two stories' eight articles together), so a `translates`
    edge between the two stories is a false one. Needs the embedding model (``embed``)."""
    from storyweave.cluster import E5Vectoriser

    rows = load_gold_corpus(SHARED / "meantime" / "articles.jsonl")
    articles = load_articles(("meantime", str(r["id"])) for r in rows)
    clusters: dict[str, list[Article]] = defaultdict(list)
    for row in rows:
        clusters[str(row["cluster"])].append(articles[str(row["id"])])
    names = sorted(clusters)[: 2 * (limit // 2)]
    model = E5Vectoriser()
    members = [a for name in names for a in clusters[name]]
    encoded = model.encode([f"{a.title or ''}\n{a.text}" for a in members])
    vectors = {a.id: row for a, row in zip(members, encoded, strict=True)}
    label = {a.id: name for name in names for a in clusters[name]}
    result = Translations()
    for first, second in zip(names[::2], names[1::2], strict=True):
        story = clusters[first] + clusters[second]
        result.stories += 2
        result.expected += sum(
            len(clusters[n]) * (len(clusters[n]) - 1) // 2 for n in (first, second)
        )
        result.foreign_pairs += len(clusters[first]) * len(clusters[second])
        graph = trace_story(first, story, registry, vectors=vectors).graph
        for edge in graph.edges:
            if edge.kind is EdgeKind.TRANSLATES:
                a, b = edge.source.removeprefix("article:"), edge.target.removeprefix("article:")
                if label[a] == label[b]:
                    result.found += 1
                else:
                    result.false += 1
    return result


def speed(registry: OutletRegistry) -> list[str]:
    """Articles per second of tracing every gold cluster of ECB+ and NewsWCL50 as a story,
    ours beside the baseline (regex relays and Jaccard pairs), in the same run."""
    import time

    lines = ["| corpus | articles | stories | provenance-dag.v1 articles/s | baseline articles/s |",
             "|---|---|---|---|---|"]  # fmt: skip
    for corpus in ("ecbplus-dev", "newswcl50"):
        rows = load_gold_corpus(SHARED / corpus / "articles.jsonl")
        articles = load_articles((corpus, str(r["id"])) for r in rows)
        clusters: dict[str, list[Article]] = defaultdict(list)
        for row in rows:
            clusters[str(row["cluster"])].append(articles[str(row["id"])])
        rates = []
        for run in (
            lambda m, n: trace_story(n, m, registry),
            lambda m, n: baseline_graph(m, registry),
        ):
            start = time.perf_counter()
            for name, members in clusters.items():
                run(members, name)
            rates.append(len(articles) / max(1e-9, time.perf_counter() - start))
        lines.append(
            f"| {corpus} | {len(articles)} | {len(clusters)} | {rates[0]:.0f} | {rates[1]:.0f} |"
        )
    return lines


def load_gold_corpus(path: Path) -> list[dict[str, object]]:
    import json

    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _attribution_row(name: str, score: AttributionScore) -> str:
    return (
        f"| {name} | {score.gold} | {score.predicted} | {score.precision:.3f} | "
        f"{score.recall:.3f} | {score.outlet_precision:.3f} | {score.outlet_recall:.3f} | "
        f"{score.resolution:.3f} ({score.resolved}/{score.resolvable}) |"
    )


def attribution_table(registry: OutletRegistry) -> list[str]:
    lines = [
        "| set / extractor | gold | predicted | P | R | outlet P | outlet R | outlet resolution |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for file, label in (("attributions.jsonl", "dev"), ("attributions-heldout.jsonl", "held-out")):
        gold = load_gold(file)
        articles = load_articles((g["dataset"], g["id"]) for g in gold)
        for extractor in (RuleAttributions(registry), BaselineAttributions(registry)):
            score = score_attributions(
                lambda a, own, e=extractor: e.extract(a.id, a.text, own), gold, articles, registry
            )
            lines.append(_attribution_row(f"{label} / {extractor.algorithm}", score))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--translations", type=int, default=0, metavar="N",
        help="also measure translation edges on N MEANTIME stories (needs the embed extra)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared corpora not found at {SHARED}", file=sys.stderr)
        return 1
    registry = OutletRegistry.default()
    print("## Attribution statements\n")
    print("\n".join(attribution_table(registry)))
    ours, base = graph_tables(registry)
    print(f"\n## Story graphs ({ours.graphs} annotated)\n")
    print("| system | relay P | relay R | reuse P | reuse R | edge P | edge R | edge F1 | "
          "reuse kind | direction right/wrong of directed | origins exact |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, c in (("provenance-dag.v1", ours), ("baseline", base)):
        p, r, f = c.edges()
        relay_p, relay_r = c.relay_hit / max(1, c.relay_pred), c.relay_hit / max(1, c.relay_gold)
        reuse_p, reuse_r = c.reuse_hit / max(1, c.reuse_pred), c.reuse_hit / max(1, c.reuse_gold)
        print(
            f"| {name} | {relay_p:.3f} | {relay_r:.3f} | {reuse_p:.3f} | {reuse_r:.3f} | "
            f"{p:.3f} | {r:.3f} | {f:.3f} | "
            f"{c.kind_right}/{c.reuse_hit} | {c.direction_right}/{c.direction_wrong} of "
            f"{c.directed_gold} | {c.origins_exact}/{c.graphs} |"
        )
    print("\n## ECB+ near-copies (same gold cluster, >= 50 % shared 5-word shingles)\n")
    print("| shared of | pairs | as copies/rewrites | both dated | direction decided | right | "
          "decided without dates |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for measure in ("jaccard", "containment"):
        copies = near_copies(registry, measure=measure)
        print(
            f"| {measure} | {copies.pairs} | {copies.found} | {copies.dated} | "
            f"{copies.dated_decided} | {copies.dated_right} | {copies.decided_undated} |"
        )
    print("\n## Speed (one process, all gold clusters traced as stories)\n")
    print("\n".join(speed(registry)))
    if args.translations:
        found = translations(registry, args.translations)
        print(f"\n## MEANTIME translations ({found.stories} stories, traced two at a time)\n")
        print("| translation pairs | found | false translates across stories | pairs across |")
        print("|---|---|---|---|")
        print(f"| {found.expected} | {found.found} | {found.false} | {found.foreign_pairs} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
