"""Fixtures for the store tests: a throwaway in-memory store and an article factory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from storyweave.store import SQLiteStore
from tests.store.store_helpers import ArticleFactory, build_article


@pytest.fixture(scope="session")
def make_article() -> ArticleFactory:
    return build_article


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:", clock=lambda: datetime(2025, 1, 1, tzinfo=UTC)) as opened:
        yield opened
