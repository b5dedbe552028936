"""The contract every deduper meets, and the rules they share for time and validation.

A deduper turns a text into a *signature* (pure and deterministic for its configuration), and
keeps an index of recent signatures. ``add`` returns the links from a new article to entries
indexed before it, then indexes it. The store persists ``(article_id, algorithm, signature
bytes, when)`` rows and rebuilds the index at start-up with ``load`` (vectorised: about 10 µs
an entry for MinHash), so signatures round-trip through bytes, and stored bytes are reusable
only by a deduper with the same ``signature_version``.

Window rules shared by the implementations:

- "Earlier" means added earlier; ``when`` only decides eviction. A naive ``when`` is taken as
  UTC.
- ``evict(before)`` drops the entries whose ``when`` is before ``before`` and frees their index
  space; entries without a ``when`` are never evicted by time.
- ``max_entries`` bounds the index whatever the times: when an ``add`` would exceed it, the
  earliest-added entry is dropped first (first in, first out), timed or not.
- A text with no words (empty, or only punctuation) has an *empty* signature: it is never
  linked nor indexed, so ``add`` returns no links and ``len`` does not count it.
- An article is never linked to itself (re-adding an id indexes it again, without a self-link).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol, TypeVar, runtime_checkable

from storyweave.errors import ConfigError
from storyweave.models import DuplicateLink

S = TypeVar("S")


@runtime_checkable
class Deduper(Protocol[S]):
    """Finds earlier entries that duplicate a new one; see the module docstring for the rules."""

    @property
    def name(self) -> str:
        """Versioned algorithm name stored with links and signatures (``minhash-lsh.v1``)."""
        ...

    @property
    def signature_version(self) -> str:
        """Name plus every setting the signature depends on; equal means comparable bytes."""
        ...

    def signature(self, text: str) -> S:
        """The signature of ``text``: pure and deterministic for this configuration."""
        ...

    def to_bytes(self, signature: S) -> bytes:
        """The signature as bytes for the store."""
        ...

    def from_bytes(self, data: bytes) -> S:
        """A signature back from :meth:`to_bytes` output; raises ValueError on a bad length."""
        ...

    def add(
        self, article_id: str, signature: S, when: datetime | None = None
    ) -> list[DuplicateLink]:
        """Links from ``article_id`` to earlier duplicates (best first), then index it."""
        ...

    def load(
        self,
        article_ids: Sequence[str],
        stored: Sequence[bytes],
        whens: Sequence[datetime | None] | None = None,
    ) -> None:
        """Index stored signatures (``to_bytes`` output) without looking for links.

        The start-up rebuild: entries go in the given order, as if added in it.
        """
        ...

    def evict(self, before: datetime) -> int:
        """Drop entries whose time is before ``before``; return how many were dropped."""
        ...

    def __len__(self) -> int:
        """How many entries the index holds."""
        ...


def timestamp(when: datetime | None) -> float:
    """Seconds since the epoch (naive means UTC); NaN for no time, which never expires."""
    if when is None:
        return math.nan
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def check_int(name: str, value: object, low: int, high: int, hint: str = "") -> int:
    """``value`` if it is an int in [low, high], else a ConfigError that states the fix."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        extra = f" ({hint})" if hint else ""
        raise ConfigError(f"{name} must be an integer in [{low}, {high}]{extra}; got {value!r}")
    return value
