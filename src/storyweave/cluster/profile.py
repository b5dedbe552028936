"""A story's running profile and the article-to-story similarity features.

A profile keeps sums, not members: the terms (each member's tf vector, L2-normalised), how
many members name each name, and the sum of member embeddings. Scores are computed against
those sums with the document frequencies known at scoring time, so early and late articles
are weighed by the same, current statistics.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from storyweave.cluster.features import Features

Vector = npt.NDArray[np.float32]
#: A profile keeps at most this many terms; beyond it the lightest are pruned (bounded memory).
MAX_PROFILE_TERMS = 1500


@dataclass
class Statistics:
    """Online document frequencies of terms and names over every article seen."""

    documents: int = 0
    term_df: Counter[str] = field(default_factory=Counter)
    name_df: Counter[str] = field(default_factory=Counter)

    def add(self, features: Features) -> None:
        self.documents += 1
        self.term_df.update(features.terms.keys())
        self.name_df.update(features.names)

    def term_idf(self, term: str) -> float:
        return math.log((1 + self.documents) / (1 + self.term_df[term])) + 1.0

    def name_idf(self, name: str) -> float:
        return math.log((1 + self.documents) / (1 + self.name_df[name])) + 1.0


@dataclass
class Profile:
    """Everything the clusterer remembers about one story."""

    id: str
    seq: int
    headline: str
    members: list[str] = field(default_factory=list)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)  # language -> term sums
    names: Counter[str] = field(default_factory=Counter)
    vector_sum: Vector | None = None
    vectors: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_seq: int = 0

    @property
    def size(self) -> int:
        return len(self.members)

    def add(self, features: Features, vector: Vector | None, seq: int) -> None:
        self.members.append(features.article_id)
        norm = math.sqrt(sum(w * w for w in features.terms.values())) or 1.0
        _accumulate(self.terms, features.language, {t: w / norm for t, w in features.terms.items()})
        self.names.update(features.names)
        if vector is not None:
            self.vector_sum = vector.copy() if self.vector_sum is None else self.vector_sum + vector
            self.vectors += 1
        self.languages[features.language] += 1
        if features.outlet:
            self.outlets[features.outlet] += 1
        if features.when is not None:
            self.first_seen = min(filter(None, (self.first_seen, features.when)))
            self.last_seen = max(filter(None, (self.last_seen, features.when)))
        self.last_seq = seq

    def absorb(self, other: Profile) -> None:
        """Fold ``other`` into this profile (a merge of two stories)."""
        self.members.extend(other.members)
        for language, sums in other.terms.items():
            _accumulate(self.terms, language, sums)
        self.names.update(other.names)
        if other.vector_sum is not None:
            self.vector_sum = (
                other.vector_sum.copy()
                if self.vector_sum is None
                else self.vector_sum + other.vector_sum
            )
            self.vectors += other.vectors
        self.languages.update(other.languages)
        self.outlets.update(other.outlets)
        times = [
            t for t in (self.first_seen, self.last_seen, other.first_seen, other.last_seen) if t
        ]
        self.first_seen, self.last_seen = (min(times), max(times)) if times else (None, None)
        self.last_seq = max(self.last_seq, other.last_seq)

    def centroid(self) -> Vector | None:
        if self.vector_sum is None:
            return None
        norm = float(np.linalg.norm(self.vector_sum)) or 1.0
        return (self.vector_sum / norm).astype(np.float32)


def _accumulate(
    by_language: dict[str, dict[str, float]], language: str, weights: Mapping[str, float]
) -> None:
    """Add term weights to one language's sums, pruning the lightest beyond the bound."""
    sums = by_language.setdefault(language, {})
    for term, weight in weights.items():
        sums[term] = sums.get(term, 0.0) + weight
    if len(sums) > MAX_PROFILE_TERMS:
        kept = sorted(sums.items(), key=lambda kv: -kv[1])[: MAX_PROFILE_TERMS * 2 // 3]
        by_language[language] = dict(kept)


def all_terms(profile: Profile) -> set[str]:
    """Every term a story's profile holds, in any language."""
    return {term for sums in profile.terms.values() for term in sums}


def lexical(
    terms: Mapping[str, float], language: str, profile: Profile, stats: Statistics
) -> float:
    """TF-IDF cosine between an article's terms and the term centroid of the story's members
    in the same language (0 when the story has none in that language)."""
    story_terms = profile.terms.get(language)
    if not terms or not story_terms:
        return 0.0
    dot = 0.0
    article_norm = 0.0
    for term, weight in terms.items():
        idf = stats.term_idf(term)
        article_norm += (weight * idf) ** 2
        other = story_terms.get(term)
        if other is not None:
            dot += weight * other * idf * idf
    if dot == 0.0:
        return 0.0
    story_norm = math.sqrt(sum((w * stats.term_idf(t)) ** 2 for t, w in story_terms.items()))
    return dot / (math.sqrt(article_norm) * story_norm)


def shared_names(names: frozenset[str], profile: Profile, stats: Statistics) -> float:
    """IDF-weighted Dice overlap of an article's names with a story's typical names.

    Each story name weighs by the share of members that mention it, so a name one member
    dropped in passing counts for little in a story of fifty. Dice (not the overlap
    coefficient) so that names on either side that the other lacks count against the match:
    two reports of one boxer's two different fights share his name but not the opponent's.
    """
    if not names or not profile.names:
        return 0.0
    size = profile.size
    mine = sum(stats.name_idf(n) for n in names)
    theirs = sum(stats.name_idf(n) * c / size for n, c in profile.names.items())
    common = sum(stats.name_idf(n) * profile.names[n] / size for n in names if n in profile.names)
    return 2 * common / (mine + theirs) if common else 0.0


def time_gap_days(when: datetime | None, profile: Profile) -> float | None:
    """Days between ``when`` and the story's span (0 inside it); None when either is unknown."""
    if when is None or profile.first_seen is None or profile.last_seen is None:
        return None
    if profile.first_seen <= when <= profile.last_seen:
        return 0.0
    edge = profile.first_seen if when < profile.first_seen else profile.last_seen
    return abs((when - edge).total_seconds()) / 86400.0
