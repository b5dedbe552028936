"""Story-clustering evaluation: storyweave's ``cluster`` command beside a TF-IDF baseline.

    .venv/bin/python bench/clustering.py [--corpus NAME]... [--json FILE] [--cmd TEMPLATE]
                                         [--seed N] [--orders K]

For every corpus (default: all of ``corpora.CORPORA``) the articles are blinded (opaque ids,
no gold fields, seeded shuffle; see ``corpora.blind``) and clustered by three systems:

- ``ours``: the public command line, run as an outside scorer would, in a temporary folder
  with a temporary database: ``storyweave --db {db} cluster --input {input} --output
  {output}``, which must write one ``{"id": ..., "story": ...}`` line per article. An article
  left without a line is scored as a singleton (and counted in the notes). If the command
  fails (for instance it does not exist yet) the row reads "not available".
- ``tfidf fixed``: TF-IDF over title + text (scikit-learn ``TfidfVectorizer``, sublinear tf,
  no stop-word list, fitted on the corpus itself) and average-link agglomerative clustering
  on cosine distance, cut at ONE threshold for every corpus, ``FIXED_THRESHOLD`` = 0.8
  (merge while the mean pairwise cosine similarity of two clusters exceeds 0.2). It was
  chosen a priori as a generic value, not tuned on these corpora.
- ``tfidf TUNED-ON-TEST``: the same baseline at the threshold that maximises BCubed F1 on
  that very corpus (sweep of ``SWEEP``). An upper reference only, never a result.

An online clusterer's result depends on the order articles arrive in (undated ones keep their
file order), so ``--orders K`` runs every corpus in K shuffles (seeds N .. N+K-1) and adds,
per corpus and system, the mean and the range of BCubed F1 over them.

Columns: BCubed precision / recall / F1, pairwise F1, Adjusted Rand Index, clusters
predicted / gold, wall-clock seconds and documents per second (for ``ours`` this includes
process start-up and ingesting; for the tuned row one run at the chosen threshold).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from corpora import CORPORA, DATA, Article, blind, gold_labels, load_corpus, write_jsonl
from metrics import Scores, score

FIXED_THRESHOLD = 0.8
TUNED = "tfidf TUNED-ON-TEST"
SWEEP = tuple(round(0.01 * step, 2) for step in range(1, 100))
STORYWEAVE = Path(sys.executable).parent / "storyweave"
DEFAULT_CMD = (
    f"{shlex.quote(str(STORYWEAVE))} --db {{db}} cluster --input {{input}} --output {{output}}"
)
Prediction = dict[str, Hashable]


@dataclass(frozen=True)
class Row:
    """One corpus × system line of the table; ``scores`` is None when the system failed."""

    corpus: str
    system: str
    docs: int
    scores: Scores | None
    seconds: float
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        speed = self.docs / self.seconds if self.scores and self.seconds > 0 else None
        return {
            "corpus": self.corpus,
            "system": self.system,
            "docs": self.docs,
            "available": self.scores is not None,
            "scores": self.scores.as_dict() if self.scores else None,
            "seconds": self.seconds if self.scores else None,
            "docs_per_second": speed,
            "notes": self.notes,
        }


# --- baseline ---------------------------------------------------------------------------


def document_text(article: Article) -> str:
    """Title and text, the fields the baseline sees."""
    return "\n".join(part for part in (article.get("title"), article.get("text")) if part)


def tfidf_distances(articles: Sequence[Article]) -> np.ndarray:
    """Cosine distances between the TF-IDF vectors (sublinear tf, no stop words removed)."""
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform(map(document_text, articles))
    distances: np.ndarray = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    return distances


def agglomerate(distances: np.ndarray, threshold: float) -> list[int]:
    """Average-link clusters whose merges all stay below ``threshold`` cosine distance.

    The distances are precomputed (``metric="precomputed"``), which gives the same tree as
    ``metric="cosine"`` on the vectors and lets a sweep reuse one matrix.
    """
    if len(distances) < 2:
        return [0] * len(distances)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [int(label) for label in model.fit_predict(distances)]


def tfidf_baseline(articles: Sequence[Article], threshold: float) -> Prediction:
    """``{id: cluster}`` from TF-IDF + average-link agglomerative clustering."""
    if not articles:
        return {}
    labels = agglomerate(tfidf_distances(articles), threshold)
    return {str(article["id"]): label for article, label in zip(articles, labels, strict=True)}


def tune_on_test(
    articles: Sequence[Article], gold: dict[str, str], grid: Sequence[float] = SWEEP
) -> float:
    """The grid threshold with the best BCubed F1 against ``gold`` (lowest on ties)."""
    distances = tfidf_distances(articles)
    ids = [str(article["id"]) for article in articles]
    best, best_f1 = grid[0], -1.0
    for threshold in grid:
        pred = dict(zip(ids, agglomerate(distances, threshold), strict=True))
        f1 = score(gold, pred).bcubed_f1
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best


# --- ours through the command line --------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the command produced: labels (None on failure), wall time, and what to report."""

    labels: Prediction | None
    seconds: float
    notes: list[str]


