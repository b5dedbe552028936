"""The order in which the store hands out unassigned articles (what the clusterer follows).

The rule (Store.unassigned_in_arrival_order): publication time, ties in storage order; an
undated article takes the time of the dated one stored before it; undated articles stored
before any dated one come first. Already assigned articles are left out, and do not lend
their time. The order is fixed when iteration starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.errors import StoreError
from storyweave.models import Assignment
from storyweave.store import SQLiteStore
from tests.store.store_helpers import build_article

DAY0 = datetime(2024, 1, 1, tzinfo=UTC)


def fill(store: SQLiteStore, days: Sequence[int | None], assigned: Sequence[int] = ()) -> None:
    """Store article ``a<i>`` published on ``DAY0 + days[i]`` (None: undated), in order; the
    positions in ``assigned`` get a story."""
    for i, day in enumerate(days):
        when = None if day is None else DAY0 + timedelta(days=day)
        store.put_article(build_article(f"a{i}", published=when))
    for seq, i in enumerate(assigned, start=1):
        decision = Assignment(f"a{i}", f"s{i}", 0.0, True, "test", (), ())
        store.record_assignment(decision, "headline", seq)


def reference_order(days: Sequence[int | None], assigned: Sequence[int]) -> list[str]:
    """The rule, written plainly."""
    keyed, carried = [], None
    for i, day in enumerate(days):
        if i in assigned:
            continue
        carried = day if day is not None else carried
        keyed.append(((carried is not None, carried or 0, i), f"a{i}"))
    return [aid for _, aid in sorted(keyed)]


def ordered(store: SQLiteStore, batch: int = 1000) -> list[str]:
    return [aid for ids in store.unassigned_in_arrival_order(batch) for aid in ids]


@pytest.mark.parametrize(
    ("days", "assigned", "expected"),
    [
        ([], [], []),
        ([3, 1, 2], [], ["a1", "a2", "a0"]),
        ([3, None, 1, 2], [], ["a2", "a3", "a0", "a1"]),  # undated keeps day 3's place
        ([None, None], [], ["a0", "a1"]),  # nothing dated: storage order
        ([None, 5, None, 1], [], ["a0", "a3", "a1", "a2"]),  # undated before any date: first
        ([2, 2, 1, 2], [], ["a2", "a0", "a1", "a3"]),  # ties in storage order
        ([3, None, 1], [0], ["a1", "a2"]),  # an assigned article lends no time
        ([1, 2, 3], [0, 1, 2], []),
    ],
)
def test_arrival_order_table(store, days, assigned, expected):
    fill(store, days, assigned)
    assert ordered(store) == expected == reference_order(days, assigned)
    assert store.count_unassigned() == len(expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=st.lists(st.none() | st.integers(0, 5), max_size=25),
    assigned_share=st.floats(0.0, 1.0),
    batch=st.integers(1, 7),
)
def test_arrival_order_follows_the_rule_in_any_batch_size(days, assigned_share, batch):
    assigned = [i for i in range(len(days)) if (i * 0.618) % 1 < assigned_share]
    with SQLiteStore(":memory:") as store:
        fill(store, days, assigned)
        batches = list(store.unassigned_in_arrival_order(batch))
        assert all(1 <= len(ids) <= batch for ids in batches)
        assert [aid for ids in batches for aid in ids] == reference_order(days, assigned)


def test_the_order_is_fixed_when_iteration_starts(store):
    """Assigning (as the clusterer does between batches) neither skips nor repeats, and
    articles stored meanwhile wait for the next iteration."""
    fill(store, [4, 3, None, 2, 1, 0])
    seen: list[str] = []
    for seq, ids in enumerate(store.unassigned_in_arrival_order(2), start=1):
        seen.extend(ids)
        for aid in ids:
            store.record_assignment(Assignment(aid, "s", 0.0, seq == 1, "test", (), ()), "h", seq)
        store.put_article(build_article(f"late{seq}", published=DAY0))
    assert seen == ["a5", "a4", "a3", "a1", "a2", "a0"]
    assert ordered(store) == ["late1", "late2", "late3"]


def test_an_abandoned_iteration_leaves_no_temporary_table(store):
    fill(store, [1, 2, 3])
    batches = store.unassigned_in_arrival_order(1)
    assert next(batches) == ["a0"]
    batches.close()
    with store._transaction("inspect") as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    assert ordered(store) == ["a0", "a1", "a2"]


def test_an_iteration_outliving_its_store_ends_quietly():
    store = SQLiteStore(":memory:")
    fill(store, [1, 2])
    batches = store.unassigned_in_arrival_order(1)
    assert next(batches) == ["a0"]
    store.close()
    batches.close()  # the temporary table went with the connection


@pytest.mark.parametrize("batch", [0, -1, True, 2.0])
def test_a_bad_batch_size_is_refused_at_the_call(store, batch):
    with pytest.raises(StoreError, match="batch_size"):
        store.unassigned_in_arrival_order(batch)
