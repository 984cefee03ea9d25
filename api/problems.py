"""One JSON problem shape (RFC 9457: ``type``, ``title``, ``status``, ``detail`` …) for every error the API returns.

PolicyGraph's errors map to status codes here and nowhere else: a bad parameter is a 4xx that says what to
change, an unknown id a 404 that names what was looked for, an unreachable store a 503.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ontology.errors import (InputError, NotFound, PolicyGraphError, QueryRejected, SchemaViolation,
                             StoreUnavailable)

log = logging.getLogger("policygraph.api")

MEDIA_TYPE = "application/problem+json"

#: (error class, status, problem type slug, title), most specific first.
_MAPPING: tuple[tuple[type[PolicyGraphError], int, str, str], ...] = (
    (NotFound, 404, "not-found", "Not found"),
    (QueryRejected, 400, "query-rejected", "Query rejected"),
    (InputError, 400, "bad-input", "Bad input"),
    (SchemaViolation, 400, "schema-violation", "Does not fit the ontology"),
    (StoreUnavailable, 503, "store-unavailable", "Graph store unavailable"),
)


class Forbidden(PolicyGraphError):
    """An operation this service has switched off or the caller may not use."""


class Unauthorized(PolicyGraphError):
    """A protected operation was called without valid credentials."""


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem response: ``{"type": "/problems/<slug>", "title", "status", "detail", **extra}``."""
    body = {"type": f"/problems/{slug}", "title": title, "status": status, "detail": detail,
            **{k: v for k, v in extra.items() if v is not None}}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def for_error(e: PolicyGraphError) -> JSONResponse:
    """The problem response for one of PolicyGraph's errors."""
    if isinstance(e, Unauthorized):
        return problem(401, "unauthorized", "Unauthorized", str(e))
    if isinstance(e, Forbidden):
        return problem(403, "forbidden", "Forbidden", str(e))
    for cls, status, slug, title in _MAPPING:
        if isinstance(e, cls):
            extra = {"kind": e.kind, "key": e.key} if isinstance(e, NotFound) else {}
            return problem(status, slug, title, str(e), **extra)
    return problem(422, "unprocessable", "Cannot process", str(e))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the problem shape."""

    @app.exception_handler(PolicyGraphError)
    async def _policygraph(request: Request, e: PolicyGraphError) -> JSONResponse:
        return for_error(e)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, e: RequestValidationError) -> JSONResponse:
        errors = [{"loc": [str(p) for p in err.get("loc", ())], "msg": err.get("msg", "")} for err in e.errors()]
        where = "; ".join(f"{'.'.join(x['loc'])}: {x['msg']}" for x in errors)
        return problem(422, "invalid-parameters", "Invalid parameters", f"check the request: {where}",
                       errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> JSONResponse:
        detail = e.detail if isinstance(e.detail, str) else str(e.detail)
        if e.status_code == 404 and detail == "Not Found":
            detail = f"no route {request.url.path}; see /docs for the endpoints"
        return problem(e.status_code, f"http-{e.status_code}", _title(e.status_code), detail)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, e: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(500, "internal", "Internal error", "PolicyGraph failed unexpectedly; the error was logged")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
