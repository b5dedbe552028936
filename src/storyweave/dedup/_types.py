"""Domain types of the dedup stage (candidates for ``storyweave.models``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DuplicateLink:
    """``article_id`` (the one added later) duplicates ``duplicate_of`` (indexed before it).

    ``algorithm`` is the versioned name of the deduper that found the link (``minhash-lsh.v1``)
    and ``score`` its similarity estimate in [0, 1] (1.0 for an exact copy).
    """

    article_id: str
    duplicate_of: str
    algorithm: str
    score: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in [0, 1]; got {self.score}")
        if self.article_id == self.duplicate_of:
            raise ValueError(f"an article cannot duplicate itself: {self.article_id!r}")
