"""The statements one document's write runs, in order, shared by every store (each runs them in one
transaction). Pure: rows in, ``(cypher, params)`` out.
"""
from __future__ import annotations

from typing import Any

from . import queries as q
from .rows import DocumentRows

Statement = tuple[str, dict[str, Any]]
BATCH = 1000  # rows per UNWIND


def _chunks(rows: tuple[dict[str, Any], ...]):
    for i in range(0, len(rows), BATCH):
        yield list(rows[i:i + BATCH])


def load_plan(rows: DocumentRows) -> list[Statement]:
    """Upsert every node and relation, re-point citations of adopted stubs and replaced versions to the
    new document, then delete those old nodes and whatever they alone kept alive."""
    plan: list[Statement] = []
    for nb in rows.nodes:
        plan += [(q.merge_nodes(nb.label), {"rows": chunk}) for chunk in _chunks(nb.rows)]
    for eb in rows.edges:
        plan += [(q.merge_edges(eb.relation, eb.source, eb.target), {"rows": chunk}) for chunk in _chunks(eb.rows)]
    old = [i for i in (*rows.adopts, *rows.replaces) if i != rows.doc_id]
    if old:
        plan.append((q.ADOPT_REFERENCES, {"doc_id": rows.doc_id, "old_ids": old}))
        for doc_id in old:  # earlier versions, and adopted stubs (a catalogued policy's targets)
            plan += [(q.delete_owned(label), {"doc_id": doc_id}) for label in q.OWNED_LABELS]
        plan.append((q.DELETE_DOCUMENTS_BY_ID, {"ids": old}))
        plan += prune_plan()
    return plan


def delete_plan(doc_id: str, stub: dict[str, Any] | None = None) -> list[Statement]:
    """Delete a document and what it owns; citations to it move to ``stub`` (``{"key", "props"}``) if given."""
    plan: list[Statement] = []
    if stub is not None:
        plan.append((q.merge_nodes("Document"), {"rows": [stub]}))
        plan.append((q.ADOPT_REFERENCES, {"doc_id": stub["key"], "old_ids": [doc_id]}))
    plan += [(q.delete_owned(label), {"doc_id": doc_id}) for label in q.OWNED_LABELS]
    plan.append((q.DELETE_DOCUMENT_NODE, {"doc_id": doc_id}))
    return plan + prune_plan()


def prune_plan() -> list[Statement]:
    """Orphan pruning, repeated so chains (department → body, county → city → province) clear leaf-first."""
    return [(stmt, {}) for _ in range(4) for stmt in q.PRUNE_ORPHANS]
