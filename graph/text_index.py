"""An indexed substring search over task and target text: a rebuildable SQLite side index of the embedded store.

The bounded ``search_tasks`` scan (:data:`graph.queries.SEARCH_TASKS`) reads every Task title and text and every
Target indicator and text when a word is rare or absent. :class:`TextIndex` answers the same question from SQLite
tables kept beside the store file (``<store>.search.sqlite``; an in-memory store gets an in-memory index):

* ``items`` holds one row per task or target: label, key (node id), doc_id, name (a task's title, a target's
  indicator) and text, as the store holds them. Tasks take rowids from 1, targets from :data:`TARGET_BASE`, so
  that each class is one rowid range;
* ``pairs`` (FTS5, built-in ``trigram`` tokenizer, case sensitive, contentless, ``detail=none``) indexes ONE
  searched value per item — its text, or ``name + "\\n" + text`` when the name is not part of the text — with
  ``\\x01`` between and around its characters, so that each character ``a`` is the trigram ``\\x01a\\x01`` and
  each pair ``ab`` the trigram ``a\\x01b``. A one-character word is one lookup; a longer word is the AND of its
  pairs. Ordinary trigrams are not indexed: one table of one value per item, woven by ``str.join`` and
  tokenized by SQLite, builds about 2.8 times faster than trigrams plus pairs of each property did (10,000
  documents: 2.0 s instead of 5.6 s per 1,000), for answers as exact. A word of common pairs that is rare as a
  whole costs a few milliseconds more to rule out than with trigrams; :meth:`TextIndex.optimize` (one segment)
  brings it back to about one;
* ``docs`` lists the documents indexed, so that :meth:`TextIndex.sync` reconciles by document, with the rowid
  span of each class of its items (a chunk writes a document's tasks, and its targets, under consecutive rowids).

Every candidate the FTS table returns is checked with ``instr`` against the name and text as stored, so an answer
holds exactly the rows whose name or text contains the word — at most :data:`PER_CLASS` per class (Task, Target),
first in index order (the order documents were indexed), in the row shape and order of ``search_tasks``: ``label,
key, name, text`` by label, name, key. Unlike the scan, which keeps 50 per class *and property*, the bound is per
class: a class with fewer matches than the bound is answered in full either way.

It is a cache: the store is the truth. :meth:`TextIndex.sync` adds the loaded documents the index lacks (their
tasks and targets read from the store by doc_id) and drops those the store no longer has; each chunk of
documents is one transaction (WAL, ``synchronous=NORMAL``), so an interrupted sync leaves whole documents and the
next one catches up. The bulk load hands the index the rows it has just written (:meth:`TextIndex.add_documents`,
the same tables as a sync would write) and syncs after saving. Building costs about 1.7 s of CPU per 1,000
documents of the synthetic corpus (72 tasks and targets each), nearly all of it FTS5 tokenizing two trigrams per
character; reading the rows back from the store is under a tenth of it, and page size, ``pgsz``, journal mode and
checkpoints change it by less than the noise. A file that is not a database, or of another :data:`SCHEMA_VERSION`,
is deleted and rebuilt.
:func:`search_text` syncs first whenever the store changed since (its ``generation`` marker), and answers ``None``
— use the scan — when there is no index or it cannot be brought up to date cheaply.

>>> index = TextIndex(None)
>>> index.search("医共体")
[]
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from . import queries as q

#: Bumped whenever the tables change; an index file of another version is rebuilt from scratch.
SCHEMA_VERSION = 3
#: Rows per class (Task, Target) a search answers at most.
PER_CLASS = 50
#: Documents read from the store and written to the index per transaction.
CHUNK_DOCUMENTS = 1000
#: :func:`search_text` brings a stale index up to date itself when at most this many documents are missing;
#: a larger gap (a load that did not sync) is left to :meth:`TextIndex.sync`, and the search scans meanwhile.
LAZY_SYNC_DOCUMENTS = 200
#: The character woven between and around a value's characters in ``pairs``.
SEP = "\x01"
SUFFIX = ".search.sqlite"
#: The first rowid of a target in ``items`` (tasks are numbered from 1): one rowid range per class.
TARGET_BASE = 1 << 40
#: Each class's rowid range, in ``search_tasks``' label order.
RANGES: dict[str, tuple[int, int]] = {"Target": (TARGET_BASE, 2 * TARGET_BASE - 1), "Task": (1, TARGET_BASE - 1)}
#: FTS5 pending-terms memory before a segment is written: large, so that one chunk makes few, big segments.
HASH_BYTES = 64 << 20
#: FTS5 merges this many segments of a level at a time (SQLite's default is 4): each term is rewritten fewer
#: times while a large index is built, for a few more segments to read per lookup.
AUTOMERGE = 16
#: Contentless (the text lives in ``items``), no positions or sizes: the smallest index; ``instr`` checks.
_FTS = "content='', tokenize='trigram case_sensitive 1', detail=none, columnsize=0"
_SCHEMA = (
    # each document's items are one rowid span per class: [task_lo, task_hi] and [target_lo, target_hi]
    ("CREATE TABLE docs (doc_id TEXT PRIMARY KEY, task_lo INTEGER, task_hi INTEGER, target_lo INTEGER, "
     "target_hi INTEGER) WITHOUT ROWID"),
    ("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL, key TEXT NOT NULL, doc_id TEXT NOT NULL, "
     "name TEXT, text TEXT)"),
    f"CREATE VIRTUAL TABLE pairs USING fts5(value, {_FTS})",
    f"INSERT INTO pairs (pairs, rank) VALUES ('hashsize', {HASH_BYTES})",
    f"INSERT INTO pairs (pairs, rank) VALUES ('automerge', {AUTOMERGE})",
    f"INSERT INTO pairs (pairs, rank) VALUES ('crisismerge', {4 * AUTOMERGE})",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one :meth:`TextIndex.sync` changed: documents added and dropped, rows (tasks + targets) added."""

    added: int = 0
    dropped: int = 0
    rows: int = 0


