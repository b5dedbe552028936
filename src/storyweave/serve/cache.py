"""Computed views kept until the store changes: the pages most asked for are built once.

Each entry is stored with the store's :meth:`~storyweave.store.Store.change_mark` at the time
it was built; a lookup first reads the current mark (one cheap query), so an entry is never
served after an article or an assignment was stored, by this server or by another process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from storyweave.store import Store

T = TypeVar("T")


class ViewCache:
    """A bounded least-recently-used map from (view, parameters) to a built view."""

    def __init__(self, store: Store, size: int = 512) -> None:
        self.store = store
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def mark(self) -> str:
        """The store's change mark now."""
        return self.store.change_mark()

    def get(self, key: Hashable, build: Callable[[], T], mark: str | None = None) -> T:
        """The view for ``key``, built by ``build`` unless one built at ``mark`` (the store's
        mark now, unless given) is kept."""
        mark = self.mark() if mark is None else mark
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == mark:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[1]  # type: ignore[no-any-return]
            self.misses += 1
        value = build()  # outside the lock: builds of different views run side by side
        with self._lock:
            self._entries[key] = (mark, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
