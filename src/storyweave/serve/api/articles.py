"""``/api/articles``: list with filters, one article with its removed debris, ingest by POST."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials

from storyweave import pipeline, pipeline_provenance, pipeline_stories
from storyweave.models import Format
from storyweave.serve import views
from storyweave.serve.guards import bearer, check_token
from storyweave.serve.params import (
    Limit,
    Offset,
    Since,
    Text,
    Until,
    kept_json,
    link_for,
    served,
    settings_of,
    store_of,
    utc,
)
from storyweave.serve.problems import ApiError
from storyweave.serve.schemas import (
    ArticleDetail,
    ArticleSummary,
    ErrorBody,
    IngestFailure,
    IngestResult,
    Page,
)
from storyweave.settings import Settings
from storyweave.store import Store

router = APIRouter(prefix="/api/articles", tags=["articles"])

ArticleOrder = Literal["-published", "published", "-ingested", "ingested", "id"]
UPLOAD_TYPES = (
    "text/plain", "text/html", "application/rss+xml", "application/atom+xml",
    "application/xml", "application/x-ndjson", "application/jsonl", "application/octet-stream",
)  # fmt: skip
_BODY = {
    "required": True,
    "description": "One input as storyweave ingests a file: plain text (headline on the first "
    "line), an HTML page, an RSS/Atom feed, or JSONL (one article a line), optionally "
    "gzipped. The format is recognised by content, not by the declared type.",
    "content": {kind: {"schema": {"type": "string"}} for kind in UPLOAD_TYPES},
}


@router.get("", response_model=Page[ArticleSummary], summary="List articles")
def list_articles(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    source: Text = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
    format: Annotated[Format | None, Query(description="Input format.")] = None,
    since: Since = None,
    until: Until = None,
    order: ArticleOrder = "-published",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ArticleSummary]:
    """Stored articles matching every filter, newest first by default."""
    return views.articles_page(
        store, source=source or None, language=language or None, fmt=format,
        since=utc(since, "since"), until=utc(until, "until"), order=order,
        limit=limit, offset=offset, link=link_for(request),
    )  # fmt: skip


@router.get("/{ref:path}", response_model=ArticleDetail, summary="One article")
async def get_article(
    request: Request,
    ref: str,
    store: Annotated[Store, Depends(store_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """An article by id or unique id prefix: metadata, cleaned text, every removed line (in
    place in ``layout`` when the raw input reads back exactly), its story and why."""
    build = partial(views.article_detail, store, settings, ref)
    return await served(request, "article", partial(kept_json, request, "article", build))


def _ingest(request: Request, data: bytes, name: str, assign: bool) -> tuple[IngestResult, int]:
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    with request.app.state.write_lock:
        report, ids = pipeline.ingest_bytes(data, f"upload:{name}", store, settings)
        assigned = None
        if assign:  # as `storyweave ingest` does: assign, then trace the stories touched
            stories = pipeline_stories.assign_stories(store, settings)
            pipeline_provenance.trace_stories(store, settings, stories.stories)
            assigned = stories.assigned
    articles = views.summaries(store, store.articles_by_ids(list(dict.fromkeys(ids))))
    result = IngestResult(
        inserted=report.inserted,
        unchanged=report.unchanged,
        failed=report.failed,
        failures=[IngestFailure(input=f.locator, reason=f.reason) for f in report.failures],
        articles=articles,
        stories_assigned=assigned,
    )
    return result, 201 if report.inserted else 200


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    summary="Ingest articles",
    openapi_extra={"requestBody": _BODY},
    responses={
        200: {"model": IngestResult, "description": "Nothing new: every article was stored."},
        401: {"model": ErrorBody, "description": "A token is configured and was not given."},
        413: {"model": ErrorBody, "description": "Body over serve_max_body_bytes."},
        422: {"model": ErrorBody, "description": "Nothing in the body could be ingested."},
    },
)
async def ingest(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    name: Annotated[
        str, Query(max_length=200, description="A name for the input in messages.")
    ] = "api",
    stories: Annotated[bool, Query(description="Assign new articles to stories.")] = True,
) -> JSONResponse:
    """Store the articles of the body (idempotent: the same input again changes nothing) and,
    unless ``stories=false``, assign them to stories. 201 when anything new was stored."""
    check_token(request, credentials)
    data = await request.body()
    if not data.strip():
        raise ApiError(422, "the request body is empty; send the input to ingest")
    result, status = await run_in_threadpool(_ingest, request, data, name, stories)
    if not result.articles and result.failures:
        details = [f.model_dump() for f in result.failures]
        raise ApiError(422, "nothing in the body could be ingested", details)
    return JSONResponse(result.model_dump(mode="json"), status_code=status)
