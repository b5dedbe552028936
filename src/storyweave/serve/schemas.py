"""The view models: what each page and API resource computes once and renders as HTML or JSON.

Pydantic models (frozen), so FastAPI publishes them in the OpenAPI schema and the templates
read the very same objects. Builders in :mod:`storyweave.serve.views` fill them from the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from storyweave.serve.sections import StorySections

T = TypeVar("T")


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class Page(View, Generic[T]):
    """One page of a listing: the items, the total when known, links to the neighbours."""

    items: list[T]
    total: int | None = Field(description="How many items match in all (null: not counted).")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last one.")
    prev: str | None = Field(description="URL of the previous page; null on the first one.")


class ErrorDetail(View):
    status: int
    code: str = Field(description="Stable machine name, e.g. not_found, invalid_request.")
    message: str
    details: list[dict[str, object]] | None = None


class ErrorBody(View):
    """The one shape of every error the server returns."""

    error: ErrorDetail


class Count(View):
    name: str
    count: int


class Removed(View):
    line: str
    reason: str
    index: int = Field(description="0-based line number in the body before cleaning.")


class LayoutLine(View):
    text: str
    removed: str | None = Field(description="Why the cleaner removed this line; null: kept.")


class ArticleSummary(View):
    id: str
    title: str | None
    source: str | None
    lang: str | None
    date: datetime | None
    url: str | None
    format: str
    story: str | None = Field(description="Id of the live story holding it (null: none yet).")


class Candidate(View):
    story: str
    score: float
    features: dict[str, float]


class Explanation(View):
    """Why an article joined (or started) its story."""

    article: str
    story: str = Field(description="The live story now holding the article.")
    assigned_to: str = Field(description="The story the article joined at the time.")
    score: float
    new_story: bool
    threshold: float
    algorithm: str
    embedded: bool
    merged: list[str]
    candidates: list[Candidate]


class DuplicateOf(View):
    article: str
    duplicate_of: str
    algorithm: str
    score: float


class StorySummary(View):
    id: str
    headline: str
    size: int
    first_seen: datetime | None
    last_seen: datetime | None
    languages: list[str]
    outlets: list[str]


class ArticleDetail(View):
    """An article: metadata, cleaned text, removed debris (in place when known), its story."""

    article: ArticleSummary
    author: str | None
    locator: str
    summary_only: bool
    language_confidence: float | None
    text: str
    removed: list[Removed]
    layout: list[LayoutLine] | None = Field(
        description="The body's lines in order with removed ones marked; null when the raw "
        "input cannot be read back exactly (then see ``removed``)."
    )
    extra: dict[str, object]
    story: StorySummary | None
    explanation: Explanation | None
    duplicates: list[DuplicateOf]


class TimelineDay(View):
    day: str | None = Field(description="ISO date (UTC); null for undated articles.")
    count: int = Field(description="How many of the story's articles appeared that day.")
    articles: list[ArticleSummary] = Field(description="The first of them (at most 10).")


class StoryDetail(View):
    """A story page: the story, a page of its members, counts, timeline and analysis sections.

    ``sections`` holds what the analysis stages provide; a section absent from them is null
    and is not shown (nothing is made up).
    """

    story: StorySummary
    members: Page[ArticleSummary]
    outlets: list[Count]
    languages: list[Count]
    timeline: list[TimelineDay]
    sections: StorySections


class StoryFilters(View):
    q: str | None = None
    language: str | None = None
    outlet: str | None = None
    min_size: int = 1
    max_size: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    order: str = "-last_seen"


class StoryList(View):
    filters: StoryFilters
    stories: Page[StorySummary]


class OutletView(View):
    name: str
    articles: int
    stories: int
    languages: list[str]
    first_seen: datetime | None
    last_seen: datetime | None


class SearchHit(View):
    article: ArticleSummary
    score: float
    snippet: str = Field(description="Matched words are marked with [ and ].")


class SearchResults(View):
    q: str
    hits: Page[SearchHit]


class IngestFailure(View):
    input: str
    reason: str


class IngestResult(View):
    inserted: int
    unchanged: int
    failed: int
    failures: list[IngestFailure]
    articles: list[ArticleSummary]
    stories_assigned: int | None = Field(description="Null when story assignment was skipped.")


class OutletList(View):
    order: str
    outlets: Page[OutletView]
