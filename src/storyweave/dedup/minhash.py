"""Near-duplicate detection: MinHash signatures of word shingles, indexed with LSH banding.

The signature is a fast similarity sketch, a MinHash variant (see ``_hashing``), of the text's word
shingles, as :func:`storyweave.text.tokens` and :func:`storyweave.text.shingles` define them:
``num_perm`` unsigned 32-bit values, stored little-endian (``to_bytes``: ``4 * num_perm`` bytes).
The fraction of equal values between two signatures estimates the Jaccard similarity of their
shingle sets; that estimate is the score of a link, and links below ``threshold`` are dropped.

LSH cuts the first ``bands * rows`` values into ``bands`` bands of ``rows`` values; two entries
sharing any band are candidates. A pair with Jaccard ``s`` becomes a candidate with probability
``1 - (1 - s**rows)**bands``: with the defaults (42 bands of 3), 0.996 at ``s = 0.5``, 0.94 at
0.4, 0.29 at 0.2 and 0.04 at 0.1. The reporting ``threshold`` defaults to 0.4, 2.3 standard
errors of a 128-value estimate below 0.5, so pairs with Jaccard >= 0.5 are linked with
recall >= 0.95 (``bench/neardup.py`` measures it).

Rules for awkward input:

- A text with no words has the empty signature (every value ``0xFFFFFFFF``): never linked or
  indexed. A text with fewer words than ``shingle_size`` is one shingle of all of them.
- Only the first ``max_tokens`` words count, and at most ``16 * max_tokens`` characters are
  read, so a huge text costs no more than a long article; two texts that differ only beyond
  that point have equal signatures.
- Crowds of copies stay cheap: each band contributes at most its ``bucket_limit`` earliest live
  entries as candidates, and ``add`` returns at most ``max_links`` links, the highest scores
  first and the earliest-added among equal scores. 10,000 identical copies cost each new copy
  one check against ``bucket_limit`` entries and yield ``max_links`` links to the first copies.

Memory: about 0.9 KB an entry with the defaults (the 512-byte signature, 8 bytes per band in
the lookup runs, its time and id), so the default ``max_entries`` of 200,000 bounds the index
near 180 MB. ``add_many`` is the fast path (about 15 µs an article on a small index, 35 µs at
200,000 entries, besides signing); ``add`` pays numpy's per-call costs once per article.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt

from storyweave.dedup._hashing import (
    EMPTY,
    HashPlan,
    band_keys,
    seeded_uint64,
    shingle_hashes,
    sketch,
    token_hashes,
)
from storyweave.dedup._index import WindowIndex
from storyweave.dedup.base import check_int, timestamp
from storyweave.errors import ConfigError
from storyweave.models import DuplicateLink
from storyweave.text import tokens

Signature = npt.NDArray[np.uint32]
SIGNATURE_DTYPE = np.dtype("<u4")  # byte layout of to_bytes / from_bytes
_BATCH_TOKENS = 1 << 18  # tokens hashed per pass of signatures_from_tokens
_CHARS_PER_TOKEN = 16  # characters read per counted token (see max_tokens)
_ADD_BATCH = 1024  # articles per vectorised step of add_many (bounds temporary memory)


class MinHashDeduper:
    """Near-duplicate links by MinHash + LSH over word shingles; see the module docstring."""

    name = "minhash-lsh.v1"

    def __init__(
        self,
        *,
        num_perm: int = 128,
        bands: int = 42,
        rows: int = 3,
        threshold: float = 0.4,
        shingle_size: int = 5,
        seed: int = 0,
        max_links: int = 5,
        bucket_limit: int = 32,
        max_tokens: int = 20_000,
        max_entries: int = 200_000,
    ) -> None:
        self.num_perm = check_int("num_perm", num_perm, 16, 1024)
        self.bands = check_int("bands", bands, 1, num_perm, "at most num_perm")
        self.rows = check_int("rows", rows, 1, num_perm, "at most num_perm")
        if bands * rows > num_perm:
            raise ConfigError(
                f"bands × rows must be <= num_perm; got {bands} × {rows} = {bands * rows} > "
                f"{num_perm}: lower bands or rows, or raise num_perm"
            )
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise ConfigError(f"threshold must be a number in (0, 1]; got {threshold!r}")
        if not 0.0 < float(threshold) <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1]; got {threshold}")
        self.threshold = float(threshold)
        self.shingle_size = check_int("shingle_size", shingle_size, 1, 32)
        self.seed = check_int("seed", seed, 0, 2**63 - 1)
        self.max_links = check_int("max_links", max_links, 1, 1000)
        self.bucket_limit = check_int("bucket_limit", bucket_limit, 1, 100_000)
        self.max_tokens = check_int("max_tokens", max_tokens, 1, 10_000_000)
        self.max_entries = check_int("max_entries", max_entries, 1, 100_000_000)
        self._plan = HashPlan(seed=seed, shingle_size=shingle_size, num_perm=num_perm)
        self._band_coefs = seeded_uint64(seed, f"band-rows-{rows}", rows) | np.uint64(1)
        self._band_salts = seeded_uint64(seed, f"band-salts-{bands}", bands)
        self._min_agree = math.ceil(self.threshold * num_perm - 1e-9)
        self._index = WindowIndex(
            n_keys=bands,
            width=num_perm,
            dtype=np.uint32,
            bucket_limit=bucket_limit,
            max_entries=max_entries,
        )

    @property
    def signature_version(self) -> str:
        return (
            f"{self.name};shingle_size={self.shingle_size};num_perm={self.num_perm};"
            f"seed={self.seed};max_tokens={self.max_tokens}"
        )

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return (
            f"MinHashDeduper(num_perm={self.num_perm}, bands={self.bands}, rows={self.rows}, "
            f"threshold={self.threshold}, shingle_size={self.shingle_size}, seed={self.seed})"
        )

    # -- signatures --------------------------------------------------------------------------

    def signature(self, text: str) -> Signature:
        """The signature of one text (a ``num_perm`` uint32 array)."""
        row: Signature = self.signatures([text])[0]
        return row

    def signatures(self, texts: Sequence[str]) -> npt.NDArray[np.uint32]:
        """Signatures of many texts at once, one row each: much faster than one by one."""
        limit = _CHARS_PER_TOKEN * self.max_tokens
        return self.signatures_from_tokens([tokens(text[:limit]) for text in texts])

    def signatures_from_tokens(
        self, token_lists: Sequence[Sequence[str]]
    ) -> npt.NDArray[np.uint32]:
        """Signatures from tokens already produced by :func:`storyweave.text.tokens`.

        Lets a pipeline tokenise once for several stages. Empty strings are ignored.
        """
        out = np.empty((len(token_lists), self.num_perm), dtype=np.uint32)
        batch: list[list[str]] = []
        first = size = 0
        for i, words in enumerate(token_lists):
            kept = list(words[: self.max_tokens])
            if "" in kept:
                kept = [word for word in kept if word]
            batch.append(kept)
            size += len(kept)
            if size >= _BATCH_TOKENS:
                out[first : i + 1] = self._sign(batch)
                batch, first, size = [], i + 1, 0
        if batch:
            out[first:] = self._sign(batch)
        return out

    def _sign(self, token_lists: list[list[str]]) -> npt.NDArray[np.uint32]:
        counts = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        flat = [word for words in token_lists for word in words]
        shingles, per_doc = shingle_hashes(token_hashes(flat, self._plan), counts, self._plan)
        return sketch(shingles, per_doc, self._plan)

    def is_empty(self, signature: Signature) -> bool:
        """Whether ``signature`` is that of a text with no words."""
        return bool(signature[0] == EMPTY)

    def to_bytes(self, signature: Signature) -> bytes:
        return self._checked(signature).astype(SIGNATURE_DTYPE, copy=False).tobytes()

    def from_bytes(self, data: bytes) -> Signature:
        if len(data) != 4 * self.num_perm:
            raise ValueError(
                f"a {self.signature_version} signature has {4 * self.num_perm} bytes; "
                f"got {len(data)}"
            )
        return np.frombuffer(data, dtype=SIGNATURE_DTYPE).astype(np.uint32)

    def from_bytes_many(self, blobs: Sequence[bytes]) -> npt.NDArray[np.uint32]:
        """Many stored signatures as one array (one row each), for :meth:`index_many`."""
        size = 4 * self.num_perm
        bad = next((i for i, blob in enumerate(blobs) if len(blob) != size), None)
        if bad is not None:
            raise ValueError(
                f"signature {bad}: a {self.signature_version} signature has {size} bytes; "
                f"got {len(blobs[bad])}"
            )
        flat = np.frombuffer(b"".join(blobs), dtype=SIGNATURE_DTYPE).astype(np.uint32)
        return flat.reshape(len(blobs), self.num_perm)

    def _checked(self, signature: Signature) -> Signature:
        if (
            not isinstance(signature, np.ndarray)
            or signature.shape != (self.num_perm,)
            or signature.dtype != np.uint32
        ):
            got = getattr(signature, "shape", type(signature).__name__)
            raise ValueError(
                f"signature must be a uint32 array of length {self.num_perm} from signature() "
                f"or from_bytes(); got {got}"
            )
        return signature

    # -- index -------------------------------------------------------------------------------

    def add(
        self, article_id: str, signature: Signature, when: datetime | None = None
    ) -> list[DuplicateLink]:
        """Links from ``article_id`` to earlier near-duplicates (best first), then index it."""
        signature = self._checked(signature)
        if signature[0] == EMPTY:
            return []
        keys = self._keys(signature[None, :])[0]
        rows = self._index.insert(article_id, timestamp(when), keys, signature)
        links: list[DuplicateLink] = []
        if rows.size:
            agree = np.count_nonzero(self._index.payload(rows) == signature, axis=1).tolist()
            ranked = sorted((-same, row) for same, row in zip(agree, rows.tolist(), strict=True))
            for minus_same, row in ranked:
                if -minus_same < self._min_agree:
                    break
                self._append_link(links, article_id, row, -minus_same)
        return links

    def add_many(
        self,
        article_ids: Sequence[str],
        signatures: npt.NDArray[np.uint32],
        whens: Sequence[datetime | None] | None = None,
    ) -> list[list[DuplicateLink]]:
        """:meth:`add` for each article in order, vectorised: the fast path for a batch.

        Later articles link to earlier ones of the same batch. One difference from calling
        :meth:`add` in a loop: when the batch overflows ``max_entries``, the earliest entries
        are dropped after the batch rather than during it.
        """
        self._check_batch(article_ids, signatures, whens)
        times = [timestamp(when) for when in whens] if whens else [math.nan] * len(article_ids)
        links: list[list[DuplicateLink]] = [[] for _ in article_ids]
        live = np.flatnonzero(signatures[:, 0] != EMPTY)
        for start in range(0, live.size, _ADD_BATCH):
            chosen = live[start : start + _ADD_BATCH].tolist()
            ids = [article_ids[i] for i in chosen]
            batch = signatures[chosen]
            docs, rows = self._index.insert_many(
                ids, [times[i] for i in chosen], self._keys(batch), batch
            )
            found: list[list[DuplicateLink]] = [[] for _ in chosen]
            self._link(found, ids, batch, docs, rows)
            for position, i in enumerate(chosen):
                links[i] = found[position]
        return links

    def index_many(
        self,
        article_ids: Sequence[str],
        signatures: npt.NDArray[np.uint32],
        whens: Sequence[datetime | None] | None = None,
    ) -> None:
        """Index stored entries without looking for links: the fast start-up rebuild."""
        self._check_batch(article_ids, signatures, whens)
        times = whens if whens is not None else [None] * len(article_ids)
        live = np.flatnonzero(signatures[:, 0] != EMPTY)
        self._index.extend(
            [article_ids[i] for i in live.tolist()],
            [timestamp(times[i]) for i in live.tolist()],
            self._keys(signatures[live]),
            signatures[live],
        )

    def load(
        self,
        article_ids: Sequence[str],
        stored: Sequence[bytes],
        whens: Sequence[datetime | None] | None = None,
    ) -> None:
        """Index stored signatures (``to_bytes`` output): :meth:`index_many` from bytes."""
        self.index_many(article_ids, self.from_bytes_many(stored), whens)

    def evict(self, before: datetime) -> int:
        return self._index.evict_before(timestamp(before))

    def _check_batch(
        self,
        article_ids: Sequence[str],
        signatures: npt.NDArray[np.uint32],
        whens: Sequence[datetime | None] | None,
    ) -> None:
        expected = (len(article_ids), self.num_perm)
        if signatures.shape != expected or signatures.dtype != np.uint32:
            raise ValueError(
                f"signatures must be a uint32 array of shape {expected} (one row per article "
                f"id); got {signatures.dtype} {signatures.shape}"
            )
        if whens is not None and len(whens) != len(article_ids):
            raise ValueError(f"got {len(whens)} times for {len(article_ids)} article ids")

    def _keys(self, signatures: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
        return band_keys(signatures, self.bands, self.rows, self._band_coefs, self._band_salts)

    def _link(
        self,
        out: list[list[DuplicateLink]],
        article_ids: Sequence[str],
        signatures: npt.NDArray[np.uint32],
        docs: npt.NDArray[np.int64],
        rows: npt.NDArray[np.int64],
    ) -> None:
        """Append to ``out[d]`` the links of candidate pairs (d, row) that reach the threshold.

        Per article: best score first, earliest row among equals, at most ``max_links``, no
        self-link and one link per earlier article id.
        """
        if rows.size == 0:
            return
        agree = np.count_nonzero(self._index.payload(rows) == signatures[docs], axis=1)
        good = agree >= self._min_agree
        order = np.lexsort((rows[good], -agree[good], docs[good]))
        docs, rows, agree = docs[good][order], rows[good][order], agree[good][order]
        new = np.ones(docs.size, dtype=bool)
        new[1:] = docs[1:] != docs[:-1]
        rank = np.arange(docs.size) - np.flatnonzero(new)[np.cumsum(new) - 1]
        keep = rank <= self.max_links  # one spare for a skipped self-link
        for doc, row, same in zip(
            docs[keep].tolist(), rows[keep].tolist(), agree[keep].tolist(), strict=True
        ):
            self._append_link(out[doc], article_ids[doc], row, same)

    def _append_link(
        self, links: list[DuplicateLink], article_id: str, row: int, agree: int
    ) -> None:
        """Add a link to ``row`` unless it is a self-link, a repeat, or one too many."""
        other = self._index.article_id(row)
        if (
            other == article_id
            or len(links) >= self.max_links
            or any(link.duplicate_of == other for link in links)
        ):
            return
        links.append(DuplicateLink(article_id, other, self.name, agree / self.num_perm))
