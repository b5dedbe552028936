"""Provenance in SQLite: attribution statements, graph nodes and edges, per-story summaries
(mixed into SQLiteStore). Writing a story's graph replaces its rows for that algorithm in one
transaction, so re-tracing is idempotent and a crash leaves the previous graph whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime

from storyweave.errors import NotFound
from storyweave.models import (
    Attribution,
    EdgeKind,
    ProvenanceEdge,
    ProvenanceGraph,
    ProvenanceNode,
    SourceKind,
)
from storyweave.store.base import utc_text


class SQLiteProvenanceMethods:
    """The provenance half of the store; expects ``_transaction`` and ``_clock``."""

    _transaction: Callable[..., AbstractContextManager[sqlite3.Connection]]
    _clock: Callable[[], datetime]

    def put_attributions(
        self, algorithm: str, article_id: str, attributions: Sequence[Attribution]
    ) -> None:
        """Replace the article's attribution statements found by ``algorithm``."""
        rows = [
            (article_id, algorithm, i, a.start, a.end, a.source, a.source_start, a.source_end,
             a.kind.value, a.cue, a.outlet, int(a.self_reference))
            for i, a in enumerate(attributions)
        ]  # fmt: skip
        what = f"could not store attributions of {article_id!r}"
        with self._transaction(what, "BEGIN IMMEDIATE") as conn:
            conn.execute(
                "DELETE FROM attributions WHERE article_id = ? AND algorithm = ?",
                (article_id, algorithm),
            )
            conn.executemany(
                "INSERT INTO attributions (article_id, algorithm, idx, start, end, source, "
                "source_start, source_end, kind, cue, outlet, self_reference) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def attributions(self, article_id: str, algorithm: str) -> list[Attribution]:
        """The article's stored attribution statements, in reading order."""
        with self._transaction(f"could not read attributions of {article_id!r}") as conn:
            rows = conn.execute(
                "SELECT start, end, source, source_start, source_end, kind, cue, outlet, "
                "self_reference FROM attributions WHERE article_id = ? AND algorithm = ? "
                "ORDER BY idx",
                (article_id, algorithm),
            ).fetchall()
        return [
            Attribution(
                article_id=article_id, start=int(r[0]), end=int(r[1]), source=str(r[2]),
                source_start=int(r[3]), source_end=int(r[4]), kind=SourceKind(r[5]),
                cue=str(r[6]), outlet=r[7], self_reference=bool(r[8]),
            )
            for r in rows
        ]  # fmt: skip

    def put_provenance(self, graph: ProvenanceGraph, members: str) -> None:
        """Replace the story's graph and summary; ``members`` fingerprints its articles."""
        key = (graph.story_id, graph.algorithm)
        origins = set(graph.origins)
        now = utc_text(self._clock())
        with self._transaction(f"could not store provenance of {graph.story_id!r}",
                               "BEGIN IMMEDIATE") as conn:  # fmt: skip
            for table in ("provenance_nodes", "provenance_edges", "provenance_summaries"):
                conn.execute(f"DELETE FROM {table} WHERE story_id = ? AND algorithm = ?", key)
            conn.executemany(
                "INSERT INTO provenance_nodes (story_id, algorithm, node, kind, label, outlet, "
                "published, in_input, agency, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (*key, n.id, n.kind, n.label, n.outlet,
                     utc_text(n.published) if n.published else None, int(n.in_input),
                     int(n.agency), int(n.id in origins))
                    for n in graph.nodes
                ],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO provenance_edges (story_id, algorithm, idx, source, target, kind, "
                "evidence, score, decided, relay, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (*key, i, e.source, e.target, e.kind.value, e.evidence, e.score,
                     int(e.decided), int(e.relay), e.reason)
                    for i, e in enumerate(graph.edges)
                ],
            )  # fmt: skip
            conn.execute(
                "INSERT INTO provenance_summaries (story_id, algorithm, articles, outlets, "
                "independent_origins, wire_copies, undecided, members, traced_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, graph.articles, graph.outlets, graph.independent_origins,
                 graph.wire_copies, graph.undecided, members, now),
            )  # fmt: skip

    def provenance_members(self, story_id: str, algorithm: str) -> str | None:
        """The member fingerprint the story was last traced with (None if never traced)."""
        with self._transaction(f"could not read provenance of {story_id!r}") as conn:
            row = conn.execute(
                "SELECT members FROM provenance_summaries WHERE story_id = ? AND algorithm = ?",
                (story_id, algorithm),
            ).fetchone()
        return None if row is None else str(row[0])

    def get_provenance(self, story_id: str, algorithm: str) -> ProvenanceGraph:
        """The stored graph of a story; NotFound when it has not been traced."""
        key = (story_id, algorithm)
        with self._transaction(f"could not read provenance of {story_id!r}") as conn:
            summary = conn.execute(
                "SELECT independent_origins, wire_copies, undecided FROM provenance_summaries "
                "WHERE story_id = ? AND algorithm = ?",
                key,
            ).fetchone()
            if summary is None:
                raise NotFound(f"story {story_id!r} has no provenance yet ({algorithm})")
            node_rows = conn.execute(
                "SELECT node, kind, label, outlet, published, in_input, agency, origin FROM "
                "provenance_nodes WHERE story_id = ? AND algorithm = ? ORDER BY kind, node",
                key,
            ).fetchall()
            edge_rows = conn.execute(
                "SELECT source, target, kind, evidence, score, decided, relay, reason FROM "
                "provenance_edges WHERE story_id = ? AND algorithm = ? ORDER BY idx",
                key,
            ).fetchall()
        nodes = tuple(
            ProvenanceNode(
                id=str(r[0]), kind=str(r[1]), label=str(r[2]), outlet=r[3],
                published=datetime.fromisoformat(r[4]) if r[4] else None,
                in_input=bool(r[5]), agency=bool(r[6]),
            )
            for r in node_rows
        )  # fmt: skip
        edges = tuple(
            ProvenanceEdge(
                source=str(r[0]), target=str(r[1]), kind=EdgeKind(r[2]), evidence=str(r[3]),
                score=float(r[4]), decided=bool(r[5]), relay=bool(r[6]), reason=str(r[7]),
            )
            for r in edge_rows
        )  # fmt: skip
        return ProvenanceGraph(
            story_id=story_id,
            algorithm=algorithm,
            nodes=nodes,
            edges=edges,
            origins=tuple(str(r[0]) for r in node_rows if r[7]),
            independent_origins=int(summary[0]),
            wire_copies=int(summary[1]),
            undecided=int(summary[2]),
        )
