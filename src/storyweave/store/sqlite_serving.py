"""Queries the web pages and the API need (mixed into SQLiteStore): filtered story lists with
full-text search, outlets, and the story of each article.

A story listing runs in two steps: the page's story ids and the total are chosen in one pass
over the cheap aggregates (size, time span) the filters and orders need, read from an index
alone; then the full aggregates (languages, outlets) are computed for that page only. On the
10k-article store of ``bench/serve_load.py`` a page and its total take about 14 ms, against
about 115 ms for ``list_stories`` plus ``count_stories``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from storyweave.models import OutletSummary, Story, StoryFilter
from storyweave.store.base import (
    check_outlet_order,
    check_page,
    check_story_filter,
    check_story_order,
    utc_text,
)
from storyweave.store.sqlite_stories import _STORY_ORDER_SQL, _STORY_SELECT, _chunks, _story

_OUTLET_ORDER_SQL = {
    "-articles": "articles DESC, name",
    "-stories": "stories DESC, name",
    "-last_seen": "last_seen IS NULL, last_seen DESC, name",
    "name": "name",
}

# Page selection: only what HAVING and ORDER BY need (size, time span, creation order), read
# from the covering index on (published, id) so that no article row is touched (their raw
# bytes come first and would be walked through). Assignments always name a live story: a
# merge re-points them. ``total`` counts the matching stories in the same pass.
_PAGE_SELECT = """
SELECT asg.story_id AS id, s.seq AS seq, count(*) AS size,
       min(ar.published) AS first_seen, max(ar.published) AS last_seen,
       count(*) OVER () AS total
FROM articles ar INDEXED BY articles_published
JOIN assignments asg ON asg.article_id = ar.id
JOIN stories s ON s.id = asg.story_id
WHERE 1
"""

# Stories holding an article that matches a full-text query, a language, an outlet.
_WITH_MATCH = """
asg.story_id IN (SELECT m.story_id FROM articles_fts
                 JOIN articles fa ON fa.pk = articles_fts.rowid
                 JOIN assignments m ON m.article_id = fa.id
                 WHERE articles_fts MATCH ?)
"""
_WITH_MEMBER = """
asg.story_id IN (SELECT m.story_id FROM articles la
                 JOIN assignments m ON m.article_id = la.id WHERE la.{column} = ?)
"""

_OUTLET_SELECT = """
SELECT ar.source AS name, count(*) AS articles, count(DISTINCT asg.story_id) AS stories,
       json_group_array(DISTINCT ar.language_code) AS languages,
       min(ar.published) AS first_seen, max(ar.published) AS last_seen
