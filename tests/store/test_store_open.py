"""Opening stores: targets accepted by open_store, connection settings, files on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import storyweave.store
from storyweave.errors import StoreError
from storyweave.store import SQLiteStore, open_store
from tests.store.store_helpers import build_article


def test_public_surface_is_pinned() -> None:
    assert sorted(storyweave.store.__all__) == ["SQLiteStore", "Store", "open_store"]


@pytest.mark.parametrize(
    ("target", "expected_path"),
    [
        (":memory:", ":memory:"),
        ("sqlite://", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
        ("plain.db", "plain.db"),
        ("sqlite:///relative.db", "relative.db"),
        ("sqlite:///sub/nested.db", "sub/nested.db"),
        ("SQLITE:///upper.db", "upper.db"),
    ],
)
def test_open_store_accepts_sqlite_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, expected_path: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with open_store(target) as store:
        assert isinstance(store, SQLiteStore)
        assert store.path == expected_path
        store.put_article(build_article())
        assert store.has_article("a1b2c3d4e5f6")


def test_open_store_accepts_absolute_urls_and_path_objects(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/abs.db") as store:
        assert isinstance(store, SQLiteStore)
        assert store.path == f"{tmp_path}/abs.db"
    with open_store(tmp_path / "obj.db") as store:
        assert (tmp_path / "obj.db").exists()


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("postgresql://user@host/db", "PostgreSQL store is not available yet; use a SQLite path"),
        ("postgres://host/db", "PostgreSQL store is not available yet; use a SQLite path"),
        ("postgresql+psycopg://host/db", "PostgreSQL store is not available yet"),
        ("mysql://host/db", "unsupported store 'mysql://host/db'; expected a file path"),
        ("sqlite://host/x.db", "unsupported store"),
        ("sqlite:///", "names no database file"),
        ("", "no store given; expected a file path"),
        ("  ", "no store given"),
    ],
)
def test_open_store_refuses_other_targets_stating_accepted_forms(
    target: str, fragment: str
) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(target)
    assert fragment in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database, just some text " * 100)
    with pytest.raises(StoreError) as caught:
        SQLiteStore(bogus)
    assert str(bogus) in str(caught.value)
    assert bogus.read_text().startswith("not a database")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        SQLiteStore(tmp_path / "missing" / "x.db")
    assert "the folder" in str(caught.value) and "missing" in str(caught.value)


def test_file_databases_use_wal_and_safe_pragmas(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "w.db") as store:
        conn = store._conn
        assert conn is not None
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_memory_databases_skip_wal() -> None:
    with SQLiteStore(":memory:") as store:
        assert store._conn is not None
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "memory"


def test_a_file_database_survives_close_and_reopen(tmp_path: Path) -> None:
    db = tmp_path / "keep.db"
    articles = [build_article(f"id-{i}", title=f"Headline {i}") for i in range(5)]
    with open_store(str(db)) as store:
        for article in articles:
            store.put_article(article)
    with open_store(f"sqlite:///{db}") as store:
        assert list(store.iter_articles()) == articles
        assert [h.article.id for h in store.search("headline 3")] == ["id-3"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with SQLiteStore(db) as writer, SQLiteStore(db) as reader:
        writer.put_article(build_article())
        assert reader.get_article("a1b2") == build_article()
