"""Schema migrations of the SQLite store, as registered functions.

Each migration is one decorated function that receives the connection and issues its DDL::

    @migration(2, "stories and links")
    def _stories(conn: sqlite3.Connection) -> None:
        execute_script(conn, "CREATE TABLE stories (...); CREATE INDEX ...;")

Migrations run in ascending version order, each inside its own ``BEGIN IMMEDIATE`` transaction
together with the row that records it in ``schema_migrations``, so a failure leaves the database
at the last good version and a re-run resumes where it stopped. Opening a database that a newer
storyweave has migrated further than this code knows is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from storyweave.errors import MigrationError

MigrationFn = Callable[[sqlite3.Connection], None]
Clock = Callable[[], datetime]

_TRACKING_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    """One schema step: its version, what it does in words, and the function doing it."""

    version: int
    description: str
    apply: MigrationFn


class MigrationSet:
    """An ordered registry of migrations for one database flavour.

    The store uses the module-level :data:`SQLITE_MIGRATIONS`; tests build their own sets to
    exercise failures without touching the real schema.
    """

    def __init__(self) -> None:
        self._by_version: dict[int, Migration] = {}

    def register(self, version: int, description: str) -> Callable[[MigrationFn], MigrationFn]:
        """Decorator registering ``fn`` as migration ``version`` (a positive, unused int)."""
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"migration version must be a positive int; got {version!r}")
        if not description.strip():
            raise ValueError(f"migration {version} needs a description of what it does")
        if version in self._by_version:
            taken = self._by_version[version].description
            raise ValueError(f"migration version {version} is already taken by {taken!r}")

        def decorator(fn: MigrationFn) -> MigrationFn:
            self._by_version[version] = Migration(version, description, fn)
            return fn

        return decorator

    def __iter__(self) -> Iterator[Migration]:
        return iter(sorted(self._by_version.values(), key=lambda m: m.version))

    def __len__(self) -> int:
        return len(self._by_version)

    @property
    def latest(self) -> int:
        """The highest version this code knows (0 when none is registered)."""
        return max(self._by_version, default=0)

    def apply(self, conn: sqlite3.Connection, clock: Clock | None = None) -> list[int]:
        """Bring the database up to :attr:`latest`; return the versions applied now.

        The connection must be in autocommit mode (``isolation_level=None``) so that the
        transactions opened here are the only ones.
        """
        now = clock or _utcnow
        _run_in_transaction(conn, lambda: conn.execute(_TRACKING_TABLE), "schema_migrations")
        found = applied_versions(conn)
        newest = max(found, default=0)
        if newest > self.latest:
            raise MigrationError(
                f"the database is at schema version {newest}, newer than this storyweave "
                f"knows (up to {self.latest}); upgrade storyweave to open it"
            )
        done: list[int] = []
        for step in self:
            if step.version not in found and self._apply_one(conn, step, now):
                done.append(step.version)
        return done

    def _apply_one(self, conn: sqlite3.Connection, step: Migration, now: Clock) -> bool:
        """Run one migration and record it atomically; False if another process beat us."""
        applied = False

        def body() -> None:
            nonlocal applied
            # Re-check under the write lock: a concurrent opener may have applied it already.
            if step.version in applied_versions(conn):
                return
            step.apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, now().astimezone(UTC).isoformat()),
            )
            applied = True

        _run_in_transaction(conn, body, f"migration {step.version} ({step.description})")
        return applied


def _run_in_transaction(conn: sqlite3.Connection, body: Callable[[], object], what: str) -> None:
    """Run ``body`` inside BEGIN IMMEDIATE … COMMIT; roll back and raise MigrationError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise MigrationError(f"{what} could not start: {exc}") from exc
    try:
        body()
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, MigrationError) or not isinstance(exc, Exception):
            raise
        raise MigrationError(
            f"{what} failed and was rolled back; the database is unchanged by it: {exc}"
        ) from exc


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """Versions recorded in ``schema_migrations`` (empty if the table does not exist yet)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if exists is None:
        return set()
    return {int(row[0]) for row in conn.execute("SELECT version FROM schema_migrations")}


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute several ``;``-separated statements inside the current transaction.

    ``sqlite3.Connection.executescript`` would COMMIT the open transaction first, which breaks
    the one-transaction-per-migration rule; this splits on complete statements instead (so
    trigger bodies with inner semicolons stay whole).
    """
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                conn.execute(buffer)
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        raise MigrationError(f"incomplete SQL statement at the end of a script: {buffer!r}")


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ``pk`` is an explicit INTEGER PRIMARY KEY so the FTS index's rowids survive VACUUM; ``id`` is
# the article's own identifier. ``published`` is fixed-width ISO-8601 UTC text, so text order
# is time order. The FTS table borrows its content from ``articles`` (no second copy of the
# text) and triggers keep it in step inside the writing transaction.
_ARTICLES_SCHEMA = """
CREATE TABLE articles (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE CHECK (id <> ''),
    locator             TEXT NOT NULL,
    format              TEXT NOT NULL,
    raw                 BLOB NOT NULL,
    raw_digest          TEXT NOT NULL,
    text                TEXT NOT NULL,
    title               TEXT,
    url                 TEXT,
    source              TEXT,
    author              TEXT,
    published           TEXT,
    language_code       TEXT,
    language_confidence REAL,
    language_method     TEXT,
    summary_only        INTEGER NOT NULL CHECK (summary_only IN (0, 1)),
    extra               TEXT NOT NULL DEFAULT '{}',
    ingested_at         TEXT NOT NULL,
    CHECK ((language_code IS NULL) = (language_confidence IS NULL)
       AND (language_code IS NULL) = (language_method IS NULL))
);
CREATE INDEX articles_published ON articles (published, id);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_language ON articles (language_code);
CREATE INDEX articles_format ON articles (format);

CREATE TABLE removals (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    line       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
"""


