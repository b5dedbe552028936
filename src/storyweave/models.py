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
    threshold: float | None = None  # the score a candidate had to reach (None: not recorded)

    @property
    def is_copy(self) -> bool:
        """Whether the article joined as a copy of an earlier one (not scored: its one
        candidate carries the near-duplicate similarity)."""
        return bool(self.candidates) and "duplicate" in self.candidates[0].features


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


# -- coverage comparison (analyse/compare) ------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Evidence: characters ``start:end`` of an article's cleaned text (``text`` is that slice)."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Statement:
    """One claim-sized piece of an article: a sentence, or a clause of a sentence with several.

    ``key`` is a digest of the text, so a vector computed for it can be cached and reused by
    any story the same wording appears in.
    """

    key: str
    span: Span
    index: int  # position in the article, 0-based
    language: str  # ISO 639-1 code, "und" when unknown

    @property
    def article_id(self) -> str:
        return self.span.article_id

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(frozen=True)
class Fact:
    """Statements of several (or one) articles aligned as saying the same thing.

    ``evidence`` holds one span per supporting statement; ``origins`` counts the independent
    origins among the supporting articles; ``omitted_by`` lists the story's articles that leave
    the fact out.
    """

    id: str
    wording: Span
    evidence: tuple[Span, ...]
    articles: tuple[str, ...]
    origins: int
    omitted_by: tuple[str, ...] = ()
    score: float = 0.0  # mean similarity of the aligned statements (1.0 for a lone one)
    #: Details (figures, dates, names) that one supporting article adds: (article id, detail).
    additions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Conflict:
    """Two aligned statements that differ in one kind of detail; shown, never judged."""

    fact_id: str
    kind: str  # number, date, time, place, person, attribution
    left: Span
    right: Span
    left_value: str
    right_value: str
    # conflicts: what kind of difference, when not plain ("vague vs exact", "relative vs
    # exact date", "incompatible with the publication dates")
    note: str = ""


@dataclass(frozen=True)
class QuoteVersion:
    """One outlet's rendering of a quote, with who it says spoke."""

    span: Span
    speaker: str | None
    speaker_kind: str  # named, role, anonymous
    direct: bool


@dataclass(frozen=True)
class Quote:
    """A quote grouped across outlets; ``drift`` is a word diff of each version to the first."""

    id: str
    speaker: str | None
    speaker_kind: str
    versions: tuple[QuoteVersion, ...]
    drift: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place or date, with every surface form it takes in the story."""

    name: str
    kind: str  # person, organisation, place, date
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True)
class SummarySentence:
    """A sentence of the extractive summary and the spans it rests on."""

    text: str
    fact_id: str
    citations: tuple[Span, ...]
    origins: int


@dataclass(frozen=True)
class TimelineEntry:
    """An article in time order, with the facts no earlier article had reported."""

    article_id: str
    published: datetime | None
    source: str | None
    new_facts: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison found in one story; ``notes`` say what was approximated."""

    algorithm: str
    articles: tuple[str, ...]
    headline: str
    summary: tuple[SummarySentence, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[Quote, ...]
    entities: tuple[Entity, ...]
    timeline: tuple[TimelineEntry, ...]
    sources: Mapping[str, str] = field(default_factory=dict)  # article id -> source label
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", _frozen(self.sources))


# -- end coverage comparison --------------------------------------------------------------------


# -- provenance (analyse/provenance) ------------------------------------------------------------


class SourceKind(StrEnum):
    """Who an attribution statement credits: only outlets make relay edges."""

    OUTLET = "outlet"  # a news outlet or agency (Le Monde, Reuters, "the agency")
    PERSON = "person"  # a named person, a pronoun, or a role ("Barrot", "he", "a spokesman")
    ORGANISATION = "organisation"  # a body speaking for itself ("the ministry", "Police")
    ANONYMOUS = "anonymous"  # unnamed sources ("a military source", "officials")
    DOCUMENT = "document"  # a text ("the report", "the statement", "the article")


@dataclass(frozen=True)
class Outlet:
    """A news outlet or agency of the registry: how articles name it and where it publishes."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    agency: bool = False  # a wire service others relay (AP, Reuters, AFP, Ukrinform, ...)
    country: str = ""
    descriptors: tuple[str, ...] = ()  # "French daily": how an article refers back to it


@dataclass(frozen=True)
class Attribution:
    """One attribution statement found in an article's text, with character offsets.

    ``start``/``end`` delimit the evidence (the cue and its source phrase) and
    ``source_start``/``source_end`` the source phrase alone, both in ``Article.text``.
    ``outlet`` is the registry id the source resolved to (outlets and documents only).
    ``cue`` names the pattern ("according-to", "verb", "dateline-credit", ...).
    """

    article_id: str
    start: int
    end: int
    source: str
    source_start: int
    source_end: int
    kind: SourceKind
    cue: str
    outlet: str | None = None
    self_reference: bool = False  # the article's own outlet naming itself

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.source_start <= self.source_end <= self.end:
            raise ValueError(
                f"attribution offsets must nest (start <= source <= end); got "
                f"{self.start}..{self.end} with source {self.source_start}..{self.source_end}"
            )


class EdgeKind(StrEnum):
    """How one node of a provenance graph derives from another."""

    CITES = "cites"  # article -> outlet it attributes to
    COPIES = "copies"  # article -> article it copies verbatim
    REWRITES = "rewrites"  # article -> article it rewrites (shared passages)
    TRANSLATES = "translates"  # article -> article in another language it translates


@dataclass(frozen=True)
class ProvenanceNode:
    """An article of the story or an outlet (of an article, or only cited)."""

    id: str  # "article:<id>" or "outlet:<registry id or name>"
    kind: str  # "article" or "outlet"
    label: str
    outlet: str | None = None  # for articles: the outlet node id that published it
    published: datetime | None = None
    in_input: bool = True  # False for outlets cited but absent from the story
    agency: bool = False  # a wire agency (AP, Reuters, AFP, Ukrinform, ...)


@dataclass(frozen=True)
class ProvenanceEdge:
    """``source`` derives from ``target`` (a DAG: edges point towards origins).

    ``decided`` is False when the direction (or the relation itself) could not be decided;
    such an edge is kept for the reader, oriented by the documented tie-break, and never
    explains its source. ``relay`` marks a ``cites`` edge strong enough to explain the article
    (a wire credit, a lead attribution, or repeated attributions); other cites are mentions.
    """

    source: str
    target: str
    kind: EdgeKind
    evidence: str
    score: float = 1.0
    decided: bool = True
    relay: bool = True
    reason: str = ""


@dataclass(frozen=True)
class ProvenanceGraph:
    """The provenance of one story: nodes, edges, origins and the counts users ask for."""

    story_id: str
    algorithm: str
    nodes: tuple[ProvenanceNode, ...]
    edges: tuple[ProvenanceEdge, ...]
    origins: tuple[str, ...]  # node ids nothing else explains
    independent_origins: int  # origins grouped by outlet
    wire_copies: int  # articles whose derivation reaches a wire agency
    undecided: int  # edges marked undecided

    @property
    def articles(self) -> int:
        return sum(node.kind == "article" for node in self.nodes)

    @property
    def outlets(self) -> int:
        return sum(node.kind == "outlet" for node in self.nodes)


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
class OutletSummary:
    """A source named by stored articles, with what the store holds from it."""

    name: str
    articles: int
    stories: int
    languages: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