def build_command(template: str, input_path: Path, output: Path, db: Path) -> list[str]:
    """Split ``template`` like a shell and fill ``{input}``, ``{output}`` and ``{db}``."""
    filled = []
    for token in shlex.split(template):
        for key, value in (("{input}", input_path), ("{output}", output), ("{db}", db)):
            token = token.replace(key, str(value))
        filled.append(token)
    return filled


def read_assignments(path: Path) -> Prediction:
    """``{id: story}`` from the command's JSONL output; ValueError names a bad line."""
    if not path.is_file():
        raise ValueError(f"no output file was written at {path}")
    labels: Prediction = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            labels[str(record["id"])] = json.dumps(record["story"], sort_keys=True)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"output line {number} is not {{'id', 'story'}}: {exc}") from exc
    return labels


def complete(labels: Prediction, ids: Sequence[str]) -> tuple[Prediction, list[str]]:
    """Labels restricted to ``ids``, missing ones as singletons, with notes on both."""
    notes, known = [], set(ids)
    missing = [i for i in ids if i not in labels]
    extra = [i for i in labels if i not in known]
    if missing:
        notes.append(f"{len(missing)} articles had no assignment; scored as singletons")
    if extra:
        notes.append(f"{len(extra)} assignments named unknown ids; ignored")
    return {i: labels.get(i, ("unassigned", i)) for i in ids}, notes


def _failure(process: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (process.stderr or process.stdout).splitlines() if line.strip()]
    return f"exit {process.returncode}: {lines[-1].strip() if lines else 'no message'}"


