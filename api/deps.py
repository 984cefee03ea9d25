"""FastAPI dependencies, as ``Annotated`` aliases: the settings, the store (opened once per app), the write lock
and the ingest token check.

Tests override :func:`get_settings` or :func:`get_store` through ``app.dependency_overrides``.
"""
from __future__ import annotations

import gc
import secrets
import threading
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph.store import GraphStore, open_store

from .problems import Forbidden, Unauthorized
from .settings import ApiSettings
from .settings import get_settings as _cached_settings


def get_settings() -> ApiSettings:
    """The API settings (process-wide, cached)."""
    return _cached_settings()


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def get_store(request: Request, settings: SettingsDep) -> GraphStore:
    """The app's store, opened on first use and kept for the app's life (closed at shutdown)."""
    state = request.app.state
    if state.store is None:
        with state.store_lock:
            if state.store is None:
                state.store = open_store(settings.store, settings)
                # What lives as long as the app (word lists, gazetteer, catalogue, the store's own objects)
                # leaves the collector's view: its full passes, 10–35 ms on a national graph's answers, then
                # walk only what answers create.
                gc.freeze()
    return state.store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def get_write_lock(request: Request) -> threading.Lock:
    """Serialises writes (ingest) within the app."""
    return request.app.state.write_lock


WriteLockDep = Annotated[threading.Lock, Depends(get_write_lock)]

_bearer = HTTPBearer(auto_error=False, description="The ingest token (POLICYGRAPH_INGEST_TOKEN).")


def require_ingest_token(settings: SettingsDep,
                         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """Allow the request only with ``Authorization: Bearer <ingest_token>``; ingest is off without a token."""
    if settings.ingest_token is None or not settings.ingest_token.get_secret_value():
        raise Forbidden("ingest over HTTP is disabled: set POLICYGRAPH_INGEST_TOKEN on the server, or load "
                        "documents with `policygraph load FILE`")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), settings.ingest_token.get_secret_value().encode()):
        raise Unauthorized("send the ingest token as `Authorization: Bearer <token>`")


IngestAllowed = Annotated[None, Depends(require_ingest_token)]
