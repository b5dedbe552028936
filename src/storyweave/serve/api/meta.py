"""``/api/stats``: what the store holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from storyweave.serve.params import store_of
from storyweave.store import Store

router = APIRouter(prefix="/api", tags=["store"])


@router.get("/stats", summary="Store statistics")
def stats(store: Annotated[Store, Depends(store_of)]) -> dict[str, int | dict[str, int]]:
    """Articles by format, language and (the 20 largest) source."""
    return store.stats()
