"""Wire the story clusterer to the store: restore its state, assign pending articles, persist.

Each decision is stored in its own transaction right after it is made, so an interrupted run
keeps every decision taken and the next run continues with the articles still unassigned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from storyweave.cluster import (
    ClusterConfig,
    Features,
    OnlineClusterer,
    features_of,
    lead_vector_key,
    load_vectoriser,
)
from storyweave.dedup import MinHashDeduper
from storyweave.models import Article, Assignment
from storyweave.settings import Settings
from storyweave.store import Store

BATCH = 32
#: How many stored signatures the near-duplicate index reloads at start-up (newest first).
DEDUP_MEMORY = 200_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ClusterReport:
    """What one clustering run did."""

    assigned: int = 0
    new_stories: int = 0
    merges: int = 0
    embedded: int = 0
    copies: int = 0
    vectoriser: str = ""
    stories: tuple[str, ...] = ()  # the live stories this run's articles joined, sorted


def cluster_config(settings: Settings) -> ClusterConfig:
    """The clusterer's parameters from settings; the lexical-only threshold keeps its offset."""
    offset = ClusterConfig.threshold - ClusterConfig.lexical_only_threshold
    return ClusterConfig(
        threshold=settings.story_threshold,
        lexical_only_threshold=max(0.05, settings.story_threshold - offset),
        window_days=settings.story_window_days,
        grace_days=settings.story_grace_days,
        decay_days=settings.story_decay_days,
        embed_same_language=settings.story_embeddings == "ambiguous",
    )


def threshold_of(assignment: Assignment, settings: Settings) -> float:
    """The threshold a stored decision was held to (the configured one for decisions stored
    before the threshold was recorded with them)."""
    return settings.story_threshold if assignment.threshold is None else assignment.threshold


def _vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def _vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def _restore(clusterer: OnlineClusterer, store: Store, model: str | None, lead_chars: int) -> None:
    config = clusterer.config
    for story_id, seq, headline, member_ids in store.active_story_members(
        config.max_active_stories
    ):
        members = store.articles_by_ids(member_ids)
        vectors = store.get_vectors(model, member_ids) if model else {}
        clusterer.restore(
            story_id,
            seq,
            headline,
            [
                (features_of(a, lead_chars), _vector(vectors[a.id]) if a.id in vectors else None)
                for a in members
            ],
        )
    clusterer.start_after(store.last_assignment_seq())
    for seq, assignment in store.recent_assignments(clusterer.seq_ - config.second_look_decisions):
        clusterer.replay(seq, assignment)


def _deduper(store: Store) -> MinHashDeduper:
    deduper = MinHashDeduper()
    stored = store.load_signatures(deduper.signature_version, DEDUP_MEMORY)
    if stored:
        ids, blobs, whens = zip(*stored, strict=True)
        deduper.load(list(ids), list(blobs), list(whens))
    return deduper


def _find_copies(
    deduper: MinHashDeduper, store: Store, articles: Sequence[Article]
) -> dict[str, tuple[str, float]]:
    """Sign and index ``articles``; store signatures and links; article -> best original."""
    ids = [a.id for a in articles]
    whens = [a.published for a in articles]
    signatures = deduper.signatures([f"{a.title or ''}\n{a.text}" for a in articles])
    links = deduper.add_many(ids, signatures, whens)
    store.put_signatures(
        deduper.signature_version,
        [(i, deduper.to_bytes(sig), w) for i, sig, w in zip(ids, signatures, whens, strict=True)],
    )
    flat = [link for found in links for link in found]
    if flat:
        store.put_duplicate_links(flat)
    return {
        found[0].article_id: (found[0].duplicate_of, found[0].score) for found in links if found
    }


def assign_stories(
    store: Store, settings: Settings, *, progress: Progress | None = None
) -> ClusterReport:
    """Assign every stored article that has no story yet, in arrival order.

    Near-duplicates (dedup stage, MinHash) are linked first; a copy joins its original's
    story directly (a near copy only when close to that story in time). The rest go through
    the clusterer. The near-duplicate index keeps the articles of the last
    ``story_window_days`` of the stream (and the undated ones): an older original is no
    longer a live story to follow.
    """
    choice = load_vectoriser(settings.vectoriser)
    lead_chars = settings.story_lead_chars
    model = lead_vector_key(choice.vectoriser.name, lead_chars) if choice.vectoriser else None
    clusterer = OnlineClusterer(cluster_config(settings), choice.vectoriser)
    _restore(clusterer, store, model, lead_chars)
    deduper = _deduper(store)
    window = timedelta(days=settings.story_window_days)
    total, done = store.count_unassigned(), 0
    tally: Counter[str] = Counter()
    touched: set[str] = set()
    for ids in store.unassigned_in_arrival_order(BATCH):  # one batch in memory at a time
        articles = store.articles_by_ids(ids)
        copies = _find_copies(deduper, store, articles)
        batch: list[Features] = [features_of(a, lead_chars) for a in articles]
        known = store.get_vectors(model, [f.article_id for f in batch]) if model else {}
        vectors = {k: _vector(v) for k, v in known.items()}
        first_seq = clusterer.seq_ + 1
        assignments = clusterer.partial_fit(batch, vectors, copies)
        if clusterer.clock is not None:  # copies are looked for within the stories' window
            deduper.evict(clusterer.clock - window)
        if model and clusterer.vectors_:
            store.put_vectors(model, {k: _vector_bytes(v) for k, v in clusterer.vectors_.items()})
            clusterer.vectors_.clear()
        for offset, (features, assignment) in enumerate(zip(batch, assignments, strict=True)):
            store.record_assignment(assignment, features.headline, first_seq + offset)
            tally.update(_outcome(assignment))
            touched.add(assignment.story_id)
        done += len(ids)
        if progress is not None:  # articles stored meanwhile wait for the next run
            progress(done, max(total, done))
    return ClusterReport(
        assigned=tally["assigned"],
        new_stories=tally["new_stories"],
        merges=tally["merges"],
        embedded=tally["embedded"],
        copies=tally["copies"],
        vectoriser=choice.reason,
        stories=tuple(sorted({store.resolve_story(s) for s in touched})),
    )


def _outcome(assignment: Assignment) -> Counter[str]:
    """What one decision adds to the run's :class:`ClusterReport`."""
    return Counter(
        assigned=1,
        new_stories=int(assignment.new_story),
        merges=len(assignment.merged),
        embedded=int(assignment.embedded),
        copies=int(assignment.is_copy),
    )
