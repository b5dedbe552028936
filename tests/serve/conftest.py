"""Fixtures for the serving tests: the bundled example corpus in a store, an app, a client."""

from __future__ import annotations

import warnings
from dataclasses import replace

import pytest

from storyweave import pipeline, pipeline_provenance, pipeline_stories
from storyweave.settings import Settings
from storyweave.store import Store, open_store
from tests.conftest import EXAMPLES

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from storyweave.serve import create_app  # noqa: E402

#: Lexical matching only: fast, and the example corpus needs no embeddings to group.
SETTINGS = Settings(db=":memory:", vectoriser="none")
SEED_TITLE = "Discussions of deploying international troops in Ukraine"


def ingested(paths: list[str], settings: Settings = SETTINGS) -> Store:
    """A store holding ``paths`` after what `storyweave ingest` does: store, assign, trace."""
    store = open_store(":memory:")
    report = pipeline.ingest(paths, store, settings)
    assert report.inserted and not report.failures
    stories = pipeline_stories.assign_stories(store, settings)
    pipeline_provenance.trace_stories(store, settings, stories.stories)
    return store


def example_store(settings: Settings = SETTINGS) -> Store:
    store = ingested([str(EXAMPLES / "corpus")], settings)
    assert store.count_articles() == 30
    return store


@pytest.fixture(scope="session")
def corpus_store():
    store = example_store()
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(corpus_store):
    with TestClient(create_app(SETTINGS, corpus_store)) as test_client:
        yield test_client


@pytest.fixture
def fresh_client():
    """A client over its own store (for writes), with a token required for them."""
    store = example_store()
    settings = replace(SETTINGS, serve_token="s3cret", serve_max_body_bytes=64_000)
    with TestClient(create_app(settings, store), raise_server_exceptions=False) as test_client:
        yield test_client
    store.close()


@pytest.fixture(scope="session")
def seed_ids(corpus_store) -> dict[str, str]:
    """'003' (Ukrinform's report, with debris) and '000' -> article id; 'story' -> their story."""
    found = {}
    for article in corpus_store.list_articles(limit=100):
        if article.title and article.title.startswith(SEED_TITLE):
            found["003"] = article.id
        elif article.title and article.title.startswith("Discussions on sending troops"):
            found["000"] = article.id
    found["story"] = corpus_store.stories_of([found["003"]])[found["003"]]
    return found
