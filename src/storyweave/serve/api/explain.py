"""``/api/explain``: why an article joined (or started) its story."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from storyweave.serve import views
from storyweave.serve.params import settings_of, store_of
from storyweave.serve.schemas import Explanation
from storyweave.settings import Settings
from storyweave.store import Store

router = APIRouter(prefix="/api/explain", tags=["articles"])


@router.get("/{ref:path}", response_model=Explanation, summary="Explain a story assignment")
def explain(
    ref: str,
    store: Annotated[Store, Depends(store_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Explanation:
    """The candidate stories, their scores and the features behind them; 404 when the
    article has not been assigned yet."""
    return views.explanation(store, settings, ref)
