"""The app factory: ``create_app(settings, store)`` builds the whole server, holding no state
at import time, so tests and the CLI each make their own app over their own store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyweave import __version__
from storyweave.serve import pages, problems
from storyweave.serve.api import ROUTERS
from storyweave.serve.cache import ViewCache
from storyweave.serve.guards import BodyLimit, SecurityHeaders
from storyweave.serve.params import DropEmptyParams
from storyweave.serve.providers import CompareSections, provenance_sections
from storyweave.serve.render import Renderer
from storyweave.serve.schemas import ErrorBody
from storyweave.serve.sections import SectionProvider
from storyweave.settings import Settings
from storyweave.store import Store

#: Makes a section provider for an app from its settings and view cache.
SectionFactory = Callable[[Settings, ViewCache], SectionProvider]


def _stored_provenance(settings: Settings, cache: ViewCache) -> SectionProvider:
    return provenance_sections  # reads the store only: nothing to set up


#: The analysis sections every story page asks for (see :mod:`storyweave.serve.sections`),
#: as factories of their providers: the stored provenance graph first, then the coverage
#: comparison (summary, matrix, quotes, entities, what each article added), computed once
#: per story and store change.
DEFAULT_SECTION_PROVIDERS: tuple[SectionFactory, ...] = (
    _stored_provenance,
    CompareSections,
)

#: Errors any operation may answer, all in the one error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "A setting or parameter that cannot work."),
        (404, "No such article, story or route."),
        (422, "Invalid parameters or body."),
        (500, "The server failed; nothing about it is revealed."),
    )
}

DESCRIPTION = """Stories, articles and outlets of a storyweave store.

Every list is paged (`limit`, `offset`; `next` / `prev` links). Every error has one shape:
`{"error": {"status", "code", "message", "details"}}`. Writes need
`Authorization: Bearer <token>` when the server has a `serve_token`."""


def create_app(
    settings: Settings,
    store: Store,
    *,
    sections: Sequence[SectionProvider] | None = None,
) -> FastAPI:
    """The web pages and REST API over ``store``; ``sections`` defaults to the providers
    :data:`DEFAULT_SECTION_PROVIDERS` makes."""
    app = FastAPI(
        title="storyweave",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # /docs is our own page: no scripts from elsewhere (CSP)
        redoc_url=None,
        responses=ERROR_RESPONSES,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.renderer = renderer = Renderer()
    app.state.write_lock = threading.Lock()
    app.state.cache = cache = ViewCache(store)
    if sections is None:
        sections = [make(settings, cache) for make in DEFAULT_SECTION_PROVIDERS]
    app.state.sections = tuple(sections)
    problems.install(app, renderer)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("storyweave.serve", "static")]), name="static")
    app.add_middleware(DropEmptyParams)
    app.add_middleware(BodyLimit, limit=settings.serve_max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
