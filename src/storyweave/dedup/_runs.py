"""Sorted runs of (key, row) items, the lookup structure under the window index.

An *item* packs a key and a row into one ``uint64``: the key's high ``64 - ROW_BITS`` bits,
then the row in the low ``ROW_BITS`` bits. Sorting items as plain numbers therefore orders them
by key, then row (earliest first), with numpy's fast value sort; a run costs 8 bytes an item.
Dropping the key's low bits makes unequal keys collide with probability ``2**-36`` per pair,
which only adds a candidate that the caller's verification (signature or digest) rejects.

A run keeps a radix directory over the items' top bits (about ``_PER_BUCKET`` items a
bucket, as keys are uniform hashes), so a batch lookup bisects within a bucket, one or two
cache lines, instead of the twenty-odd of a binary search over millions of items.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from storyweave.dedup._hashing import ranks

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

ROW_BITS = 28
MAX_ROWS = 1 << ROW_BITS
ROW_MASK = np.uint64(MAX_ROWS - 1)
KEY_MASK = ~ROW_MASK
_SPAN = np.uint64(MAX_ROWS)
_TOP_KEY = np.uint64(2**64 - 2 * MAX_ROWS)  # keys are clamped so that key + _SPAN fits
_PER_BUCKET = 8  # items per directory bucket, on average
_FEW = 64  # up to this many queries, np.searchsorted beats the directory


def key_part(keys: U64) -> U64:
    """Keys as items store them: clamped, row bits cleared."""
    return np.minimum(keys, _TOP_KEY) & KEY_MASK


class Run:
    """Items sorted as numbers, i.e. by key then row; see the module docstring."""

    def __init__(self, items: U64 | None = None) -> None:
        self.items: U64 = np.empty(0, dtype=np.uint64) if items is None else items
        self._directory: I64 | None = None
        self._bits = 0

    @property
    def size(self) -> int:
        return int(self.items.size)

    def add(self, items: U64) -> None:
        """Merge sorted items whose rows all follow the rows already here."""
        if self.size == 0:
            self.items = items
        else:
            self.items = np.insert(self.items, np.searchsorted(self.items, items), items)
        self._directory = None

    def keep(self, keep: npt.NDArray[np.bool_], remap: I64) -> None:
        """Drop the items of rows not kept and renumber the rest (order is preserved)."""
        rows = (self.items & ROW_MASK).astype(np.int64)
        kept = keep[rows]
        self.items = (self.items[kept] & KEY_MASK) | remap[rows[kept]].astype(np.uint64)
        self._directory = None

    def take(self, keys: U64, room: I64, head: int) -> tuple[I64, I64]:
        """For each key, up to ``room`` of its earliest rows not below ``head``.

        Returns (index into ``keys``, row) pairs, grouped by key index.
        """
        if self.size == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        lo, hi = self._range(keys | np.uint64(head), keys + _SPAN)
        count = np.minimum(hi - lo, room)
        which = np.repeat(np.arange(keys.size, dtype=np.int64), count)
        items = self.items[np.repeat(lo, count) + ranks(count)]
        return which, (items & ROW_MASK).astype(np.int64)

    def take_one(self, keys: U64, room: list[int], head: int) -> tuple[list[int], list[int]]:
        """:meth:`take` for the keys of one entry, as lists: (rows, count per key)."""
        which, rows = self.take(keys, np.asarray(room, dtype=np.int64), head)
        if which.size == 0:
            return [], [0] * keys.size
        return rows.tolist(), np.bincount(which, minlength=keys.size).tolist()

    def _range(self, start: U64, end: U64) -> tuple[I64, I64]:
        """Positions [lo, hi) of the items in [start, end), for ranges within one key.

        Most ranges are empty, so the end is searched only where the start found an item.
        """
        lo = self._search(start)
        hi = lo.copy()
        hits = np.flatnonzero((lo < self.size) & (self.items[np.minimum(lo, self.size - 1)] < end))
        if hits.size:
            hi[hits] = self._search(end[hits])
        return lo, hi

    def _search(self, queries: U64) -> I64:
        """For each query, the position of the first item not below it.

        A few queries go to ``np.searchsorted``; many go to a binary search within their
        directory bucket, all at once, which reads one or two cache lines per query.
        """
        if queries.size <= _FEW:
            return np.searchsorted(self.items, queries)
        lo, hi = self._buckets(queries)
        last = self.size - 1
        while True:
            open_ = np.flatnonzero(lo < hi)
            if open_.size == 0:
                return lo
            mid = (lo[open_] + hi[open_]) >> 1
            below = self.items[np.minimum(mid, last)] < queries[open_]
            lo[open_[below]] = mid[below] + 1
            hi[open_[~below]] = mid[~below]

    def _buckets(self, queries: U64) -> tuple[I64, I64]:
        """The directory range [lo, hi) of positions that may hold each query."""
        if self._directory is None:
            self._bits = max(0, min(24, (self.size // _PER_BUCKET).bit_length() - 1))
            self._directory = np.zeros((1 << self._bits) + 1, dtype=np.int64)
            if self._bits:
                top = (self.items >> np.uint64(64 - self._bits)).astype(np.int64)
                np.cumsum(np.bincount(top, minlength=1 << self._bits), out=self._directory[1:])
            else:
                self._directory[1] = self.size
        if not self._bits:
            index = np.zeros(queries.size, dtype=np.int64)
        else:
            index = (queries >> np.uint64(64 - self._bits)).astype(np.int64)
        return self._directory[index], self._directory[index + 1]
