"""``/api/search``: full-text search over article titles and cleaned texts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from storyweave.serve import views
from storyweave.serve.params import Limit, Offset, link_for, store_of
from storyweave.serve.schemas import SearchResults
from storyweave.store import Store

router = APIRouter(prefix="/api/search", tags=["search"])

Q = Annotated[str, Query(max_length=500, description='Plain words (all must match), "phrases".')]


@router.get("", response_model=SearchResults, summary="Search articles")
def search(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    q: Q,
    limit: Limit = 20,
    offset: Offset = 0,
) -> SearchResults:
    """Best match first. No character of ``q`` is query syntax; pages link to the next one
    while there are more hits (no total is counted)."""
    return views.search_results(store, q, limit, offset, link_for(request))
