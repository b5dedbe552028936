"""Listing, counting, streaming, full-text search and statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from storyweave.errors import StoreError
from storyweave.models import Format, Language
from storyweave.store import SQLiteStore
from tests.store.store_helpers import build_article


def _day(day: int) -> datetime:
    return datetime(2024, 3, day, 12, tzinfo=UTC)


FR = Language("fr", 0.99, "declared")
UK = Language("uk", 0.9, "py3langid.v1")
# id, source, language, format, published (stored in this order: p3 is ingested first)
CORPUS: list[tuple[str, str | None, Language | None, Format, datetime | None]] = [
    ("p3", "Le Monde", FR, Format.HTML, _day(3)),
    ("p1", "Le Monde", FR, Format.FEED, _day(1)),
    ("nodate", "AP", None, Format.TEXT, None),
    ("p2", "Ukrinform", UK, Format.HTML, _day(2)),
    ("p2b", "AP", None, Format.TEXT, _day(2)),
    ("p4", None, UK, Format.JSONL, datetime(2024, 3, 4, 13, tzinfo=timezone(timedelta(hours=1)))),
]


@pytest.fixture
def corpus(store: SQLiteStore) -> SQLiteStore:
    for article_id, source, language, fmt, published in CORPUS:
        store.put_article(
            build_article(
                article_id, source=source, language=language, format=fmt, published=published
            )
        )
    return store


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("published", ["p1", "p2", "p2b", "p3", "p4", "nodate"]),
        ("-published", ["p4", "p3", "p2", "p2b", "p1", "nodate"]),
        ("ingested", ["p3", "p1", "nodate", "p2", "p2b", "p4"]),
        ("-ingested", ["p4", "p2b", "p2", "nodate", "p1", "p3"]),
        ("id", ["nodate", "p1", "p2", "p2b", "p3", "p4"]),
    ],
)
def test_orders(corpus: SQLiteStore, order: str, expected: list[str]) -> None:
    assert [a.id for a in corpus.list_articles(order=order)] == expected


FILTERS: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["p1", "p2", "p2b", "p3", "p4", "nodate"]),
    ({"source": "Le Monde"}, ["p1", "p3"]),
    ({"source": "le monde"}, []),
    ({"language": "uk"}, ["p2", "p4"]),
    ({"format": Format.HTML}, ["p2", "p3"]),
    ({"since": _day(2)}, ["p2", "p2b", "p3", "p4"]),
    ({"until": _day(2)}, ["p1"]),
    ({"since": _day(2), "until": _day(3)}, ["p2", "p2b"]),
    # naive bounds are UTC; p4 is 12:00 UTC, so a 12:00 naive bound includes it
    ({"since": datetime(2024, 3, 4, 12)}, ["p4"]),
    ({"since": datetime(2024, 3, 4, 13, tzinfo=timezone(timedelta(hours=1)))}, ["p4"]),
    ({"until": datetime(2024, 3, 4, 12, tzinfo=UTC)}, ["p1", "p2", "p2b", "p3"]),
    ({"source": "AP", "format": Format.TEXT, "since": _day(1)}, ["p2b"]),
]


@pytest.mark.parametrize(("filters", "expected"), FILTERS)
def test_filters_list_and_count_agree(
    corpus: SQLiteStore, filters: dict[str, Any], expected: list[str]
) -> None:
    assert [a.id for a in corpus.list_articles(**filters)] == expected
    assert corpus.count_articles(**filters) == len(expected)


def test_pages_partition_the_listing(corpus: SQLiteStore) -> None:
    everything = corpus.list_articles(order="id")
    pages = [corpus.list_articles(order="id", limit=4, offset=o) for o in (0, 4, 8)]
    assert pages[0] + pages[1] == everything
    assert pages[2] == []


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ({"limit": 0}, "limit must be an int from 1 to 10000; got 0"),
        ({"limit": 10_001}, "limit must be an int from 1 to 10000"),
        ({"limit": True}, "limit must be an int"),
        ({"limit": "5"}, "limit must be an int"),
        ({"offset": -1}, "offset must be an int >= 0; got -1"),
        ({"order": "date"}, "order must be one of published, -published, ingested"),
    ],
)
def test_listing_arguments_are_validated(
    store: SQLiteStore, call: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(StoreError) as caught:
        store.list_articles(**call)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("batch_size", [1, 2, 5, 6, 500])
def test_iter_articles_streams_everything_in_storage_order(
    corpus: SQLiteStore, batch_size: int
) -> None:
    ids = [a.id for a in corpus.iter_articles(batch_size)]
    assert ids == [a.id for a in corpus.list_articles(order="ingested")]


@pytest.mark.parametrize("batch_size", [0, -3, 10_001])
def test_iter_articles_validates_when_called(store: SQLiteStore, batch_size: int) -> None:
    with pytest.raises(StoreError, match="batch_size must be an int from 1 to 10000"):
        store.iter_articles(batch_size)


def test_writes_during_iteration_are_allowed(corpus: SQLiteStore) -> None:
    seen = []
    for article in corpus.iter_articles(batch_size=2):
        seen.append(article.id)
        if article.id == "p3":
            corpus.put_article(build_article("late"))
    assert seen == ["p3", "p1", "nodate", "p2", "p2b", "p4", "late"]


SEARCH_DOCS = {
    "fr1": ("Incendie à Marseille", "Selon Le Monde, l'incendie a fait douze victimes."),
    "fr2": ("Élection présidentielle", "Les électeurs français votent dimanche."),
    "uk1": ("Новини України", "Укрінформ повідомляє про обстріл Києва."),
    "en1": ("Wildfire spreads", "Fire crews in Marseille fight a wildfire, AP reports."),
    "en2": ("Markets", "Stocks and bonds: a NEAR-record day (AND more) for C++ fans."),
    "de1": ("Straße gesperrt", "Die Straße in München bleibt gesperrt."),
}


@pytest.fixture
def searchable(store: SQLiteStore) -> SQLiteStore:
    for article_id, (title, text) in SEARCH_DOCS.items():
        store.put_article(build_article(article_id, title=title, text=text))
    return store


SEARCHES: list[tuple[str, set[str]]] = [
    ("marseille", {"fr1", "en1"}),
    ("MARSEILLE", {"fr1", "en1"}),
    ("election", {"fr2"}),  # diacritics removed on both sides
    ("électeurs", {"fr2"}),
    ("ELECTEURS FRANCAIS", {"fr2"}),
    ("киева", set()),  # different inflection: no stemming
    ("києва", {"uk1"}),
    ("КИЄВА укрінформ", {"uk1"}),
    ("strasse", set()),  # ß is not folded to ss
    ("straße münchen", {"de1"}),
    ("incendie", {"fr1"}),
    ("l'incendie", {"fr1"}),
    ('"le monde"', {"fr1"}),
    ('"monde le"', set()),
    ("le monde", {"fr1"}),
    ("fire marseille", {"en1"}),
    ("fire -marseille", {"en1"}),  # '-' is not negation
    ("near-record", {"en2"}),
    ("NEAR(record day)", {"en2"}),
    ("AND", {"en2"}),
    ("and OR not", set()),
    ("title:markets", set()),  # no column filters: 'title' must appear as a word
    ("c++", {"en2"}),
    ("bonds*", {"en2"}),
    ("sto*", set()),  # no prefix queries
    ('"unbalanced quote', set()),
    ('stocks"', {"en2"}),
    ("^stocks", {"en2"}),
    ("{stocks}", {"en2"}),
    ("", set()),
    ("   ", set()),
    ("- : * ( ) \" ' ^ +", set()),
    ("\x00\x01 stocks", {"en2"}),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_treats_queries_as_plain_words(
    searchable: SQLiteStore, query: str, expected: set[str]
) -> None:
    assert {hit.article.id for hit in searchable.search(query)} == expected


def test_search_marks_matches_in_snippets(searchable: SQLiteStore) -> None:
    (hit,) = searchable.search("victimes")
    assert "[victimes]" in hit.snippet
    (hit,) = searchable.search("election")
    assert "[Élection]" in hit.snippet
    assert hit.article == searchable.get_article("fr2")


def test_search_ranks_best_first_with_higher_scores(store: SQLiteStore) -> None:
    filler = "words " * 40
    store.put_article(build_article("once", title="Other news", text="ferry " + filler))
    store.put_article(build_article("title", title="Ferry news", text="ferry " + filler))
    store.put_article(build_article("twice", title="Other news", text="ferry ferry " + filler))
    store.put_article(build_article("none", title="Other news", text=filler))
    hits = store.search("ferry")
    assert [h.article.id for h in hits] == ["title", "twice", "once"]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_search_pages(searchable: SQLiteStore) -> None:
    everything = searchable.search("marseille")
    assert (
        searchable.search("marseille", limit=1) + searchable.search("marseille", limit=1, offset=1)
        == everything
    )
    with pytest.raises(StoreError, match="limit must be"):
        searchable.search("x", limit=0)


def test_stats(corpus: SQLiteStore) -> None:
    assert corpus.stats() == {
        "articles": 6,
        "sources": 3,
        "by_format": {"html": 2, "text": 2, "feed": 1, "jsonl": 1},
        "by_language": {"fr": 2, "uk": 2, "und": 2},
        "by_source": {"AP": 2, "Le Monde": 2, "Ukrinform": 1},
    }


def test_stats_keeps_the_twenty_largest_sources(store: SQLiteStore) -> None:
    for i in range(25):
        for j in range(i + 1):
            store.put_article(build_article(f"s{i:02d}-{j:02d}", source=f"source {i:02d}"))
    by_source = store.stats()["by_source"]
    assert isinstance(by_source, dict)
    assert list(by_source) == [f"source {i:02d}" for i in range(24, 4, -1)]
