"""The embedded store: a KGLite graph kept in one ``.kgl`` file.

Writes: each document runs in one KGLite transaction (``begin()`` … ``commit()``; any failure rolls the
whole document back); :meth:`KGLiteStore.flush` (called after each batch of documents, and on close) saves
the graph with KGLite's atomic, fsync'd ``save()`` — the file on disk only ever holds whole documents.
Reads: analysts' queries run on a frozen snapshot (``freeze()``), which the engine refuses to mutate, with a
per-query deadline and row cap.

Storage (``storage=``, or ``?storage=`` in the URI): by default (``memory``) the graph lives on the heap,
its large property columns read in place from the ``.kgl`` file. ``mapped`` also builds the columns in
memory-mapped files. ``disk`` (``kglite:///data/graph?storage=disk``: the path is a *directory*) keeps nodes,
relations and their properties in files the process maps: a reader that opens a saved directory holds little
memory of its own (about 0.2 GB for 10 000 documents, against 0.85 GB for a ``.kgl`` on the heap), but a
process loading into it still grows with the graph, and its writes, saves and lookups are slower (see
``bench/bench_scale.py --storage disk``). A save publishes a new generation of the directory atomically; a
killed process leaves the last published one. Reads and writes behave the same in every mode.
"""
from __future__ import annotations

import os
import sqlite3
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import kglite

from ontology.ddl import kglite_indexes
from ontology.errors import QueryRejected, StoreUnavailable

from .plan import Statement
from .store import QueryResult, StoreBase, reject_writes
from .text_index import TextIndex

#: Storage modes a KGLite store can be opened in (``?storage=`` in its URI).
STORAGE_MODES = ("memory", "mapped", "disk")

# Truncation is reported through QueryResult.truncated; KGLite's stderr notice would duplicate it.
kglite.set_query_warning_policy("silent")
# Every save of a national graph would repeat that its relations' properties keep the topology on the heap in
# mapped mode (more than 262,144 relations carry evidence): expected, and documented in the README's Performance.
warnings.filterwarnings("ignore", category=kglite.MappedFallbackWarning, module=r"graph\.kglite_store")


