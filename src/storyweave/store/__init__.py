"""Persistence of storyweave's domain objects behind one interface, :class:`Store`.

Open a store with :func:`open_store`, which picks the backend from the target::

    with open_store("storyweave.db") as store:      # or "sqlite:///storyweave.db", ":memory:"
        store.put_article(article)
"""

from __future__ import annotations

import os

from storyweave.errors import StoreError
from storyweave.store.base import Store
from storyweave.store.sqlite import MEMORY, SQLiteStore

__all__ = ["SQLiteStore", "Store", "open_store"]

_SQLITE_URL = "sqlite:///"
_ACCEPTED = (
    "a file path (storyweave.db), 'sqlite:///relative/path.db', 'sqlite:////absolute/path.db' "
    "or ':memory:'"
)


def open_store(target: str | os.PathLike[str]) -> Store:
    """Open the store that ``target`` names, running any pending migrations.

    SQLite URLs follow the usual convention: ``sqlite:///x.db`` is relative to the working
    folder and ``sqlite:////srv/x.db`` absolute. PostgreSQL URLs are recognised but not yet
    served.
    """
    text = os.fspath(target)
    if not isinstance(text, str) or not text.strip():
        raise StoreError(f"no store given; expected {_ACCEPTED}")
    lowered = text.lower()
    if lowered.startswith(("postgresql://", "postgres://", "postgresql+")):
        raise StoreError("PostgreSQL store is not available yet; use a SQLite path")
    if lowered in {"sqlite://", _SQLITE_URL + MEMORY}:
        return SQLiteStore(MEMORY)
    if lowered.startswith(_SQLITE_URL):
        path = text[len(_SQLITE_URL) :]
        if not path:
            raise StoreError(f"{text!r} names no database file; expected {_ACCEPTED}")
        return SQLiteStore(path)
    if "://" in text:
        raise StoreError(f"unsupported store {text!r}; expected {_ACCEPTED}")
    return SQLiteStore(text)
