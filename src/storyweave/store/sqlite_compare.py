"""The coverage comparison's cache in SQLite: statement vectors (mixed into SQLiteStore)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager

#: SQLite's default limit on bound parameters is 999 in old builds; stay well below it.
_CHUNK = 500


class SQLiteCompareMethods:
    """Statement vectors keyed by (statement key, model); expects ``_transaction``."""

    _transaction: Callable[..., AbstractContextManager[sqlite3.Connection]]

    def put_statement_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Cache statement embeddings (float32 bytes) under the model's versioned name."""
        with self._transaction("could not store statement vectors", "BEGIN IMMEDIATE") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO statement_vectors (statement_key, model, vector) "
                "VALUES (?, ?, ?)",
                [(key, model, blob) for key, blob in vectors.items()],
            )

    def get_statement_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        """Cached embeddings of these statement keys under ``model``; missing ones are absent."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        with self._transaction("could not read statement vectors") as conn:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                rows = conn.execute(
                    "SELECT statement_key, vector FROM statement_vectors "
                    f"WHERE model = ? AND statement_key IN ({','.join('?' * len(chunk))})",
                    (model, *chunk),
                )
                found.update((str(r[0]), bytes(r[1])) for r in rows)
        return found
