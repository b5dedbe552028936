"""``/api/outlets``: the sources the stored articles name, with counts."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from storyweave.serve import views
from storyweave.serve.params import Limit, Offset, cached, link_for, store_of
from storyweave.serve.schemas import OutletView, Page
from storyweave.store import Store

router = APIRouter(prefix="/api/outlets", tags=["outlets"])

OutletOrder = Literal["-articles", "-stories", "-last_seen", "name"]


@router.get("", response_model=Page[OutletView], summary="List outlets")
def list_outlets(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    order: Annotated[OutletOrder, Query(description="Most articles first by default.")] = (
        "-articles"
    ),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[OutletView]:
    """Every outlet with its number of articles and stories, languages and time span."""
    link = link_for(request)
    return cached(request, "outlets", lambda: views.outlets_page(store, order, limit, offset, link))