def run_command(articles: Sequence[Article], template: str, timeout: float) -> Outcome:
    """Write the articles, run the command in a temporary folder, read its assignments."""
    with tempfile.TemporaryDirectory(prefix="storyweave-bench-") as folder:
        work = Path(folder)
        input_path = write_jsonl(articles, work / "articles.jsonl")
        output = work / "assignments.jsonl"
        command = build_command(template, input_path, output, work / "bench.db")
        start = time.perf_counter()
        try:
            process = subprocess.run(
                command, cwd=work, capture_output=True, text=True, timeout=timeout, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Outcome(None, time.perf_counter() - start, [f"could not run: {exc}"])
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            return Outcome(None, seconds, [_failure(process)])
        try:
            labels = read_assignments(output)
        except ValueError as exc:
            return Outcome(None, seconds, [str(exc)])
    completed, notes = complete(labels, [str(article["id"]) for article in articles])
    return Outcome(completed, seconds, notes)


# --- one corpus, the table ---------------------------------------------------------------


def _timed_baseline(articles: Sequence[Article], threshold: float) -> tuple[Prediction, float]:
    start = time.perf_counter()
    labels = tfidf_baseline(articles, threshold)
    return labels, time.perf_counter() - start


def evaluate_corpus(
    name: str, articles: Sequence[Article], template: str, timeout: float, seed: int = 0
) -> list[Row]:
    """The three rows of one corpus, every system fed the same blinded articles."""
    blinded, original = blind(articles, seed)
    gold_by_id = gold_labels(articles)
    gold = {new: gold_by_id[old] for new, old in original.items()}
    n = len(blinded)
    ours = run_command(blinded, template, timeout)
    ours_scores = score(gold, ours.labels) if ours.labels is not None else None
    rows = [Row(name, "ours", n, ours_scores, ours.seconds, ours.notes)]
    fixed, seconds = _timed_baseline(blinded, FIXED_THRESHOLD)
    rows.append(Row(name, f"tfidf fixed t={FIXED_THRESHOLD:.2f}", n, score(gold, fixed), seconds))
    best = tune_on_test(blinded, gold)
    tuned, seconds = _timed_baseline(blinded, best)
    rows.append(Row(name, f"{TUNED} t={best:.2f}", n, score(gold, tuned), seconds))
    return rows


_HEADER = (
    f"{'corpus':<12} {'system':<30} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'pair-F1':>7} "
    f"{'ARI':>6} {'clusters':>9} {'sec':>7} {'docs/s':>8}"
)


def format_row(row: Row) -> str:
    """One fixed-width table line; a failed system reads "not available"."""
    lead = f"{row.corpus:<12} {row.system:<30}"
    s = row.scores
    if s is None:
        return f"{lead} not available"
    speed = f"{row.docs / row.seconds:>8.1f}" if row.seconds > 0 else f"{'inf':>8}"
    clusters = f"{s.clusters_pred}/{s.clusters_gold}"
    return (
        f"{lead} {s.bcubed_precision:>6.3f} {s.bcubed_recall:>6.3f} {s.bcubed_f1:>6.3f} "
        f"{s.pairwise_f1:>7.3f} {s.ari:>6.3f} {clusters:>9} {row.seconds:>7.2f} {speed}"
    )


def format_table(rows: Sequence[Row]) -> str:
    """The table, then one line per note (why a system is unavailable, unassigned ids)."""
    lines = [_HEADER, "-" * len(_HEADER), *map(format_row, rows)]
    for row in rows:
        state = "not available" if row.scores is None else "note"
        lines.extend(f"{row.system}: {state} on {row.corpus} ({note})" for note in row.notes)
    return "\n".join(lines)


def format_summary(rows: Sequence[Row]) -> str:
    """Mean and range of BCubed F1 per corpus and system over the orders run."""
    runs: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        if row.scores is not None:
            system = row.system.rsplit(" #", 1)[0]
            if system.startswith(TUNED):  # its threshold differs from order to order
                system = TUNED
            runs.setdefault((row.corpus, system), []).append(row.scores.bcubed_f1)
    lines = [f"{'corpus':<12} {'system':<30} {'orders':>6} {'mean F1':>8} {'min':>6} {'max':>6}"]
    for (corpus, system), f1 in runs.items():
        mean = sum(f1) / len(f1)
        lines.append(
            f"{corpus:<12} {system:<30} {len(f1):>6} {mean:>8.3f} {min(f1):>6.3f} {max(f1):>6.3f}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add = parser.add_argument
    add("--corpus", action="append", choices=list(CORPORA), help="repeatable; default: all")
    add("--data", type=Path, default=DATA, help="folder holding the corpora")
    add("--cmd", default=DEFAULT_CMD, help="template with {input}, {output}, optional {db}")
    add("--json", type=Path, default=None, help="also write the numbers here")
    add("--seed", type=int, default=0, help="shuffle seed for blinding")
    add("--orders", type=int, default=1, help="shuffles per corpus (seeds seed .. seed+K-1)")
    add("--timeout", type=float, default=1800.0, help="seconds per command run")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows: list[Row] = []
    for name in args.corpus or list(CORPORA):
        articles = load_corpus(name, args.data)
        for seed in range(args.seed, args.seed + max(1, args.orders)):
            found = evaluate_corpus(name, articles, args.cmd, args.timeout, seed)
            if args.orders > 1:
                found = [replace(row, system=f"{row.system} #{seed}") for row in found]
            rows.extend(found)
    print(f"command: {args.cmd}")
    print(format_table(rows))
    if args.orders > 1:
        print(format_summary(rows))
    if args.json:
        payload = {
            "fixed_threshold": FIXED_THRESHOLD,
            "command": args.cmd,
            "seed": args.seed,
            "rows": [row.as_dict() for row in rows],
        }
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
