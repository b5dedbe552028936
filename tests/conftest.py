"""Shared fixtures: settings, an in-memory store, a stand-in embedding model, paths to the
bundled and shared corpora."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyweave.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = EXAMPLES / "corpus" / "seeds"
SEED_000 = SEEDS / "000_817709e4dcb04020.txt"
SEED_003 = SEEDS / "003_62cb21a93834675e.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the shared corpora are not beside us."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return path


class CountingVectoriser:
    """A deterministic stand-in for the embedding model that counts what it embeds."""

    name = "fake-vectors.v1"
    dim = 8

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def encode(self, texts):
        self.embedded.extend(texts)
        rows = [np.random.default_rng(len(t)).normal(size=self.dim) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


@pytest.fixture
def settings() -> Settings:
    return Settings(db=":memory:")


@pytest.fixture
def store():
    from storyweave.store import open_store

    with open_store(":memory:") as opened:
        yield opened
