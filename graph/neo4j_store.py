"""The production store: Neo4j 5 through the official ``neo4j`` driver, with the same Cypher as KGLite.

Writes: each document is one managed write transaction (``session.execute_write``), so a failure rolls the
whole document back and transient errors are retried. Reads: analysts' queries run in managed *read*
transactions (``session.execute_read`` with ``default_access_mode=READ``), which the server refuses to
write in, with a server-side transaction timeout and a row cap applied while streaming.
"""
from __future__ import annotations

from typing import Any

from ontology.errors import QueryRejected, StoreUnavailable

from . import queries as q
from .plan import Statement
from .store import StoreBase, QueryResult, reject_writes


class Neo4jStore(StoreBase):
    """A :class:`~graph.store.GraphStore` over a Neo4j 5 server. Nothing connects until it is constructed."""

    def __init__(self, uri: str, auth: tuple[str, str], *, database: str | None = None, timeout_s: float = 10.0,
                 row_cap: int = 5000) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri
        self.database = database
        self.timeout_s = timeout_s
        self.row_cap = row_cap
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
            self._driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, ValueError, OSError) as e:
            raise StoreUnavailable(f"cannot reach Neo4j at {uri} ({e}); start it (docker compose up -d neo4j) "
                                   "and check NEO4J_USER / NEO4J_PASSWORD") from e

    def _session(self, read: bool = False):
        import neo4j

        return self._driver.session(database=self.database,
                                    default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS)

    # -- writing ------------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Constraints and indexes from the ontology, each in its own auto-commit transaction."""
        with self._session() as session:
            for statement in q.schema_statements():
                session.run(statement).consume()

    def _write(self, plan: list[Statement]) -> None:
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        def work(tx) -> None:
            for cypher, params in plan:
                tx.run(cypher, params).consume()

        try:
            with self._session() as session:
                session.execute_write(work)
        except ServiceUnavailable as e:
            raise StoreUnavailable(f"Neo4j at {self.uri} went away during a write ({e}); nothing from this "
                                   "document was stored — load it again") from e
        except Neo4jError as e:
            raise StoreUnavailable(f"Neo4j refused a write ({e.code}: {e.message}); nothing from this document "
                                   "was stored") from e

    # -- reading ------------------------------------------------------------------------------------------
    def fetch(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._session(read=True) as session:
            return session.execute_read(lambda tx: [_plain(r.data()) for r in tx.run(query, params or {})])

    def run_read(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None,
                 row_cap: int | None = None) -> QueryResult:
        import neo4j
        from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

        reject_writes(query)
        cap = row_cap or self.row_cap

        def work(tx) -> tuple[list[str], list[dict[str, Any]], bool]:
            result = tx.run(neo4j.Query(query, timeout=timeout_s or self.timeout_s), params or {})
            rows: list[dict[str, Any]] = []
            for record in result:
                if len(rows) == cap:
                    return list(result.keys()), rows, True
                rows.append(_plain(record.data()))
            return list(result.keys()), rows, False

        try:
            with self._session(read=True) as session:
                columns, rows, truncated = session.execute_read(work)
        except ServiceUnavailable as e:
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri} ({e})") from e
        except ClientError as e:
            raise QueryRejected(f"the query was refused ({e.code}: {e.message})") from e
        except Neo4jError as e:
            raise QueryRejected(f"the query failed ({e.code}: {e.message})") from e
        return QueryResult(tuple(columns), tuple(rows), truncated)

    def flush(self) -> None:
        """Nothing to do: each document's transaction is durable when it commits."""

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relations become their property dicts, temporal values ISO."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **_plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, **_plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
