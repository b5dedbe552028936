"""Writing and reading articles: round-trips, idempotence, conflicts, lookups, bad input."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from storyweave.errors import ConflictError, NotFound, StoreError
from storyweave.models import Article, Format, Language, PutResult, Removal
from storyweave.store import SQLiteStore, Store
from tests.store.store_helpers import ArticleFactory, build_article

PARIS = timezone(timedelta(hours=2))

ROUND_TRIPS: dict[str, dict[str, Any]] = {
    "minimal": {},
    "every field": {
        "format": Format.HTML,
        "raw": b"<html>\xff\xfe binary \x00 bytes</html>",
        "text": "Le Monde rapporte que 12 personnes…\nSecond paragraph.",
        "title": "Incendie à Marseille",
        "url": "https://example.org/a?b=1&c=2",
        "source": "Le Monde",
        "author": "Jeanne Dupont",
        "published": datetime(2024, 5, 1, 14, 30, 15, 123456, tzinfo=PARIS),
        "language": Language("fr", 0.987654321, "py3langid.v1"),
        "summary_only": True,
        "removed": (
            Removal("Share on Facebook", "boilerplate", 7),
            Removal("Advertisement", "boilerplate", 2),
            Removal("Incendie à Marseille", "repeated-headline", 0),
        ),
        "extra": {"tags": ["fire", "Marseille"], "wire": None, "n": 3, "ratio": 0.5},
    },
    "empty raw and text": {"raw": b"", "text": ""},
    "cyrillic": {"text": "Київ — столиця України.", "title": "Новини", "source": "Укрінформ"},
    "nul and control characters": {"text": "a\x00b\x1fc", "title": "t\x00"},
    "published in UTC": {"published": datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC)},
    "negative offset": {
        "published": datetime(2020, 2, 29, 1, 0, tzinfo=timezone(-timedelta(hours=9, minutes=30)))
    },
    "nested extra": {"extra": {"a": {"b": [1, {"c": [True, False, None]}]}, "": "empty key"}},
    "removed lines with empty text": {
        "removed": (Removal("", "blank", 0), Removal(" ", "blank", 0))
    },
}


@pytest.mark.parametrize("fields", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_round_trip_is_exact(store: SQLiteStore, fields: dict[str, Any]) -> None:
    article = build_article(**fields)
    assert store.put_article(article) is PutResult.INSERTED
    assert store.get_article(article.id) == article
    assert store.list_articles() == [article]
    assert list(store.iter_articles()) == [article]


def test_naive_published_is_read_as_utc(store: SQLiteStore, make_article: ArticleFactory) -> None:
    store.put_article(make_article(published=datetime(2024, 1, 2, 3, 4, 5)))
    published = store.get_article("a1b2c3d4e5f6").published
    assert published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert published is not None and published.utcoffset() == timedelta(0)


def test_put_twice_is_unchanged_and_writes_nothing(tmp_path: Path) -> None:
    now = [datetime(2025, 1, 1, tzinfo=UTC)]
    db = tmp_path / "s.db"
    with SQLiteStore(db, clock=lambda: now[0]) as store:
        article = build_article(removed=(Removal("x", "y", 1),))
        assert store.put_article(article) is PutResult.INSERTED
        now[0] = datetime(2026, 1, 1, tzinfo=UTC)
        again = build_article(locator="elsewhere.txt", text="re-cleaned differently")
        assert store.put_article(again) is PutResult.UNCHANGED
        assert store.get_article(article.id) == article
        assert store.count_articles() == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT ingested_at FROM articles").fetchall() == [
            ("2025-01-01T00:00:00.000000+00:00",)
        ]


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ({"raw": b"other bytes"}, "different raw bytes"),
        ({"format": Format.HTML}, "stored as format 'text', not 'html'"),
    ],
)
def test_conflicting_put_names_id_and_locators_and_keeps_the_row(
    store: SQLiteStore, changed: dict[str, Any], expected: str
) -> None:
    original = build_article(locator="first.txt", removed=(Removal("r", "why", 0),))
    store.put_article(original)
    with pytest.raises(ConflictError) as caught:
        store.put_article(build_article(locator="second.txt", **changed))
    message = str(caught.value)
    for part in ("a1b2c3d4e5f6", "first.txt", "second.txt", expected):
        assert part in message
    assert store.get_article(original.id) == original
    assert store.search("Body") and store.count_articles() == 1


LOOKUPS = [
    ("abcd1234ffff", "abcd1234ffff"),
    ("abcd1234", "abcd1234ffff"),
    ("abcd", "abcd1234ffff"),
    ("abce", "abce"),  # a full id shorter than a prefix may be
    ("ab", "ab"),
]


@pytest.fixture
def lookup_store(store: SQLiteStore) -> SQLiteStore:
    for article_id in ("abcd1234ffff", "abce", "ab", "bbbb0001", "bbbb0002", "bbbb0003", "bbbbb"):
        store.put_article(build_article(article_id))
    return store


@pytest.mark.parametrize(("ref", "expected_id"), LOOKUPS)
def test_get_article_by_id_or_unique_prefix(
    lookup_store: SQLiteStore, ref: str, expected_id: str
) -> None:
    assert lookup_store.get_article(ref).id == expected_id


@pytest.mark.parametrize(
    ("ref", "fragments"),
    [
        ("zzzz", ["'zzzz'"]),
        ("abc", ["'abc'", "at least 4 characters"]),
        ("", ["''"]),
        ("bbbb", ["ambiguous: 4 articles start with 'bbbb'", "'bbbb0001'", "more characters"]),
        ("bbbb000", ["ambiguous: 3 articles start with 'bbbb000'"]),
        ("abcd\ud800", ["abcd"]),
        ("abcd%", ["'abcd%'"]),  # LIKE wildcards mean nothing
        ("ab_d", ["'ab_d'"]),
    ],
)
def test_get_article_not_found_names_the_ref(
    lookup_store: SQLiteStore, ref: str, fragments: list[str]
) -> None:
    with pytest.raises(NotFound) as caught:
        lookup_store.get_article(ref)
    for fragment in fragments:
        assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("prefix", "neighbours"),
    [
        ("étés", ["étét", "été", "étér\U0010ffff"]),
        ("été\U0010ffff", ["étf", "été", "étê"]),
        ("\ud7ff" * 4, ["\ud7ff" * 3 + "\ue000", "\ud7ff" * 3, "\ud7ff" * 3 + "\ud7fe"]),
        ("a\x00bc", ["a\x00bd", "a\x00b", "a\x00bb\U0010ffff"]),
    ],
)
def test_prefix_lookup_handles_unusual_characters(
    store: SQLiteStore, prefix: str, neighbours: list[str]
) -> None:
    for article_id in [prefix + "-tail", *neighbours]:
        store.put_article(build_article(article_id))
    assert store.get_article(prefix).id == prefix + "-tail"


def test_has_article(store: SQLiteStore) -> None:
    store.put_article(build_article("abcdef"))
    assert store.has_article("abcdef")
    assert not store.has_article("abcd")  # prefixes do not count
    assert not store.has_article("x\udc80")


def _bad(**fields: Any) -> Article:
    return build_article(**fields)


@pytest.mark.parametrize(
    ("article", "fragment"),
    [
        (_bad(extra={"tags": ("a", "b")}), "extra['tags'] is a tuple"),
        (_bad(extra={"x": float("nan")}), "extra['x'] is nan"),
        (_bad(extra={"x": [1, float("inf")]}), "extra['x'][1] is inf"),
        (_bad(extra={"n": {1: "one"}}), "extra['n'] has key 1"),
        (_bad(extra={"s": {"a"}}), "extra['s'] is a set"),
        (_bad(extra={"d": datetime(2020, 1, 1)}), "extra['d'] is a datetime"),
        (_bad(language=Language("en", float("nan"), "x")), "finite"),
        (_bad(published=datetime(1, 1, 1, tzinfo=PARIS)), "outside the representable range"),
        (_bad(text="lone \udc80 surrogate"), "could not store article"),
        (_bad(removed=(Removal("x", "y", 2**70),)), "could not store article"),
        (build_article(""), "has no id"),
    ],
)
def test_unstorable_articles_raise_store_error_and_store_nothing(
    store: SQLiteStore, article: Article, fragment: str
) -> None:
    with pytest.raises(StoreError) as caught:
        store.put_article(article)
    assert fragment in str(caught.value)
    assert store.count_articles() == 0
    assert store.stats()["articles"] == 0


def test_closed_store_refuses_calls_and_close_is_idempotent() -> None:
    store = SQLiteStore(":memory:")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_articles()
    assert "closed" in repr(store)


def test_context_manager_closes() -> None:
    with SQLiteStore(":memory:") as store:
        store.put_article(build_article())
    with pytest.raises(StoreError, match="closed"):
        store.has_article("a1b2c3d4e5f6")


def test_satisfies_the_store_protocol(store: SQLiteStore) -> None:
    assert isinstance(store, Store)


def test_store_is_usable_from_several_threads(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "t.db") as store:

        def work(worker: int) -> None:
            for i in range(25):
                store.put_article(build_article(f"w{worker}-{i:03d}", text=f"thread {worker}"))
                store.search(f"thread {worker}")

        threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.count_articles() == 100
