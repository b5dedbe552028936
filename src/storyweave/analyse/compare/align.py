"""Align statements across a story's articles: which statements say the same thing.

Two aligners share one grouping step (the Protocol-plus-baseline pattern of the stages):

- :class:`TfidfAligner`, the baseline: cosine of TF-IDF vectors of word stems.
- :class:`CombinedAligner`: the best of three views of a pair — word stems (TF-IDF cosine),
  anchors that survive translation (figures, dates, capitalised names: the cosine of the
  two sets), and multilingual sentence embeddings given by the caller as ``{statement key:
  vector}`` (a cosine, rescaled so that unrelated news sentences sit near 0). Lexical evidence
  is trusted only between statements in one language; across languages, embeddings and
  anchors decide.

Grouping (:func:`group`): for every pair of articles, a statement's candidates are the
statements of the other article it is the best match for, or that are best matched by it,
above the threshold. Candidate pairs are merged best first into groups that hold at most one
statement per article, and only while the two groups are on average similar enough (so a
chain A~B~C does not join A and C when they have little in common). A statement left alone
whose best match belongs to a fact joins it as a restatement (a second span of its article).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

from storyweave.analyse.compare.values import anchors, fold
from storyweave.models import Statement

Matrix = npt.NDArray[np.float32]
_STEM = 5  # words are compared by their first five letters: cheap stemming in any language
#: multilingual-e5-small cosines below this are never a match (unrelated news sentences sit at
#: 0.75-0.85; paraphrases and translations at 0.88 and above).
VECTOR_FLOOR = 0.83
#: A margin (cosine above the two sides' usual neighbours) this large scores 1.
VECTOR_MARGIN = 0.08
MARGIN_NEIGHBOURS = 4
#: Scale of the plain stem overlap against the TF-IDF cosine (it counts common words too).
SET_OVERLAP_WEIGHT = 0.85
#: Shared anchors needed for the anchor view to count fully (one shared name is weak).
ANCHORS_FOR_FULL_WEIGHT = 3.0
#: Average similarity two groups must keep to merge, as a share of the threshold.
GROUP_COHESION = 0.7


def stems(text: str) -> list[str]:
    """Folded word stems of ``text`` (words of one or two letters dropped)."""
    return [fold(w)[:_STEM] for w in re.findall(r"\w+", text) if len(w) > 2]


@lru_cache(maxsize=1 << 14)
def _long_stems(text: str) -> frozenset[str]:
    """The stems of four letters or more of ``text`` (kept: a story's statements are compared
    pair by pair, each many times)."""
    return frozenset(t for t in stems(text) if len(t) > 3)


def tfidf_cosine(bags: Sequence[Sequence[str]]) -> Matrix:
    """Pairwise cosine of sublinear TF-IDF vectors of ``bags`` (rows are L2-normalised).

    Terms that occur in only one bag cannot make two bags similar: they are left out of the
    matrix (which keeps it small) but still count in each row's norm.
    """
    n = len(bags)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    df: Counter[str] = Counter(t for bag in bags for t in set(bag))
    vocab = {t: i for i, t in enumerate(sorted(t for t, c in df.items() if c > 1))}
    matrix = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    norms = np.ones((n, 1), dtype=np.float32)
    for row, bag in enumerate(bags):
        total = 0.0
        for term, count in Counter(bag).items():
            weight = (1.0 + math.log(count)) * (math.log((n + 1) / df[term]) + 0.1)
            total += weight * weight
            if term in vocab:
                matrix[row, vocab[term]] = weight
        norms[row, 0] = math.sqrt(total) or 1.0
    matrix /= norms
    result: Matrix = matrix @ matrix.T
    return result


def overlap(left: str, right: str) -> float:
    """Cosine of the sets of longer word stems (four letters or more) of two short texts.

    For a handful of texts, where document frequencies mean nothing (redundancy in a summary,
    versions of one quote).
    """
    a, b = _long_stems(left), _long_stems(right)
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def shared_counts(bags: Sequence[Sequence[str]]) -> Matrix:
    """How many distinct terms every two bags share."""
    vocab = {t: i for i, t in enumerate(sorted({t for bag in bags for t in bag}))}
    matrix = np.zeros((len(bags), max(1, len(vocab))), dtype=np.float32)
    for row, bag in enumerate(bags):
        for term in set(bag):
            matrix[row, vocab[term]] = 1.0
    result: Matrix = matrix @ matrix.T
    return result


def set_cosine(bags: Sequence[Sequence[str]]) -> Matrix:
    """Pairwise cosine of the sets of terms of ``bags`` (shared / sqrt(size x size))."""
    shared = shared_counts(bags)
    sizes = np.sqrt(np.maximum(1.0, np.diag(shared)))
    result: Matrix = (shared / np.outer(sizes, sizes)).astype(np.float32)
    return result


class Aligner(Protocol):
    """Pairwise similarity in [0, 1] of statements; ``name`` is versioned."""

    name: str

    def similarity(
        self, statements: Sequence[Statement], vectors: Mapping[str, Matrix] | None
    ) -> Matrix: ...


class TfidfAligner:
    """Baseline: TF-IDF cosine of word stems, nothing else."""

    name = "tfidf-cosine.v1"

    def similarity(
        self, statements: Sequence[Statement], vectors: Mapping[str, Matrix] | None = None
    ) -> Matrix:
        return tfidf_cosine([stems(s.text) for s in statements])


class CombinedAligner:
    """Stems within a language, anchors everywhere, embeddings when given; the best wins.

    ``anchor_weight`` scales the anchor cosine (names and figures alone are weaker evidence
    than shared wording; fewer than three shared ones count proportionally less);
    ``agreement_bonus`` times the second-best view is added, so two views agreeing count more
    than one.
    """

    name = "stems-anchors-e5.v1"

    def __init__(self, anchor_weight: float = 0.7, agreement_bonus: float = 0.15) -> None:
        if not 0.0 <= anchor_weight <= 1.0:
            raise ValueError(f"anchor_weight must be in [0, 1]; got {anchor_weight}")
        if not 0.0 <= agreement_bonus <= 0.5:
            raise ValueError(f"agreement_bonus must be in [0, 0.5]; got {agreement_bonus}")
        self.anchor_weight = anchor_weight
        self.agreement_bonus = agreement_bonus

    def similarity(
        self, statements: Sequence[Statement], vectors: Mapping[str, Matrix] | None = None
    ) -> Matrix:
        n = len(statements)
        languages = np.array([s.language for s in statements])
        same_language = languages[:, None] == languages[None, :]
        words = [stems(s.text) for s in statements]
        # TF-IDF weighs rare words up, but document frequencies mean little in a story of a
        # few statements; the plain overlap of longer stems covers that case.
        plain = SET_OVERLAP_WEIGHT * set_cosine([[w for w in bag if len(w) > 3] for bag in words])
        lexical = np.maximum(tfidf_cosine(words), plain) * same_language
        bags = [sorted(anchors(s.text)) for s in statements]
        support = np.minimum(1.0, shared_counts(bags) / ANCHORS_FOR_FULL_WEIGHT)
        anchor = self.anchor_weight * set_cosine(bags) * support
        # Within one language shared names already count in the lexical view; on their own
        # they only decide across languages, and elsewhere confirm another view.
        views = [lexical, anchor * ~same_language]
        vector = _vector_similarity(statements, vectors or {})
        if vector is not None:
            views.append(vector)
        stacked = np.stack(views)
        best = stacked.max(axis=0)
        second = np.sort(np.stack([lexical, anchor, *views[2:]]), axis=0)[-2]
        combined: Matrix = np.minimum(1.0, best + self.agreement_bonus * second).astype(np.float32)
        combined[np.arange(n), np.arange(n)] = 1.0
        return combined


def _vector_similarity(
    statements: Sequence[Statement], vectors: Mapping[str, Matrix]
) -> Matrix | None:
    """Margin-scaled embedding cosines; 0 where a vector is missing; None if all are.

    Sentences of one story all sit close together in embedding space (one topic, one cast),
    so a raw cosine says little; what marks a match is how far it stands above each side's
    usual neighbours in the other article (the margin criterion of bitext mining, Artetxe &
    Schwenk 2019). For statements x of article A and y of article B the score is cos(x, y)
    minus the mean of x's top-k cosines in B and y's top-k in A, over :data:`VECTOR_MARGIN`,
    clipped to [0, 1]; pairs below the absolute :data:`VECTOR_FLOOR` score 0.
    """
    present = np.array([s.key in vectors for s in statements])
    if not present.any():
        return None
    dim = len(next(iter(vectors.values())))
    rows = np.zeros((len(statements), dim), dtype=np.float32)
    for i, statement in enumerate(statements):
        if present[i]:
            rows[i] = vectors[statement.key]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    rows /= norms
    cosine = rows @ rows.T
    scaled = np.zeros_like(cosine)
    blocks = _blocks(statements)
    for x, left in enumerate(blocks):
        for right in blocks[x + 1 :]:
            block = cosine[np.ix_(left, right)]
            k_right, k_left = min(MARGIN_NEIGHBOURS, len(right)), min(MARGIN_NEIGHBOURS, len(left))
            row_bg = -np.sort(-block, axis=1)[:, :k_right].mean(axis=1)
            col_bg = -np.sort(-block, axis=0)[:k_left, :].mean(axis=0)
            margin = block - (row_bg[:, None] + col_bg[None, :]) / 2.0
            score = np.clip(margin / VECTOR_MARGIN, 0.0, 1.0) * (block >= VECTOR_FLOOR)
            score *= present[left][:, None] & present[right][None, :]
            scaled[np.ix_(left, right)] = score
            scaled[np.ix_(right, left)] = score.T
    result: Matrix = scaled.astype(np.float32)
    return result


@dataclass(frozen=True)
class Alignment:
    """Groups of statement indices (each a fact) and the similarity matrix they came from."""

    groups: tuple[tuple[int, ...], ...]
    similarity: Matrix
    aligner: str


def _blocks(statements: Sequence[Statement]) -> list[list[int]]:
    """Statement indices grouped by article, in order of first appearance."""
    by_article: dict[str, list[int]] = {}
    for i, statement in enumerate(statements):
        by_article.setdefault(statement.article_id, []).append(i)
    return list(by_article.values())


def _candidate_pairs(
    statements: Sequence[Statement], sim: Matrix, threshold: float
) -> list[tuple[float, int, int]]:
    """Mutual-or-one-sided best matches between every two articles, above ``threshold``."""
    blocks = _blocks(statements)
    pairs: list[tuple[float, int, int]] = []
    for x, left in enumerate(blocks):
        for right in blocks[x + 1 :]:
            block = sim[np.ix_(left, right)]
            keep = (block >= threshold) & (
                (block == block.max(axis=1, keepdims=True))
                | (block == block.max(axis=0, keepdims=True))
            )
            for a, b in zip(*np.nonzero(keep), strict=True):
                pairs.append((float(block[a, b]), left[a], right[b]))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def group(statements: Sequence[Statement], sim: Matrix, threshold: float) -> list[list[int]]:
    """Facts as lists of statement indices; every statement is in exactly one group."""
    owner = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    articles: dict[int, set[str]] = {i: {s.article_id} for i, s in enumerate(statements)}
    for _, a, b in _candidate_pairs(statements, sim, threshold):
        ga, gb = owner[a], owner[b]
        if ga == gb or articles[ga] & articles[gb]:
            continue
        cohesion = float(sim[np.ix_(members[ga], members[gb])].mean())
        if cohesion < GROUP_COHESION * threshold:
            continue
        if len(members[ga]) < len(members[gb]):
            ga, gb = gb, ga
        for i in members[gb]:
            owner[i] = ga
        members[ga].extend(members.pop(gb))
        articles[ga] |= articles.pop(gb)
    _attach_restatements(statements, sim, threshold, owner, members)
    return [sorted(found) for _, found in sorted(members.items())]


def _attach_restatements(
    statements: Sequence[Statement],
    sim: Matrix,
    threshold: float,
    owner: list[int],
    members: dict[int, list[int]],
) -> None:
    """A statement left alone whose best match in another article belongs to a fact that its
    own article already supports is a restatement (news repeats its lede further down): it
    joins the fact as more evidence from its article, if it is as close to the other articles'
    versions on average as a match must be."""
    article = np.array([s.article_id for s in statements])
    for i in range(len(statements)):
        if len(members.get(owner[i], ())) != 1:
            continue
        others = np.where(article != article[i])[0]
        if not len(others):
            continue
        j = int(others[np.argmax(sim[i, others])])
        target = owner[j]
        mine = any(statements[m].article_id == article[i] for m in members[target])
        foreign = [m for m in members[target] if statements[m].article_id != article[i]]
        close = bool(foreign) and float(sim[i, foreign].mean()) >= threshold
        if sim[i, j] >= threshold and len(members[target]) > 1 and mine and close:
            members.pop(owner[i])
            owner[i] = target
            members[target].append(i)


def align(
    statements: Sequence[Statement],
    vectors: Mapping[str, Matrix] | None,
    threshold: float,
    aligner: Aligner | None = None,
) -> Alignment:
    """Group ``statements`` into facts with ``aligner`` (the combined one by default)."""
    chosen = aligner or CombinedAligner()
    sim = chosen.similarity(statements, vectors)
    groups = tuple(tuple(g) for g in group(statements, sim, threshold))
    return Alignment(groups, sim, chosen.name)