def sidecar_path(store_path: str | os.PathLike[str]) -> Path:
    """Where the index of a store file (or disk-mode directory) lives: beside it, ``<path>.search.sqlite``.

    >>> sidecar_path("/data/graph.kgl").name
    'graph.kgl.search.sqlite'
    """
    path = Path(store_path)
    return path.with_name(path.name + SUFFIX)


def searched(name: str | None, text: str | None) -> str:
    """The one value of an item ``pairs`` indexes: its text, with the name before it unless the text holds it.

    >>> searched("疫苗接种率", "儿童疫苗接种率达到90%")
    '儿童疫苗接种率达到90%'
    >>> searched("标题", "正文")
    '标题\\n正文'
    """
    if not name:
        return text or ""
    if not text:
        return name
    return text if name in text else name + "\n" + text


def woven(value: str) -> str:
    """A value as ``pairs`` indexes it: ``\\x01`` between and around its characters.

    >>> woven("疫苗")
    '\\x01疫\\x01苗\\x01'
    """
    return SEP + SEP.join(value) + SEP


def match_terms(text: str) -> list[str]:
    """The ``pairs`` trigrams, all of which an item containing ``text`` holds (a superset of the items
    containing it: each candidate is checked with ``instr``): the character, or each distinct pair.

    >>> match_terms("率")
    ['\\x01率\\x01']
    >>> match_terms("就诊率")
    ['就\\x01诊', '诊\\x01率']
    """
    if len(text) == 1:
        return [woven(text)]
    return list(dict.fromkeys(map(SEP.join, pairwise(text))))


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class TextIndex:
    """The substring index of one store's tasks and targets, in the SQLite file ``path`` (``None``: in memory).

    Safe to share between threads (one connection behind a lock). Open it beside a store with
    :meth:`beside`; keep it current with :meth:`sync`; ask it with :meth:`search`.
    """

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        #: (id(store), store.generation, the file's data_version) when the index last matched a store
        self._synced: tuple[int, Any, int] | None = None
        self._conn = self._open()

    @classmethod
    def beside(cls, store_path: str | os.PathLike[str] | None) -> TextIndex:
        """The index of the store at ``store_path`` (a ``.kgl`` file or disk-mode directory; None: in memory)."""
        return cls(None if store_path is None else sidecar_path(store_path))

    # -- the file -------------------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        """Connect, creating the tables; a file that is corrupt or of another version is rebuilt."""
        try:
            return self._connect()
        except sqlite3.DatabaseError as e:
            if not _corrupt(e):
                raise  # locked, unwritable, …: not the file's fault
            self._delete_files()
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(":memory:" if self.path is None else str(self.path), isolation_level=None,
                               check_same_thread=False)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version != SCHEMA_VERSION or not {"docs", "items"} <= tables:
                if tables:  # an older or foreign file: start again
                    conn.close()
                    self._delete_files()
                    return self._connect()
                conn.execute("BEGIN")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute("COMMIT")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache, at most
            if self.path is not None:  # readers go on while a sync writes
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            return conn
        except BaseException:
            conn.close()
            raise

    def _delete_files(self) -> None:
        if self.path is None:
            return
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def rebuild(self) -> None:
        """Forget everything indexed (the next :meth:`sync` indexes the store again)."""
        with self._lock:
            self._conn.close()
            self._delete_files()
            self._synced = None
            self._conn = self._connect()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- keeping it current ---------------------------------------------------------------------------------
    def documents(self) -> set[str]:
        """The ids of the documents indexed."""
        with self._lock:
            return {r[0] for r in self._conn.execute("SELECT doc_id FROM docs")}

    def current(self, store: Any) -> bool:
        """Whether the index was synced with ``store`` and neither changed since: the store's ``generation`` (a
        store without one is never known to be current) and the file's ``data_version`` (which moves when
        another process writes the index)."""
        generation = getattr(store, "generation", None)
        with self._lock:
            return generation is not None and self._synced == (id(store), generation, self._data_version())

    def _data_version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def sync(self, store: Any, *, max_added: int | None = None) -> SyncReport | None:
        """Reconcile the index with ``store``'s loaded documents: index those it lacks, drop those the store no
        longer has. Each chunk of :data:`CHUNK_DOCUMENTS` documents is one transaction.

        With ``max_added``, gives up (returns None, nothing changed) when more documents are missing than that.
        """
        with self._lock:
            generation = getattr(store, "generation", None)
            wanted = [r["id"] for r in store.fetch(q.LOADED_DOCUMENT_IDS)]
            have = self.documents()
            wanted_set = set(wanted)
            missing = [d for d in dict.fromkeys(wanted) if d not in have]
            gone = sorted(have - wanted_set)
            if max_added is not None and len(missing) > max_added:
                return None
            for chunk in _chunks(gone, CHUNK_DOCUMENTS):
                self._transaction(lambda c=chunk: self._drop(c))
            rows = 0
            for chunk in _chunks(missing, CHUNK_DOCUMENTS):
                found = [(label, r) for label, cypher in q.TEXT_INDEX_ROWS.items()
                         for r in store.fetch(cypher, {"doc_ids": chunk})]
                self._transaction(lambda c=chunk, f=found: self._add(c, f))
                rows += len(found)
            self._synced = (id(store), generation, self._data_version())
            return SyncReport(added=len(missing), dropped=len(gone), rows=rows)

    def add_documents(self, documents: Sequence[Any]) -> SyncReport | None:
        """Index documents just written to the store from the rows written (:class:`graph.rows.DocumentRows`),
        sparing :meth:`sync` reading their tasks and targets back from the store. Documents already indexed are
        left as they are; each chunk of :data:`CHUNK_DOCUMENTS` documents is one transaction, as in :meth:`sync`.

        Call it only once the rows are in the store (a :meth:`sync` drops documents the store lacks). For writers
        that must not fail because of the index, as :meth:`refresh`: None when SQLite fails.
        """
        try:
            with self._lock:
                have = self.documents()
                fresh = list(dict.fromkeys(d.doc_id for d in documents if d.doc_id not in have))
                found = rows_of(documents)
                rows = 0
                for chunk in _chunks(fresh, CHUNK_DOCUMENTS):
                    mine = set(chunk)
                    part = [(label, r) for label, r in found if r["doc_id"] in mine]
                    self._transaction(lambda c=chunk, f=part: self._add(c, f))
                    rows += len(part)
                return SyncReport(added=len(fresh), rows=rows)
        except sqlite3.Error as e:
            if _corrupt(e):
                self.rebuild()
            return None

    def refresh(self, store: Any) -> SyncReport | None:
        """:meth:`sync`, for writers that must not fail because of the index: when SQLite fails (locked, disk
        full, corrupt), the index is left behind (rebuilt if corrupt) and None returned; searches then bring
        it up to date themselves or scan."""
        try:
            return self.sync(store)
        except sqlite3.Error as e:
            if _corrupt(e):
                self.rebuild()
            return None

    def _transaction(self, work: Any) -> None:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            work()
        except BaseException:
            self._conn.execute("ROLLBACK")
            self._synced = None
            raise
        self._conn.execute("COMMIT")

    def _drop(self, doc_ids: Sequence[str]) -> None:
        conn = self._conn
        marks = ", ".join("?" * len(doc_ids))
        spans = [(lo, hi) for r in conn.execute(
                     f"SELECT task_lo, task_hi, target_lo, target_hi FROM docs WHERE doc_id IN ({marks})", doc_ids)
                 for lo, hi in (r[:2], r[2:]) if lo <= hi]
        for lo, hi in spans:
            old = conn.execute("SELECT id, name, text FROM items WHERE id BETWEEN ? AND ?", (lo, hi)).fetchall()
            conn.executemany("INSERT INTO pairs (pairs, rowid, value) VALUES ('delete', ?, ?)", _pairs_rows(old))
        conn.executemany("DELETE FROM items WHERE id BETWEEN ? AND ?", spans)
        conn.execute(f"DELETE FROM docs WHERE doc_id IN ({marks})", doc_ids)

    def _add(self, doc_ids: Sequence[str], found: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Index ``found`` (``(label, row)`` of the documents ``doc_ids``): each class's rows in document
        order, under consecutive rowids from the end of its range."""
        conn = self._conn
        order = {d: i for i, d in enumerate(doc_ids)}
        items: list[tuple[int, str, str, str, str | None, str | None]] = []
        spans: dict[str, list[int]] = {d: [1, 0, 1, 0] for d in doc_ids}  # empty spans: lo > hi
        for label, (low, high) in RANGES.items():
            rowid = conn.execute("SELECT coalesce(max(id) + 1, ?) FROM items WHERE id BETWEEN ? AND ?",
                                 (low, low, high)).fetchone()[0]
            col = 0 if label == "Task" else 2
            for r in sorted((r for lab, r in found if lab == label), key=lambda r: order[r["doc_id"]]):
                span = spans[r["doc_id"]]
                if span[col] > span[col + 1]:
                    span[col] = rowid
                span[col + 1] = rowid
                items.append((rowid, label, str(r["key"]), r["doc_id"], _text(r["name"]), _text(r["text"])))
                rowid += 1
        conn.executemany("INSERT INTO items (id, label, key, doc_id, name, text) VALUES (?, ?, ?, ?, ?, ?)", items)
        conn.executemany("INSERT INTO pairs (rowid, value) VALUES (?, ?)",
                         _pairs_rows([(rowid, name, text) for rowid, _l, _k, _d, name, text in items]))
        conn.executemany("INSERT OR REPLACE INTO docs (doc_id, task_lo, task_hi, target_lo, target_hi) "
                         "VALUES (?, ?, ?, ?, ?)", ((d, *span) for d, span in spans.items()))

    def optimize(self) -> None:
        """Merge the FTS segments into one (after a large build: faster lookups, smaller file)."""
        with self._lock:
            self._conn.execute("INSERT INTO pairs (pairs) VALUES ('optimize')")

    # -- asking ---------------------------------------------------------------------------------------------
    def search(self, text: str) -> list[dict[str, Any]]:
        """Tasks and targets whose name (title, indicator) or text contains ``text`` (non-empty), as indexed:
        at most :data:`PER_CLASS` per class, as ``{"label", "key", "name", "text"}`` rows ordered by label,
        name, key (as ``search_tasks`` answers)."""
        if not text:
            raise ValueError("search text must not be empty")
        query = " AND ".join(map(_quoted, match_terms(text)))
        found: list[dict[str, Any]] = []
        with self._lock:
            for low, high in RANGES.values():
                rows = self._conn.execute(
                    "SELECT i.label, i.key, i.name, i.text FROM pairs JOIN items i ON i.id = pairs.rowid "
                    "WHERE pairs MATCH ? AND pairs.rowid BETWEEN ? AND ? "
                    f"AND (instr(i.name, ?) > 0 OR instr(i.text, ?) > 0) LIMIT {PER_CLASS}",
                    (query, low, high, text, text))
                found += ({"label": r[0], "key": r[1], "name": r[2], "text": r[3]} for r in rows)
        return sorted(found, key=lambda r: (r["label"], r["name"] is None, r["name"] or "", r["key"]))


def search_text(store: Any, text: str) -> list[dict[str, Any]] | None:
    """The ``search_tasks`` answer for ``text`` from the store's side index (``store.text_index``), brought up to
    date first when the store changed; ``None`` when the store has no index or it cannot answer now (the caller
    then runs the ``search_tasks`` scan)."""
    index = getattr(store, "text_index", None)
    if index is None or not text:
        return None
    try:
        if not index.current(store) and index.sync(store, max_added=LAZY_SYNC_DOCUMENTS) is None:
            return None
        return index.search(text)
    except sqlite3.Error as e:  # locked by a writer, unwritable, corrupt, …: scan this time
        if _corrupt(e):
            index.rebuild()  # the next sync fills it again
        return None
    except (UnicodeError, OSError):
        return None


#: What the index copies of each class, from a document's rows: ``name`` is this property of the node.
_NAMES = {"Task": "title", "Target": "indicator"}


def rows_of(documents: Iterable[Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(label, {"doc_id", "key", "name", "text"})`` of the tasks and targets in documents' rows
    (:class:`graph.rows.DocumentRows`), as :data:`graph.queries.TEXT_INDEX_ROWS` reads them back from the store
    once written: rows of one key merged as the store merges them (later properties win), in the order first met.
    """
    merged: dict[tuple[str, Any], dict[str, Any]] = {}
    for document in documents:
        for batch in document.nodes:
            if batch.label in _NAMES:
                for r in batch.rows:
                    merged.setdefault((batch.label, r["key"]), {}).update(r["props"])
    return [(label, {"doc_id": props.get("doc_id"), "key": key, "name": props.get(_NAMES[label]),
                     "text": props.get("text")}) for (label, key), props in merged.items()]


def _corrupt(error: sqlite3.Error) -> bool:
    """Whether SQLite found the file not a database or malformed (its plain ``DatabaseError``), rather than
    locked, unwritable or misused (the subclasses)."""
    return type(error) is sqlite3.DatabaseError


def _pairs_rows(items: Iterable[tuple[int, str | None, str | None]]) -> list[tuple[int, str]]:
    """``(rowid, value)`` of each ``(rowid, name, text)`` as ``pairs`` holds it (nothing for an item without text)."""
    return [(rowid, woven(value)) for rowid, name, text in items if (value := searched(name, text))]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])
