"""Extrinsic clustering metrics over ``{doc_id: label}`` maps (gold and predicted).

- BCubed precision / recall / F1 as defined by Bagga & Baldwin (1998) and recommended by
  Amigó, Gonzalo, Artiles & Verdejo (2009), "A comparison of extrinsic clustering evaluation
  metrics based on formal constraints": per item, precision is the share of its predicted
  cluster that shares its gold label and recall the share of its gold cluster that shares its
  predicted label; both are averaged over items, and F1 is the harmonic mean of the two
  averages. Computed from the contingency table in O(n): an item in cell (g, p) of size
  ``n_gp`` has precision ``n_gp / n_p``, so the item sum is ``sum(n_gp**2 / n_p)``.
- Pairwise precision / recall / F1 over the unordered pairs of items put together. With no
  predicted pair (all singletons) precision is 1.0 (nothing wrongly joined); with no gold pair,
  recall is 1.0 (nothing to find).
- Adjusted Rand Index (Hubert & Arabie, 1985) from the same pair counts; 1.0 when both
  partitions are trivially identical (fewer than 2 items, or the same all-in-one or
  all-singletons partition), where the chance correction is undefined.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass

Labels = Mapping[str, Hashable]

__all__ = [
    "Contingency",
    "Scores",
    "adjusted_rand_index",
    "bcubed",
    "contingency",
    "pairwise",
    "score",
]


@dataclass(frozen=True)
class Contingency:
    """Cell, gold-cluster and predicted-cluster sizes of two partitions of the same items."""

    cells: Counter[tuple[Hashable, Hashable]]
    gold: Counter[Hashable]
    pred: Counter[Hashable]
    n: int


@dataclass(frozen=True)
class Scores:
    """Every figure the harness reports for one predicted partition."""

    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    ari: float
    clusters_pred: int
    clusters_gold: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _missing(ids: set[str], limit: int = 5) -> str:
    shown = ", ".join(repr(i) for i in sorted(ids, key=str)[:limit])
    return f"{len(ids)} ({shown}{', ...' if len(ids) > limit else ''})"


def contingency(gold: Labels, pred: Labels) -> Contingency:
    """Count the items per (gold, pred) label pair; the two maps must share their keys."""
    gold_ids, pred_ids = set(gold), set(pred)
    if gold_ids != pred_ids:
        problems = []
        if gold_ids - pred_ids:
            problems.append(f"missing from pred: {_missing(gold_ids - pred_ids)}")
        if pred_ids - gold_ids:
            problems.append(f"missing from gold: {_missing(pred_ids - gold_ids)}")
        raise ValueError("gold and pred must label the same ids; " + "; ".join(problems))
    if not gold_ids:
        raise ValueError("nothing to score: gold and pred are empty")
    cells = Counter((gold[i], pred[i]) for i in gold)
    return Contingency(cells, Counter(gold.values()), Counter(pred.values()), len(gold))


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bcubed(gold: Labels, pred: Labels) -> tuple[float, float, float]:
    """Item-averaged BCubed (precision, recall, F1)."""
    table = contingency(gold, pred)
    precision = math.fsum(k * k / table.pred[p] for (_, p), k in table.cells.items()) / table.n
    recall = math.fsum(k * k / table.gold[g] for (g, _), k in table.cells.items()) / table.n
    return precision, recall, _f1(precision, recall)


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def _pair_counts(table: Contingency) -> tuple[int, int, int, int]:
    """(pairs together in both, together in gold, together in pred, all pairs)."""
    both = sum(_pairs(k) for k in table.cells.values())
    in_gold = sum(_pairs(k) for k in table.gold.values())
    in_pred = sum(_pairs(k) for k in table.pred.values())
    return both, in_gold, in_pred, _pairs(table.n)


def pairwise(gold: Labels, pred: Labels) -> tuple[float, float, float]:
    """Pair-counting (precision, recall, F1) over the pairs put in one cluster."""
    both, in_gold, in_pred, _ = _pair_counts(contingency(gold, pred))
    precision = both / in_pred if in_pred else 1.0
    recall = both / in_gold if in_gold else 1.0
    return precision, recall, _f1(precision, recall)


def adjusted_rand_index(gold: Labels, pred: Labels) -> float:
    """Adjusted Rand Index in [-1, 1]: 0 for chance agreement, 1 for identical partitions."""
    both, in_gold, in_pred, total = _pair_counts(contingency(gold, pred))
    if total == 0:
        return 1.0
    expected = in_gold * in_pred / total
    maximum = (in_gold + in_pred) / 2
    if maximum == expected:
        return 1.0
    return (both - expected) / (maximum - expected)


def score(gold: Labels, pred: Labels) -> Scores:
    """All metrics for one predicted partition against the gold one."""
    table = contingency(gold, pred)
    return Scores(
        *bcubed(gold, pred),
        *pairwise(gold, pred),
        adjusted_rand_index(gold, pred),
        clusters_pred=len(table.pred),
        clusters_gold=len(table.gold),
    )
