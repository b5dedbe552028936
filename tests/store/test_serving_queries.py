"""The store's serving queries: filtered story pages with totals, outlets, stories of articles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.errors import StoreError
from storyweave.models import OutletSummary, StoryFilter
from storyweave.store.base import OUTLET_ORDERS, STORY_ORDERS
from tests.serve.conftest import example_store


@pytest.fixture(scope="module")
def corpus():
    store = example_store()
    yield store
    store.close()


filters = st.builds(
    StoryFilter,
    language=st.sampled_from([None, "en", "es", "nl", "xx"]),
    outlet=st.sampled_from([None, "wikinews", "nobody"]),
    min_size=st.integers(1, 5),
    since=st.sampled_from([None, datetime(2008, 1, 1, tzinfo=UTC)]),
    until=st.sampled_from([None, datetime(2010, 1, 1, tzinfo=UTC)]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=filters, order=st.sampled_from(STORY_ORDERS), offset=st.integers(0, 12))
def test_find_stories_agrees_with_list_stories(corpus, where, order, offset):
    found, total = corpus.find_stories(where, order=order, limit=4, offset=offset)
    kwargs = dict(
        language=where.language, outlet=where.outlet, min_size=where.min_size,
        since=where.since, until=where.until,
    )  # fmt: skip
    assert found == corpus.list_stories(order=order, limit=4, offset=offset, **kwargs)
    assert total == corpus.count_stories(**kwargs)


@pytest.mark.parametrize(
    "where, total",
    [
        (StoryFilter(query="Storm Shadow"), 1),
        (StoryFilter(query='"Storm Shadow"'), 1),
        (StoryFilter(query="Shadow Storm"), 1),  # words, in any order
        (StoryFilter(query='"Shadow Storm"'), 0),  # a phrase, in order
        (StoryFilter(query="iPhone"), 3),
        (StoryFilter(query="iPhone", language="it"), 1),
        (StoryFilter(query="iPhone", min_size=2), 1),
        (StoryFilter(query='" - ( * '), 0),  # no searchable word
        (StoryFilter(max_size=1), 3),
        (StoryFilter(min_size=2, max_size=3), 3),
        (StoryFilter(query="NEAR AND OR -x"), 0),  # query syntax is plain text
    ],
)
def test_find_stories_by_text_and_size(corpus, where, total):
    found, counted = corpus.find_stories(where, limit=50)
    assert counted == total == len(found)
    assert all(where.min_size <= s.size <= (where.max_size or s.size) for s in found)


def test_total_is_kept_past_the_last_page(corpus):
    assert corpus.find_stories(StoryFilter(), offset=1000) == ([], 11)


@pytest.mark.parametrize(
    "where, message",
    [(StoryFilter(min_size=0), "min_size"), (StoryFilter(min_size=3, max_size=2), "max_size")],
)
def test_impossible_filters_are_refused(corpus, where, message):
    with pytest.raises(StoreError, match=message):
        corpus.find_stories(where)


def test_outlets(corpus):
    assert corpus.count_outlets() == 1
    (wikinews,) = corpus.list_outlets()
    assert wikinews == OutletSummary(
        name="wikinews", articles=28, stories=10, languages=("en", "es", "it", "nl"),
        first_seen=datetime(2005, 6, 13, tzinfo=UTC), last_seen=datetime(2011, 3, 18, tzinfo=UTC),
    )  # fmt: skip
    for order in OUTLET_ORDERS:
        assert corpus.list_outlets(order=order, offset=1) == []
    with pytest.raises(StoreError, match="order must be one of"):
        corpus.list_outlets(order="size")


def test_stories_of(corpus):
    ids = [a.id for a in corpus.list_articles(limit=100)]
    stories = corpus.stories_of([*ids, "unknown"])
    assert set(stories) == set(ids)
    assert len(set(stories.values())) == 11
    assert corpus.stories_of([]) == {}


def test_change_mark_moves_with_every_write(make_article):
    from storyweave import pipeline_provenance, pipeline_stories
    from storyweave.store import open_store
    from tests.serve.conftest import SETTINGS

    with open_store(":memory:") as store:
        empty = store.change_mark()
        assert store.change_mark() == empty
        store.put_article(make_article("first-article", text="Harbour workers strike today."))
        stored = store.change_mark()
        assert stored != empty
        stories = pipeline_stories.assign_stories(store, SETTINGS).stories
        assigned = store.change_mark()
        assert assigned != stored and store.change_mark() == assigned
        pipeline_provenance.trace_stories(store, SETTINGS, stories)
        traced = store.change_mark()
        assert traced != assigned and store.change_mark() == traced
        pipeline_provenance.trace_stories(store, SETTINGS, stories, force=True)
        assert store.change_mark() != traced  # a re-trace rewrites the graph
