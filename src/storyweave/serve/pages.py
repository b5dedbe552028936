"""The web pages: the same view models as the API, rendered by templates (or as JSON with
``?format=json`` / ``Accept: application/json``). No page needs JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from storyweave.serve import views
from storyweave.serve.api.outlets import OutletOrder
from storyweave.serve.api.search import Q
from storyweave.serve.params import (
    Format,
    Limit,
    Offset,
    cached,
    keeper,
    link_for,
    providers_of,
    served,
    settings_of,
    store_of,
    story_filters,
)
from storyweave.serve.render import Renderer
from storyweave.serve.schemas import OutletList, StoryFilters
from storyweave.serve.sections import SectionProvider
from storyweave.settings import Settings
from storyweave.store import Store

router = APIRouter(include_in_schema=False)


async def renderer_of(request: Request) -> Renderer:
    renderer: Renderer = request.app.state.renderer
    return renderer


Render = Annotated[Renderer, Depends(renderer_of)]


StoreDep = Annotated[Store, Depends(store_of)]


async def _kept_page(
    request: Request, render: Renderer, name: str, build: Callable[[], BaseModel]
) -> Response:
    """View ``name`` rendered by template ``name.html`` (or as JSON), kept with the view; a
    kept rendering is answered from the event loop (see :func:`served`)."""

    def answer() -> Response:
        view = cached(request, name, build)
        return render.view(request, f"{name}.html", view, keeper(request, name))

    return await served(request, name, answer)


@router.get("/")
async def story_list_page(
    request: Request,
    store: StoreDep,
    render: Render,
    filters: Annotated[StoryFilters, Depends(story_filters)],
    limit: Limit = 30,
    offset: Offset = 0,
    format: Format = None,
) -> Response:
    link = link_for(request)
    build = partial(views.story_list, store, filters, limit, offset, link)
    return await _kept_page(request, render, "stories", build)


@router.get("/stories/{ref}")
async def story_page(
    request: Request,
    ref: str,
    store: StoreDep,
    render: Render,
    providers: Annotated[tuple[SectionProvider, ...], Depends(providers_of)],
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = None,
) -> Response:
    link = link_for(request)
    build = partial(views.story_detail, store, ref, providers, limit, offset, link)
    return await _kept_page(request, render, "story", build)


@router.get("/articles/{ref:path}")
async def article_page(
    request: Request,
    ref: str,
    store: StoreDep,
    render: Render,
    settings: Annotated[Settings, Depends(settings_of)],
    format: Format = None,
) -> Response:
    build = partial(views.article_detail, store, settings, ref)
    return await _kept_page(request, render, "article", build)


@router.get("/search")
def search_page(
    request: Request,
    store: StoreDep,
    render: Render,
    q: Q = "",
    limit: Limit = 20,
    offset: Offset = 0,
    format: Format = None,
) -> Response:
    view = views.search_results(store, q, limit, offset, link_for(request))
    return render.view(request, "search.html", view)


@router.get("/outlets")
def outlets_page(
    request: Request,
    store: StoreDep,
    render: Render,
    order: OutletOrder = "-articles",
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = None,
) -> Response:
    link = link_for(request)
    found = cached(
        request, "outlets", lambda: views.outlets_page(store, order, limit, offset, link)
    )
    view = OutletList(order=order, outlets=found)
    return render.view(request, "outlets.html", view, keeper(request, "outlets"))


@router.get("/docs")
def docs_page(request: Request, render: Render) -> Response:
    """The API reference, rendered from the OpenAPI schema on the server (no script)."""
    return render.page(request, "docs.html", api_reference(request.app.openapi()))


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        kind = " | ".join(str(v) for v in schema["enum"])
    elif "anyOf" in schema:
        kind = " | ".join(_type(s) for s in schema["anyOf"])
    else:
        kind = str(schema.get("type", schema.get("$ref", "").rsplit("/", 1)[-1] or "any"))
    return kind + (f" = {schema['default']}" if schema.get("default") is not None else "")


def api_reference(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema flattened for the reference page."""
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            endpoints.append(
                {
                    "method": method,
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "secured": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": list(op.get("requestBody", {}).get("content", {})),
                    "responses": [
                        (c, r.get("description", "")) for c, r in op["responses"].items()
                    ],
                }
            )
    info = schema["info"]
    return {
        "title": info["title"],
        "version": info["version"],
        "description": info.get("description", ""),
        "openapi": schema["openapi"],
        "endpoints": endpoints,
    }
