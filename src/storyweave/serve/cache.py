"""Computed views kept until the store changes: the pages most asked for are built once.

Each entry is stored with the store's :meth:`~storyweave.store.Store.change_mark` at the time
it was built; a lookup first reads the current mark (one cheap query), so an entry is never
served after an article, an assignment or a story's provenance was stored, by this server or
by another process. Requests that miss the same key at once wait for one build rather than
each building it (a story's comparison takes seconds: fifty clients opening a new story make
one comparison, not fifty).

Kept views live long and are many objects each (a story page's view model, its comparison).
Python's cycle collector would walk all of them on every full collection, a pause that grows
with the cache (about 100 ms with forty story pages kept) and stalls every request in flight.
So after each build the young generations are collected and every object then alive is
frozen (:func:`gc.freeze`): kept views are no longer walked; they are still freed by
reference counting when evicted (view models hold no reference cycles).
"""

from __future__ import annotations

import gc
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
        self._building: dict[Hashable, threading.Lock] = {}  # one gate per key being built
        self.hits = 0
        self.misses = 0

    def mark(self) -> str:
        """The store's change mark now."""
        return self.store.change_mark()

    def peek(self, key: Hashable, mark: str) -> Any | None:
        """The view for ``key`` if one built at ``mark`` is kept; never builds nor waits for a
        build (what an event loop may call)."""
        with self._lock:
            if (kept := self._kept(key, mark)) is None:
                return None
            self.hits += 1
            return kept[1]

    def get(self, key: Hashable, build: Callable[[], T], mark: str | None = None) -> T:
        """The view for ``key``, built by ``build`` unless one built at ``mark`` (the store's
        mark now, unless given) is kept."""
        mark = self.mark() if mark is None else mark
        with self._lock:
            if (kept := self._kept(key, mark)) is not None:
                self.hits += 1
                return kept[1]  # type: ignore[no-any-return]
            self.misses += 1
            gate = self._building.setdefault(key, threading.Lock())
        with gate:  # builds of different views run side by side; of one view, one at a time
            with self._lock:
                if (kept := self._kept(key, mark)) is not None:
                    return kept[1]  # type: ignore[no-any-return]  # built while we waited
            try:
                value = build()
                with self._lock:
                    self._entries[key] = (mark, value)
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.size:
                        self._entries.popitem(last=False)
                _settle()
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def _kept(self, key: Hashable, mark: str) -> tuple[str, Any] | None:
        """The entry for ``key`` built at ``mark`` (made most recent), if kept; under the lock."""
        found = self._entries.get(key)
        if found is None or found[0] != mark:
            return None
        self._entries.move_to_end(key)
        return found


def _settle() -> None:
    """Collect the young generations' cycles, then freeze everything alive (kept views)."""
    gc.collect(1)
    gc.freeze()
