"""Every story-assignment decision with its features and gold label, for studying the scoring.

    .venv/bin/python bench/story_decisions.py [--corpus NAME]... [--seed N]...
        [--vectoriser e5|none] [--jsonl FILE]

Each corpus is blinded (``corpora.blind``), ingested into an in-memory store and assigned by
the pipeline exactly as ``storyweave cluster`` does (same arrival order, same duplicate
following, same embedding cascade). Every candidate story the clusterer scored for an article
(the top ``explain_candidates`` of the decision, as stored with the assignment) becomes one
row: the stored features (lexical, names, vector when the article was embedded, decay,
same_language), the score, the story's size at decision time, and features computed here from
the story's members at that moment:

- ``year_shared`` / ``year_conflict``: years (1900-2099) the article and the story's typical
  names (named by at least half its members) share, and whether both name years but none in
  common;
- ``number_shared`` / ``number_conflict``: the same for other numbers;
- ``rare_shared``: names the article shares with the story that at most 2 % of the articles
  seen so far (or 2 of them, whichever is more) contain, and ``rare_idf`` their summed IDF;
- ``cover_article`` / ``cover_story``: the IDF share of the article's names found in the
  story, and of the story's typical names found in the article.

A row's label is whether the article's gold event is the majority gold event of the story's
members. The table gives, per corpus, the decisions, how many joined the wrong story or
missed the right one, and each feature's average precision at ranking true candidates.
``--jsonl`` writes the rows (one JSON object a line) for model fitting elsewhere.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpora import CORPORA, blind, gold_labels, load_corpus, write_jsonl
from storyweave import pipeline
from storyweave.cluster import features_of
from storyweave.models import Assignment
from storyweave.pipeline_stories import assign_stories
from storyweave.settings import Settings
from storyweave.store import open_store

_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMBER = re.compile(r"^\d[\d.]*$")
RARE_SHARE = 0.02
RARE_MIN_DF = 2
STORED = ("score", "lexical", "names", "vector", "decay", "same_language")
COMPUTED = (
    "size",
    "year_shared",
    "year_conflict",
    "number_shared",
    "number_conflict",
    "rare_shared",
    "rare_idf",
    "cover_article",
    "cover_story",
)
Row = dict[str, Any]


@dataclass
class Replay:
    """Story membership and name statistics as they stood at each decision."""

    gold: dict[str, str]
    members: dict[str, list[str]] = field(default_factory=dict)
    names_of: dict[str, frozenset[str]] = field(default_factory=dict)
    name_df: Counter[str] = field(default_factory=Counter)
    seen: int = 0

    def majority(self, story_id: str) -> str | None:
        members = self.members.get(story_id)
        return Counter(self.gold[m] for m in members).most_common(1)[0][0] if members else None

    def story_names(self, story_id: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for member in self.members[story_id]:
            counts.update(self.names_of[member])
        return counts

    def idf(self, name: str) -> float:
        return math.log((1 + self.seen) / (1 + self.name_df[name])) + 1.0

    def after(self, assignment: Assignment) -> None:
        """Record the decision's outcome (the article's story, the merges it caused)."""
        for gone in assignment.merged:
            self.members.setdefault(assignment.story_id, []).extend(self.members.pop(gone, []))
        self.members.setdefault(assignment.story_id, []).append(assignment.article_id)


def _split(names: Iterable[str]) -> tuple[set[str], set[str]]:
    years = {n for n in names if _YEAR.match(n)}
    return years, {n for n in names if _NUMBER.match(n) and n not in years}


def computed_features(
    names: frozenset[str], story: Counter[str], size: int, replay: Replay
) -> dict[str, float]:
    """The features computed here for an article's names against a story's name counts."""
    typical = {n for n, count in story.items() if 2 * count >= size}
    (years, numbers), (story_years, story_numbers) = _split(names), _split(typical)
    most = max(RARE_MIN_DF, RARE_SHARE * replay.seen)
    rare = [n for n in names if n in story and replay.name_df[n] <= most]
    mass = sum(replay.idf(n) for n in names) or 1.0
    typical_mass = sum(replay.idf(n) for n in typical) or 1.0
    return {
        "size": float(size),
        "year_shared": float(len(years & story_years)),
        "year_conflict": float(bool(years and story_years) and not years & story_years),
        "number_shared": float(len(numbers & story_numbers)),
        "number_conflict": float(bool(numbers and story_numbers) and not numbers & story_numbers),
        "rare_shared": float(len(rare)),
        "rare_idf": float(sum(replay.idf(n) for n in rare)),
        "cover_article": sum(replay.idf(n) * story[n] / size for n in names if n in story) / mass,
        "cover_story": sum(replay.idf(n) for n in typical if n in names) / typical_mass,
    }


def decision_rows(
    assignments: Sequence[Assignment], names: dict[str, frozenset[str]], gold: dict[str, str]
) -> list[Row]:
    """One row per scored candidate of every decision, in decision order."""
    replay = Replay(gold, names_of=names)
    rows: list[Row] = []
    for step, assignment in enumerate(assignments):
        article = assignment.article_id
        replay.seen += 1
        replay.name_df.update(names[article])
        for candidate in assignment.candidates:
            if "duplicate" in candidate.features or candidate.story_id not in replay.members:
                continue
            size = len(replay.members[candidate.story_id])
            story = replay.story_names(candidate.story_id)
            row: Row = {"step": step, "article": article, "story": candidate.story_id}
            row.update({k: candidate.features[k] for k in STORED[1:] if k in candidate.features})
            row["score"] = candidate.score
            row.update(computed_features(names[article], story, size, replay))
            row["chosen"] = candidate.story_id == assignment.story_id and not assignment.new_story
            row["label"] = replay.majority(candidate.story_id) == gold[article]
            rows.append(row)
        replay.after(assignment)
    return rows


def cluster_in_process(
    articles: Sequence[dict[str, Any]], vectoriser: str
) -> tuple[list[Assignment], dict[str, frozenset[str]]]:
    """Assign blinded articles through the pipeline; assignments in decision order."""
    settings = Settings(db=":memory:", vectoriser=vectoriser, min_text_chars=1)
    with tempfile.TemporaryDirectory(prefix="storyweave-decisions-") as folder:
        path = write_jsonl(articles, Path(folder) / "articles.jsonl")
        with open_store(":memory:") as store:
            pipeline.ingest([str(path)], store, settings)
            order = [i for ids in store.unassigned_in_arrival_order(1000) for i in ids]
            assign_stories(store, settings)
            assignments = [store.get_assignment(i) for i in order]
            names = {a.id: features_of(a).names for a in store.articles_by_ids(order)}
    return assignments, names


def average_precision(labels: Sequence[bool], values: Sequence[float]) -> float:
    """Average precision of ranking by ``values`` (ties broken against the positives)."""
    ranked = sorted(zip(values, labels, strict=True), key=lambda pair: (-pair[0], pair[1]))
    hits, total = 0, 0.0
    for rank, (_, positive) in enumerate(ranked, start=1):
        if positive:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def outcomes(rows: Sequence[Row], decisions: int) -> dict[str, int]:
    """Joins to the wrong story, and articles that started a story while the right one was a
    candidate (missed joins)."""
    by_step: dict[int, list[Row]] = {}
    for row in rows:
        by_step.setdefault(row["step"], []).append(row)
    wrong = sum(any(r["chosen"] and not r["label"] for r in rs) for rs in by_step.values())
    missed = sum(
        not any(r["chosen"] for r in rs) and any(r["label"] for r in rs) for rs in by_step.values()
    )
    return {"decisions": decisions, "wrong_joins": wrong, "missed_joins": missed}


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def report(corpus: str, rows: Sequence[Row], decisions: int) -> list[str]:
    labels = [bool(r["label"]) for r in rows]
    counts = outcomes(rows, decisions)
    lines = [
        f"{corpus}: {counts['decisions']} decisions, {len(rows)} candidates "
        f"({sum(labels)} true), {counts['wrong_joins']} wrong joins, "
        f"{counts['missed_joins']} missed joins",
        "| feature | AP | mean (true) | mean (false) |",
        "|---|---|---|---|",
    ]
    for name in (*STORED, *COMPUTED):
        values = [float(r.get(name, 0.0)) for r in rows]
        true = [v for v, y in zip(values, labels, strict=True) if y]
        false = [v for v, y in zip(values, labels, strict=True) if not y]
        ap = average_precision(labels, values)
        lines.append(f"| {name} | {ap:.3f} | {_mean(true):.3f} | {_mean(false):.3f} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", choices=list(CORPORA))
    parser.add_argument("--seed", type=int, action="append", help="blinding seed (default 0)")
    parser.add_argument("--vectoriser", choices=("e5", "none"), default="e5")
    parser.add_argument("--jsonl", type=Path, help="write every candidate row here")
    args = parser.parse_args(argv)
    out = args.jsonl.open("w", encoding="utf-8") if args.jsonl else None
    for corpus in args.corpus or list(CORPORA):
        articles = load_corpus(corpus)
        for seed in args.seed or [0]:
            blinded, original = blind(articles, seed)
            gold_by_id = gold_labels(articles)
            gold = {b: gold_by_id[o] for b, o in original.items()}
            assignments, names = cluster_in_process(blinded, args.vectoriser)
            rows = decision_rows(assignments, names, gold)
            print("\n".join(report(f"{corpus} (seed {seed})", rows, len(assignments))), "\n")
            for row in rows if out else ():
                out.write(json.dumps({"corpus": corpus, "seed": seed, **row}) + "\n")
    if out:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
