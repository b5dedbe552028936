"""The SQLite implementation of :class:`~storyweave.store.base.Store` (the default backend).

One connection per store, in autocommit mode, with every write in an explicit
``BEGIN IMMEDIATE`` transaction: an article, its removed lines and its full-text entry land
together or not at all, so a crash loses nothing that was reported stored. Reads that need
several queries run inside one read transaction so they see one snapshot. A lock serialises
use of the connection, so one store may be shared by the threads of a web server.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from storyweave.errors import ConflictError, NotFound, StoreError
from storyweave.models import Article, Format, Language, PutResult, Removal, SearchHit
from storyweave.store.base import (
    MIN_PREFIX,
    StoreStats,
    check_batch_size,
    check_order,
    check_page,
    raw_digest,
    utc_text,
)
from storyweave.store.migrations import SQLITE_MIGRATIONS
from storyweave.store.sqlite_compare import SQLiteCompareMethods
from storyweave.store.sqlite_provenance import SQLiteProvenanceMethods
from storyweave.store.sqlite_serving import SQLiteServingMethods
from storyweave.store.sqlite_stories import SQLiteStoryMethods

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 10_000
#: Title matches weigh twice as much as text matches in the bm25 ranking.
_BM25 = "bm25(articles_fts, 2.0, 1.0)"
_SNIPPET = "snippet(articles_fts, -1, '[', ']', '…', 16)"
_COLUMNS = (
    "a.pk, a.id, a.locator, a.format, a.raw, a.text, a.title, a.url, a.source, a.author, "
    "a.published, a.language_code, a.language_confidence, a.language_method, "
    "a.summary_only, a.extra"
)
_ORDER_SQL = {
    "published": "a.published IS NULL, a.published, a.id",
    "-published": "a.published IS NULL, a.published DESC, a.id",
    "ingested": "a.pk",
    "-ingested": "a.pk DESC",
    "id": "a.id",
}
_QUERY_PIECE = re.compile(r'"([^"]*)"|([^\s"]+)')
_CHUNK = 500  # ids per IN (...) when loading removed lines


class SQLiteStore(
    SQLiteStoryMethods, SQLiteProvenanceMethods, SQLiteCompareMethods, SQLiteServingMethods
):
    """Articles in one SQLite file (or in memory with ``":memory:"``).

    ``clock`` supplies the ``ingested_at`` time of new rows (inject one for reproducible
    tests). Opening runs the pending migrations; a file written by a newer storyweave is
    refused with :class:`~storyweave.errors.MigrationError`.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.path = os.fspath(path)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = _connect(self.path)
        try:
            SQLITE_MIGRATIONS.apply(self._conn, self._clock)
        except BaseException:
            self._conn.close()
            self._conn = None
            raise

    def __repr__(self) -> str:
        state = "open" if self._conn is not None else "closed"
        return f"SQLiteStore({self.path!r}, {state})"

    # -- writing ---------------------------------------------------------------------------

    def put_article(self, article: Article) -> PutResult:
        """Insert a new article; recognise an identical re-ingest; refuse a conflicting one."""
        row = _article_row(article)
        removals = [
            (article.id, idx, r.line, r.reason, r.index) for idx, r in enumerate(article.removed)
        ]
        what = f"could not store article {article.id!r} from {article.locator!r}"
        with self._transaction(what, "BEGIN IMMEDIATE") as conn:
            stored = conn.execute(
                "SELECT locator, format, raw_digest FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if stored is not None:
                _check_same(article, row["raw_digest"], stored)
                return PutResult.UNCHANGED
            row["ingested_at"] = utc_text(self._clock())
            names = ", ".join(row)
            marks = ", ".join(f":{name}" for name in row)
            conn.execute(f"INSERT INTO articles ({names}) VALUES ({marks})", row)
            conn.executemany(
                "INSERT INTO removals (article_id, idx, line, reason, position) "
                "VALUES (?, ?, ?, ?, ?)",
                removals,
            )
        return PutResult.INSERTED

    # -- reading ---------------------------------------------------------------------------

    def get_article(self, ref: str) -> Article:
        """By full id, or by a unique id prefix of at least MIN_PREFIX characters."""
        if not ref or not _encodable(ref):
            raise NotFound(f"no article {ref!r}")
        with self._transaction(f"could not look up article {ref!r}") as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE a.id = ?", (ref,))
            found = rows.fetchall()
            if not found:
                found = _by_prefix(conn, ref)
            return _hydrate(conn, found)[0]

    def has_article(self, article_id: str) -> bool:
        """Whether exactly this id is stored."""
        if not _encodable(article_id):
            return False
        with self._transaction(f"could not look up article {article_id!r}") as conn:
            found = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
            return found.fetchone() is not None

    def list_articles(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        source: str | None = None,
        language: str | None = None,
        format: Format | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        order: str = "published",
    ) -> list[Article]:
        """One page of the articles matching all given filters (see ``Store.list_articles``)."""
        check_page(limit, offset)
        check_order(order)
        where, params = _filters(source, language, format, since, until)
        sql = (
            f"SELECT {_COLUMNS} FROM articles a WHERE {where} "
            f"ORDER BY {_ORDER_SQL[order]} LIMIT ? OFFSET ?"
        )
        with self._transaction("could not list articles") as conn:
            rows = conn.execute(sql, [*params, limit, offset]).fetchall()
            return _hydrate(conn, rows)

    def count_articles(
        self,
        *,
        source: str | None = None,
        language: str | None = None,
        format: Format | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """How many articles match all given filters."""
        where, params = _filters(source, language, format, since, until)
        with self._transaction("could not count articles") as conn:
            found = conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params)
            return int(found.fetchone()[0])

    def _articles_where(self, where: str, params: Sequence[Any]) -> list[Article]:
        with self._transaction("could not read articles") as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE {where}", params)
            return _hydrate(conn, rows.fetchall())

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        """Every article in storage order, one keyset-paginated batch in memory at a time.

        The store is not locked between batches, so the caller may write while iterating;
        articles stored meanwhile are included when they sort after the current position.
        """
        check_batch_size(batch_size)
        return self._iter_batches(batch_size)

    def _iter_batches(self, batch_size: int) -> Iterator[Article]:
        after = 0
        while True:
            with self._transaction("could not read articles") as conn:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM articles a WHERE a.pk > ? ORDER BY a.pk LIMIT ?",
                    (after, batch_size),
                ).fetchall()
                batch = _hydrate(conn, rows)
            yield from batch
            if len(rows) < batch_size:
                return
            after = int(rows[-1]["pk"])

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search, best first; the query is plain words and "quoted phrases"."""
        check_page(limit, offset)
        match = fts_query(query)
        if match is None:
            return []
        sql = (
            f"SELECT {_COLUMNS}, -{_BM25} AS score, {_SNIPPET} AS snippet "
            "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? ORDER BY {_BM25}, a.pk LIMIT ? OFFSET ?"
        )
        with self._transaction("could not search articles") as conn:
            rows = conn.execute(sql, (match, limit, offset)).fetchall()
            articles = _hydrate(conn, rows)
        return [
            SearchHit(article=article, score=float(row["score"]), snippet=str(row["snippet"]))
            for article, row in zip(articles, rows, strict=True)
        ]

    def stats(self) -> StoreStats:
        """Article count, distinct sources, and counts by format, language and top-20 source."""
        with self._transaction("could not compute statistics") as conn:

            def counts(sql: str) -> dict[str, int]:
                return {str(key): int(n) for key, n in conn.execute(sql)}

            total = conn.execute("SELECT count(*), count(DISTINCT source) FROM articles")
            articles, sources = total.fetchone()
            return {
                "articles": int(articles),
                "sources": int(sources),
                "by_format": counts(
                    "SELECT format, count(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC, 1"
                ),
                "by_language": counts(
                    "SELECT coalesce(language_code, 'und'), count(*) AS n FROM articles "
                    "GROUP BY 1 ORDER BY n DESC, 1"
                ),
                "by_source": counts(
                    "SELECT source, count(*) AS n FROM articles WHERE source IS NOT NULL "
                    "GROUP BY 1 ORDER BY n DESC, 1 LIMIT 20"
                ),
            }

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent); later calls raise StoreError."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self, what: str, begin: str = "BEGIN") -> Iterator[sqlite3.Connection]:
        """Hold the lock and one transaction; commit on success, roll back on any exception.

        SQLite failures become StoreError prefixed with ``what``; the store's own errors
        (NotFound, ConflictError) pass through unchanged.
        """
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError(f"{what}: the store {self.path!r} is closed")
            try:
                conn.execute(begin)
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error | UnicodeEncodeError | OverflowError):
                    raise StoreError(f"{what}: {exc}") from exc
                raise


def _connect(path: str) -> sqlite3.Connection:
    """Open and configure a connection; a file that is no SQLite database is a StoreError."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(_open_failure(path, exc)) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if path != MEMORY:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"could not switch to WAL journal (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(_open_failure(path, exc)) from exc
    return conn


def _open_failure(path: str, exc: sqlite3.Error) -> str:
    message = f"cannot open {path!r} as a SQLite database: {exc}"
    parent = Path(path).parent
    if path != MEMORY and not parent.is_dir():
        message += f" (the folder {str(parent)!r} does not exist)"
    return message


# -- rows <-> articles ---------------------------------------------------------------------


def _article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row for ``article``, validated so that it reads back equal."""
    if not isinstance(article.id, str) or not article.id:
        raise StoreError(f"article from {article.locator!r} has no id; give it a non-empty id")
    language = article.language
    if language is not None and not math.isfinite(language.confidence):
        raise StoreError(
            f"article {article.id!r}: language confidence must be a finite number; "
            f"got {language.confidence!r}"
        )
    try:
        published = None if article.published is None else utc_text(article.published)
    except StoreError as exc:
        raise StoreError(f"article {article.id!r}: published {exc}") from None
    return {
        "id": article.id,
        "locator": article.locator,
        "format": Format(article.format).value,
        "raw": bytes(article.raw),
        "raw_digest": raw_digest(article.raw),
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "author": article.author,
        "published": published,
        "language_code": None if language is None else language.code,
        "language_confidence": None if language is None else float(language.confidence),
        "language_method": None if language is None else language.method,
        "summary_only": 1 if article.summary_only else 0,
        "extra": _extra_json(article.id, article.extra),
    }


def _check_same(article: Article, digest: str, stored: sqlite3.Row) -> None:
    """Raise ConflictError unless the stored row has the same raw bytes and format."""
    if stored["raw_digest"] == digest and stored["format"] == Format(article.format).value:
        return
    if stored["raw_digest"] == digest:
        difference = f"was stored as format {stored['format']!r}, not {article.format.value!r}"
    else:
        difference = "is stored with different raw bytes"
    raise ConflictError(
        f"article {article.id!r} {difference}: stored from {stored['locator']!r}, "
        f"now from {article.locator!r}; one id must always name the same content"
    )


def _extra_json(article_id: str, extra: Mapping[str, Any]) -> str:
    """``extra`` as JSON text, refusing values that would not read back equal."""
    try:
        _check_json(extra, "extra")
    except RecursionError:
        raise StoreError(f"article {article_id!r}: extra is nested too deeply") from None
    except TypeError as exc:
        raise StoreError(f"article {article_id!r}: {exc}") from None
    return json.dumps(dict(extra), ensure_ascii=False, allow_nan=False)


def _check_json(value: Any, where: str) -> None:
    """Raise TypeError naming the first value that JSON would not round-trip exactly."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"{where} is {value!r}; JSON has no NaN or infinity")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_json(item, f"{where}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where} has key {key!r}; JSON object keys must be strings")
            _check_json(item, f"{where}[{key!r}]")
        return
    hint = "; use a list" if isinstance(value, tuple) else ""
    raise TypeError(f"{where} is a {type(value).__name__}, which JSON cannot keep{hint}")


