"""Query parameters shared by the API and the pages, and the dependencies that read them."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import partial
from typing import Annotated, Literal, TypeVar
from urllib.parse import parse_qsl, urlencode

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from storyweave.serve.cache import ViewCache
from storyweave.serve.problems import ApiError
from storyweave.serve.render import GZIP_MIN_BYTES, accepts_gzip, rendering, response
from storyweave.serve.schemas import StoryFilters
from storyweave.serve.sections import SectionProvider
from storyweave.serve.views import Link
from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.store.base import STORY_ORDERS, to_utc

T = TypeVar("T")
MAX_PAGE = 200
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Since = Annotated[
    datetime | None, Query(description="On or after this time (ISO 8601; naive means UTC).")
]
Until = Annotated[datetime | None, Query(description="Before this time (ISO 8601).")]
Text = Annotated[str | None, Query(max_length=500)]
Format = Annotated[
    Literal["html", "json"] | None,
    Query(description="Rendering of a page: html, or json (also chosen by Accept)."),
]
StoryOrder = Literal["-last_seen", "last_seen", "-size", "-created", "created"]
assert set(StoryOrder.__args__) == set(STORY_ORDERS)  # type: ignore[attr-defined]


async def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def providers_of(request: Request) -> tuple[SectionProvider, ...]:
    providers: tuple[SectionProvider, ...] = request.app.state.sections
    return providers


def _key(request: Request, name: str) -> Hashable:
    query = tuple(sorted((k, v) for k, v in request.query_params.multi_items() if k != "format"))
    return (name, request.url.path, query)


def _mark(request: Request, cache: ViewCache) -> str:
    """The store's change mark, read once a request: a page's view and its rendering share it."""
    mark = getattr(request.state, "mark", None)
    if mark is None:
        mark = request.state.mark = cache.mark()
    return str(mark)


def cached(request: Request, name: str, build: Callable[[], T]) -> T:
    """The view ``name`` for this request's path and parameters, built once per store change."""
    cache: ViewCache = request.app.state.cache
    return cache.get(_key(request, name), build, _mark(request, cache))


def keeper(request: Request, name: str) -> Callable[[str, Callable[[], str]], str]:
    """Keeps a page's rendered HTML or JSON as long as its view (same key, same mark)."""
    return lambda kind, render: cached(request, f"{name}.{kind}", render)


def kept_json(request: Request, name: str, build: Callable[[], BaseModel]) -> Response:
    """View ``name`` as JSON, its text kept with it (see :func:`keeper`)."""
    view = cached(request, name, build)
    return response("json", keeper(request, name)("json", view.model_dump_json))


async def served(request: Request, name: str, answer: Callable[[], Response]) -> Response:
    """The kept rendering of view ``name`` (see :func:`keeper`) straight from the event loop;
    otherwise ``answer()`` in a worker thread, as it may build the view (a first look at a
    story takes seconds). Kept pages thus skip the thread hop and every serialisation."""
    cache: ViewCache = request.app.state.cache
    kind, mark = rendering(request), _mark(request, cache)
    key = _key(request, f"{name}.{kind}")
    body = cache.peek(key, mark)
    if body is None:
        return await run_in_threadpool(answer)
    if len(body) < GZIP_MIN_BYTES or not accepts_gzip(request):
        return response(kind, body)
    packed_key = _key(request, f"{name}.{kind}.gzip")  # compressed once, when first taken
    packed: bytes | None = cache.peek(packed_key, mark)
    if packed is None:
        pack = partial(gzip.compress, body.encode(), 6)
        packed = await run_in_threadpool(cache.get, packed_key, pack, mark)
    return response(kind, packed, gzipped=True)


def utc(value: datetime | None, name: str) -> datetime | None:
    """``value`` in UTC, or a 422 naming the parameter when UTC cannot hold it."""
    if value is None:
        return None
    try:
        return to_utc(value)
    except Exception:
        raise ApiError(422, f"{name} is outside the representable range of times") from None


def link_for(request: Request) -> Link:
    """offset -> the same URL (path and query) at that offset."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]

    def link(offset: int) -> str:
        return f"{request.url.path}?{urlencode([*kept, ('offset', str(offset))])}"

    return link


async def story_filters(
    q: Annotated[str | None, Query(max_length=500, description="Full-text query.")] = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
    outlet: Text = None,
    min_size: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
    max_size: Annotated[int | None, Query(ge=1, le=MAX_OFFSET)] = None,
    since: Since = None,
    until: Until = None,
    order: Annotated[
        StoryOrder, Query(description="-last_seen: latest news first; -size: largest first.")
    ] = "-last_seen",
) -> StoryFilters:
    """The story-list filters, checked (a max_size below min_size is a 422)."""
    if max_size is not None and max_size < min_size:
        raise ApiError(422, f"max_size ({max_size}) must be >= min_size ({min_size})")
    return StoryFilters(
        q=q or None,
        language=language or None,
        outlet=outlet or None,
        min_size=min_size,
        max_size=max_size,
        since=utc(since, "since"),
        until=utc(until, "until"),
        order=order,
    )


class DropEmptyParams:
    """Treats ``?name=`` as an absent parameter: a GET form sends every field, even blank."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"")
        if scope["type"] == "http" and b"=" in query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v != ""]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)
