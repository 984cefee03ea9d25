"""The one interface every graph backend implements, and ``open_store(uri)`` to pick one.

A store receives a document as a :class:`~graph.rows.DocumentRows` batch and writes it atomically; analysts'
queries go through :meth:`GraphStore.run_read`, which the engine itself holds read-only, with a deadline and a
row cap (see :func:`reject_writes` for the check made before a query is even sent).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ontology.errors import InputError, QueryRejected

from . import queries as q
from .plan import Statement, delete_plan, load_plan

if TYPE_CHECKING:
    from .rows import DocumentRows
    from .settings import Settings


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of a read query as plain dicts; ``truncated`` when the row cap cut the answer short."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """What one document write changed, net: node and relation deltas per label/type."""

    nodes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class GraphStore(Protocol):
    """A PolicyGraph store. Implementations: :class:`~graph.kglite_store.KGLiteStore`,
    :class:`~graph.neo4j_store.Neo4jStore`."""

    uri: str

    def ensure_schema(self) -> None:
        """Create the ontology's constraints and indexes (idempotent)."""

    def document_state(self, doc_id: str) -> dict[str, Any] | None:
        """``{"id", "stub", "source"}`` of a Document node, or None when absent."""

    def documents(self) -> list[dict[str, Any]]:
        """Every Document node as ``{"id", "title", "doc_number", "source", "stub"}``."""

    def load_document(self, rows: DocumentRows) -> None:
        """Write one document atomically: replace ``rows.replaces`` and adopt ``rows.adopts``, all or nothing."""

    def delete_document(self, doc_id: str, keep_as: dict[str, Any] | None = None) -> bool:
        """Delete a document and what it owns, atomically; citations to it move to the stub ``keep_as``
        (``{"key", "props"}``) when given. False when there is no such document."""

    def run_read(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None,
                 row_cap: int | None = None) -> QueryResult:
        """Run an analyst's query read-only (engine-enforced), bounded by a deadline and a row cap."""

    def fetch(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one of :mod:`graph.queries`' own reads in full (views, exports); never an analyst's text."""

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relations": {type: n}}``."""

    def flush(self) -> None:
        """Make every committed document durable (the embedded store saves its file; Neo4j: no-op)."""

    def close(self) -> None:
        """Flush and release resources."""


class StoreBase:
    """What every store does the same way on top of its own :meth:`GraphStore.fetch` and ``_write`` (one atomic
    write of a statement plan): bookkeeping reads, and loading or deleting a document."""

    def fetch(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _write(self, plan: list[Statement]) -> None:
        raise NotImplementedError

    def load_document(self, rows: DocumentRows) -> None:
        self._write(load_plan(rows))

    def delete_document(self, doc_id: str, keep_as: dict[str, Any] | None = None) -> bool:
        if self.document_state(doc_id) is None:
            return False
        self._write(delete_plan(doc_id, keep_as))
        return True

    def document_state(self, doc_id: str) -> dict[str, Any] | None:
        found = self.fetch(q.DOCUMENT_STATE, {"doc_id": doc_id})
        return found[0] if found else None

    def documents(self) -> list[dict[str, Any]]:
        return self.fetch(q.ALL_DOCUMENTS)

    def counts(self) -> dict[str, dict[str, int]]:
        return {"nodes": {r["label"]: r["count"] for r in self.fetch(q.COUNT_NODES)},
                "relations": {r["type"]: r["count"] for r in self.fetch(q.COUNT_RELATIONS)}}


# Clauses that change a graph or call out of it; checked on the query with string literals and comments removed.
_WRITE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|DETACH|FOREACH|INSERT|LOAD\s+CSV|CALL\s+(?!\{|\()"
                    r"|IN\s+TRANSACTIONS|GRANT|DENY|REVOKE|ALTER)\b", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/|\.\s*\w+", re.DOTALL)


def reject_writes(query: str) -> str:
    """Raise :class:`QueryRejected` when ``query`` is empty or names a write clause; return it unchanged.

    This is a courtesy check that gives a clear message; the engine's read-only mode is what enforces it.

    >>> reject_writes("MATCH (n) RETURN n.name AS name LIMIT 3")
    'MATCH (n) RETURN n.name AS name LIMIT 3'
    >>> reject_writes("MATCH (n) WHERE n.name = 'SET' RETURN n")
    "MATCH (n) WHERE n.name = 'SET' RETURN n"
    >>> reject_writes("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ontology.errors.QueryRejected: the query would change the graph (DETACH); queries here are read-only — use `policygraph load` to add documents
    """
    if not query.strip():
        raise QueryRejected("the query is empty; give a Cypher MATCH … RETURN query")
    found = _WRITE.search(_LITERALS.sub("''", query))
    if found:
        raise QueryRejected(f"the query would change the graph ({found.group(1).upper()}); queries here are "
                            "read-only — use `policygraph load` to add documents")
    return query


NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def open_store(uri: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store a URI names (default: the settings' ``store``).

    ``kglite:///relative/path.kgl`` (cwd-relative), ``kglite:////absolute/path.kgl``, ``kglite://:memory:``;
    ``neo4j://``, ``neo4j+s://``, ``bolt://`` … for Neo4j 5 (credentials from the settings).
    """
    from .settings import get_settings

    settings = settings or get_settings()
    uri = uri or settings.store
    scheme, sep, rest = uri.partition("://")
    if not sep:
        raise InputError(f"store URI {uri!r} has no scheme; use kglite:///path.kgl or neo4j://host:7687")
    scheme = scheme.lower()
    if scheme == "kglite":
        from .kglite_store import KGLiteStore

        path = None if rest in ("", ":memory:") else rest.removeprefix("/")
        return KGLiteStore(path, timeout_s=settings.query_timeout_s, row_cap=settings.row_cap, uri=uri)
    if scheme in NEO4J_SCHEMES:
        from .neo4j_store import Neo4jStore

        return Neo4jStore(uri, (settings.neo4j_user, settings.neo4j_password.get_secret_value()),
                          database=settings.neo4j_database, timeout_s=settings.query_timeout_s,
                          row_cap=settings.row_cap)
    raise InputError(f"unknown store scheme {scheme!r} in {uri!r}; use kglite:// or one of "
                     f"{', '.join(s + '://' for s in NEO4J_SCHEMES)}")