def _hydrate(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[Article]:
    """Articles for ``rows``, with their removed lines loaded in a few batched queries."""
    removed: dict[str, list[Removal]] = {}
    ids = [str(row["id"]) for row in rows]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for article_id, line, reason, position in conn.execute(
            "SELECT article_id, line, reason, position FROM removals "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, idx",
            chunk,
        ):
            removed.setdefault(article_id, []).append(Removal(line, reason, position))
    return [_article(row, tuple(removed.get(row["id"], ()))) for row in rows]


def _article(row: sqlite3.Row, removed: tuple[Removal, ...]) -> Article:
    language = None
    if row["language_code"] is not None:
        language = Language(
            row["language_code"], row["language_confidence"], row["language_method"]
        )
    published = row["published"]
    return Article(
        id=row["id"],
        locator=row["locator"],
        format=Format(row["format"]),
        raw=bytes(row["raw"]),
        text=row["text"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        author=row["author"],
        published=None if published is None else datetime.fromisoformat(published),
        language=language,
        summary_only=bool(row["summary_only"]),
        removed=removed,
        extra=json.loads(row["extra"]),
    )


# -- query building ------------------------------------------------------------------------


def _filters(
    source: str | None,
    language: str | None,
    format: Format | None,
    since: datetime | None,
    until: datetime | None,
) -> tuple[str, list[Any]]:
    """SQL condition and parameters for the listing filters (``1`` when there are none)."""
    terms: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("a.source", source),
        ("a.language_code", language),
        ("a.format", None if format is None else Format(format).value),
    ):
        if value is not None:
            terms.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        terms.append("a.published >= ?")
        params.append(utc_text(since))
    if until is not None:
        terms.append("a.published < ?")
        params.append(utc_text(until))
    return (" AND ".join(terms) or "1"), params


def _by_prefix(conn: sqlite3.Connection, ref: str) -> list[sqlite3.Row]:
    """The row of the one article whose id starts with ``ref``; NotFound otherwise."""
    if len(ref) < MIN_PREFIX:
        raise NotFound(
            f"no article {ref!r}; to look up by id prefix give at least {MIN_PREFIX} characters"
        )
    where, params = _prefix_range(ref)
    count = conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params)
    n = int(count.fetchone()[0])
    if n == 0:
        raise NotFound(f"no article {ref!r}")
    if n > 1:
        ids = conn.execute(f"SELECT a.id FROM articles a WHERE {where} LIMIT 3", params)
        examples = ", ".join(repr(r[0]) for r in ids)
        raise NotFound(
            f"article {ref!r} is ambiguous: {n} articles start with {ref!r} "
            f"({examples}{', …' if n > 3 else ''}); give more characters"
        )
    return conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE {where}", params).fetchall()