class KGLiteStore(StoreBase):
    """A :class:`~graph.store.GraphStore` over a KGLite file (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | os.PathLike[str] | None, *, timeout_s: float = 10.0, row_cap: int = 5000,
                 uri: str | None = None, storage: str | None = None) -> None:
        path, options = _split_options(path)
        storage = storage or options.get("storage")
        if storage is not None and storage not in STORAGE_MODES:
            raise StoreUnavailable(f"unknown KGLite storage {storage!r}; use one of {', '.join(STORAGE_MODES)} "
                                   "(kglite:///path.kgl?storage=mapped)")
        self.path = Path(path) if path is not None else None
        if storage is None and self.path is not None and (self.path / "CURRENT").is_file():
            storage = "disk"  # a disk-mode graph is a directory
        self.storage = storage
        self.uri = uri or (f"kglite:///{self.path}" if self.path else "kglite://:memory:")
        self.timeout_ms = int(timeout_s * 1000)
        self.row_cap = row_cap
        if self.path is not None and self.storage != "disk":
            _sweep_stale_saves(self.path)
        self._graph = self._open()
        self._dirty = False
        #: Moves on every change of the graph; the text search index syncs when it has moved.
        self.generation = 0
        self._text_index: TextIndex | None = None

    def _saved(self) -> bool:
        """Whether a saved graph exists at ``path``."""
        if self.storage == "disk":
            return (self.path / "CURRENT").exists()
        return self.path.exists()

    def _open(self) -> kglite.KnowledgeGraph:
        """The graph as saved in the file (or a new one); ``storage`` picks heap or mapped columns."""
        try:
            if self.storage == "disk":
                if self.path is None:
                    raise StoreUnavailable("disk storage needs a directory: kglite:///data/graph?storage=disk")
                if (self.path / "CURRENT").exists():
                    return kglite.load(str(self.path))
                return kglite.KnowledgeGraph(storage="disk", path=str(self.path))
            if self.path is not None and self.path.exists():
                return kglite.load(str(self.path), storage=self.storage, write_budget=None)
            return kglite.KnowledgeGraph(storage=None if self.storage in (None, "memory") else self.storage)
        except kglite.KgError as e:
            raise StoreUnavailable(f"cannot open the graph file {self.path} ({e}); restore it from a backup "
                                   "or delete it and load the documents again") from e

    # -- writing ------------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """The indexes the ontology asks of the embedded store (``ontology.ddl.kglite_indexes``); KGLite
        indexes node ids itself."""
        for label, prop in kglite_indexes():
            if prop != "id" and not self._graph.has_index(label, prop):
                self._graph.create_index(label, prop)
                self._dirty = True  # the saved file lacks it: a save (or a rollback by reloading) must know

    def mark_dirty(self) -> None:
        """Record that the graph was changed outside :meth:`load_document` (the bulk path writes it directly),
        so the next :meth:`flush` saves it."""
        self._dirty = True
        self.generation += 1

    def restore(self, graph: kglite.KnowledgeGraph, *, dirty: bool = True) -> None:
        """Put ``graph`` (an earlier copy, or the file reloaded) in place of the live graph: a rollback.
        ``dirty`` says whether it differs from the saved file."""
        self._graph = graph
        self._dirty = dirty
        self.generation += 1

    def rollback_point(self) -> Callable[[], None]:
        """A function that puts the graph back as it is now.

        When the file holds exactly this graph (saved, nothing changed since) the way back is to reload the
        file, which costs nothing until it is needed; otherwise it is an in-memory copy of the graph.
        """
        if self.path is not None and not self._dirty and self._saved():
            return lambda: self.restore(self._open(), dirty=False)
        before, dirty = self._graph.copy(), self._dirty
        return lambda: self.restore(before, dirty=dirty)

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
        self.generation += 1

    def flush(self) -> None:
        """Make committed documents durable: one atomic, fsync'd save of the whole graph; then bring the text
        search index beside it up to date."""
        self.save()
        self.refresh_text_index()

    def refresh_text_index(self) -> None:
        """Bring the text search index up to date with the graph (a cache: a failure leaves searches scanning)."""
        if (index := self.text_index) is not None:
            index.refresh(self)

    def index_documents(self, documents: Sequence[Any]) -> None:
        """Give the text search index documents just written, from their rows (:class:`graph.rows.DocumentRows`;
        the bulk path: reading them back from the graph costs more); :meth:`refresh_text_index` reconciles the
        rest. A failure leaves the index behind, as in :meth:`refresh_text_index`."""
        if (index := self.text_index) is not None:
            index.add_documents(documents)

    @property
    def text_index(self) -> TextIndex | None:
        """The substring index of tasks and targets (:mod:`graph.text_index`), opened on first use beside the
        graph file (``<path>.search.sqlite``; in memory for an in-memory graph); None when it cannot be opened
        (a read-only folder): searches then scan."""
        if self._text_index is None:
            try:
                self._text_index = TextIndex.beside(self.path)
            except (sqlite3.Error, OSError):
                return None
        return self._text_index

    def save(self) -> None:
        """Write the graph to its file atomically (no-op in memory or when nothing changed)."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._graph.save(None if self.storage == "disk" else str(self.path))
        except (kglite.KgError, ValueError) as e:
            raise StoreUnavailable(f"cannot save the graph to {self.path} ({e}); check the folder is writable "
                                   "and no other PolicyGraph process is writing it") from e
        self._dirty = False

    # -- reading ------------------------------------------------------------------------------------------
    def fetch(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Trusted reads from :mod:`graph.queries` (bookkeeping, views, exports): no row cap or deadline."""
        return self._graph.cypher(cypher, params=params or {}, timeout_ms=0).to_list()

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
        if self._text_index is not None:
            self._text_index.close()
            self._text_index = None  # reopened if the store is used again

    @contextmanager
    def released(self) -> Iterator[Path]:
        """Save, let go of the graph and the text index while another process writes the file (yields its
        path), then read the file again: the store then holds what that process saved."""
        if self.path is None:
            raise StoreUnavailable("an in-memory graph cannot be handed to another process")
        self.close()
        self._graph = None  # the file is the graph until it is read again
        try:
            yield self.path
        finally:
            self._graph = self._open()
            self._dirty = False
            self.generation += 1

    def __enter__(self) -> KGLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sweep_stale_saves(path: Path) -> None:
    """Delete what a save killed midway left beside the file (KGLite writes ``<file>.tmp.<pid>.<n>`` and renames
    it over the file): only files of processes no longer running, so a save in progress is never touched."""
    for tmp in path.parent.glob(path.name + ".tmp.*"):
        pid = tmp.name[len(path.name) + len(".tmp."):].split(".")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except OSError:  # running under another user: not ours to judge
            continue


def _split_options(path: str | os.PathLike[str] | None) -> tuple[str | os.PathLike[str] | None, dict[str, str]]:
    """``"dir/g.kgl?storage=mapped"`` → ``("dir/g.kgl", {"storage": "mapped"})`` (a store URI's options)."""
    if not isinstance(path, str) or "?" not in path:
        return path, {}
    path, _, query = path.partition("?")
    return path or None, {k: v[-1] for k, v in parse_qs(query).items()}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in row.items()}


def _value(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    return v

