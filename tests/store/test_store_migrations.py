"""Registered migrations: ordering, one transaction each, resumption, refusal of newer schemas."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from storyweave.errors import MigrationError
from storyweave.store import SQLiteStore
from storyweave.store.migrations import (
    SQLITE_MIGRATIONS,
    MigrationSet,
    applied_versions,
    execute_script,
)
from tests.store.store_helpers import build_article


def _conn(path: Path | str = ":memory:") -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_new_database_records_every_migration(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    SQLiteStore(db, clock=lambda: datetime(2025, 6, 1, tzinfo=UTC)).close()
    with _conn(db) as conn:
        rows = conn.execute("SELECT version, description, applied_at FROM schema_migrations")
        recorded = rows.fetchall()
    assert [(m.version, m.description) for m in SQLITE_MIGRATIONS] == [r[:2] for r in recorded]
    assert {r[2] for r in recorded} == {"2025-06-01T00:00:00+00:00"}
    # Versions are unique and ascending; branches may land them out of order, so gaps are fine.
    assert SQLITE_MIGRATIONS.latest >= len(SQLITE_MIGRATIONS) >= 1


def test_reopening_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with SQLiteStore(db) as store:
        store.put_article(build_article())
    with _conn(db) as conn:
        assert SQLITE_MIGRATIONS.apply(conn) == []
        assert SQLITE_MIGRATIONS.apply(conn) == []
    with SQLiteStore(db) as store:
        assert store.get_article("a1b2c3d4e5f6") == build_article()


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    SQLiteStore(db).close()
    with _conn(db) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 'x')")
    with pytest.raises(MigrationError) as caught:
        SQLiteStore(db)
    message = str(caught.value)
    assert "schema version 999" in message and "upgrade storyweave" in message


def test_migrations_apply_in_version_order_whatever_the_registration_order() -> None:
    steps = MigrationSet()
    order: list[int] = []
    for version in (3, 1, 2):

        @steps.register(version, f"step {version}")
        def _step(conn: sqlite3.Connection, version: int = version) -> None:
            order.append(version)
            conn.execute(f"CREATE TABLE t{version} (x)")

    conn = _conn()
    assert steps.apply(conn) == [1, 2, 3]
    assert order == [1, 2, 3]
    assert applied_versions(conn) == {1, 2, 3}


def test_a_failing_migration_rolls_back_and_names_its_version() -> None:
    steps = MigrationSet()
    calls: list[str] = []

    @steps.register(1, "create a")
    def _one(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE a (x)")

    @steps.register(2, "create b, then fail")
    def _two(conn: sqlite3.Connection) -> None:
        calls.append("two")
        conn.execute("CREATE TABLE b (x)")
        conn.execute("INSERT INTO a VALUES (1)")
        if len(calls) == 1:
            raise RuntimeError("disk on fire")

    conn = _conn()
    with pytest.raises(MigrationError) as caught:
        steps.apply(conn)
    assert "migration 2 (create b, then fail)" in str(caught.value)
    assert "disk on fire" in str(caught.value)
    assert applied_versions(conn) == {1}
    assert "b" not in _tables(conn)
    assert conn.execute("SELECT count(*) FROM a").fetchone() == (0,)
    assert not conn.in_transaction
    # fixed (here: the second call succeeds), a re-run resumes at version 2
    assert steps.apply(conn) == [2]
    assert "b" in _tables(conn)


def test_a_migration_applied_meanwhile_by_another_process_is_skipped(tmp_path: Path) -> None:
    steps = MigrationSet()
    ran: list[int] = []

    @steps.register(1, "create a")
    def _one(conn: sqlite3.Connection) -> None:
        ran.append(1)
        conn.execute("CREATE TABLE a (x)")

    db = tmp_path / "race.db"
    first, second = _conn(db), _conn(db)
    steps.apply(first)
    assert steps._apply_one(second, next(iter(steps)), lambda: datetime.now(UTC)) is False
    assert ran == [1]


@pytest.mark.parametrize(
    ("version", "description", "fragment"),
    [
        (0, "zero", "positive int"),
        (-1, "negative", "positive int"),
        (True, "bool", "positive int"),
        ("2", "text", "positive int"),
        (5, "  ", "needs a description"),
        (1, "again", "already taken by 'first'"),
    ],
)
def test_registration_is_validated(version: Any, description: str, fragment: str) -> None:
    steps = MigrationSet()
    steps.register(1, "first")(lambda conn: None)
    with pytest.raises(ValueError, match=fragment):
        steps.register(version, description)


def test_execute_script_keeps_triggers_and_literals_whole() -> None:
    conn = _conn()
    conn.execute("BEGIN")
    execute_script(
        conn,
        """
        CREATE TABLE t (x TEXT);
        CREATE TABLE log (x TEXT);
        CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
            INSERT INTO log VALUES ('saw; ' || new.x);
            INSERT INTO log VALUES ('twice;');
        END;
        INSERT INTO t VALUES ('a;b');
        """,
    )
    assert conn.in_transaction  # still inside the caller's transaction
    conn.execute("COMMIT")
    assert conn.execute("SELECT x FROM log").fetchall() == [("saw; a;b",), ("twice;",)]


def test_execute_script_refuses_a_truncated_statement() -> None:
    conn = _conn()
    with pytest.raises(MigrationError, match="incomplete SQL statement"):
        execute_script(conn, "CREATE TABLE t (x); CREATE TRIGGER g AFTER INSERT ON t BEGIN")
