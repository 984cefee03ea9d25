"""The embedded store: a KGLite graph kept in one ``.kgl`` file.

Writes: each document runs in one KGLite transaction (``begin()`` … ``commit()``; any failure rolls the
whole document back); :meth:`KGLiteStore.flush` (called after each batch of documents, and on close) saves
the graph with KGLite's atomic, fsync'd ``save()`` — the file on disk only ever holds whole documents. Reads: analysts' queries run on a frozen snapshot (``freeze()``), which the
engine refuses to mutate, with a per-query deadline and row cap.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import kglite

from ontology.ddl import kglite_indexes
from ontology.errors import QueryRejected, StoreUnavailable

from . import queries as q
from .plan import Statement, delete_plan, load_plan
from .rows import DocumentRows
from .store import QueryResult, reject_writes

# Truncation is reported through QueryResult.truncated; KGLite's stderr notice would duplicate it.
kglite.set_query_warning_policy("silent")


class KGLiteStore:
    """A :class:`~graph.store.GraphStore` over a KGLite file (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | os.PathLike[str] | None, *, timeout_s: float = 10.0, row_cap: int = 5000,
                 uri: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.uri = uri or (f"kglite:///{self.path}" if self.path else "kglite://:memory:")
        self.timeout_ms = int(timeout_s * 1000)
        self.row_cap = row_cap
        try:
            if self.path is not None and self.path.exists():
                self._graph = kglite.load(str(self.path))
            else:
                self._graph = kglite.KnowledgeGraph()
        except kglite.KgError as e:
            raise StoreUnavailable(f"cannot open the graph file {self.path} ({e}); restore it from a backup "
                                   "or delete it and load the documents again") from e
        self._dirty = False

    # -- writing ------------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """The indexes the ontology asks of the embedded store (``ontology.ddl.kglite_indexes``); KGLite
        indexes node ids itself."""
        for label, prop in kglite_indexes():
            if prop != "id" and not self._graph.has_index(label, prop):
                self._graph.create_index(label, prop)

    def _write(self, plan: list[Statement]) -> None:
        tx = self._graph.begin()
        try:
            for cypher, params in plan:
                tx.cypher(cypher, params=params)
            tx.commit()
        except kglite.KgError as e:
            tx.rollback()
            raise StoreUnavailable(f"the embedded store refused a write ({e}); nothing from this document "
                                   "was stored") from e
        except BaseException:
            tx.rollback()
            raise
        self._dirty = True

    def load_document(self, rows: DocumentRows) -> None:
        self._write(load_plan(rows))

    def delete_document(self, doc_id: str, keep_as: dict[str, Any] | None = None) -> bool:
        if self.document_state(doc_id) is None:
            return False
        self._write(delete_plan(doc_id, keep_as))
        return True

    def flush(self) -> None:
        """Make committed documents durable: one atomic, fsync'd save of the whole graph."""
        self.save()

    def save(self) -> None:
        """Write the graph to its file atomically (no-op in memory or when nothing changed)."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._graph.save(str(self.path))
        except (kglite.KgError, ValueError) as e:
            raise StoreUnavailable(f"cannot save the graph to {self.path} ({e}); check the folder is writable "
                                   "and no other PolicyGraph process is writing it") from e
        self._dirty = False

    # -- reading ------------------------------------------------------------------------------------------
    def fetch(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Trusted reads from :mod:`graph.queries` (bookkeeping, views, exports): no row cap or deadline."""
        return self._graph.cypher(cypher, params=params or {}, timeout_ms=0).to_list()

    def document_state(self, doc_id: str) -> dict[str, Any] | None:
        found = self.fetch(q.DOCUMENT_STATE, {"doc_id": doc_id})
        return found[0] if found else None

    def documents(self) -> list[dict[str, Any]]:
        return self.fetch(q.ALL_DOCUMENTS)

    def counts(self) -> dict[str, dict[str, int]]:
        return {"nodes": {r["label"]: r["count"] for r in self.fetch(q.COUNT_NODES)},
                "relations": {r["type"]: r["count"] for r in self.fetch(q.COUNT_RELATIONS)}}

    def run_read(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None,
                 row_cap: int | None = None) -> QueryResult:
        reject_writes(query)
        cap = row_cap or self.row_cap
        snapshot = self._graph.freeze()  # immutable: the engine rejects any mutation on it
        try:
            view = snapshot.cypher(query, params=params or {}, row_limit=cap,
                                   timeout_ms=int(timeout_s * 1000) if timeout_s else self.timeout_ms)
        except kglite.CypherTimeoutError as e:
            raise QueryRejected(f"the query ran past its deadline ({e}); narrow it with WHERE or LIMIT") from e
        except kglite.ArgumentError as e:
            raise QueryRejected(f"the query was refused: {e}") from e
        except (kglite.KgError, ValueError) as e:
            raise QueryRejected(f"the query failed: {e}") from e
        rows = tuple(_plain(r) for r in view.to_list())
        total = (view.diagnostics or {}).get("total_rows") if hasattr(view, "diagnostics") else None
        return QueryResult(tuple(view.columns), rows, truncated=bool(total and total > len(rows)))

    def graph(self) -> kglite.KnowledgeGraph:
        """The underlying KGLite graph (for tools that need KGLite's own API)."""
        return self._graph

    def close(self) -> None:
        self.save()

    def __enter__(self) -> KGLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in row.items()}


def _value(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    return v