def _prefix_range(prefix: str) -> tuple[str, list[str]]:
    """A condition matching ids that start with ``prefix``, as an index-friendly range.

    Ids compare as UTF-8 bytes, which orders like code points, so the ids starting with
    ``prefix`` are exactly those from ``prefix`` up to the prefix with its last character
    incremented (skipping the surrogate block, which UTF-8 cannot hold).
    """
    stem = prefix.rstrip("\U0010ffff")
    if not stem:
        return "a.id >= ?", [prefix]
    code = ord(stem[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:
        code = 0xE000
    return "a.id >= ? AND a.id < ?", [prefix, stem[:-1] + chr(code)]


def fts_query(query: str) -> str | None:
    """An FTS5 MATCH expression that treats ``query`` as plain words and quoted phrases.

    Every piece becomes a quoted FTS5 string, so no character of the user's text acts as
    query syntax (``-``, ``:``, ``*``, ``(``, ``NEAR``, ``AND`` are just text) and FTS5's own
    tokenizer splits it exactly as it split the indexed text. Control characters and lone
    surrogates (which FTS5 or UTF-8 cannot take) become spaces. Returns None when no piece
    holds a letter or digit, i.e. nothing could match.
    """
    cleaned = "".join(" " if unicodedata.category(ch) in {"Cc", "Cs"} else ch for ch in query)
    phrases: list[str] = []
    for quoted, bare in _QUERY_PIECE.findall(cleaned):
        piece = quoted or bare
        if any(ch.isalnum() for ch in piece):
            phrases.append('"' + piece.replace('"', '""') + '"')
    return " ".join(phrases) if phrases else None


def _encodable(text: str) -> bool:
    """Whether ``text`` can be sent to SQLite (UTF-8 cannot hold lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
