"""Property tests: any storable article round-trips, puts are idempotent, search never fails.

Text fields use arbitrary Unicode including NUL and control characters (the store keeps text
verbatim); only lone surrogates are excluded, since no UTF-8 store can hold them (they are
refused with a StoreError, tested in test_store_articles).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.errors import ConflictError
from storyweave.models import Article, Format, Language, PutResult, Removal
from storyweave.store import SQLiteStore
from storyweave.store.sqlite import _prefix_range
from tests.store.store_helpers import build_article

texts = st.text()
optional_texts = st.none() | st.text(max_size=30)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
)
published = st.none() | st.datetimes(
    min_value=datetime(2, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=st.builds(timezone, offsets),
)
languages = st.none() | st.builds(
    Language, st.text(min_size=1, max_size=3), st.floats(0.0, 1.0), st.text(max_size=12)
)
removals = st.lists(
    st.builds(Removal, st.text(max_size=20), st.text(max_size=10), st.integers(0, 2**63 - 1)),
    max_size=4,
).map(tuple)
articles = st.builds(
    Article,
    id=st.text(min_size=1, max_size=24),
    locator=st.text(max_size=30),
    format=st.sampled_from(Format),
    raw=st.binary(max_size=200),
    text=texts,
    title=optional_texts,
    url=optional_texts,
    source=optional_texts,
    author=optional_texts,
    published=published,
    language=languages,
    summary_only=st.booleans(),
    removed=removals,
    extra=st.dictionaries(st.text(max_size=8), json_values, max_size=4),
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(article=articles)
def test_any_article_round_trips_and_reput_is_unchanged(article: Article) -> None:
    with SQLiteStore(":memory:") as store:
        assert store.put_article(article) is PutResult.INSERTED
        assert store.get_article(article.id) == article
        assert dict(store.get_article(article.id).extra) == dict(article.extra)
        assert store.put_article(article) is PutResult.UNCHANGED
        assert list(store.iter_articles()) == [article]
        assert store.count_articles() == 1


@FAST
@given(article=articles, other_raw=st.binary(max_size=50), locator=st.text(max_size=10))
def test_a_different_raw_under_the_same_id_conflicts_and_keeps_the_row(
    article: Article, other_raw: bytes, locator: str
) -> None:
    if other_raw == article.raw:
        other_raw += b"!"
    rival = build_article(article.id, raw=other_raw, locator=locator, format=article.format)
    with SQLiteStore(":memory:") as store:
        store.put_article(article)
        with pytest.raises(ConflictError) as caught:
            store.put_article(rival)
        assert repr(article.id) in str(caught.value)
        assert store.get_article(article.id) == article


@pytest.fixture(scope="module")
def search_store() -> Any:
    with SQLiteStore(":memory:") as store:
        store.put_article(build_article("x1", title="Élection à Paris", text="Selon Le Monde…"))
        store.put_article(build_article("x2", title="Київ", text='He said "NEAR" AND (not) -x*'))
        yield store


# every category, lone surrogates included: queries come from anywhere
ANY_CHARACTER = st.characters(
    categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co", "Cn"]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet=ANY_CHARACTER, max_size=40))
def test_search_never_raises(search_store: SQLiteStore, query: str) -> None:
    hits = search_store.search(query, limit=5)
    assert all(hit.article.id in {"x1", "x2"} for hit in hits)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.lists(
        st.sampled_from(
            [
                '"',
                "-",
                ":",
                "*",
                "(",
                ")",
                "AND",
                "OR",
                "NOT",
                "NEAR",
                "^",
                "+",
                "{",
                "}",
                " ",
                "paris",
                "\x00",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_search_never_raises_on_query_syntax(search_store: SQLiteStore, query: str) -> None:
    search_store.search(query)


@FAST
@given(
    ids=st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=12, unique=True),
    prefix=st.text(min_size=1, max_size=4),
)
def test_prefix_range_selects_exactly_the_ids_with_that_prefix(ids: list[str], prefix: str) -> None:
    with SQLiteStore(":memory:") as store:
        for article_id in ids:
            store.put_article(build_article(article_id))
        where, params = _prefix_range(prefix)
        assert store._conn is not None
        rows = store._conn.execute(f"SELECT a.id FROM articles a WHERE {where}", params)
        assert {r[0] for r in rows} == {i for i in ids if i.startswith(prefix)}
