"""Domain types shared by every stage.

All types are frozen dataclasses: stages take them and return new ones, never mutate. The
flow for one input is::

    bytes --reader--> RawDocument --clean--> Article --store--> (stored row)

Readers yield a :class:`Failure` instead of raising when one record of a multi-record input
(a WARC, a feed, a JSONL file) is bad, so that the rest of the input goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Format(StrEnum):
    """The input formats storyweave reads. The value is the name used in the CLI and store."""

    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    JSONL = "jsonl"
    WARC = "warc"


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class RawDocument:
    """One article as a reader found it, before cleaning.

    ``raw`` holds the bytes of the record verbatim (the file, the WARC payload, the JSONL line,
    the feed entry). ``body`` is the main text the reader extracted from it; ``locator`` names
    the record inside its input (``feed.xml#entry-3``, ``dump.jsonl:17``) for error messages
    and for provenance of the row.
    """

    locator: str
    format: Format
    raw: bytes
    body: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    external_id: str | None = None
    summary_only: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra", _frozen(self.extra))


@dataclass(frozen=True)
class Removal:
    """A line the cleaner removed, with the step that removed it (never silently lost)."""

    line: str
    reason: str
    index: int  # 0-based line number in the body before cleaning


@dataclass(frozen=True)
class Cleaned:
    """Result of the cleaning pipeline: the text kept and every line removed."""

    text: str
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True)
class Language:
    """A detected (or declared) language: ISO 639-1 code and confidence in [0, 1]."""

    code: str
    confidence: float
    method: str  # "declared" or the detector's versioned name, e.g. "py3langid.v1"


@dataclass(frozen=True)
class Article:
    """An article as storyweave keeps it: metadata, raw bytes, cleaned text and debris."""

    id: str
    locator: str
    format: Format
    raw: bytes
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: Language | None = None
    summary_only: bool = False
    removed: tuple[Removal, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra", _frozen(self.extra))


@dataclass(frozen=True)
class Failure:
    """A record or input that could not be read, with the reason in words a user can act on."""

    locator: str
    reason: str


class PutResult(StrEnum):
    """What storing an article did: idempotent re-ingest yields ``UNCHANGED``."""

    INSERTED = "inserted"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class IngestReport:
    """Counts of one ingest run, with every failure named."""

    inserted: int = 0
    unchanged: int = 0
    failures: tuple[Failure, ...] = ()

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass(frozen=True)
class SearchHit:
    """A full-text search result: the article, a relevance score (higher is better), a snippet."""

    article: Article
    score: float
    snippet: str


def article_to_dict(article: Article, *, include_raw: bool = False) -> dict[str, Any]:
    """A JSON-ready view of an article, keyed like the shared JSONL schema where it overlaps."""
    data: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "lang": article.language.code if article.language else None,
        "language": (
            {
                "code": article.language.code,
                "confidence": article.language.confidence,
                "method": article.language.method,
            }
            if article.language
            else None
        ),
        "date": article.published.isoformat() if article.published else None,
        "source": article.source,
        "url": article.url,
        "author": article.author,
        "format": article.format.value,
        "locator": article.locator,
        "summary_only": article.summary_only,
        "removed": [
            {"line": r.line, "reason": r.reason, "index": r.index} for r in article.removed
        ],
        "extra": dict(article.extra),
    }
    if include_raw:
        data["raw"] = article.raw.decode("utf-8", "replace")
    return data


@dataclass(frozen=True)
class Candidate:
    """A story considered for an article, with the score and the features that made it."""

    story_id: str
    score: float
    features: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", _frozen(self.features))


@dataclass(frozen=True)
class Assignment:
    """Which story an article joined (or started), why, and by which algorithm version."""

    article_id: str
    story_id: str
    score: float  # the winning candidate's score; 0.0 when the article started the story
    new_story: bool
    algorithm: str
    candidates: tuple[Candidate, ...] = ()
    merged: tuple[str, ...] = ()  # stories folded into ``story_id`` by this article
    embedded: bool = False  # whether the article's text went through the embedding model


@dataclass(frozen=True)
class Story:
    """A group of articles reporting the same event."""

    id: str
    headline: str
    size: int
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    languages: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    merged_into: str | None = None


@dataclass(frozen=True)
class DuplicateLink:
    """``article_id`` (the one added later) duplicates ``duplicate_of`` (indexed before it).

    ``algorithm`` is the versioned name of the deduper that found the link (``minhash-lsh.v1``)
    and ``score`` its similarity estimate in [0, 1] (1.0 for an exact copy).
    """

    article_id: str
    duplicate_of: str
    algorithm: str
    score: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in [0, 1]; got {self.score}")
        if self.article_id == self.duplicate_of:
            raise ValueError(f"an article cannot duplicate itself: {self.article_id!r}")


# -- serving: story filters and outlets ----------------------------------------------------


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a listing shows; every filter given applies to the member articles.

    ``query`` is full-text (plain words and "quoted phrases"): a story matches when one of
    its articles does. ``since`` / ``until`` select stories whose time span overlaps
    ``[since, until)``; ``min_size`` / ``max_size`` bound the number of articles.
    """

    query: str | None = None
    language: str | None = None
    outlet: str | None = None
    min_size: int = 1
    max_size: int | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Outlet:
    """A source named by stored articles, with what the store holds from it."""

    name: str
    articles: int
    stories: int
    languages: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
