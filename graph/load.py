"""Loading documents into a store: idempotent and atomic per document.

A document's identity is its content hash (``Extraction.doc_id``): loading the same file twice changes
nothing; a changed file under the same source name replaces its earlier version; a document whose
extraction or write fails leaves nothing behind (the store writes each document in one transaction).

Files are extracted in parallel across cores (:func:`extract_all`, results in file order). The store is
flushed every :data:`FLUSH_EVERY` documents or :data:`FLUSH_SECONDS` seconds (less often when a flush of a
large graph takes long), so an interrupted load keeps the whole documents it had flushed and nothing of
the others. Large loads into the embedded store take
the columnar bulk path of :mod:`graph.bulk`.

>>> from graph.kglite_store import KGLiteStore
>>> summary = load_extractions(KGLiteStore(None), [])
>>> summary.documents
0
"""
from __future__ import annotations

import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from loaders.records import Extraction
from ontology.errors import PolicyGraphError

from .curation import Curation
from .memory import die_with_parent
from .resolve import Resolver, doc_number_key
from .rows import DocumentRows, document_rows
from .store import GraphStore

#: File types ``load_paths`` picks up inside folders.
DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")

Progress = Callable[[str, str], None]  # (source, outcome) after each document

#: The per-document path makes committed documents durable this often (documents, seconds); the interval
#: grows to :data:`FLUSH_COST` times the last flush's duration, so saving stays a bounded share of the time.
FLUSH_EVERY = 100
FLUSH_SECONDS = 0.5
FLUSH_COST = 5
#: ``load_paths`` takes the bulk path (embedded store) from this many files on.
BULK_MIN_FILES = 200
#: Files per task handed to an extraction worker; fewer files than a pool's start-up is worth run in-process.
_FILES_PER_TASK = 8
_POOL_MIN_FILES = 32
#: Files extracted ahead of the consumer, so workers go on while the store writes, saves and indexes a batch
#: (bounded: each waiting document holds its pickled rows in memory, ~50 KB).
PREFETCH_FILES = 4000
_START_METHOD = "fork" if "fork" in __import__("multiprocessing").get_all_start_methods() else "spawn"


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    error: str


@dataclass(frozen=True, slots=True)
class LoadSummary:
    """What a load did. ``nodes``/``relations`` are net changes in the store's counts."""

    loaded: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    nodes_added: int = 0
    relations_added: int = 0
    node_counts: dict[str, int] = field(default_factory=dict)
    relation_counts: dict[str, int] = field(default_factory=dict)
    #: Where the bulk path's time went: ``wait`` (for extraction), ``plan``, ``write``, ``save`` (seconds).
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return len(self.loaded)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the document files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            out.append(p)
    return out


def read_extraction(path: Path) -> Extraction:
    """Extract one document file (any format the loaders read)."""
    from loaders import extract_file

    return extract_file(path)


def safe_extraction(path: Path) -> Extraction | tuple[str, PolicyGraphError]:
    """:func:`read_extraction`, with a failure returned as ``(source, error)`` naming the file."""
    try:
        return read_extraction(path)
    except PolicyGraphError as e:
        return (str(path), e)
    except (OSError, ValueError, UnicodeError) as e:
        return (str(path), PolicyGraphError(f"{path}: cannot read it ({e})"))
    except Exception as e:  # noqa: BLE001 — a fault in the extractor fails this document, not the whole load
        return (str(path), PolicyGraphError(f"{path}: the extractor failed on this file ({type(e).__name__}: "
                                            f"{e}); please report it with the file"))


def _extract_task(paths: list[Path], curation: Curation | None, as_rows: bool) -> list:
    """One worker task: extract files (and build their rows when ``as_rows``), failures as pairs."""
    out: list = []
    for path in paths:
        item = safe_extraction(path)
        if as_rows and not isinstance(item, tuple):
            try:
                item = document_rows(item, Resolver.default(), curation)
            except PolicyGraphError as e:
                item = (item.source, e)
        out.append(item)
    return out


def _extract_packed(paths: list[Path], curation: Curation | None, as_rows: bool) -> bytes:
    """:func:`_extract_task` in a worker, its results pickled: a document's rows waiting in the parent take
    ~50 KB as bytes against ~200 KB as objects, so four times as many can be extracted ahead."""
    return pickle.dumps(_extract_task(paths, curation, as_rows), protocol=pickle.HIGHEST_PROTOCOL)