FROM articles ar LEFT JOIN assignments asg ON asg.article_id = ar.id
WHERE ar.source IS NOT NULL
GROUP BY ar.source
"""


class SQLiteServingMethods:
    """The serving half of the store; expects ``_transaction`` like the other halves."""

    _transaction: Callable[..., AbstractContextManager[sqlite3.Connection]]

    def find_stories(
        self, where: StoryFilter, *, order: str = "-last_seen", limit: int = 50, offset: int = 0
    ) -> tuple[list[Story], int]:
        """One page of live stories matching ``where`` and the total; see the Protocol."""
        check_page(limit, offset)
        check_story_order(order)
        condition = _story_condition(where)
        if condition is None:
            return [], 0
        terms, having, params = condition
        sql = (
            f"{_PAGE_SELECT} {terms} GROUP BY asg.story_id HAVING {having} "
            f"ORDER BY {_STORY_ORDER_SQL[order]} LIMIT ? OFFSET ?"
        )
        with self._transaction("could not list stories") as conn:
            page = conn.execute(sql, [*params, limit, offset]).fetchall()
            ids = [str(row["id"]) for row in page]
            total = int(page[0]["total"]) if page else self._count(conn, terms, having, params)
            if not ids:
                return [], total
            marks = ",".join("?" * len(ids))
            rows = conn.execute(
                f"{_STORY_SELECT} WHERE s.id IN ({marks}) GROUP BY s.id", ids
            ).fetchall()
        found = {str(row["id"]): _story(row) for row in rows}
        return [found[i] for i in ids if i in found], total

    @staticmethod
    def _count(conn: sqlite3.Connection, terms: str, having: str, params: list[Any]) -> int:
        """The total when the page itself is empty (an offset past the end)."""
        sql = f"SELECT count(*) FROM ({_PAGE_SELECT} {terms} GROUP BY asg.story_id HAVING {having})"
        return int(conn.execute(sql, params).fetchone()[0])

    def list_outlets(
        self, *, order: str = "-articles", limit: int = 50, offset: int = 0
    ) -> list[OutletSummary]:
        """One page of outlets with their article and story counts."""
        check_page(limit, offset)
        check_outlet_order(order)
        sql = f"{_OUTLET_SELECT} ORDER BY {_OUTLET_ORDER_SQL[order]} LIMIT ? OFFSET ?"
        with self._transaction("could not list outlets") as conn:
            rows = conn.execute(sql, (limit, offset)).fetchall()
        return [_outlet(row) for row in rows]

    def count_outlets(self) -> int:
        """How many distinct sources the stored articles name."""
        with self._transaction("could not count outlets") as conn:
            row = conn.execute("SELECT count(DISTINCT source) FROM articles").fetchone()
            return int(row[0])

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id -> live story id for the assigned ones among ``article_ids``."""
        found: dict[str, str] = {}
        with self._transaction("could not read assignments") as conn:
            for chunk in _chunks(article_ids):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT article_id, story_id FROM assignments WHERE article_id IN ({marks})",
                    list(chunk),
                )
                found.update((str(r[0]), str(r[1])) for r in rows)
        return found

    def change_mark(self) -> str:
        """Newest article and assignment rows: every write inserts one (a re-assignment or a
        merge too, as INSERT OR REPLACE gives the row a new rowid), and both maxima are read
        from the end of their b-trees. Provenance: the count of traced stories and the
        latest trace time (every trace rewrites its story's summary row with the time; an
        index since migration 5 reads it from the end of a b-tree too)."""
        with self._transaction("could not read the change mark") as conn:
            row = conn.execute(
                "SELECT (SELECT max(pk) FROM articles), (SELECT max(rowid) FROM assignments), "
                "(SELECT count(*) FROM provenance_summaries), "
                "(SELECT max(traced_at) FROM provenance_summaries)"
            ).fetchone()
        return f"{row[0] or 0}:{row[1] or 0}:{row[2]}:{row[3] or ''}"


def _story_condition(where: StoryFilter) -> tuple[str, str, list[Any]] | None:
    """(WHERE terms, HAVING clause, parameters) for ``where``; None when nothing can match."""
    from storyweave.store.sqlite import fts_query  # the one query sanitiser, shared

    check_story_filter(where)
    terms: list[str] = []
    params: list[Any] = []
    if where.query is not None:
        match = fts_query(where.query)
        if match is None:
            return None
        terms.append(_WITH_MATCH)
        params.append(match)
    for column, value in (("language_code", where.language), ("source", where.outlet)):
        if value:
            terms.append(_WITH_MEMBER.format(column=column))
            params.append(value)
    clauses = ["count(*) >= ?"]
    params.append(where.min_size)
    if where.max_size is not None:
        clauses.append("count(*) <= ?")
        params.append(where.max_size)
    if where.since is not None:
        clauses.append("max(ar.published) >= ?")
        params.append(utc_text(where.since))
    if where.until is not None:
        clauses.append("min(ar.published) < ?")
        params.append(utc_text(where.until))
    return "".join(f" AND {t}" for t in terms), " AND ".join(clauses), params


def _outlet(row: sqlite3.Row) -> OutletSummary:
    return OutletSummary(
        name=str(row["name"]),
        articles=int(row["articles"]),
        stories=int(row["stories"]),
        languages=tuple(sorted(v for v in json.loads(row["languages"]) if v)),
        first_seen=_when(row["first_seen"]),
        last_seen=_when(row["last_seen"]),
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
