"""Every error as one JSON shape (``{"error": {status, code, message, details}}``), or as an HTML
page with the same content for a browser asking for a page.

storyweave's own errors are translated here once: NotFound is 404, ConflictError 409,
TooLarge 413, any other input error 422, a configuration error 400, other store failures 500.
Anything unexpected is a 500 whose message reveals nothing of the server's internals.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyweave.errors import (
    ConfigError,
    ConflictError,
    InputError,
    NotFound,
    StoryweaveError,
    TooLarge,
)
from storyweave.serve.policy import SECURITY_HEADERS
from storyweave.serve.render import Renderer, wants_html
from storyweave.serve.schemas import ErrorBody, ErrorDetail

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
}


class ApiError(Exception):
    """An error a route raises on purpose, with its status and message."""

    def __init__(
        self, status: int, message: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


def error_body(
    status: int, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    detail = ErrorDetail(
        status=status, code=_CODES.get(status, "error"), message=message, details=details
    )
    return ErrorBody(error=detail).model_dump(mode="json")


def _status_of(exc: StoryweaveError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, ConfigError):
        return 400
    return 500


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"where": ".".join(str(p) for p in err.get("loc", ())), "problem": str(err.get("msg"))}
        for err in exc.errors()
    ]


def install(app: FastAPI, renderer: Renderer) -> None:
    """Register the handlers that give every error the one shape."""

    def respond(
        request: Request,
        status: int,
        message: str,
        details: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        body = error_body(status, message, details)
        # Set here too: a 500 is sent from outside the middleware that adds them.
        all_headers = {**SECURITY_HEADERS, **(headers or {})}
        if wants_html(request):
            page = renderer.page(request, "error.html", body["error"], status=status)
            page.headers.update(all_headers)
            return page
        return JSONResponse(body, status_code=status, headers=all_headers)

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return respond(request, exc.status, exc.message, exc.details, headers)

    @app.exception_handler(StoryweaveError)
    async def _ours(request: Request, exc: StoryweaveError) -> Response:
        status = _status_of(exc)
        if status == 500:
            log.error("store failure on %s: %s", request.url.path, exc)
        return respond(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, "invalid request parameters", _validation_details(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else _CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        return respond(request, exc.status_code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, "internal error; the server log has the details")
