"""The hand-annotated provenance gold set and its scoring (used by bench/provenance.py and
the floors in tests/bench/test_provenance_gold.py).

Gold files live in ``bench/data/provenance/`` (see its README for how they were annotated):

- ``attributions.jsonl``: per article, every attribution statement a reader finds, as an
  ``evidence`` snippet (unique in the text, or the ``n``-th occurrence), the ``source``
  phrase inside it, its ``kind`` and the ``outlet`` (registry id; ``~Name`` for an outlet the
  registry does not know; null for non-outlets);
- ``graphs.jsonl``: per story, its articles and the relay and reuse edges a reader finds.

Articles are read from ``shared/data`` (and the bundled seeds) through the product's own
readers and cleaner, so offsets are those the product stores.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from storyweave.analyse.provenance import OutletRegistry
from storyweave.clean import to_article
from storyweave.ingest import read_bytes
from storyweave.models import Article, Attribution, RawDocument
from storyweave.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "provenance"
SHARED = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "examples" / "corpus" / "seeds"
Extract = Callable[[Article, str | None], list[Attribution]]


@dataclass(frozen=True)
class Span:
    """A gold statement located in the article's text."""

    start: int
    end: int
    kind: str
    outlet: str | None


def load_articles(wanted: Iterable[tuple[str, str]], data: Path = SHARED) -> dict[str, Article]:
    """(dataset, id) pairs -> cleaned Articles, read the way ``storyweave ingest`` reads."""
    settings = Settings(db=":memory:")
    by_dataset: dict[str, set[str]] = {}
    for dataset, ident in wanted:
        by_dataset.setdefault(dataset, set()).add(ident)
    found: dict[str, Article] = {}
    for dataset, ids in by_dataset.items():
        if dataset == "seeds":
            for ident in ids:
                data_bytes = (SEEDS / f"{ident}.txt").read_bytes()
                found[ident] = _clean(read_bytes(data_bytes, f"{ident}.txt", settings), settings)
            continue
        with (data / dataset / "articles.jsonl").open("rb") as lines:
            for line in lines:
                if json.loads(line)["id"] in ids:
                    article = _clean(read_bytes(line, dataset, settings), settings)
                    found[article.id] = article
    return found


def _clean(items: Iterable[object], settings: Settings) -> Article:
    for item in items:
        if isinstance(item, RawDocument):
            article = to_article(item, settings)
            if item.external_id is None:  # the seeds: name them by file
                ident = item.locator.removesuffix(".txt")
                return replace(article, id=ident)
            return article
    raise ValueError("no article read")


def load_gold(name: str) -> list[dict[str, Any]]:
    with (GOLD / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def locate(text: str, statement: Mapping[str, Any]) -> Span:
    """Where a gold statement's source phrase is in ``text`` (ValueError if absent)."""
    evidence, source = statement["evidence"], statement["source"]
    start = -1
    for _ in range(int(statement.get("n", 1))):
        start = text.find(evidence, start + 1)
        if start < 0:
            raise ValueError(f"evidence {evidence!r} not in the text")
    inner = evidence.find(source)
    if inner < 0:
        raise ValueError(f"source {source!r} not inside evidence {evidence!r}")
    return Span(start + inner, start + inner + len(source), statement["kind"], statement["outlet"])


@dataclass(frozen=True)
class AttributionScore:
    gold: int
    predicted: int
    matched: int
    outlet_gold: int
    outlet_predicted: int
    outlet_matched: int
    resolved: int  # matched gold outlet statements whose outlet is right
    resolvable: int  # matched gold outlet statements

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def outlet_precision(self) -> float:
        return self.outlet_matched / self.outlet_predicted if self.outlet_predicted else 0.0

    @property
    def outlet_recall(self) -> float:
        return self.outlet_matched / self.outlet_gold if self.outlet_gold else 0.0

    @property
    def resolution(self) -> float:
        return self.resolved / self.resolvable if self.resolvable else 0.0


def _is_outlet(kind: str, outlet: str | None) -> bool:
    return kind == "outlet" or (kind == "document" and outlet is not None)


def _right_outlet(gold: str | None, predicted: str | None, registry: OutletRegistry) -> bool:
    if gold is not None and gold.startswith("~"):  # not in the registry: must not be mapped
        return predicted is None or predicted not in registry
    return gold == predicted


def score_attributions(
    extract: Extract,
    gold: Sequence[Mapping[str, Any]],
    articles: Mapping[str, Article],
    registry: OutletRegistry,
) -> AttributionScore:
    """Statement-level precision/recall (source phrases overlapping), outlet-statement
    precision/recall, and outlet resolution over the matched outlet statements."""
    totals = dict.fromkeys(
        ("gold", "predicted", "matched", "og", "op", "om", "resolved", "resolvable"), 0
    )
    for record in gold:
        article = articles[record["id"]]
        spans = [locate(article.text, s) for s in record["statements"]]
        own = registry.own_outlet(article.source, article.url)
        predicted = extract(article, own.key if own else None)
        used: set[int] = set()
        totals["gold"] += len(spans)
        totals["predicted"] += len(predicted)
        totals["og"] += sum(_is_outlet(s.kind, s.outlet) for s in spans)
        totals["op"] += sum(_is_outlet(p.kind.value, p.outlet) for p in predicted)
        for span in spans:
            match = next(
                (i for i, p in enumerate(predicted)
                 if i not in used and p.source_start < span.end and span.start < p.source_end),
                None,
            )  # fmt: skip
            if match is None:
                continue
            used.add(match)
            totals["matched"] += 1
            guess = predicted[match]
            if _is_outlet(span.kind, span.outlet):
                if _is_outlet(guess.kind.value, guess.outlet):
                    totals["om"] += 1
                totals["resolvable"] += 1
                totals["resolved"] += _right_outlet(span.outlet, guess.outlet, registry)
    return AttributionScore(
        totals["gold"], totals["predicted"], totals["matched"], totals["og"], totals["op"],
        totals["om"], totals["resolved"], totals["resolvable"],
    )  # fmt: skip
