"""The bulk path for large corpora: thousands of documents per write, as columnar frames.

The per-document path (:func:`graph.load.load_extractions`) runs one transaction of ``UNWIND … MERGE``
statements per document and asks the store for its documents before each one. For a national corpus
(100 000 documents, millions of nodes) this module instead:

- keeps an in-memory index of the store's documents (ids, sources, the keys citations resolve by),
  built once per run and kept up to date, so planning a document costs nothing in the store;
- gathers a batch of documents' rows, merges them per node key and per relation's ends exactly as
  consecutive ``MERGE … SET n += props`` would (later documents overwrite, absent properties stay),
  and writes each class with KGLite's columnar ``add_nodes`` / ``add_relationships`` from DataFrames
  (Region, keyed by ``code`` rather than KGLite's id, and the relations that touch it, go through the
  batched Cypher of :mod:`graph.queries`);
- saves the store after each batch (KGLite's atomic, fsync'd ``save()``), so the file only ever holds
  whole batches of whole documents; a batch whose write fails is rolled back to the graph before it
  (reloaded from the file, which holds exactly that graph, so no copy of the graph is kept) and retried
  one document at a time, each atomically, so one bad document fails alone;
- releases a batch's rows before the save, and hands freed heap pages back to the system after it
  (:func:`graph.memory.release_freed`);
- grows the batches when saving the whole graph would otherwise take more than a fifth of the load's time
  (:func:`next_batch_size`), and reports where the time went (``LoadSummary.seconds``).

Documents that replace an earlier version of the same source file take the per-document path, which
knows how to delete the old version. The end state equals that of the per-document path
(``tests/graph/test_bulk.py`` compares them).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from ontology.errors import PolicyGraphError, StoreUnavailable
from ontology.schema import node_type

from . import queries as q
from .memory import release_freed
from .plan import prune_plan
from .resolve import Resolver, doc_number_key
from .rows import DocumentRows

if TYPE_CHECKING:
    from .kglite_store import KGLiteStore
    from .load import Failure, Progress

#: Documents written per bulk batch (and per save of the store file), at least; batches grow when a save of
#: the whole graph would otherwise take more than 1/(1 + SAVE_COST) of the time, up to MAX_BATCH_DOCUMENTS
#: (a batch's rows are held in memory until it is written).
BATCH_DOCUMENTS = 2000
SAVE_COST = 4
#: A batch holds ~0.15 MB of rows per document and, while written, ~0.05 MB more of merged rows and frames; the
#: cap keeps that near 0.6 GB beside a graph of millions of nodes (at 100 000 documents a save of the whole
#: graph takes ~25 s, so larger batches would save time and cost memory).
MAX_BATCH_DOCUMENTS = 3000
#: Labels whose KGLite id is not their ontology key; they and their relations are written with Cypher.
_CYPHER_LABELS = frozenset({"Region"})
_CHUNK = 5000  # rows per Cypher UNWIND in the bulk path


@dataclass
class DocumentIndex:
    """What the store holds, for planning without asking it: loaded documents, stubs, citation keys."""

    resolver: Resolver
    loaded: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → {title, doc_number, source}
    sources: dict[str, str] = field(default_factory=dict)  # source file → loaded document id
    stubs: dict[str, str | None] = field(default_factory=dict)  # stub id → its 文号 key
    keys: dict[str, str] = field(default_factory=dict)  # citation key → loaded document id (smallest id)

    @classmethod
    def of(cls, store: KGLiteStore, resolver: Resolver) -> DocumentIndex:
        index = cls(resolver)
        for d in store.documents():
            if d.get("stub"):
                index.stubs[d["id"]] = doc_number_key(d["doc_number"]) if d.get("doc_number") else None
            else:
                index.add(d["id"], d.get("title"), d.get("doc_number"), d.get("source"))
        return index

    def add(self, doc_id: str, title: str | None, doc_number: str | None, source: str | None) -> None:
        self.loaded[doc_id] = {"title": title, "doc_number": doc_number, "source": source}
        self.stubs.pop(doc_id, None)
        if source:
            self.sources[source] = doc_id
        for key in self.resolver.document_keys(title, doc_number):
            if key not in self.keys or doc_id < self.keys[key]:
                self.keys[key] = doc_id

    def adopted_stubs(self, rows: DocumentRows) -> list[str]:
        """Stubs already in the store that ``rows``' document turns out to be."""
        mine = self.resolver.document_keys(rows.title, rows.doc_number)
        return [s for s, number in self.stubs.items() if s in mine or (number and "no:" + number in mine)]


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """Per document of a batch: ``loaded``, ``unchanged`` or ``deferred`` (to the per-document path)."""

    loaded: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    deferred: tuple[DocumentRows, ...] = ()
    failed: tuple[Failure, ...] = ()


