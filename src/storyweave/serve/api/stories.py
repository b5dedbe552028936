"""``/api/stories``: the story list with filters, and one story with its members and sections."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from storyweave.serve import views
from storyweave.serve.params import (
    Limit,
    Offset,
    kept_json,
    link_for,
    providers_of,
    served,
    store_of,
    story_filters,
)
from storyweave.serve.schemas import StoryDetail, StoryFilters, StoryList
from storyweave.serve.sections import SectionProvider
from storyweave.store import Store

router = APIRouter(prefix="/api/stories", tags=["stories"])


@router.get("", response_model=StoryList, summary="List stories")
async def list_stories(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    filters: Annotated[StoryFilters, Depends(story_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    """Live stories matching every filter; a filter on language, outlet or text matches a
    story when one of its articles matches."""
    build = partial(views.story_list, store, filters, limit, offset, link_for(request))
    return await served(request, "stories", partial(kept_json, request, "stories", build))


@router.get("/{ref}", response_model=StoryDetail, summary="One story")
async def get_story(
    request: Request,
    ref: str,
    store: Annotated[Store, Depends(store_of)],
    providers: Annotated[tuple[SectionProvider, ...], Depends(providers_of)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """A story (by id, unique prefix, or the id of a story merged into it): a page of its
    members, outlets, languages, timeline, and the analysis sections that have data."""
    build = partial(views.story_detail, store, ref, providers, limit, offset, link_for(request))
    return await served(request, "story", partial(kept_json, request, "story", build))
