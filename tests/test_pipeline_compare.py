"""The comparison wired to the store: statement vectors are embedded once and cached."""

from __future__ import annotations

import numpy as np

from storyweave.pipeline_compare import compare_articles, statement_vectors
from storyweave.settings import Settings
from tests.analyse.compare.helpers import article
from tests.conftest import CountingVectoriser

STORY = [
    article("a", "The council approved the tram line. Work starts in the spring of next year."),
    article("b", "The council approved the tram line. The mayor welcomed the long awaited vote."),
]


def test_statements_are_embedded_once_across_calls_and_articles(store):
    model = CountingVectoriser()
    settings = Settings(db=":memory:")
    first = compare_articles(STORY, store, settings, vectoriser=model)
    # the shared sentence is embedded once although two articles carry it
    assert len(model.embedded) == 3
    again = compare_articles(STORY, store, settings, vectoriser=model)
    assert len(model.embedded) == 3
    assert again.facts == first.facts


def test_vectors_round_trip_through_the_store(store):
    model = CountingVectoriser()
    from storyweave.analyse.compare import split_statements

    statements = split_statements(STORY[0])
    fresh = statement_vectors(store, model, statements)
    cached = store.get_statement_vectors(model.name, [s.key for s in statements])
    assert set(cached) == set(fresh)
    for key, blob in cached.items():
        assert np.allclose(np.frombuffer(blob, dtype="<f4"), fresh[key])
    assert store.get_statement_vectors("other-model.v1", list(cached)) == {}


def test_without_a_vectoriser_the_comparison_says_so(store):
    result = compare_articles(STORY, store, Settings(db=":memory:", vectoriser="none"))
    assert result.notes[0].startswith("no statement vectors: embeddings switched off")
    assert any(len(f.articles) == 2 for f in result.facts)


def test_a_stored_story_by_its_id_prefix(store):
    from storyweave import pipeline
    from storyweave.pipeline_compare import compare_story
    from storyweave.pipeline_stories import assign_stories
    from tests.conftest import SEEDS

    settings = Settings(db=":memory:", vectoriser="none")
    pipeline.ingest([str(SEEDS)], store, settings)
    assign_stories(store, settings)
    (story,) = store.list_stories()
    result = compare_story(store, settings, story.id[:6], vectoriser=CountingVectoriser())
    assert len(result.articles) == 2 and any(len(f.articles) == 2 for f in result.facts)