def merged_frames(batch: list[DocumentRows]) -> tuple[dict[str, dict[Any, dict[str, Any]]],
                                                         dict[tuple[str, str, str], dict[tuple[Any, Any], dict[str, Any]]]]:
    """Rows of many documents merged as consecutive MERGE … SET += would leave them.

    Returns ``({label: {key: props}}, {(relation, source, target): {(from, to): props}})``. A key met once keeps
    its row's own props dict (no copy: most keys are); a key met again gets a merged copy, so the rows
    themselves are never changed (a failed batch is retried from them).
    """
    nodes: dict[str, dict[Any, dict[str, Any]]] = {}
    edges: dict[tuple[str, str, str], dict[tuple[Any, Any], dict[str, Any]]] = {}
    for rows in batch:
        for nb in rows.nodes:
            slot = nodes.setdefault(nb.label, {})
            for r in nb.rows:
                _merge(slot, r["key"], r["props"])
        for eb in rows.edges:
            slot = edges.setdefault((eb.relation, eb.source, eb.target), {})
            for r in eb.rows:
                _merge(slot, (r["source"], r["target"]), r["props"])
    for slot in (*nodes.values(), *edges.values()):  # the merge marks go; the merged props stay
        for key, props in slot.items():
            if type(props) is _Merged:
                slot[key] = dict(props)
    return nodes, edges


class _Merged(dict):
    """Props merged from several rows: a copy this module owns and may update."""


def _merge(slot: dict[Any, dict[str, Any]], key: Any, props: dict[str, Any]) -> None:
    held = slot.get(key)
    if held is None:
        slot[key] = props
    elif type(held) is _Merged:
        held.update(props)
    else:
        slot[key] = _Merged(held, **props) if all(isinstance(k, str) for k in props) else _Merged({**held, **props})


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), _CHUNK):
        yield rows[i:i + _CHUNK]


