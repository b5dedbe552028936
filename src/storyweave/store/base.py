"""The one interface every caller of the store uses, and the rules all backends share.

:class:`Store` is a ``typing.Protocol``: SQLite implements it now, PostgreSQL will later, and
callers (pipeline, CLI, API) depend only on it. The helpers below hold the backend-neutral
rules (argument validation, time normalisation, raw digests) so that both backends accept and
refuse exactly the same calls.

Invalid arguments (a ``limit`` out of range, an unknown ``order``) raise
:class:`~storyweave.errors.StoreError` with a message that states the accepted values, so the
CLI and the API report them like every other store error instead of as a crash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from storyweave.errors import StoreError
from storyweave.models import (
    Article,
    Assignment,
    Attribution,
    DuplicateLink,
    Format,
    OutletSummary,
    ProvenanceGraph,
    PutResult,
    SearchHit,
    Story,
    StoryFilter,
)

#: Accepted values of ``order`` in :meth:`Store.list_articles`. ``published`` is oldest
#: first, ``-published`` newest first (articles without a date come last either way);
#: ``ingested`` / ``-ingested`` follow storage order; every order ends on ``id`` for stability.
ORDERS: tuple[str, ...] = ("published", "-published", "ingested", "-ingested", "id")
#: Accepted values of ``order`` in :meth:`Store.list_stories`: most recently updated first
#: (the default), oldest update first, largest first, newest created first, oldest first.
STORY_ORDERS: tuple[str, ...] = ("-last_seen", "last_seen", "-size", "-created", "created")
#: Shortest id prefix :meth:`Store.get_article` resolves (shorter refs must be full ids).
#: Accepted values of ``order`` in :meth:`Store.list_outlets`: most articles first, most
#: stories first, latest article first, by name.
OUTLET_ORDERS: tuple[str, ...] = ("-articles", "-stories", "-last_seen", "name")
MIN_PREFIX = 4
MAX_LIMIT = 10_000

StoreStats = dict[str, int | dict[str, int]]


@runtime_checkable
class Store(Protocol):
    """Persistence of articles: idempotent writes, lookups, listing, full-text search."""

    def put_article(self, article: Article) -> PutResult:
        """Store ``article`` in one transaction.

        A new id is inserted (``INSERTED``); the same id with the same raw bytes and format is
        left alone (``UNCHANGED``, nothing written); the same id with other raw bytes raises
        :class:`~storyweave.errors.ConflictError` naming the id and both locators.
        """
        ...

    def get_article(self, ref: str) -> Article:
        """The article with id ``ref``, or the only one whose id starts with ``ref``.

        Prefixes must be at least :data:`MIN_PREFIX` characters. Raises
        :class:`~storyweave.errors.NotFound` naming ``ref`` (and saying so when it is
        ambiguous).
        """
        ...

    def has_article(self, article_id: str) -> bool:
        """Whether an article with exactly this id is stored."""
        ...

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
        """One page of articles matching every given filter, in ``order`` (see :data:`ORDERS`).

        ``since`` is inclusive and ``until`` exclusive, both on the published time (naive
        datetimes are read as UTC); articles without a published time never match them.
        """
        ...

    def count_articles(
        self,
        *,
        source: str | None = None,
        language: str | None = None,
        format: Format | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """How many articles :meth:`list_articles` would page through with these filters."""
        ...

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        """Every article in storage order, fetched ``batch_size`` at a time (constant memory)."""
        ...

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over titles and texts, best match first.

        ``query`` is untrusted user text: words are matched as plain words (all must occur),
        ``"double-quoted words"`` as a phrase; no character is query syntax. Snippets mark the
        matched words with ``[`` and ``]``. A query without a searchable word returns ``[]``.
        """
        ...

    def stats(self) -> StoreStats:
        """Counts: ``articles``, ``by_format``, ``by_language`` (``und`` when unknown) and the
        20 largest sources in ``by_source``."""
        ...

    # -- stories -------------------------------------------------------------------------

    def record_assignment(self, assignment: Assignment, headline: str, seq: int) -> None:
        """Store one clustering decision: a new story, the membership, any merges, at once."""
        ...

    def put_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Cache article embeddings (float32 bytes) under a versioned model name."""
        ...

    def put_signatures(
        self, algorithm: str, rows: Sequence[tuple[str, bytes, datetime | None]]
    ) -> None:
        """Keep dedup signatures (article id, bytes, time) under the signature's version."""
        ...

    def load_signatures(
        self, algorithm: str, limit: int
    ) -> list[tuple[str, bytes, datetime | None]]:
        """The most recent signatures of one version, oldest first (for a rebuild)."""
        ...

    def put_duplicate_links(self, links: Sequence[DuplicateLink]) -> None:
        """Record near-duplicate links (idempotent)."""
        ...

    def duplicate_links(self, article_id: str) -> list[DuplicateLink]:
        """Links from and to an article, best first."""
        ...

    def get_vectors(self, model: str, article_ids: Sequence[str]) -> dict[str, bytes]:
        """Cached embeddings of these articles under ``model``; missing ones are absent."""
        ...

    def count_unassigned(self) -> int:
        """How many stored articles no story holds yet."""
        ...

    def unassigned_in_arrival_order(self, batch: int) -> Iterator[list[str]]:
        """Ids of the articles no story holds yet, ``batch`` at a time, in arrival order:
        by publication time, ties in storage order; an undated article takes the time of
        the dated one stored before it (it stays where it arrived; undated articles stored
        before any dated one come first). The order is fixed when iteration starts, and is
        kept by the store, not in memory: one batch of ids is held at a time."""
        ...

    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        """These articles in the order given; unknown ids are skipped."""
        ...

    def active_story_members(self, limit: int) -> list[tuple[str, int, str, list[str]]]:
        """The most recently updated live stories: (id, seq, headline, member ids)."""
        ...

    def last_assignment_seq(self) -> int:
        """The sequence number of the latest assignment (0 when there is none)."""
        ...

    def get_assignment(self, article_id: str) -> Assignment:
        """How an article was assigned; NotFound when it has not been yet."""
        ...

    def recent_assignments(self, after_seq: int) -> list[tuple[int, Assignment]]:
        """The decisions numbered after ``after_seq``, in order, as (seq, assignment): a story
        id is the live one, candidates name the stories of the time, merges are left out."""
        ...

    def resolve_story(self, story_id: str) -> str:
        """The live story an id refers to (ids of merged stories keep working)."""
        ...

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
        """One page of live stories; filters apply to their member articles."""
        ...

    def count_stories(
        self,
        *,
        language: str | None = None,
        outlet: str | None = None,
        min_size: int = 1,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """How many live stories match the filters."""
        ...

    def get_story(self, ref: str) -> Story:
        """A story by id or unique prefix; the id of a merged story resolves to its survivor."""
        ...

    def story_articles(self, story_id: str) -> list[Article]:
        """A story's articles in the order they joined it."""
        ...

    # -- coverage comparison ---------------------------------------------------------------

    def put_statement_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Cache statement embeddings (float32 bytes) by statement key, under ``model``."""
        ...

    def get_statement_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        """Cached embeddings of these statement keys under ``model``; missing ones are absent."""
        ...

    # -- end coverage comparison -----------------------------------------------------------

    # -- provenance ----------------------------------------------------------------------

    def put_attributions(
        self, algorithm: str, article_id: str, attributions: Sequence[Attribution]
    ) -> None:
        """Replace the article's attribution statements found by ``algorithm``."""
        ...

    def attributions(self, article_id: str, algorithm: str) -> list[Attribution]:
        """The article's stored attribution statements, in reading order."""
        ...

    def put_provenance(self, graph: ProvenanceGraph, members: str) -> None:
        """Replace a story's provenance graph and summary (``members`` fingerprints the
        articles it was traced from) in one transaction."""
        ...

    def provenance_members(self, story_id: str, algorithm: str) -> str | None:
        """The member fingerprint the story was last traced with (None if never)."""
        ...

    def get_provenance(self, story_id: str, algorithm: str) -> ProvenanceGraph:
        """The stored provenance graph of a story; NotFound when not traced yet."""
        ...

    # -- serving: filtered story lists, outlets, the story of an article ----------------------

    def find_stories(
        self, where: StoryFilter, *, order: str = "-last_seen", limit: int = 50, offset: int = 0
    ) -> tuple[list[Story], int]:
        """One page of the live stories matching every filter of ``where``, in ``order``
        (see :data:`STORY_ORDERS`), and how many match in all (one snapshot)."""
        ...

    def list_outlets(
        self, *, order: str = "-articles", limit: int = 50, offset: int = 0
    ) -> list[OutletSummary]:
        """One page of the outlets (article sources) in ``order`` (see :data:`OUTLET_ORDERS`)."""
        ...

    def count_outlets(self) -> int:
        """How many distinct outlets the stored articles name."""
        ...

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id -> the live story holding it, for those of ``article_ids`` assigned."""
        ...

    def change_mark(self) -> str:
        """A cheap token that changes whenever an article, a story assignment or a story's
        provenance is stored (by any process), so that a reader can keep what it computed
        until the mark moves."""
        ...

    def close(self) -> None:
        """Release the connection; further calls raise StoreError. Safe to call twice."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def check_page(limit: int, offset: int) -> None:
    """Refuse a page size outside 1..MAX_LIMIT or a negative offset."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit must be an int from 1 to {MAX_LIMIT}; got {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise StoreError(f"offset must be an int >= 0; got {offset!r}")


def check_order(order: str) -> None:
    """Refuse an ``order`` that is not one of :data:`ORDERS`."""
    if order not in ORDERS:
        raise StoreError(f"order must be one of {', '.join(ORDERS)}; got {order!r}")


def check_story_order(order: str) -> None:
    """Refuse an ``order`` that is not one of :data:`STORY_ORDERS`."""
    if order not in STORY_ORDERS:
        raise StoreError(f"order must be one of {', '.join(STORY_ORDERS)}; got {order!r}")


def check_batch_size(batch_size: int) -> None:
    """Refuse a batch size outside 1..MAX_LIMIT."""
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or not 1 <= batch_size <= MAX_LIMIT
    ):
        raise StoreError(f"batch_size must be an int from 1 to {MAX_LIMIT}; got {batch_size!r}")


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise StoreError(f"time {moment.isoformat()} is outside the representable range") from None


def utc_text(moment: datetime) -> str:
    """Fixed-width ISO-8601 UTC text, so that comparing the strings compares the instants."""
    return to_utc(moment).isoformat(timespec="microseconds")


def raw_digest(raw: bytes) -> str:
    """The digest by which re-ingests of identical raw bytes are recognised."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def check_outlet_order(order: str) -> None:
    """Refuse an ``order`` that is not one of :data:`OUTLET_ORDERS`."""
    if order not in OUTLET_ORDERS:
        raise StoreError(f"order must be one of {', '.join(OUTLET_ORDERS)}; got {order!r}")


def check_story_filter(where: StoryFilter) -> None:
    """Refuse sizes that no story can have."""
    if where.min_size < 1:
        raise StoreError(f"min_size must be >= 1; got {where.min_size}")
    if where.max_size is not None and where.max_size < where.min_size:
        raise StoreError(f"max_size must be >= min_size ({where.min_size}); got {where.max_size}")
