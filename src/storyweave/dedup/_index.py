"""A windowed index of entries looked up by 64-bit keys: the shared engine of the dedupers.

Each entry has an article id, a time (NaN for none), a fixed-width payload row (the signature)
and ``n_keys`` 64-bit keys (LSH band keys, or one content-hash key). Rows are numbered in
insertion order, so a smaller row is an earlier entry.

Keys live in three places, oldest rows first, so "earliest" needs no sorting at query time:

- **main** and **recent**: sorted runs of (key, row) items, 8 bytes each (see ``_runs``).
  Batches merge into ``recent`` (one ``np.insert``); ``recent`` merges into ``main`` once it
  is an eighth of it, so a large index is rewritten rarely;
- **delta**: a dict ``key -> row or [rows]`` for single inserts, merged into ``recent`` every
  ``merge_every`` entries.

Per key and lookup, at most ``bucket_limit`` rows are returned: the earliest live ones.

Entries dropped first-in-first-out (``max_entries``) are skipped by a moving ``head`` row and
purged in bulk once they are a quarter of the rows; ``evict_before`` purges at once, so the
memory of evicted entries is returned when it returns. Purges and merges happen at the start
of the next change, so rows returned by a lookup stay valid until then.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from storyweave.dedup._hashing import ranks
from storyweave.dedup._runs import MAX_ROWS, ROW_MASK, Run, key_part

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
_MIN_CAPACITY = 64
_MIN_PURGE = 1024
_MIN_RECENT = 1 << 16  # items recent may hold before it is merged into main, at least


class WindowIndex:
    """Entries with times, payload rows and lookup keys; see the module docstring."""

    def __init__(
        self,
        *,
        n_keys: int,
        width: int,
        dtype: npt.DTypeLike,
        bucket_limit: int,
        max_entries: int,
        merge_every: int = 4096,
    ) -> None:
        self.n_keys = n_keys
        self.bucket_limit = bucket_limit
        self.max_entries = max_entries
        self.merge_every = merge_every
        self._payload: npt.NDArray[np.generic] = np.empty((_MIN_CAPACITY, width), dtype=dtype)
        self._when = np.empty(_MIN_CAPACITY, dtype=np.float64)
        self._ids: list[str] = []
        self._head = 0  # rows below head were dropped first-in-first-out and await a purge
        self._main = Run()
        self._recent = Run()
        self._runs_end = 0  # rows below this are in the runs, the others in delta
        self._delta: dict[int, int | list[int]] = {}
        self._delta_keys: U64 = np.empty((merge_every, n_keys), dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._ids) - self._head

    @property
    def key_slots(self) -> int:
        """How many (key, row) pairs the lookup structures hold (a measure of their memory)."""
        delta = sum(1 if isinstance(rows, int) else len(rows) for rows in self._delta.values())
        return self._main.size + self._recent.size + delta

    def article_id(self, row: int) -> str:
        return self._ids[row]

    def payload(self, rows: I64) -> npt.NDArray[np.generic]:
        return self._payload[rows]

    def insert(self, article_id: str, when: float, keys: U64, payload: npt.ArrayLike) -> I64:
        """Index one entry after the others; return the earlier rows sharing a key with it.

        Sorted and unique. If the index is full, the earliest entry is dropped first.
        """
        self._maintain(1)
        keys = key_part(keys)
        row = len(self._ids)
        self._store([article_id], [when], np.asarray(payload)[None])
        self._delta_keys[row - self._runs_end] = keys
        rows, taken = self._main.take_one(keys, [self.bucket_limit] * self.n_keys, self._head)
        if self._recent.size:
            rooms = [self.bucket_limit - count for count in taken]
            more, counts = self._recent.take_one(keys, rooms, self._head)
            rows += more
            taken = [a + b for a, b in zip(taken, counts, strict=True)]
        head, limit, delta = self._head, self.bucket_limit, self._delta
        for i, key in enumerate(keys.tolist()):
            bucket = delta.get(key)
            if bucket is None:  # most keys are unique: a bare row, no list to allocate
                delta[key] = row
                continue
            if isinstance(bucket, int):
                bucket = delta[key] = [bucket]
            left = limit - taken[i]
            if left > 0:
                start = bisect_left(bucket, head)
                rows.extend(bucket[start : start + left])
            bucket.append(row)
        return np.asarray(sorted(set(rows)), dtype=np.int64)

    def insert_many(
        self,
        article_ids: Sequence[str],
        whens: Sequence[float],
        keys: U64,
        payload: npt.NDArray[np.generic],
    ) -> tuple[I64, I64]:
        """Index entries in order; return (entry index in the batch, earlier row) pairs.

        Each entry sees the index as it was before the batch plus the batch entries before
        it; entries dropped to make room for the batch go after it. Pairs are sorted and
        unique.
        """
        count = len(article_ids)
        self._maintain(count)
        self._merge_delta()
        first = len(self._ids)
        rows_of = np.repeat(np.arange(first, first + count, dtype=np.uint64), self.n_keys)
        items = np.sort(key_part(keys.reshape(-1)) | rows_of)  # by key, then batch order
        key_sorted = items & ~ROW_MASK
        doc_sorted = (items & ROW_MASK).astype(np.int64) - first
        which, rows = self._take_runs(key_sorted)
        taken = np.bincount(which, minlength=items.size)
        # Within the batch: entries sharing a key, in batch order, after the runs' rows.
        starts = np.ones(items.size, dtype=bool)
        starts[1:] = key_sorted[1:] != key_sorted[:-1]
        group = np.flatnonzero(starts)[np.cumsum(starts) - 1]
        before = np.arange(items.size, dtype=np.int64) - group
        room = np.maximum(self.bucket_limit - taken, 0)
        inner = np.minimum(before, room)
        pairs_doc = np.concatenate([doc_sorted[which], np.repeat(doc_sorted, inner)])
        earlier = doc_sorted[np.repeat(group, inner) + ranks(inner)] + first
        pairs_row = np.concatenate([rows, earlier])
        self._store(article_ids, whens, payload)
        self._add_to_recent(items)
        self._runs_end = len(self._ids)
        self._head = max(self._head, len(self._ids) - self.max_entries)
        code = np.unique(pairs_doc * len(self._ids) + pairs_row)
        return code // len(self._ids), code % len(self._ids)

    def extend(
        self,
        article_ids: Sequence[str],
        whens: Sequence[float],
        keys: U64,
        payload: npt.NDArray[np.generic],
    ) -> None:
        """Index many entries after the others without looking anything up (a rebuild)."""
        count = len(article_ids)
        if not count:
            return
        self._maintain(count)
        self._merge_delta()
        first = len(self._ids)
        self._store(article_ids, whens, payload)
        rows = np.repeat(np.arange(first, first + count, dtype=np.uint64), self.n_keys)
        self._add_to_recent(np.sort(key_part(keys.reshape(-1)) | rows))
        self._runs_end = len(self._ids)
        self._head = max(self._head, len(self._ids) - self.max_entries)

    def evict_before(self, when: float) -> int:
        """Drop the entries timed before ``when`` (never the untimed ones); return how many."""
        if math.isnan(when):
            return 0
        end = len(self._ids)
        expired = self._when[self._head : end] < when
        count = int(expired.sum())
        if count:
            keep = np.zeros(end, dtype=bool)
            keep[self._head : end] = ~expired
            self._compact(keep)
        return count

    def _take_runs(self, keys: U64) -> tuple[I64, I64]:
        """(key index, row) pairs from main then recent, at most ``bucket_limit`` per key."""
        room = np.full(keys.size, self.bucket_limit, dtype=np.int64)
        which_main, rows_main = self._main.take(keys, room, self._head)
        room -= np.bincount(which_main, minlength=keys.size)
        which_recent, rows_recent = self._recent.take(keys, room, self._head)
        return (
            np.concatenate([which_main, which_recent]),
            np.concatenate([rows_main, rows_recent]),
        )

    def _maintain(self, incoming: int) -> None:
        """Before a change: drop the earliest entries for room, purge, merge a full delta."""
        overflow = len(self) + incoming - self.max_entries
        if overflow > 0 and incoming == 1:
            self._head += overflow
        if self._head >= max(_MIN_PURGE, len(self._ids) // 4):
            keep = np.zeros(len(self._ids), dtype=bool)
            keep[self._head :] = True
            self._compact(keep)
        if len(self._ids) - self._runs_end >= self.merge_every:
            self._merge_delta()

    def _store(
        self, article_ids: Sequence[str], whens: Sequence[float], payload: npt.NDArray[np.generic]
    ) -> None:
        first, count = len(self._ids), len(article_ids)
        if first + count > MAX_ROWS:
            raise OverflowError(f"the index holds at most {MAX_ROWS} rows between purges")
        capacity = self._payload.shape[0]
        if first + count > capacity:
            self._resize(max(first + count, 2 * capacity))
        self._payload[first : first + count] = payload
        self._when[first : first + count] = whens
        self._ids.extend(article_ids)

    def _resize(self, capacity: int, rows: I64 | None = None) -> None:
        """New payload and time arrays of ``capacity``, holding ``rows`` (default: all)."""
        source = np.arange(len(self._ids)) if rows is None else rows
        payload = np.empty((capacity, self._payload.shape[1]), dtype=self._payload.dtype)
        payload[: source.size] = self._payload[source]
        when = np.empty(capacity, dtype=np.float64)
        when[: source.size] = self._when[source]
        self._payload, self._when = payload, when

    def _merge_delta(self) -> None:
        """Move the delta entries into recent."""
        end = len(self._ids)
        if end > self._runs_end:
            keys = self._delta_keys[: end - self._runs_end].reshape(-1)
            rows = np.repeat(np.arange(self._runs_end, end, dtype=np.uint64), self.n_keys)
            self._add_to_recent(np.sort(keys | rows))
        self._runs_end = end
        self._delta.clear()

    def _add_to_recent(self, items: U64) -> None:
        self._recent.add(items)
        if self._recent.size >= max(_MIN_RECENT, self._main.size // 8):
            self._merge_recent()

    def _merge_recent(self) -> None:
        self._main.add(self._recent.items)
        self._recent = Run()

    def _compact(self, keep: npt.NDArray[np.bool_]) -> None:
        """Keep only the rows marked in ``keep``, renumbered densely in the same order."""
        self._merge_delta()
        self._merge_recent()
        remap = np.cumsum(keep) - 1
        self._main.keep(keep, remap)
        kept = np.flatnonzero(keep)
        self._resize(max(_MIN_CAPACITY, 2 * kept.size), kept)
        self._ids = [self._ids[row] for row in kept.tolist()]
        self._head = 0
        self._runs_end = len(self._ids)