SQLITE_MIGRATIONS = MigrationSet()
migration = SQLITE_MIGRATIONS.register


@migration(1, "articles, removed lines and the full-text index")
def _articles(conn: sqlite3.Connection) -> None:
    execute_script(conn, _ARTICLES_SCHEMA)


# Stories are rows of their own; membership is the assignments table (one row per article,
# with the explanation of the decision as JSON). A merge re-points the absorbed story's
# assignments and leaves the absorbed row in place with ``merged_into`` set, so old ids still
# resolve. Vectors are cached per model name, so a new model adds rows instead of overwriting.
_STORIES_SCHEMA = """
CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    headline    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    algorithm   TEXT NOT NULL,
    merged_into TEXT REFERENCES stories (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX stories_merged ON stories (merged_into);

CREATE TABLE assignments (
    article_id  TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL REFERENCES stories (id),
    score       REAL NOT NULL,
    new_story   INTEGER NOT NULL CHECK (new_story IN (0, 1)),
    embedded    INTEGER NOT NULL CHECK (embedded IN (0, 1)),
    algorithm   TEXT NOT NULL,
    explanation TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX assignments_story ON assignments (story_id, seq);

CREATE TABLE story_merges (
    absorbed    TEXT PRIMARY KEY REFERENCES stories (id),
    into_story  TEXT NOT NULL REFERENCES stories (id),
    by_article  TEXT NOT NULL,
    merged_at   TEXT NOT NULL
);

CREATE TABLE article_vectors (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    vector     BLOB NOT NULL,
    PRIMARY KEY (article_id, model)
) WITHOUT ROWID;

CREATE TABLE duplicate_links (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    algorithm    TEXT NOT NULL,
    score        REAL NOT NULL,
    PRIMARY KEY (article_id, duplicate_of, algorithm)
) WITHOUT ROWID;
CREATE INDEX duplicate_links_target ON duplicate_links (duplicate_of);

CREATE TABLE dedup_signatures (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    algorithm  TEXT NOT NULL,
    signature  BLOB NOT NULL,
    published  TEXT,
    PRIMARY KEY (article_id, algorithm)
) WITHOUT ROWID;
"""


@migration(2, "stories, assignments, merges, vectors, duplicate links and signatures")
def _stories(conn: sqlite3.Connection) -> None:
    execute_script(conn, _STORIES_SCHEMA)


