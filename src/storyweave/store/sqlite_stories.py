"""Stories, assignments, vectors and duplicate links in SQLite (mixed into SQLiteStore).

Story aggregates (size, first/last seen, languages, outlets) are computed from the
assignments when read, so they can never disagree with the membership they summarise.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from storyweave.errors import NotFound, StoreError
from storyweave.models import Article, Assignment, Candidate, DuplicateLink, Story
from storyweave.store.base import (
    MIN_PREFIX,
    STORY_ORDERS,
    check_batch_size,
    check_page,
    check_story_order,
    utc_text,
)

_STORY_ORDER_SQL = {
    "-last_seen": "last_seen IS NULL, last_seen DESC, s.seq DESC",
    "last_seen": "last_seen IS NULL, last_seen, s.seq",
    "-size": "size DESC, s.seq DESC",
    "-created": "s.seq DESC",
    "created": "s.seq",
}
assert set(_STORY_ORDER_SQL) == set(STORY_ORDERS)

# Arrival order in SQL (see Store.unassigned_in_arrival_order): ``dated`` is the pk of the
# latest dated unassigned article stored at or before each one; its time is the sort key.
_ARRIVAL_ORDER_SQL = """
WITH pending AS (
    SELECT a.pk, a.id,
           max(CASE WHEN a.published IS NOT NULL THEN a.pk END) OVER (ORDER BY a.pk) AS dated
    FROM articles a LEFT JOIN assignments asg ON asg.article_id = a.id
    WHERE asg.article_id IS NULL
)
INSERT INTO {table} (n, id)
SELECT row_number() OVER (ORDER BY d.published IS NOT NULL, d.published, p.pk), p.id
FROM pending p LEFT JOIN articles d ON d.pk = p.dated
"""
_ARRIVAL_TABLES = itertools.count(1)

_STORY_SELECT = """
SELECT s.id, s.headline, s.seq, count(*) AS size,
       min(ar.published) AS first_seen, max(ar.published) AS last_seen,
       json_group_array(DISTINCT ar.language_code) AS languages,
       json_group_array(DISTINCT ar.source) AS outlets