def _column(values: list[Any]):
    """A column that keeps each value's type: integers stay integers (nullable ``Int64``), booleans stay
    booleans, numbers with a fraction are floats, anything else is stored as is (pandas would turn an
    integer column with a gap into floats)."""
    import pandas as pd

    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {bool}:
        return pd.array(values, dtype="boolean")
    if kinds and all(issubclass(k, int) and not issubclass(k, bool) for k in kinds):
        return pd.array(values, dtype="Int64")
    if kinds and all(issubclass(k, float) for k in kinds):
        return pd.array([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.array(values, dtype=object)


def keyed_frame(keys: dict[str, list[Any]], props: list[dict[str, Any]]):
    """A DataFrame of key columns (``keys``: name → one value per row) and the rows' ``props`` (dicts with any
    subset of keys, read in place, no merged copy per row), one typed column per name; a prop named like a key
    column wins, as in ``{key: k, **props}``."""
    import pandas as pd

    columns = dict.fromkeys(chain(keys, chain.from_iterable(props)))  # first seen first
    data = {}
    for c in columns:
        if c not in keys:
            data[c] = _column(list(map(dict.get, props, repeat(c))))
        elif any(c in p for p in props):
            data[c] = _column([p.get(c, v) for p, v in zip(props, keys[c])])
        else:
            data[c] = _column(keys[c])
    return pd.DataFrame(data)


def _title_field(label: str, columns: set[str]) -> str | None:
    """The display title KGLite gives the class when Cypher creates it: ``title``, else ``name``."""
    for name in ("title", "name"):
        if name in columns:
            return name
    return None


def write_frames(store: KGLiteStore, batch: list[DocumentRows]) -> None:
    """Write a batch's merged rows: columnar loads per class and relation, Cypher for Region."""
    graph = store.graph()
    nodes, edges = merged_frames(batch)
    while nodes:  # each class's merged rows are dropped once written
        label, rows = nodes.popitem()
        key = node_type(label).key
        if label in _CYPHER_LABELS:
            for chunk in _chunks([{"key": k, "props": p} for k, p in rows.items()]):
                graph.cypher(q.merge_nodes(label), params={"rows": chunk})
            continue
        nodes_frame = keyed_frame({key: list(rows)}, list(rows.values()))
        graph.add_nodes(nodes_frame, label, key, _title_field(label, set(nodes_frame.columns)),
                        conflict_handling="update")
    while edges:
        (relation, source, target), rows = edges.popitem()
        if source in _CYPHER_LABELS or target in _CYPHER_LABELS:
            for chunk in _chunks([{"source": a, "target": b, "props": p} for (a, b), p in rows.items()]):
                graph.cypher(q.merge_edges(relation, source, target), params={"rows": chunk})
            continue
        edges_frame = keyed_frame({"_source": [a for a, _ in rows], "_target": [b for _, b in rows]},
                                  list(rows.values()))
        graph.add_relationships(edges_frame, relation, source, "_source", target, "_target",
                                conflict_handling="update")


def _adopt(store: KGLiteStore, adoptions: list[tuple[str, list[str]]]) -> None:
    graph = store.graph()
    for doc_id, stubs in adoptions:
        graph.cypher(q.ADOPT_REFERENCES, params={"doc_id": doc_id, "old_ids": stubs})
        graph.cypher(q.DELETE_DOCUMENTS_BY_ID, params={"ids": stubs})
    for stmt, params in prune_plan():
        graph.cypher(stmt, params=params)


def plan_batch(index: DocumentIndex, batch: Iterable[DocumentRows]) -> tuple[list[DocumentRows], BatchOutcome]:
    """Sort a batch into documents to write in bulk (citations retargeted), unchanged and deferred ones."""
    from .load import _retarget

    accepted: list[DocumentRows] = []
    unchanged, deferred, seen, sources = [], [], set(), set()
    for rows in batch:
        if rows.doc_id in index.loaded or rows.doc_id in seen:
            unchanged.append(rows.source)
        elif rows.source in index.sources or rows.source in sources:
            deferred.append(rows)  # a new version of a file already loaded: the per-document path replaces it
        else:
            accepted.append(rows)
            seen.add(rows.doc_id)
            sources.add(rows.source)
    keys = dict(index.keys)
    for rows in accepted:
        for key in index.resolver.document_keys(rows.title, rows.doc_number):
            if key not in keys or rows.doc_id < keys[key]:
                keys[key] = rows.doc_id
    planned = [_retarget(r, keys) for r in accepted]
    return planned, BatchOutcome(tuple(r.source for r in planned), tuple(unchanged), tuple(deferred))


def write_rows(store: KGLiteStore, index: DocumentIndex, planned: list[DocumentRows],
               clock: dict[str, float] | None = None) -> None:
    """Write planned documents into the graph and the document index; on failure restore the graph as it
    was and raise :class:`StoreUnavailable`. Nothing is saved yet.

    ``clock``, when given, accumulates the seconds spent writing (``write``).
    """
    if not planned:
        return
    started = time.perf_counter()
    adoptions = [(r.doc_id, stubs) for r in planned if (stubs := index.adopted_stubs(r))]
    rollback = store.rollback_point()  # the saved file when it is current: no copy of the graph
    try:
        write_frames(store, planned)
        if adoptions:
            _adopt(store, adoptions)
    except Exception as e:  # noqa: BLE001 — any engine error: put the graph back, then report it
        rollback()  # the batch leaves nothing behind
        raise StoreUnavailable(f"the bulk write of {len(planned)} documents failed ({e})") from e
    store.mark_dirty()
    for rows in planned:
        index.add(rows.doc_id, rows.title, rows.doc_number, rows.source)
        for nb in rows.nodes:
            if nb.label == "Document":
                for r in nb.rows:
                    if r["props"].get("stub") and r["key"] not in index.loaded:
                        number = r["props"].get("doc_number")
                        index.stubs[r["key"]] = doc_number_key(number) if number else None
    if clock is not None:
        clock["write"] = clock.get("write", 0.0) + time.perf_counter() - started


def persist(store: KGLiteStore, clock: dict[str, float] | None = None) -> None:
    """Save the graph (atomic, fsync'd) and bring the text search index up to date; a failed save raises
    :class:`StoreUnavailable` and leaves the file as it was.

    ``clock``, when given, accumulates the seconds spent saving (``save``) and indexing (``index``).
    """
    started = time.perf_counter()
    store.save()
    saved = time.perf_counter()
    store.refresh_text_index()
    if clock is not None:
        clock["save"] = clock.get("save", 0.0) + saved - started
        clock["index"] = clock.get("index", 0.0) + time.perf_counter() - saved


def next_batch_size(minimum: int, save_s: float, docs_per_s: float) -> int:
    """Documents in the next batch: at least ``minimum``, and enough that saving the whole graph after it
    stays about 1/(1 + :data:`SAVE_COST`) of the load's time, at most :data:`MAX_BATCH_DOCUMENTS`.

    >>> next_batch_size(2000, save_s=6.0, docs_per_s=100.0)
    2400
    """
    wanted = int(save_s * SAVE_COST * docs_per_s)
    return max(minimum, min(MAX_BATCH_DOCUMENTS, wanted))


def bulk_load(store: KGLiteStore, items: Iterable[DocumentRows | tuple[str, Exception]], *,
              resolver: Resolver | None = None, batch_documents: int = BATCH_DOCUMENTS,
              progress: Progress | None = None):
    """Load documents' rows into an embedded store in batches; returns a :class:`graph.load.LoadSummary`.

    ``items`` are :class:`DocumentRows` (see :func:`graph.rows.document_rows`) or ``(source, error)`` pairs for
    documents whose extraction failed. Loading is idempotent (documents already loaded are ``unchanged``)
    and a changed file replaces its earlier version, as with :func:`graph.load.load_extractions`.
    """
    from .load import Failure, LoadSummary, _tell

    resolver = resolver or Resolver.default()
    store.flush()
    before = store.counts()
    index = DocumentIndex.of(store, resolver)
    clock: dict[str, float] = {}
    loaded: list[str] = []
    replaced: list[str] = []
    unchanged: list[str] = []
    failed: list[Failure] = []

    def run(batch: list[DocumentRows]) -> None:
        t = time.perf_counter()
        planned, outcome = plan_batch(index, batch)
        batch.clear()  # from here on the planned rows are the only copy held
        clock["plan"] = clock.get("plan", 0.0) + time.perf_counter() - t
        try:
            write_rows(store, index, planned, clock)
            done = outcome.loaded
        except PolicyGraphError:
            done = ()
            for rows in planned:  # one document at a time, each atomic on its own
                _one(rows)
        else:
            t = time.perf_counter()
            store.index_documents(planned)  # the text index takes tasks and targets from the rows written
            clock["index"] = clock.get("index", 0.0) + time.perf_counter() - t
            planned.clear()  # written: the rows need not be held while the whole graph is saved
            persist(store, clock)  # a failed save ends the load with its error; the file keeps earlier batches
            release_freed()  # the batch's rows and the save's buffers go back to the system, not only to malloc
        loaded.extend(done)
        for source in done:
            _tell(progress, source, "loaded")
        unchanged.extend(outcome.unchanged)
        for source in outcome.unchanged:
            _tell(progress, source, "unchanged")
        for rows in outcome.deferred:
            _one(rows)
        if outcome.deferred:
            store.flush()

    def _one(rows: DocumentRows) -> None:
        nonlocal index
        from .load import _retarget

        stale = [d for d, s in index.loaded.items() if s.get("source") == rows.source and d != rows.doc_id]
        planned = replace(_retarget(rows, {k: v for k, v in index.keys.items() if v not in stale}),
                          replaces=tuple(stale), adopts=tuple(index.adopted_stubs(rows)))
        try:
            store.load_document(planned)
        except PolicyGraphError as e:
            failed.append(Failure(rows.source, str(e)))
            _tell(progress, rows.source, "failed")
            return
        loaded.append(rows.source)
        if stale:
            replaced.append(rows.source)
        _tell(progress, rows.source, "replaced" if stale else "loaded")
        store.flush()
        index = DocumentIndex.of(store, resolver)

    batch: list[DocumentRows] = []
    size, started, waited = batch_documents, time.perf_counter(), time.perf_counter()
    for item in items:
        if isinstance(item, tuple):
            failed.append(Failure(item[0], str(item[1])))
            _tell(progress, item[0], "failed")
            continue
        batch.append(item)
        if len(batch) >= size:
            clock["wait"] = clock.get("wait", 0.0) + time.perf_counter() - waited
            saved = clock.get("save", 0.0)
            run(batch)
            done = len(loaded) + len(unchanged) + len(failed)
            size = next_batch_size(batch_documents, clock.get("save", 0.0) - saved,
                                   done / max(time.perf_counter() - started, 1e-9))
            batch, waited = [], time.perf_counter()
    clock["wait"] = clock.get("wait", 0.0) + time.perf_counter() - waited
    run(batch)
    after = store.counts()
    return LoadSummary(tuple(loaded), tuple(replaced), tuple(unchanged), tuple(failed),
                       sum(after["nodes"].values()) - sum(before["nodes"].values()),
                       sum(after["relations"].values()) - sum(before["relations"].values()),
                       after["nodes"], after["relations"], seconds=dict(clock))
