"""Graph settings, read from the environment (``POLICYGRAPH_*``, ``NEO4J_USER``/``NEO4J_PASSWORD``).

>>> Settings(store="kglite:///tmp/x.kgl").store
'kglite:///tmp/x.kgl'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_STORE = "kglite:///data/policygraph.kgl"


class Settings(BaseSettings):
    """Where the graph lives and how analysts' queries are bounded."""

    model_config = SettingsConfigDict(env_prefix="POLICYGRAPH_", extra="ignore", frozen=True)

    store: str = Field(DEFAULT_STORE, description="Store URI: kglite:///relative.kgl, kglite:////abs.kgl, "
                                                  "kglite://:memory:, neo4j://host:7687, bolt://…, neo4j+s://…")
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "POLICYGRAPH_NEO4J_USER"))
    neo4j_password: SecretStr = Field(SecretStr(""), validation_alias=AliasChoices(
        "NEO4J_PASSWORD", "POLICYGRAPH_NEO4J_PASSWORD"))
    neo4j_database: str | None = Field(None, validation_alias=AliasChoices(
        "NEO4J_DATABASE", "POLICYGRAPH_NEO4J_DATABASE"))
    query_timeout_s: float = Field(10.0, gt=0, description="Deadline for one read query, in seconds.")
    row_cap: int = Field(5000, gt=0, description="Most rows a read query returns; more are cut off and flagged.")
    curation: Path | None = Field(None, description="A curation TOML that replaces graph/data/curation.toml.")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests override with ``get_settings.cache_clear()`` or DI)."""
    return Settings()
