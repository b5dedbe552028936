"""Wire the coverage comparison to the store: a story's articles in, a Comparison out.

The comparison is computed on demand rather than stored: it depends on the story's current
membership (which grows as articles arrive) and on the independent origins the provenance
stage assigns, so stored results would need invalidating on every change. What is expensive
— embedding each statement (~0.1 s each on a laptop core) — is cached in the store by a
digest of the statement's wording (table ``statement_vectors``), so a second look at a story
costs only splitting, entity tagging and alignment, and a story that gained an article embeds
only the newcomer's statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from storyweave.analyse.compare import CompareConfig, compare, split_story
from storyweave.analyse.provenance import GRAPH_ALGORITHM, origin_of
from storyweave.cluster import Vectoriser, load_vectoriser
from storyweave.errors import NotFound
from storyweave.models import Article, Comparison, Statement
from storyweave.settings import Settings
from storyweave.store import Store

Vector = npt.NDArray[np.float32]
#: Statements embedded per call to the model (and per write to the cache).
EMBED_BATCH = 64


def statement_vectors(
    store: Store, vectoriser: Vectoriser, statements: Sequence[Statement]
) -> dict[str, Vector]:
    """Embeddings of ``statements`` by key: cached ones read, the rest embedded and cached."""
    keys = list(dict.fromkeys(s.key for s in statements))
    found = {
        k: np.frombuffer(v, dtype="<f4").astype(np.float32)
        for k, v in store.get_statement_vectors(vectoriser.name, keys).items()
    }
    text_of = {s.key: s.text for s in statements}
    missing = [k for k in keys if k not in found]
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        matrix = vectoriser.encode([text_of[k] for k in batch])
        fresh = {k: np.asarray(row, dtype=np.float32) for k, row in zip(batch, matrix, strict=True)}
        store.put_statement_vectors(
            vectoriser.name, {k: np.asarray(v, dtype="<f4").tobytes() for k, v in fresh.items()}
        )
        found.update(fresh)
    return found


def compare_articles(
    articles: Sequence[Article],
    store: Store,
    settings: Settings,
    *,
    origin_of: Mapping[str, str] | None = None,
    vectoriser: Vectoriser | None = None,
    config: CompareConfig | None = None,
) -> Comparison:
    """Compare these articles (one story's), embedding statements through the store's cache.

    ``vectoriser`` defaults to the one ``settings.vectoriser`` selects; without one the
    comparison is lexical and entity-based only (and says so in its notes).
    """
    config = config or CompareConfig()
    notes: list[str] = []
    if vectoriser is None:
        choice = load_vectoriser(settings.vectoriser)
        vectoriser = choice.vectoriser
        if vectoriser is None:
            notes.append(f"no statement vectors: {choice.reason}")
    vectors: dict[str, Vector] = {}
    if vectoriser is not None:
        statements = [s for group in split_story(articles, config).values() for s in group]
        vectors = statement_vectors(store, vectoriser, statements)
    result = compare(articles, vectors=vectors or None, origin_of=origin_of, config=config)
    if notes:
        result = replace(result, notes=(*notes, *result.notes))
    return result


def compare_story(
    store: Store,
    settings: Settings,
    ref: str,
    *,
    origin_of: Mapping[str, str] | None = None,
    vectoriser: Vectoriser | None = None,
) -> Comparison:
    """The comparison of the story ``ref`` names (an id, a prefix, or a merged story's id).

    Independent origins come from ``origin_of`` when given, else from the story's stored
    provenance graph (two relays of one Le Monde piece are one origin), else each outlet is
    its own origin.
    """
    story = store.get_story(ref)
    return compare_articles(
        store.story_articles(story.id),
        store,
        settings,
        origin_of=origin_of if origin_of is not None else stored_origins(store, story.id),
        vectoriser=vectoriser,
    )


def stored_origins(store: Store, story_id: str) -> dict[str, str] | None:
    """Article id -> independent origin key from the story's stored provenance graph, or
    None when the story has not been traced."""
    try:
        graph = store.get_provenance(story_id, GRAPH_ALGORITHM)
    except NotFound:
        return None
    return origin_of(graph)