# -- provenance ------------------------------------------------------------------------------
# One row per attribution statement (offsets into the article's cleaned text), per graph node
# and edge, and one summary per story; every row carries the versioned algorithm that made it,
# and re-tracing a story replaces its rows for that algorithm in one transaction.
_PROVENANCE_SCHEMA = """
CREATE TABLE attributions (
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    algorithm     TEXT NOT NULL,
    idx           INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    source        TEXT NOT NULL,
    source_start  INTEGER NOT NULL,
    source_end    INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    cue           TEXT NOT NULL,
    outlet        TEXT,
    self_reference INTEGER NOT NULL CHECK (self_reference IN (0, 1)),
    PRIMARY KEY (article_id, algorithm, idx),
    CHECK (start <= source_start AND source_start <= source_end AND source_end <= end)
) WITHOUT ROWID;
CREATE INDEX attributions_outlet ON attributions (outlet);

CREATE TABLE provenance_nodes (
    story_id  TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    node      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('article', 'outlet')),
    label     TEXT NOT NULL,
    outlet    TEXT,
    published TEXT,
    in_input  INTEGER NOT NULL CHECK (in_input IN (0, 1)),
    agency    INTEGER NOT NULL CHECK (agency IN (0, 1)),
    origin    INTEGER NOT NULL CHECK (origin IN (0, 1)),
    PRIMARY KEY (story_id, algorithm, node)
) WITHOUT ROWID;

CREATE TABLE provenance_edges (
    story_id  TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    idx       INTEGER NOT NULL,
    source    TEXT NOT NULL,
    target    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('cites', 'copies', 'rewrites', 'translates')),
    evidence  TEXT NOT NULL,
    score     REAL NOT NULL,
    decided   INTEGER NOT NULL CHECK (decided IN (0, 1)),
    relay     INTEGER NOT NULL CHECK (relay IN (0, 1)),
    reason    TEXT NOT NULL,
    PRIMARY KEY (story_id, algorithm, idx),
    CHECK (source <> target)
) WITHOUT ROWID;

CREATE TABLE provenance_summaries (
    story_id            TEXT NOT NULL,
    algorithm           TEXT NOT NULL,
    articles            INTEGER NOT NULL,
    outlets             INTEGER NOT NULL,
    independent_origins INTEGER NOT NULL,
    wire_copies         INTEGER NOT NULL,
    undecided           INTEGER NOT NULL,
    members             TEXT NOT NULL,
    traced_at           TEXT NOT NULL,
    PRIMARY KEY (story_id, algorithm)
) WITHOUT ROWID;
"""


@migration(3, "provenance: attributions, graph nodes and edges, per-story summaries")
def _provenance(conn: sqlite3.Connection) -> None:
    execute_script(conn, _PROVENANCE_SCHEMA)


# -- coverage comparison ------------------------------------------------------------------------
# Statement embeddings are cached by a digest of the statement's wording (not by article), so
# the same sentence relayed by many outlets is embedded once and a story that gains an article
# only embeds the newcomer's statements. Independent of any other table.
_STATEMENT_VECTORS_SCHEMA = """
CREATE TABLE statement_vectors (
    statement_key TEXT NOT NULL,
    model         TEXT NOT NULL,
    vector        BLOB NOT NULL,
    PRIMARY KEY (statement_key, model)
) WITHOUT ROWID;
"""


@migration(4, "statement vectors for the coverage comparison")
def _statement_vectors(conn: sqlite3.Connection) -> None:
    execute_script(conn, _STATEMENT_VECTORS_SCHEMA)


# -- serving ------------------------------------------------------------------------------------
# The change mark (Store.change_mark, read by the server on every request) takes the latest
# trace time: with this index that is one b-tree step, not a scan of every story's summary.
@migration(5, "index of provenance trace times, for the change mark")
def _trace_times(conn: sqlite3.Connection) -> None:
    execute_script(
        conn, "CREATE INDEX provenance_summaries_traced ON provenance_summaries (traced_at);"
    )


# -- stories ------------------------------------------------------------------------------------
# The clusterer replays its latest decisions at start-up (second looks, Store.recent_assignments):
# with this index that reads the last ones, not every assignment.
@migration(6, "index of assignment order, for the latest decisions")
def _assignment_order(conn: sqlite3.Connection) -> None:
    execute_script(conn, "CREATE INDEX assignments_seq ON assignments (seq);")


# An article scored without an embedding may be held to the lexical-only threshold (no model,
# or the model asked about matches across languages only): explanations show the bar in force.
@migration(7, "the threshold each story assignment was held to")
def _assignment_threshold(conn: sqlite3.Connection) -> None:
    execute_script(conn, "ALTER TABLE assignments ADD COLUMN threshold REAL;")
