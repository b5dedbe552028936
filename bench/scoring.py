"""Scoring of the ScrapingHub article-extraction benchmark (4-word shingle P/R/F1).

Follows the definition published with the benchmark (``evaluate.py`` of
scrapinghub/article-extraction-benchmark), so figures are comparable with its table:

- Tokens are the runs of ``\\w`` characters (Unicode), case kept: no lowercasing, punctuation
  and white space only separate tokens.
- Shingles are the contiguous 4-token n-grams, counted as a multiset (a repeated paragraph
  counts twice). A non-empty text shorter than 4 tokens is one shingle of all its tokens; an
  empty text has none.
- Per page, TP = sum of min(true, predicted) counts, FP and FN the excesses; the three are
  divided by their sum so that long pages weigh no more than short ones.
- Precision is averaged over the pages with any predicted shingle (an empty prediction does
  not lower precision, only recall); recall over the pages with any true shingle.
- F1 is the harmonic mean of the mean precision and the mean recall (not a mean of per-page
  F1s, which is reported separately for debugging only).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def tokenise(text: str | None) -> list[str]:
    """Benchmark tokens: runs of word characters, case kept."""
    return _TOKEN.findall(text or "")


def shingle_counts(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a short non-empty text is a single shingle."""
    words = tokenise(text)
    if not words:
        return Counter()
    last = max(1, len(words) - size + 1)
    return Counter(tuple(words[i : i + size]) for i in range(last))


@dataclass(frozen=True)
class PageScore:
    """Normalised TP/FP/FN of one page (they sum to 1 unless both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(true: str | None, pred: str | None) -> PageScore:
    """Compare one extracted body with its ground truth."""
    gold, guess = shingle_counts(true), shingle_counts(pred)
    tp = float(sum((gold & guess).values()))
    fp = float(sum((guess - gold).values()))
    fn = float(sum((gold - guess).values()))
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp, fp, fn)


@dataclass(frozen=True)
class Summary:
    """Benchmark figures over a set of pages."""

    precision: float
    recall: float
    f1: float
    pages: int


def summarise(scores: Sequence[PageScore]) -> Summary:
    """Mean precision and recall over pages (as the benchmark defines them) and their F1."""
    precisions = [s.precision for s in scores if s.tp + s.fp > 0]
    recalls = [s.recall for s in scores if s.tp + s.fn > 0]
    p = fmean(precisions) if precisions else 0.0
    r = fmean(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Summary(precision=p, recall=r, f1=f1, pages=len(scores))
