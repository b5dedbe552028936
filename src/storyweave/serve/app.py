"""The app factory: ``create_app(settings, store)`` builds the whole server, holding no state
at import time, so tests and the CLI each make their own app over their own store."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyweave import __version__
from storyweave.serve import pages, problems
from storyweave.serve.api import ROUTERS
from storyweave.serve.cache import ViewCache
from storyweave.serve.guards import BodyLimit, SecurityHeaders
from storyweave.serve.params import DropEmptyParams
from storyweave.serve.render import Renderer
from storyweave.serve.schemas import ErrorBody
from storyweave.serve.sections import SectionProvider
from storyweave.settings import Settings
from storyweave.store import Store

#: The analysis sections every story page asks for (see :mod:`storyweave.serve.sections`).
#: Empty until the analysis stages store their output: provenance and the coverage
#: comparison each add their provider here.
DEFAULT_SECTION_PROVIDERS: tuple[SectionProvider, ...] = ()

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
    """The web pages and REST API over ``store``; ``sections`` defaults to
    :data:`DEFAULT_SECTION_PROVIDERS`."""
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
    app.state.sections = tuple(DEFAULT_SECTION_PROVIDERS if sections is None else sections)
    app.state.renderer = renderer = Renderer()
    app.state.write_lock = threading.Lock()
    app.state.cache = ViewCache(store)
    problems.install(app, renderer)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("storyweave.serve", "static")]), name="static")
    app.add_middleware(DropEmptyParams)
    app.add_middleware(BodyLimit, limit=settings.serve_max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