FROM stories s
JOIN assignments asg ON asg.story_id = s.id
JOIN articles ar ON ar.id = asg.article_id
"""


class SQLiteStoryMethods:
    """The story half of the store; expects ``_transaction`` and ``_articles_where``."""

    _transaction: Callable[..., AbstractContextManager[sqlite3.Connection]]
    _articles_where: Callable[..., list[Article]]
    _clock: Callable[[], datetime]

    # -- writing ---------------------------------------------------------------------------

    def record_assignment(self, assignment: Assignment, headline: str, seq: int) -> None:
        """Store one clustering decision (new story, membership, merges) in one transaction."""
        now = utc_text(self._clock())
        what = f"could not assign article {assignment.article_id!r}"
        explanation = json.dumps(
            [
                {"story": c.story_id, "score": c.score, "features": dict(c.features)}
                for c in assignment.candidates
            ]
        )
        with self._transaction(what, "BEGIN IMMEDIATE") as conn:
            if assignment.new_story:
                conn.execute(
                    "INSERT OR IGNORE INTO stories (id, headline, seq, algorithm, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (assignment.story_id, headline, seq, assignment.algorithm, now),
                )
            for gone in assignment.merged:
                _merge(conn, gone, assignment.story_id, assignment.article_id, now)
            conn.execute(
                "INSERT OR REPLACE INTO assignments (article_id, story_id, score, new_story, "
                "embedded, algorithm, explanation, seq, assigned_at, threshold) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    assignment.article_id,
                    assignment.story_id,
                    assignment.score,
                    int(assignment.new_story),
                    int(assignment.embedded),
                    assignment.algorithm,
                    explanation,
                    seq,
                    now,
                    assignment.threshold,
                ),
            )

    def put_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Cache article embeddings (float32 bytes) under the model's versioned name."""
        with self._transaction("could not store vectors", "BEGIN IMMEDIATE") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO article_vectors (article_id, model, vector) VALUES (?,?,?)",
                [(article_id, model, blob) for article_id, blob in vectors.items()],
            )

    def put_signatures(
        self, algorithm: str, rows: Sequence[tuple[str, bytes, datetime | None]]
    ) -> None:
        """Keep dedup signatures (article id, bytes, time) under the signature's version."""
        with self._transaction("could not store signatures", "BEGIN IMMEDIATE") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO dedup_signatures (article_id, algorithm, signature, "
                "published) VALUES (?, ?, ?, ?)",
                [(i, algorithm, blob, utc_text(w) if w else None) for i, blob, w in rows],
            )

    def put_duplicate_links(self, links: Sequence[DuplicateLink]) -> None:
        """Record near-duplicate links (idempotent)."""
        with self._transaction("could not store duplicate links", "BEGIN IMMEDIATE") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO duplicate_links (article_id, duplicate_of, algorithm, "
                "score) VALUES (?, ?, ?, ?)",
                [(k.article_id, k.duplicate_of, k.algorithm, k.score) for k in links],
            )

    # -- reading ---------------------------------------------------------------------------

    def load_signatures(
        self, algorithm: str, limit: int
    ) -> list[tuple[str, bytes, datetime | None]]:
        """The ``limit`` most recent signatures of one version, oldest first (for a rebuild)."""
        with self._transaction("could not read signatures") as conn:
            rows = conn.execute(
                "SELECT d.article_id, d.signature, d.published FROM dedup_signatures d "
                "JOIN articles a ON a.id = d.article_id WHERE d.algorithm = ? "
                "ORDER BY a.pk DESC LIMIT ?",
                (algorithm, limit),
            ).fetchall()
        return [(str(r[0]), bytes(r[1]), _when(r[2])) for r in reversed(rows)]

    def duplicate_links(self, article_id: str) -> list[DuplicateLink]:
        """Links from and to an article, best first."""
        with self._transaction("could not read duplicate links") as conn:
            rows = conn.execute(
                "SELECT article_id, duplicate_of, algorithm, score FROM duplicate_links "
                "WHERE article_id = ? OR duplicate_of = ? ORDER BY score DESC, article_id",
                (article_id, article_id),
            ).fetchall()
        return [DuplicateLink(str(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]

    def get_vectors(self, model: str, article_ids: Sequence[str]) -> dict[str, bytes]:
        """Cached embeddings of these articles under ``model`` (missing ones are absent)."""
        found: dict[str, bytes] = {}
        with self._transaction("could not read vectors") as conn:
            for chunk in _chunks(article_ids):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT article_id, vector FROM article_vectors "
                    f"WHERE model = ? AND article_id IN ({marks})",
                    (model, *chunk),
                )
                found.update((str(r[0]), bytes(r[1])) for r in rows)
        return found

    def count_unassigned(self) -> int:
        with self._transaction("could not count unassigned articles") as conn:
            row = conn.execute(
                "SELECT count(*) FROM articles a LEFT JOIN assignments asg "
                "ON asg.article_id = a.id WHERE asg.article_id IS NULL"
            ).fetchone()
            return int(row[0])

    def unassigned_in_arrival_order(self, batch: int) -> Iterator[list[str]]:
        """The order is computed once into a temporary table (numbered rows), then read a
        batch at a time; the table is dropped when iteration ends or is abandoned."""
        check_batch_size(batch)
        return self._arrival_batches(batch)

    def _arrival_batches(self, batch: int) -> Iterator[list[str]]:
        table = f"temp.arrivals_{next(_ARRIVAL_TABLES)}"
        with self._transaction("could not order unassigned articles") as conn:
            conn.execute(f"CREATE TABLE {table} (n INTEGER PRIMARY KEY, id TEXT NOT NULL)")
            conn.execute(_ARRIVAL_ORDER_SQL.format(table=table))
        try:
            last = 0
            while True:
                with self._transaction("could not read unassigned articles") as conn:
                    rows = conn.execute(
                        f"SELECT n, id FROM {table} WHERE n > ? ORDER BY n LIMIT ?",
                        (last, batch),
                    ).fetchall()
                if rows:
                    yield [str(r[1]) for r in rows]
                if len(rows) < batch:
                    return
                last = int(rows[-1][0])
        finally:
            try:
                with self._transaction("could not drop a temporary table") as conn:
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
            except StoreError:  # the store was closed: its temporary tables went with it
                pass

    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        """These articles, in the order given (unknown ids are skipped)."""
        found: dict[str, Article] = {}
        for chunk in _chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            for article in self._articles_where(f"a.id IN ({marks})", list(chunk)):
                found[article.id] = article
        return [found[i] for i in article_ids if i in found]

    def active_story_members(self, limit: int) -> list[tuple[str, int, str, list[str]]]:
        """The ``limit`` most recently updated live stories: (id, seq, headline, member ids)."""
        with self._transaction("could not read story members") as conn:
            stories = conn.execute(
                "SELECT s.id, s.seq, s.headline FROM stories s JOIN assignments asg "
                "ON asg.story_id = s.id WHERE s.merged_into IS NULL GROUP BY s.id "
                "ORDER BY max(asg.seq) DESC LIMIT ?",
                (limit,),
            ).fetchall()
            out = []
            for story_id, seq, headline in stories:
                members = conn.execute(
                    "SELECT article_id FROM assignments WHERE story_id = ? ORDER BY seq",
                    (story_id,),
                )
                out.append((str(story_id), int(seq), str(headline), [str(m[0]) for m in members]))
        out.sort(key=lambda row: row[1])
        return out

    def last_assignment_seq(self) -> int:
        with self._transaction("could not read assignments") as conn:
            return int(conn.execute("SELECT coalesce(max(seq), 0) FROM assignments").fetchone()[0])

    def get_assignment(self, article_id: str) -> Assignment:
        """How an article was assigned, with the candidates and features that decided."""
        with self._transaction(f"could not read the assignment of {article_id!r}") as conn:
            row = conn.execute(
                "SELECT * FROM assignments WHERE article_id = ?", (article_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"article {article_id!r} has not been assigned to a story yet")
            merged = conn.execute(
                "SELECT absorbed FROM story_merges WHERE by_article = ? ORDER BY absorbed",
                (article_id,),
            ).fetchall()
        return _assignment(row, tuple(str(m[0]) for m in merged))

    def recent_assignments(self, after_seq: int) -> list[tuple[int, Assignment]]:
        with self._transaction("could not read the latest assignments") as conn:
            rows = conn.execute(
                "SELECT * FROM assignments WHERE seq > ? ORDER BY seq", (after_seq,)
            ).fetchall()
        return [(int(row["seq"]), _assignment(row, ())) for row in rows]

    def resolve_story(self, story_id: str) -> str:
        """The live story an id refers to now (ids of merged stories keep working)."""
        with self._transaction("could not resolve story") as conn:
            row = conn.execute("SELECT merged_into FROM stories WHERE id = ?", (story_id,))
            found = row.fetchone()
        if found is None:
            raise NotFound(f"no story {story_id!r}")
        return str(found[0] or story_id)

    def list_stories(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        order: str = "-last_seen",
        language: str | None = None,
        outlet: str | None = None,
        min_size: int = 1,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Story]:
        """One page of live stories with their aggregates; filters apply to the members."""
        check_page(limit, offset)
        check_story_order(order)
        having, params = _story_filters(language, outlet, min_size, since, until)
        sql = (
            f"{_STORY_SELECT} WHERE s.merged_into IS NULL GROUP BY s.id HAVING {having} "
            f"ORDER BY {_STORY_ORDER_SQL[order]} LIMIT ? OFFSET ?"
        )
        with self._transaction("could not list stories") as conn:
            rows = conn.execute(sql, [*params, limit, offset]).fetchall()
        return [_story(row) for row in rows]

    def count_stories(
        self,
        *,
        language: str | None = None,
        outlet: str | None = None,
        min_size: int = 1,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        having, params = _story_filters(language, outlet, min_size, since, until)
        sql = (
            f"SELECT count(*) FROM ({_STORY_SELECT} WHERE s.merged_into IS NULL "
            f"GROUP BY s.id HAVING {having})"
        )
        with self._transaction("could not count stories") as conn:
            return int(conn.execute(sql, params).fetchone()[0])

    def get_story(self, ref: str) -> Story:
        """A story by id or unique prefix (>= MIN_PREFIX characters); merged ids resolve."""
        with self._transaction(f"could not look up story {ref!r}") as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM stories WHERE id = ?", (ref,))]
            if not ids and len(ref) >= MIN_PREFIX:
                ids = [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM stories WHERE substr(id, 1, ?) = ? LIMIT 3",
                        (len(ref), ref),
                    )
                ]
        if not ids:
            raise NotFound(f"no story {ref!r}")
        if len(ids) > 1:
            raise NotFound(f"ambiguous: several stories start with {ref!r}; give more characters")
        live = self.resolve_story(str(ids[0]))
        with self._transaction(f"could not read story {live!r}") as conn:
            row = conn.execute(f"{_STORY_SELECT} WHERE s.id = ? GROUP BY s.id", (live,)).fetchone()
        if row is None:
            raise NotFound(f"story {live!r} has no articles")
        return _story(row)

    def story_articles(self, story_id: str) -> list[Article]:
        """The live story's articles in the order they joined it."""
        live = self.resolve_story(story_id)
        with self._transaction(f"could not read story {story_id!r}") as conn:
            ids = [
                str(r[0])
                for r in conn.execute(
                    "SELECT article_id FROM assignments WHERE story_id = ? ORDER BY seq", (live,)
                )
            ]
        return self.articles_by_ids(ids)


def _assignment(row: sqlite3.Row, merged: tuple[str, ...]) -> Assignment:
    candidates = tuple(
        Candidate(c["story"], float(c["score"]), c["features"])
        for c in json.loads(row["explanation"])
    )
    return Assignment(
        article_id=str(row["article_id"]),
        story_id=str(row["story_id"]),
        score=float(row["score"]),
        new_story=bool(row["new_story"]),
        algorithm=str(row["algorithm"]),
        candidates=candidates,
        merged=merged,
        embedded=bool(row["embedded"]),
        threshold=None if row["threshold"] is None else float(row["threshold"]),
    )


def _merge(conn: sqlite3.Connection, gone: str, into: str, by_article: str, now: str) -> None:
    conn.execute("UPDATE assignments SET story_id = ? WHERE story_id = ?", (into, gone))
    conn.execute("UPDATE stories SET merged_into = ? WHERE id = ? OR merged_into = ?",
                 (into, gone, gone))  # fmt: skip
    conn.execute(
        "INSERT OR REPLACE INTO story_merges (absorbed, into_story, by_article, merged_at) "
        "VALUES (?, ?, ?, ?)",
        (gone, into, by_article, now),
    )


def _story_filters(
    language: str | None,
    outlet: str | None,
    min_size: int,
    since: datetime | None,
    until: datetime | None,
) -> tuple[str, list[Any]]:
    clauses = ["count(*) >= ?"]
    params: list[Any] = [min_size]
    if language:
        clauses.append("sum(ar.language_code = ?) > 0")
        params.append(language)
    if outlet:
        clauses.append("sum(ar.source = ?) > 0")
        params.append(outlet)
    if since is not None:
        clauses.append("max(ar.published) >= ?")
        params.append(utc_text(since))
    if until is not None:
        clauses.append("min(ar.published) < ?")
        params.append(utc_text(until))
    return " AND ".join(clauses), params


def _story(row: sqlite3.Row) -> Story:
    def values(column: str) -> tuple[str, ...]:
        return tuple(sorted(v for v in json.loads(row[column]) if v))

    return Story(
        id=str(row["id"]),
        headline=str(row["headline"]),
        size=int(row["size"]),
        first_seen=_when(row["first_seen"]),
        last_seen=_when(row["last_seen"]),
        languages=values("languages"),
        outlets=values("outlets"),
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
