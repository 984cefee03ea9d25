"""``policygraph serve``: the HTTP API and explorer (uvicorn)."""
from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    store: Annotated[str | None, typer.Option("--store", help="Store URI; default POLICYGRAPH_STORE.")] = None,
) -> None:
    """Serve the API (docs at /docs) and the explorer (/)."""
    import uvicorn

    from api.app import create_app
    from api.settings import get_settings

    settings = get_settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command()(serve)
