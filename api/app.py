"""``create_app(settings)``: the PolicyGraph HTTP service (JSON answers, read-only Cypher, ingest, exports and
the explorer pages). Run it with ``policygraph serve``.
"""
from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import problems, routes, viz_routes
from .deps import get_settings
from .settings import ApiSettings

DESCRIPTION = """Answers about Chinese health policy: which body owns which target, how a document inherits
from national policy, what a programme involves, and read-only Cypher over the graph. Every fact carries
the quote it was read from. Errors are `application/problem+json`."""


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """A new app; ``settings`` replace the environment's (the store is opened on first use, once)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store, app.state.store = app.state.store, None
        if store is not None:
            store.close()

    app = FastAPI(title="PolicyGraph", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.store = None
    app.state.store_lock = threading.Lock()
    app.state.write_lock = threading.Lock()
    if settings is not None:
        app.dependency_overrides[get_settings] = lambda: settings
    problems.install(app)
    app.include_router(routes.router)
    app.include_router(viz_routes.router)
    return app
