"""The window rules shared by both dedupers: eviction by time, first-in-first-out bound, crowds."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from storyweave.dedup import ExactDeduper, MinHashDeduper
from tests.dedup.helpers import long_text

T0 = datetime(2024, 11, 1, 12, 0, tzinfo=UTC)
TEXT = long_text(200)

DEDUPERS = {
    "exact": lambda **kw: ExactDeduper(**kw),
    "minhash": lambda **kw: MinHashDeduper(**kw),
}


@pytest.fixture(params=sorted(DEDUPERS))
def make(request):
    return DEDUPERS[request.param]


def test_evict_drops_older_timed_entries_and_keeps_untimed(make):
    deduper = make()
    signature = deduper.signature(TEXT)
    deduper.add("untimed", signature)
    for hour in range(4):
        deduper.add(f"h{hour}", signature, T0 + timedelta(hours=hour))
    assert len(deduper) == 5
    assert deduper.evict(T0 + timedelta(hours=2)) == 2  # h0 and h1
    assert len(deduper) == 3
    links = deduper.add("new", signature, T0 + timedelta(hours=5))
    assert [link.duplicate_of for link in links] == ["untimed", "h2", "h3"]
    assert deduper.evict(T0 + timedelta(hours=2)) == 0


def test_naive_times_are_utc(make):
    deduper = make()
    signature = deduper.signature(TEXT)
    deduper.add("naive", signature, datetime(2024, 11, 1, 11, 59))
    deduper.add("aware", signature, T0 + timedelta(minutes=1))
    assert deduper.evict(T0) == 1
    assert [link.duplicate_of for link in deduper.add("x", signature)] == ["aware"]


def test_max_entries_drops_the_earliest_added_first(make):
    deduper = make(max_entries=3)
    signature = deduper.signature(TEXT)
    for name in "abc":
        deduper.add(name, signature)
    assert [link.duplicate_of for link in deduper.add("d", signature)] == ["b", "c"]
    assert [link.duplicate_of for link in deduper.add("e", signature, T0)] == ["c", "d"]
    assert len(deduper) == 3


def test_eviction_frees_the_index(make):
    deduper = make()
    signatures = deduper.signatures([long_text(40, seed=i) for i in range(3000)])
    for i, signature in enumerate(signatures):
        deduper.add(f"a{i}", signature, T0 + timedelta(seconds=i))
    index = deduper._index
    assert index.key_slots >= 3000
    assert deduper.evict(T0 + timedelta(seconds=2000)) == 2000
    assert len(deduper) == 1000
    assert index.key_slots == 1000 * index.n_keys
    assert deduper.evict(T0 + timedelta(days=1)) == 1000
    assert len(deduper) == 0
    assert index.key_slots == 0
    assert index._payload.shape[0] <= 64  # the arrays shrank back
    assert deduper.add("late", deduper.signature(long_text(40, seed=5))) == []


def test_first_in_first_out_purges_in_bulk(make):
    deduper = make(max_entries=500)
    for i, signature in enumerate(deduper.signatures([long_text(30, seed=i) for i in range(5000)])):
        deduper.add(f"a{i}", signature)
    assert len(deduper) == 500
    assert len(deduper._index._ids) <= 500 + 1024 + 1  # dropped rows are purged in bulk
    signature = deduper.signature(long_text(30, seed=4999))
    assert [link.duplicate_of for link in deduper.add("again", signature)] == ["a4999"]
    assert deduper.add("gone", deduper.signature(long_text(30, seed=10))) == []


@pytest.mark.parametrize("how", ["exact", "minhash", "minhash-batch"])
def test_ten_thousand_identical_copies_stay_bounded(how):
    deduper = DEDUPERS[how.split("-")[0]](max_links=5)
    signature = deduper.signature(TEXT)
    ids = [f"c{i}" for i in range(10_000)]
    started = time.perf_counter()
    if isinstance(deduper, MinHashDeduper) and how.endswith("batch"):
        found = deduper.add_many(ids, np.tile(signature, (len(ids), 1)))
    else:
        found = [deduper.add(i, signature) for i in ids]
    elapsed = time.perf_counter() - started
    assert elapsed < 20.0, f"10,000 copies took {elapsed:.1f}s"  # ~2 s on an idle laptop core
    assert max(map(len, found)) == 5
    assert [link.duplicate_of for link in found[-1]] == ["c0", "c1", "c2", "c3", "c4"]
    assert all(link.score == 1.0 for link in found[-1])
    assert len(deduper) == 10_000
