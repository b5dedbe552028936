"""Sorted runs of (key, row) items against a brute-force reference."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.dedup._runs import KEY_MASK, MAX_ROWS, Run, key_part


def _reference(pairs, keys, room, head):
    out = []
    for index, key in enumerate(keys.tolist()):
        rows = sorted(row for k, row in pairs if k == key and row >= head)
        out += [(index, row) for row in rows[: room[index]]]
    return out


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    distinct=st.integers(1, 300),
    crowd=st.integers(0, 400),
    queries=st.integers(1, 200),
    head=st.integers(0, 50),
    limit=st.integers(1, 40),
)
def test_take_matches_brute_force(seed, distinct, crowd, queries, head, limit):
    rng = np.random.default_rng(seed)
    pool = key_part(rng.integers(0, 2**64 - 1, size=distinct, dtype=np.uint64))
    keys = np.concatenate([rng.choice(pool, size=distinct * 3), np.repeat(pool[:1], crowd)])
    rows = rng.permutation(keys.size)  # any rows; items sort them within a key
    run = Run()
    half = keys.size // 2  # two merges: the second batch's rows must follow the first's
    order = np.argsort(rows)
    keys, rows = keys[order], rows[order]
    run.add(np.sort(keys[:half] | rows[:half].astype(np.uint64)))
    run.add(np.sort(keys[half:] | rows[half:].astype(np.uint64)))
    asked = np.concatenate([pool, key_part(rng.integers(0, 2**64 - 1, 5, dtype=np.uint64))])
    asked = rng.choice(asked, size=queries)
    room = rng.integers(0, limit, size=queries)
    which, found = run.take(asked, room, head)
    expected = _reference(list(zip(keys.tolist(), rows.tolist(), strict=True)), asked, room, head)
    assert sorted(zip(which.tolist(), found.tolist(), strict=True)) == sorted(expected)
    rows_one, counts = run.take_one(asked[:5], room[:5].tolist(), head)
    assert sorted(rows_one) == sorted(r for i, r in expected if i < 5)
    assert sum(counts) == len(rows_one)


def test_keep_renumbers_and_keeps_order():
    run = Run()
    keys = key_part(np.array([5 << 40, 5 << 40, 9 << 40, 7 << 40], dtype=np.uint64))
    run.add(np.sort(keys | np.arange(4, dtype=np.uint64)))
    keep = np.array([False, True, True, True])
    run.keep(keep, np.cumsum(keep) - 1)
    assert run.size == 3
    assert (run.items & ~KEY_MASK).tolist() == [0, 2, 1]
    assert np.all(np.diff(run.items.astype(np.float64)) > 0)


def test_row_bits_leave_room_for_the_largest_window():
    assert MAX_ROWS > 100_000_000 * 4 // 3 + 1024 * 1024
