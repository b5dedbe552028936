"""Controlled edits of a text, for measuring near-duplicate detection at known Jaccard levels.

Used by ``bench/neardup.py`` and the quality-floor tests: :func:`copy_at` edits a text until
the exact Jaccard similarity of the word-shingle sets (as :func:`storyweave.text.shingles`
defines them) is as close as it gets to a target, and returns the copy with that exact value.

Edit kinds (``rate`` is the edit intensity in [0, 1]):

- ``delete``, ``insert``, ``substitute``: each word is dropped, followed by a random word, or
  replaced by one, with probability ``rate``;
- ``reorder``: the sentences are shuffled, then words substituted at ``rate``;
- ``truncate``: only the first ``1 - rate`` of the words are kept;
- ``mixed``: deletions, insertions and substitutions at ``rate / 3`` each, sentences shuffled.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from storyweave.text import sentences, shingles, tokens

EDITS = ("delete", "insert", "substitute", "reorder", "truncate", "mixed")


def shingle_set(text: str, size: int = 5) -> set[tuple[str, ...]]:
    """The set of word shingles of ``text``."""
    return set(shingles(tokens(text), size))


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def edit(text: str, kind: str, rate: float, rng: random.Random, vocabulary: Sequence[str]) -> str:
    """``text`` with one kind of edit at intensity ``rate`` (see the module docstring)."""
    if kind not in EDITS:
        raise ValueError(f"edit kind must be one of {', '.join(EDITS)}; got {kind!r}")
    parts = [line.split() for line in sentences(text)]
    if kind in ("reorder", "mixed"):
        rng.shuffle(parts)
    if kind == "truncate":
        flat = [word for part in parts for word in part]
        return " ".join(flat[: round(len(flat) * (1.0 - rate))])
    share = rate / 3 if kind == "mixed" else rate
    drop = share if kind in ("delete", "mixed") else 0.0
    add = share if kind in ("insert", "mixed") else 0.0
    swap = share if kind in ("substitute", "reorder", "mixed") else 0.0
    out: list[str] = []
    for part in parts:
        words: list[str] = []
        for word in part:
            if rng.random() < drop:
                continue
            words.append(rng.choice(vocabulary) if rng.random() < swap else word)
            if rng.random() < add:
                words.append(rng.choice(vocabulary))
        out.append(" ".join(words))
    return "\n".join(line for line in out if line)


def copy_at(
    text: str,
    target: float,
    rng: random.Random,
    vocabulary: Sequence[str],
    kind: str | None = None,
    size: int = 5,
) -> tuple[str, float]:
    """A copy of ``text`` whose exact shingle Jaccard with it is closest to ``target``.

    Bisects the edit rate, replaying the same random draws at every step so that the
    similarity falls as the rate rises. Returns the copy and its exact Jaccard.
    """
    kind = kind or rng.choice(EDITS)
    draw = rng.getrandbits(64)
    original = shingle_set(text, size)
    best = (text, 1.0)
    low, high = 0.0, 1.0
    for _ in range(14):
        rate = (low + high) / 2
        copy = edit(text, kind, rate, random.Random(draw), vocabulary)
        similarity = jaccard(original, shingle_set(copy, size))
        if abs(similarity - target) < abs(best[1] - target):
            best = (copy, similarity)
        if similarity > target:
            low = rate
        else:
            high = rate
    return best
