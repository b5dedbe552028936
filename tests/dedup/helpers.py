"""Texts for the dedup tests: the bundled example articles and deterministic edits of them."""

from __future__ import annotations

import json
import random
from functools import cache

from tests.conftest import EXAMPLES, SEED_000, SEED_003


@cache
def example_texts() -> tuple[str, ...]:
    """The 30 bundled real articles (English, Spanish, Italian, Dutch; 78-475 words)."""
    path = EXAMPLES / "corpus" / "meantime-sample.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    seeds = [p.read_text(encoding="utf-8") for p in (SEED_000, SEED_003)]
    return (*seeds, *(row["text"] for row in rows))


def long_text(words: int = 300, seed: int = 0) -> str:
    """A text of random words from a 5,000-word vocabulary, in sentences of 12 words."""
    rng = random.Random(seed)
    chosen = [f"w{rng.randrange(5000)}" for _ in range(words)]
    return "\n".join(" ".join(chosen[i : i + 12]) + "." for i in range(0, words, 12))


def substitute(text: str, count: int, seed: int = 0) -> str:
    """``text`` with ``count`` of its words replaced by new ones."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), count):
        words[i] = f"novel{i}"
    return " ".join(words)
