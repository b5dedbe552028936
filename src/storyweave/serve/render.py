"""One view, two renderings: a view model becomes an HTML page or its JSON.

A request gets JSON when it asks with ``?format=json`` or prefers ``application/json`` in its
``Accept`` header (``/api`` paths always do); otherwise HTML from a Jinja template. Templates
are autoescaped: article titles and text are hostile and only ever reach a page escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from pydantic import BaseModel

from storyweave.serve.graph_layout import layout

_MARK = re.compile(r"\[([^\[\]]*)\]")
_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


def wants_html(request: Request) -> bool:
    """Whether to answer with a page (True) or JSON (False)."""
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return False
    chosen = request.query_params.get("format")
    if chosen in {"json", "html"}:
        return chosen == "html"
    accept = request.headers.get("accept", "")
    return not ("application/json" in accept and "text/html" not in accept)


def _when(value: datetime | None, with_time: bool = False) -> str:
    if value is None:
        return "undated"
    return value.strftime("%Y-%m-%d %H:%M UTC" if with_time else "%Y-%m-%d")


def _marked(snippet: str) -> Markup:
    """A search snippet with its ``[matched]`` words in <mark>, everything else escaped."""
    out: list[str] = []
    last = 0
    for found in _MARK.finditer(snippet):
        out.append(str(escape(snippet[last : found.start()])))
        out.append(f"<mark>{escape(found.group(1))}</mark>")
        last = found.end()
    out.append(str(escape(snippet[last:])))
    return Markup("".join(out))


def _diff(drift: str) -> Markup:
    """A word diff (``[-removed-]``, ``{+added+}``) as <del>/<ins>, everything else escaped."""
    out: list[str] = []
    last = 0
    for found in _DIFF.finditer(drift):
        out.append(str(escape(drift[last : found.start()])))
        removed, added = found.group(1), found.group(2)
        out.append(f"<del>{escape(removed)}</del>" if removed is not None else "")
        out.append(f"<ins>{escape(added)}</ins>" if added is not None else "")
        last = found.end()
    out.append(str(escape(drift[last:])))
    return Markup("".join(out))


def _path(value: str) -> str:
    """``value`` as one URL path segment (ids may hold any character)."""
    return quote(value, safe="")


def _json_url(request: Request) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return f"{request.url.path}?{urlencode([*kept, ('format', 'json')])}"


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyweave.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=_when, marked=_marked, path=_path, diff=_diff)
    env.globals.update(graph_layout=layout)
    return env


class Renderer:
    """Renders view models; holds the template environment of one app."""

    def __init__(self) -> None:
        self.env = environment()

    def html(self, request: Request, template: str, view: Any) -> str:
        return self.env.get_template(template).render(
            view=view, request=request, json_url=_json_url(request)
        )

    def page(
        self, request: Request, template: str, view: Any, *, status: int = 200
    ) -> HTMLResponse:
        html = self.html(request, template, view)
        return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})

    def view(
        self,
        request: Request,
        template: str,
        view: BaseModel,
        keep: Callable[[str, Callable[[], str]], str] | None = None,
    ) -> Response:
        """The page for ``view`` or its JSON, as the request asks. ``keep(kind, render)``
        may hold on to the rendered text (see :mod:`storyweave.serve.cache`)."""
        kind = rendering(request)
        render = view.model_dump_json
        if kind == "html":
            render = partial(self.html, request, template, view)
        return response(kind, keep(kind, render) if keep else render())


def rendering(request: Request) -> str:
    """``"html"`` or ``"json"``: how the request wants its answer."""
    return "html" if wants_html(request) else "json"


#: Media types of the two renderings.
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "json": "application/json"}
#: Kept renderings at least this long go gzipped to clients that accept it.
GZIP_MIN_BYTES = 4096


def response(kind: str, body: str | bytes, *, gzipped: bool = False) -> Response:
    """A rendered page (``kind`` ``"html"``) or JSON as a response; ``gzipped``: ``body`` is
    that text compressed with gzip."""
    headers = {"Vary": "Accept, Accept-Encoding"}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=MEDIA_TYPES[kind], headers=headers)


def accepts_gzip(request: Request) -> bool:
    """Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0)."""
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in {"gzip", "*"}:
            return params.replace(" ", "") not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False
