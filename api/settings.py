"""API settings: the graph's settings plus what only the HTTP service needs (``POLICYGRAPH_*``).

>>> ApiSettings(store="kglite://:memory:").ingest_token is None
True
"""
from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr

from graph.settings import Settings


class ApiSettings(Settings):
    """:class:`graph.settings.Settings` and the service's own knobs."""

    ingest_token: SecretStr | None = Field(None, description="Bearer token that allows POST /documents; "
                                                             "unset disables ingest over HTTP.")
    cypher_timeout_s: float = Field(5.0, gt=0, description="Deadline for one POST /cypher query, in seconds.")
    cypher_row_cap: int = Field(1000, gt=0, description="Most rows POST /cypher returns.")
    max_upload_bytes: int = Field(20_000_000, gt=0, description="Largest document POST /documents accepts.")


@lru_cache
def get_settings() -> ApiSettings:
    """The process-wide API settings (cached; tests override the FastAPI dependency or pass settings in)."""
    return ApiSettings()
