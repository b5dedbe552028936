"""Wire the provenance stage to the store: trace the stories whose membership changed.

Called after story assignment during ingest (for the stories the new articles joined) and
by ``storyweave provenance`` (for the story asked about, when not traced yet). A story is
re-traced only when its member set differs from the one it was last traced with, so the
step is idempotent; each story's attributions and graph are written in their own
transactions, so an interruption keeps every story already traced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.analyse.provenance import (
    ATTRIBUTION_ALGORITHM,
    GRAPH_ALGORITHM,
    OutletRegistry,
    trace_story,
)
from storyweave.cluster import (
    E5Vectoriser,
    Vectoriser,
    lead_vector_key,
    load_vectoriser,
)
from storyweave.models import Article
from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.text import content_hash


@dataclass(frozen=True)
class ProvenanceReport:
    """What one provenance run did."""

    traced: int = 0
    unchanged: int = 0
    edges: int = 0
    undecided: int = 0


def members_fingerprint(article_ids: Iterable[str]) -> str:
    """A digest of a story's member set (order-free), stored with its graph."""
    return content_hash(*sorted(article_ids))


def trace_stories(
    store: Store,
    settings: Settings,
    story_ids: Iterable[str],
    *,
    force: bool = False,
    registry: OutletRegistry | None = None,
) -> ProvenanceReport:
    """Trace each story whose members changed since it was last traced (all with ``force``)."""
    registry = registry or OutletRegistry.default(settings.outlets_file or None)
    vectors = _Vectors(store, settings)
    traced = unchanged = edges = undecided = 0
    for story_id in dict.fromkeys(story_ids):
        live = store.resolve_story(story_id)
        members = store.story_articles(live)
        fingerprint = members_fingerprint(a.id for a in members)
        if not force and store.provenance_members(live, GRAPH_ALGORITHM) == fingerprint:
            unchanged += 1
            continue
        result = trace_story(live, members, registry, vectors=vectors.of(members))
        for article in members:
            store.put_attributions(
                ATTRIBUTION_ALGORITHM, article.id, result.attributions.get(article.id, ())
            )
        store.put_provenance(result.graph, fingerprint)
        traced += 1
        edges += len(result.graph.edges)
        undecided += result.graph.undecided
    return ProvenanceReport(traced, unchanged, edges, undecided)


class _Vectors:
    """Article vectors for translation edges: cached embeddings first, the model (loaded on
    first need) for members of multilingual stories that have none."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._kind = settings.vectoriser
        # the clusterer's cache: the lead vectors of the articles it embedded
        self._key = lead_vector_key(E5Vectoriser.name, settings.story_lead_chars)
        self._model: Vectoriser | None = None
        self._tried = False

    def of(self, members: Sequence[Article]) -> dict[str, np.ndarray]:
        languages = {a.language.code for a in members if a.language}
        if self._kind == "none" or len(languages - {"und"}) < 2:
            return {}
        ids = [a.id for a in members]
        cached = self._store.get_vectors(self._key, ids)
        found = {k: np.frombuffer(v, dtype="<f4").astype(np.float32) for k, v in cached.items()}
        missing = [a for a in members if a.id not in found]
        model = self._load() if missing else None
        if model is not None:
            rows = model.encode([f"{a.title or ''}\n{a.text}" for a in missing])
            fresh = {a.id: row for a, row in zip(missing, rows, strict=True)}
            self._store.put_vectors(
                self._key,
                {k: np.asarray(v, dtype="<f4").tobytes() for k, v in fresh.items()},
            )
            found.update(fresh)
        return found

    def _load(self) -> Vectoriser | None:
        if not self._tried:
            self._tried = True
            self._model = load_vectoriser(self._kind).vectoriser
        return self._model
