"""The baseline deduper: a hash of the normalised text, so only exact copies are linked.

Normalisation: canonical caseless form (NFD, casefold; Unicode's definition for caseless
matching), control and format characters (zero-width spaces, soft hyphens) dropped, every run
of punctuation (Unicode category P) and white space (category Z and ``str.isspace``) folded to
one space, trimmed, then NFC. Symbols such as ``$`` and ``€`` and all letters and digits are
kept, so "US$5" and "US€5" differ. Each step runs in C (``str.translate`` with a table built
once, lazily), so the baseline costs little beside MinHash.

The signature is the 16-byte BLAKE2b digest of that string, or ``b""`` for a text with nothing
left (never linked nor indexed). Links score 1.0; at most ``max_links`` per article, to the
earliest-added copies. The window rules are those of :mod:`storyweave.dedup.base`.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from functools import cache

import numpy as np

from storyweave.dedup._index import WindowIndex
from storyweave.dedup.base import check_int, timestamp
from storyweave.models import DuplicateLink

DIGEST_SIZE = 16


@cache
def _fold_table() -> dict[int, str | None]:
    """Punctuation and white space to a space, control and format characters to nothing."""
    table: dict[int, str | None] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category[0] in "PZ" or char.isspace():
            table[code] = " "
        elif category in ("Cc", "Cf"):
            table[code] = None
    return table


def normalise_for_hash(text: str) -> str:
    """The text as the exact deduper compares it (see the module docstring)."""
    folded = unicodedata.normalize("NFD", text).casefold().translate(_fold_table())
    return unicodedata.normalize("NFC", " ".join(folded.split()))


class ExactDeduper:
    """Links exact copies (after normalisation) by content hash; the baseline for MinHash."""

    name = "exact-hash.v1"
    signature_version = "exact-hash.v1;blake2b-128"

    def __init__(self, *, max_links: int = 5, max_entries: int = 200_000) -> None:
        self.max_links = check_int("max_links", max_links, 1, 1000)
        self.max_entries = check_int("max_entries", max_entries, 1, 100_000_000)
        self._index = WindowIndex(
            n_keys=1,
            width=DIGEST_SIZE,
            dtype=np.uint8,
            bucket_limit=max_links + 1,  # +1: an article re-added may meet itself
            max_entries=max_entries,
        )

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"ExactDeduper(max_links={self.max_links}, max_entries={self.max_entries})"

    def signature(self, text: str) -> bytes:
        normalised = normalise_for_hash(text)
        if not normalised:
            return b""
        return hashlib.blake2b(normalised.encode("utf-8"), digest_size=DIGEST_SIZE).digest()

    def signatures(self, texts: Sequence[str]) -> list[bytes]:
        return [self.signature(text) for text in texts]

    def to_bytes(self, signature: bytes) -> bytes:
        return signature

    def from_bytes(self, data: bytes) -> bytes:
        if len(data) not in (0, DIGEST_SIZE):
            raise ValueError(
                f"an {self.signature_version} signature has {DIGEST_SIZE} bytes (0 for an "
                f"empty text); got {len(data)}"
            )
        return bytes(data)

    def add(
        self, article_id: str, signature: bytes, when: datetime | None = None
    ) -> list[DuplicateLink]:
        """Links from ``article_id`` to earlier exact copies (earliest first), then index it."""
        digest = self.from_bytes(signature)
        if not digest:
            return []
        key = np.frombuffer(digest[:8], dtype="<u8").astype(np.uint64)
        payload = np.frombuffer(digest, dtype=np.uint8)
        rows = self._index.insert(article_id, timestamp(when), key, payload)
        same = rows[(self._index.payload(rows) == payload).all(axis=1)] if rows.size else rows
        links: list[DuplicateLink] = []
        for row in same.tolist():
            other = self._index.article_id(row)
            if other != article_id and len(links) < self.max_links:
                links.append(DuplicateLink(article_id, other, self.name, 1.0))
        return links

    def load(
        self,
        article_ids: Sequence[str],
        stored: Sequence[bytes],
        whens: Sequence[datetime | None] | None = None,
    ) -> None:
        """Index stored signatures without looking for links: the start-up rebuild."""
        self.index_many(article_ids, stored, whens)

    def index_many(
        self,
        article_ids: Sequence[str],
        signatures: Sequence[bytes],
        whens: Sequence[datetime | None] | None = None,
    ) -> None:
        """Index entries without looking for links (signatures are digests, i.e. bytes)."""
        if whens is not None and len(whens) != len(article_ids):
            raise ValueError(f"got {len(whens)} times for {len(article_ids)} article ids")
        if len(signatures) != len(article_ids):
            raise ValueError(f"got {len(signatures)} signatures for {len(article_ids)} ids")
        times = whens if whens is not None else [None] * len(article_ids)
        live = [i for i, sig in enumerate(signatures) if self.from_bytes(sig)]
        digests = np.frombuffer(b"".join(signatures[i] for i in live), dtype=np.uint8)
        digests = digests.reshape(len(live), DIGEST_SIZE)
        keys = digests[:, :8].copy().view("<u8").astype(np.uint64)
        self._index.extend(
            [article_ids[i] for i in live], [timestamp(times[i]) for i in live], keys, digests
        )

    def evict(self, before: datetime) -> int:
        return self._index.evict_before(timestamp(before))
