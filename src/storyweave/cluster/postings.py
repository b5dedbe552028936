"""Inverted indexes from terms and names to the live stories holding them: the clusterer's
cheap candidate retrieval (the embedding model's nearest stories come on top of it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storyweave.cluster.features import Features
from storyweave.cluster.profile import Statistics


@dataclass
class Postings:
    """Story ids by term and by name; a key left with no story is dropped."""

    terms: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)

    def add(self, story_id: str, terms: Iterable[str], names: Iterable[str]) -> None:
        for term in terms:
            self.terms.setdefault(term, set()).add(story_id)
        for name in names:
            self.names.setdefault(name, set()).add(story_id)

    def drop_terms(self, story_id: str, terms: Iterable[str]) -> None:
        """Take ``story_id`` off the postings of ``terms`` (pruned from its profile): a term
        a story no longer holds can neither retrieve it nor be unindexed when it retires."""
        _drop(self.terms, story_id, terms)

    def drop_story(self, story_id: str, terms: Iterable[str], names: Iterable[str]) -> None:
        _drop(self.terms, story_id, terms)
        _drop(self.names, story_id, names)

    def votes(self, features: Features, stats: Statistics, rare: float) -> dict[str, float]:
        """IDF-weighted votes for the stories sharing the article's names and its terms that
        no more than ``rare`` stories hold (at least 3: common words retrieve nothing)."""
        votes: dict[str, float] = {}
        most = max(rare, 3)
        for term in features.terms:
            postings = self.terms.get(term)
            if postings and len(postings) <= most:
                idf = stats.term_idf(term)
                for story_id in postings:
                    votes[story_id] = votes.get(story_id, 0.0) + idf
        for name in features.names:
            for story_id in self.names.get(name, ()):
                votes[story_id] = votes.get(story_id, 0.0) + stats.name_idf(name)
        return votes


def _drop(index: dict[str, set[str]], story_id: str, keys: Iterable[str]) -> None:
    """Remove ``story_id`` from the postings of ``keys``, and keys left with none."""
    for key in keys:
        postings = index.get(key)
        if postings is not None:
            postings.discard(story_id)
            if not postings:
                del index[key]
