"""A story's running profile and the article-to-story similarity features.

A profile keeps sums, not members: the terms (each member's tf vector, L2-normalised), how
many members name each name, and the sum of member embeddings. Scores are computed against
those sums with the document frequencies known at scoring time, so early and late articles
are weighed by the same, current statistics. The one exception is a story's own norms (the
length of its TF-IDF centroid, the IDF mass of its names), which would cost a pass over every
term of the story for each comparison: they are cached and recomputed when the story changes
or the number of documents seen has grown by :data:`NORM_DRIFT` since.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from storyweave.cluster.features import Features

Vector = npt.NDArray[np.float32]
#: A profile keeps at most this many terms; beyond it the lightest are pruned (bounded memory).
MAX_PROFILE_TERMS = 1500
#: Document frequencies kept, of terms and of names each: beyond it the rarest are forgotten
#: (a quarter of the table, nearly all seen once), so that a stream that never stops coining
#: names does not grow the statistics without bound. A forgotten term counts as unseen.
MAX_VOCABULARY = 300_000
#: A story's cached norms are recomputed once the document count has grown by this share.
NORM_DRIFT = 0.01


@dataclass
class Statistics:
    """Online document frequencies of terms and names over every article seen (at most
    :data:`MAX_VOCABULARY` of each).

    IDF values are memoised: a term's entry is dropped whenever a document containing it
    arrives, and every entry once the document count has grown by :data:`NORM_DRIFT`, so a
    value read is never staler than the story norms it is combined with.
    """

    documents: int = 0
    term_df: Counter[str] = field(default_factory=Counter)
    name_df: Counter[str] = field(default_factory=Counter)
    _term_idf: dict[str, float] = field(default_factory=dict, repr=False)
    _name_idf: dict[str, float] = field(default_factory=dict, repr=False)
    _memo_since: int = field(default=0, repr=False)

    def add(self, features: Features) -> None:
        self.documents += 1
        self.term_df.update(features.terms.keys())
        self.name_df.update(features.names)
        if len(self.term_df) > MAX_VOCABULARY or len(self.name_df) > MAX_VOCABULARY:
            self.term_df, self.name_df = _commonest(self.term_df), _commonest(self.name_df)
            self._memo_since = 0  # forget every memoised IDF now
        if self.documents > self._memo_since * (1 + NORM_DRIFT):
            self._term_idf.clear()
            self._name_idf.clear()
            self._memo_since = self.documents
            return
        for term in features.terms:
            self._term_idf.pop(term, None)
        for name in features.names:
            self._name_idf.pop(name, None)

    def term_idf(self, term: str) -> float:
        found = self._term_idf.get(term)
        if found is None:
            found = math.log((1 + self.documents) / (1 + self.term_df[term])) + 1.0
            self._term_idf[term] = found
        return found

    def name_idf(self, name: str) -> float:
        found = self._name_idf.get(name)
        if found is None:
            found = math.log((1 + self.documents) / (1 + self.name_df[name])) + 1.0
            self._name_idf[name] = found
        return found

    def term_idfs(self, terms: Collection[str]) -> npt.NDArray[np.float64]:
        """The IDF of each of ``terms`` (in their order) at once, for the story norms."""
        return self._idfs(self.term_df, terms)

    def name_idfs(self, names: Collection[str]) -> npt.NDArray[np.float64]:
        return self._idfs(self.name_df, names)

    def _idfs(self, df: Counter[str], keys: Collection[str]) -> npt.NDArray[np.float64]:
        counts = np.fromiter(map(df.__getitem__, keys), dtype=np.float64, count=len(keys))
        return np.log((1 + self.documents) / (1 + counts)) + 1.0


@dataclass(frozen=True)
class Weighted:
    """An article's TF-IDF term weights and names' IDF, computed once per decision and
    reused against every candidate story: ``scaled`` is each term's TF-IDF weight times its
    IDF again (what meets a story's raw term sums in the dot product), ``norm`` the length of
    the TF-IDF vector, ``name_mass`` the IDF sum of its names."""

    language: str
    scaled: dict[str, float]
    norm: float
    names: dict[str, float] = field(default_factory=dict)
    name_mass: float = 0.0

    @classmethod
    def of(
        cls,
        language: str,
        terms: Mapping[str, float],
        stats: Statistics,
        names: Collection[str] = (),
    ) -> Weighted:
        scaled: dict[str, float] = {}
        square = 0.0
        for term, tf in terms.items():
            idf = stats.term_idf(term)
            weight = tf * idf
            scaled[term] = weight * idf
            square += weight * weight
        name_idf = {name: stats.name_idf(name) for name in names}
        return cls(language, scaled, math.sqrt(square), name_idf, sum(name_idf.values()))


@dataclass
class Profile:
    """Everything the clusterer remembers about one story."""

    id: str
    seq: int
    headline: str
    lead: str = ""  # the founding article's lead: embedded on demand when the story has no vector
    members: list[str] = field(default_factory=list)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)  # language -> term sums
    names: Counter[str] = field(default_factory=Counter)
    vector_sum: Vector | None = None
    vectors: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_seq: int = 0
    version: int = 0  # bumped on every change, so cached norms know when they are stale
    _norms: dict[str, tuple[int, int, float]] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.members)

    def add(self, features: Features, vector: Vector | None, seq: int) -> set[str]:
        """Count one more member; returns the terms the profile no longer holds (pruned to
        stay within :data:`MAX_PROFILE_TERMS`), which the caller unindexes."""
        self.members.append(features.article_id)
        self.version += 1
        norm = math.sqrt(sum(w * w for w in features.terms.values())) or 1.0
        weights = {t: w / norm for t, w in features.terms.items()}
        pruned = _accumulate(self.terms, features.language, weights)
        self.names.update(features.names)
        if vector is not None:
            self.add_vector(vector)
        self.languages[features.language] += 1
        self.scripts[features.script] += 1
        if features.outlet:
            self.outlets[features.outlet] += 1
        if features.when is not None:
            self.first_seen = min(filter(None, (self.first_seen, features.when)))
            self.last_seen = max(filter(None, (self.last_seen, features.when)))
        self.last_seq = seq
        return _gone(self.terms, pruned) if pruned else pruned

    def absorb(self, other: Profile) -> set[str]:
        """Fold ``other`` into this profile (a merge of two stories); returns the terms of
        either that the profile no longer holds, as :meth:`add` does."""
        self.members.extend(other.members)
        self.version += 1
        pruned: set[str] = set()
        for language, sums in other.terms.items():
            pruned |= _accumulate(self.terms, language, sums)
        self.names.update(other.names)
        if other.vector_sum is not None:
            self.vector_sum = (
                other.vector_sum.copy()
                if self.vector_sum is None
                else self.vector_sum + other.vector_sum
            )
            self.vectors += other.vectors
        self.languages.update(other.languages)
        self.scripts.update(other.scripts)
        self.outlets.update(other.outlets)
        times = [
            t for t in (self.first_seen, self.last_seen, other.first_seen, other.last_seen) if t
        ]
        self.first_seen, self.last_seen = (min(times), max(times)) if times else (None, None)
        self.last_seq = max(self.last_seq, other.last_seq)
        return _gone(self.terms, pruned) if pruned else pruned

    def cached_norm(self, key: str, stats: Statistics, compute: Callable[[], float]) -> float:
        """``compute()`` for ``key``, reused while the story is unchanged and the document
        count has not grown by more than :data:`NORM_DRIFT` since it was computed."""
        cached = self._norms.get(key)
        if (
            cached is not None
            and cached[0] == self.version
            and stats.documents <= cached[1] * (1 + NORM_DRIFT)
        ):
            return cached[2]
        value = compute()
        self._norms[key] = (self.version, stats.documents, value)
        return value

    def add_vector(self, vector: Vector) -> None:
        """Count one more embedded member (or the founder's lead, embedded on demand)."""
        self.vector_sum = vector.copy() if self.vector_sum is None else self.vector_sum + vector
        self.vectors += 1
        self.version += 1

    def centroid(self) -> Vector | None:
        if self.vector_sum is None:
            return None
        norm = float(np.linalg.norm(self.vector_sum)) or 1.0
        return (self.vector_sum / norm).astype(np.float32)


def _commonest(counts: Counter[str]) -> Counter[str]:
    """``counts`` cut to its commonest three quarters of :data:`MAX_VOCABULARY` when over it."""
    if len(counts) <= MAX_VOCABULARY:
        return counts
    return Counter(dict(counts.most_common(MAX_VOCABULARY * 3 // 4)))


def _accumulate(
    by_language: dict[str, dict[str, float]], language: str, weights: Mapping[str, float]
) -> set[str]:
    """Add term weights to one language's sums, pruning the lightest beyond the bound; returns
    the terms pruned."""
    sums = by_language.setdefault(language, {})
    for term, weight in weights.items():
        sums[term] = sums.get(term, 0.0) + weight
    if len(sums) <= MAX_PROFILE_TERMS:
        return set()
    ranked = sorted(sums.items(), key=lambda kv: -kv[1])
    by_language[language] = dict(ranked[: MAX_PROFILE_TERMS * 2 // 3])
    return {term for term, _ in ranked[MAX_PROFILE_TERMS * 2 // 3 :]}


def _gone(by_language: dict[str, dict[str, float]], pruned: set[str]) -> set[str]:
    """Of the terms ``pruned`` from one language's sums, those no language holds any more."""
    return {t for t in pruned if not any(t in sums for sums in by_language.values())}


def all_terms(profile: Profile) -> set[str]:
    """Every term a story's profile holds, in any language."""
    return {term for sums in profile.terms.values() for term in sums}


def lexical(article: Weighted, profile: Profile, stats: Statistics) -> float:
    """TF-IDF cosine between an article's terms and the term centroid of the story's members
    in the same language (0 when the story has none in that language)."""
    story_terms = profile.terms.get(article.language)
    if not article.scaled or not story_terms or article.norm == 0.0:
        return 0.0
    scaled = article.scaled
    dot = sum(scaled[term] * story_terms[term] for term in scaled.keys() & story_terms.keys())
    if dot == 0.0:
        return 0.0
    story_norm = profile.cached_norm(
        "terms:" + article.language, stats, lambda: _tfidf_norm(story_terms, stats)
    )
    return dot / (article.norm * story_norm)


def _tfidf_norm(sums: Mapping[str, float], stats: Statistics) -> float:
    """The length of a story's TF-IDF centroid: its term sums weighed by the current IDF."""
    weighted = np.fromiter(sums.values(), dtype=np.float64, count=len(sums))
    weighted *= stats.term_idfs(sums.keys())
    return math.sqrt(float(weighted @ weighted))


def shared_names(article: Weighted, profile: Profile, stats: Statistics) -> float:
    """IDF-weighted Dice overlap of an article's names with a story's typical names.

    Each story name weighs by the share of members that mention it, so a name one member
    dropped in passing counts for little in a story of fifty. Dice (not the overlap
    coefficient) so that names on either side that the other lacks count against the match:
    two reports of one boxer's two different fights share his name but not the opponent's.
    """
    story = profile.names
    if not article.names or not story:
        return 0.0
    common = sum(idf * story[name] for name, idf in article.names.items() if name in story)
    if not common:
        return 0.0
    size = profile.size
    theirs = profile.cached_norm("names", stats, lambda: _name_mass(story, stats) / size)
    return 2 * (common / size) / (article.name_mass + theirs)


def _name_mass(counts: Counter[str], stats: Statistics) -> float:
    """The IDF sum of a story's names, each as often as its members name it."""
    times = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    return float(stats.name_idfs(counts.keys()) @ times)


def time_gap_days(when: datetime | None, profile: Profile) -> float | None:
    """Days between ``when`` and the story's span (0 inside it); None when either is unknown."""
    if when is None or profile.first_seen is None or profile.last_seen is None:
        return None
    if profile.first_seen <= when <= profile.last_seen:
        return 0.0
    edge = profile.first_seen if when < profile.first_seen else profile.last_seen
    return abs((when - edge).total_seconds()) / 86400.0


def span_gap_days(a: Profile, b: Profile) -> float | None:
    """Days between two stories' spans (0 when they overlap); None when either is undated."""
    if a.first_seen is None or a.last_seen is None or b.first_seen is None or b.last_seen is None:
        return None
    gap = max(
        (b.first_seen - a.last_seen).total_seconds(),
        (a.first_seen - b.last_seen).total_seconds(),
        0.0,
    )
    return gap / 86400.0