def default_workers() -> int:
    """Extraction processes to use: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_all(paths: Sequence[Path], *, workers: int | None = None, curation: Curation | None = None,
                as_rows: bool = False) -> Iterator:
    """Extract files across ``workers`` processes, yielding results in the order of ``paths``.

    Yields :class:`Extraction` (or, with ``as_rows``, :class:`DocumentRows`), and ``(source, error)`` for
    files that cannot be extracted. At most :data:`PREFETCH_FILES` files (or eight tasks per worker) are in
    flight, whatever the corpus size.
    """
    workers = default_workers() if workers is None else workers
    tasks = [list(paths[i:i + _FILES_PER_TASK]) for i in range(0, len(paths), _FILES_PER_TASK)]
    if workers <= 1 or len(paths) < _POOL_MIN_FILES:
        for task in tasks:
            yield from _extract_task(task, curation, as_rows)
        return
    # fork: workers start at once and need no ``if __name__ == "__main__"`` guard in the caller; they only run
    # the loaders (never the store), and a pool is only used for batches of files, not in the API's ingest.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(_START_METHOD),
                             initializer=die_with_parent) as pool:  # a loader killed outright leaves no workers
        pending: deque[Future] = deque()
        todo = iter(tasks)
        in_flight = max(workers * 8, PREFETCH_FILES // _FILES_PER_TASK)
        for task in todo:
            pending.append(pool.submit(_extract_packed, task, curation, as_rows))
            if len(pending) >= in_flight:
                break
        while pending:
            done = pending.popleft().result()
            task = next(todo, None)
            if task is not None:
                pending.append(pool.submit(_extract_packed, task, curation, as_rows))
            yield from pickle.loads(done)


def plan_document(store: GraphStore, x: Extraction, resolver: Resolver, curation: Curation | None = None,
                  ) -> DocumentRows | None:
    """The rows to write for ``x`` against the store's current state, or None when already loaded.

    Citations of documents already loaded point at them directly; stubs this document turns out to be
    are adopted; earlier versions of the same source file are replaced.
    """
    state = store.document_state(x.doc_id)
    if state is not None and not state.get("stub"):
        return None
    rows = document_rows(x, resolver, curation)
    documents = store.documents()
    replaces = tuple(d["id"] for d in documents if not d.get("stub") and d.get("source") == x.source
                     and d["id"] != x.doc_id)
    mine = resolver.document_keys(rows.title, rows.doc_number)
    adopts = tuple(d["id"] for d in documents if d.get("stub") and (
        d["id"] in mine or (d.get("doc_number") and "no:" + doc_number_key(d["doc_number"]) in mine)))
    loaded: dict[str, str] = {}
    for d in documents:
        if not d.get("stub") and d["id"] not in replaces:
            for key in resolver.document_keys(d.get("title"), d.get("doc_number")):
                loaded.setdefault(key, d["id"])
    return _retarget(replace(rows, replaces=replaces, adopts=adopts), loaded)


def _retarget(rows: DocumentRows, loaded: dict[str, str]) -> DocumentRows:
    """Point REFERENCES at loaded documents instead of stubs, and drop the stubs no longer needed."""
    if not loaded:
        return rows
    edges, used_stubs = [], set()
    for batch in rows.edges:
        if batch.relation != "REFERENCES":
            edges.append(batch)
            continue
        out = []
        for row in batch.rows:
            target = loaded.get(row["target"], row["target"])
            if target == rows.doc_id:
                continue
            if target == row["target"]:
                used_stubs.add(target)
            out.append({**row, "target": target})
        edges.append(replace(batch, rows=tuple(out)))
    nodes = []
    for batch in rows.nodes:
        if batch.label == "Document":
            batch = replace(batch, rows=tuple(r for r in batch.rows if r["key"] == rows.doc_id or r["key"] in used_stubs))
        nodes.append(batch)
    return replace(rows, nodes=tuple(nodes), edges=tuple(edges))


def load_extractions(store: GraphStore, extractions: Iterable[Extraction | tuple[str, Exception]], *,
                     resolver: Resolver | None = None, curation: Curation | None = None,
                     progress: Progress | None = None) -> LoadSummary:
    """Load extracted documents one by one; a failure is recorded and the next document goes on.

    Items may also be ``(source, error)`` pairs for documents whose extraction already failed. The store
    is flushed every :data:`FLUSH_EVERY` documents or :data:`FLUSH_SECONDS` seconds, and at the end.
    """
    resolver = resolver or Resolver.default()
    before = store.counts()
    loaded, replaced, unchanged, failed = [], [], [], []
    unflushed, flushed_at, interval = 0, time.monotonic(), FLUSH_SECONDS
    for item in extractions:
        if unflushed and (unflushed >= FLUSH_EVERY or time.monotonic() - flushed_at >= interval):
            started = time.monotonic()
            store.flush()
            unflushed, flushed_at = 0, time.monotonic()
            interval = max(FLUSH_SECONDS, FLUSH_COST * (flushed_at - started))
        if isinstance(item, tuple):
            failed.append(Failure(item[0], str(item[1])))
            _tell(progress, item[0], "failed")
            continue
        try:
            rows = plan_document(store, item, resolver, curation)
            if rows is None:
                unchanged.append(item.source)
                _tell(progress, item.source, "unchanged")
                continue
            store.load_document(rows)
        except PolicyGraphError as e:
            failed.append(Failure(item.source, str(e)))
            _tell(progress, item.source, "failed")
            continue
        loaded.append(item.source)
        unflushed += 1
        if rows.replaces:
            replaced.append(item.source)
        _tell(progress, item.source, "replaced" if rows.replaces else "loaded")
    if loaded:
        store.flush()
    after = store.counts()
    return LoadSummary(tuple(loaded), tuple(replaced), tuple(unchanged), tuple(failed),
                       sum(after["nodes"].values()) - sum(before["nodes"].values()),
                       sum(after["relations"].values()) - sum(before["relations"].values()),
                       after["nodes"], after["relations"])


def load_paths(store: GraphStore, paths: Sequence[str | Path], progress: Progress | None = None, *,
               resolver: Resolver | None = None, curation: Curation | None = None, workers: int | None = None,
               bulk: bool | None = None) -> LoadSummary:
    """Extract and load files (folders are searched for documents). Errors name the file, per document.

    Extraction runs in ``workers`` processes (default: one per core). ``bulk`` picks the columnar bulk path
    of :mod:`graph.bulk`; by default it is taken for the embedded store from :data:`BULK_MIN_FILES` files on,
    and a store file takes more than :data:`graph.segments.SEGMENT_DOCUMENTS` files a segment at a time, each
    in a fresh process (:mod:`graph.segments`).
    """
    from .kglite_store import KGLiteStore

    files = expand_paths(paths)
    if bulk is None:
        bulk = isinstance(store, KGLiteStore) and len(files) >= BULK_MIN_FILES
    if bulk:
        if not isinstance(store, KGLiteStore):
            raise PolicyGraphError("the bulk path writes the embedded store only; load into Neo4j with "
                                   "`policygraph export --format csv` and neo4j-admin database import")
        from .bulk import bulk_load
        from .segments import SEGMENT_DOCUMENTS, load_in_segments

        if resolver is None and store.path is not None and len(files) > SEGMENT_DOCUMENTS:
            return load_in_segments(store, files, curation=curation, workers=workers, progress=progress)
        if resolver is None:  # workers build the rows with the default resolver
            items = extract_all(files, workers=workers, curation=curation, as_rows=True)
        else:
            items = (x if isinstance(x, tuple) else document_rows(x, resolver, curation)
                     for x in extract_all(files, workers=workers))
        return bulk_load(store, items, resolver=resolver, progress=progress)
    items = extract_all(files, workers=workers)
    return load_extractions(store, items, resolver=resolver, curation=curation, progress=progress)


def delete_document(store: GraphStore, doc_id: str, resolver: Resolver | None = None) -> bool:
    """Delete a loaded document; documents citing it keep their citation, now to a stub."""
    state = next((d for d in store.documents() if d["id"] == doc_id), None)
    if state is None:
        return False
    resolver = resolver or Resolver.default()
    stub = None
    if state.get("title") and not state.get("stub"):
        policy = resolver.policy(state["title"], state.get("doc_number"))
        stub = {"key": policy.id, "props": {k: v for k, v in {"title": policy.title, "doc_number": policy.doc_number,
                                                               "stub": True}.items() if v is not None}}
    return store.delete_document(doc_id, stub)


def _tell(progress: Progress | None, source: str, outcome: str) -> None:
    if progress is not None:
        progress(source, outcome)
