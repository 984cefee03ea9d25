"""An indexed substring search over task and target text: a rebuildable SQLite side index of the embedded store.

The bounded ``search_tasks`` scan (:data:`graph.queries.SEARCH_TASKS`) reads every Task title and text and every
Target indicator and text when a word is rare or absent. :class:`TextIndex` answers the same question from SQLite
FTS5 tables kept beside the store file (``<store>.search.sqlite``; an in-memory store gets an in-memory index):

* ``items`` holds one row per task or target: label, key (node id), doc_id, name (a task's title, a target's
  indicator) and text, as the store holds them;
* ``grams_<field>`` (FTS5, built-in ``trigram`` tokenizer, case sensitive; one table per class and property)
  indexes the field as written: a word of three or more characters is looked up by its trigrams;
* ``pairs_<field>`` (the same tokenizer) indexes the field with ``\\x01`` between and around its characters, so
  that each character ``a`` is the trigram ``\\x01a\\x01`` and each pair ``ab`` the trigram ``a\\x01b``: a word of
  one or two characters is one lookup there;
* ``docs`` lists the documents indexed, so that :meth:`TextIndex.sync` reconciles by document.

Every candidate the FTS tables return is checked with ``instr`` against the text as stored, so an answer holds
exactly the rows whose field contains the word — at most :data:`PER_FIELD` per class and property, first in
index order (the order documents were indexed), in the row shape and order of ``search_tasks``: ``label, key,
name, text`` by label, name, key.

It is a cache: the store is the truth. :meth:`TextIndex.sync` adds the loaded documents the index lacks (their
tasks and targets read from the store by doc_id) and drops those the store no longer has; each chunk of
documents is one transaction, so an interrupted sync leaves whole documents and the next one catches up. A file
that is not a database, or of another :data:`SCHEMA_VERSION`, is deleted and rebuilt. :func:`search_text` syncs
first whenever the store changed since (its ``generation`` marker), and answers ``None`` — use the scan — when
there is no index or it cannot be brought up to date cheaply.

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
from pathlib import Path
from typing import Any

from . import queries as q

#: Bumped whenever the tables change; an index file of another version is rebuilt from scratch.
SCHEMA_VERSION = 2
#: Rows per class and property, as in ``search_tasks``.
PER_FIELD = 50
#: Documents read from the store and written to the index per transaction.
CHUNK_DOCUMENTS = 500
#: :func:`search_text` brings a stale index up to date itself when at most this many documents are missing;
#: a larger gap (a load that did not sync) is left to :meth:`TextIndex.sync`, and the search scans meanwhile.
LAZY_SYNC_DOCUMENTS = 200
#: The character woven between and around a field's characters in ``pairs``.
SEP = "\x01"
SUFFIX = ".search.sqlite"

#: (label, property, FTS column, ``items`` column) of each searched field, in ``search_tasks``' order.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("Task", "title", "task_title", "name"),
    ("Task", "text", "task_text", "text"),
    ("Target", "indicator", "target_indicator", "name"),
    ("Target", "text", "target_text", "text"),
)
_KINDS = ("grams", "pairs")
#: Contentless (the text lives in ``items``), no positions or sizes: the smallest index; ``instr`` checks.
_FTS = "content='', tokenize='trigram case_sensitive 1', detail=none, columnsize=0"
_SCHEMA = (
    "CREATE TABLE docs (doc_id TEXT PRIMARY KEY) WITHOUT ROWID",
    ("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL, key TEXT NOT NULL, doc_id TEXT NOT NULL, "
     "name TEXT, text TEXT)"),
    "CREATE INDEX items_doc ON items (doc_id)",
    *(f"CREATE VIRTUAL TABLE {kind}_{f[2]} USING fts5(value, {_FTS})" for kind in _KINDS for f in FIELDS),
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


def woven(value: str | None) -> str | None:
    """A field as ``pairs`` indexes it: ``\\x01`` between and around its characters.

    >>> woven("疫苗")
    '\\x01疫\\x01苗\\x01'
    """
    return None if value is None else SEP + SEP.join(value) + SEP


def match_terms(text: str) -> tuple[str, list[str]]:
    """The kind of FTS table (``grams`` or ``pairs``) and the trigrams, all of which a field containing ``text``
    holds there (a superset of the fields containing it: each candidate is checked with ``instr``).

    >>> match_terms("就诊率")
    ('grams', ['就诊率'])
    >>> match_terms("疫苗")
    ('pairs', ['疫\\x01苗'])
    """
    if len(text) >= 3:
        return "grams", list(dict.fromkeys(text[i:i + 3] for i in range(len(text) - 2)))
    return "pairs", [woven(text)[1:-1] if len(text) == 2 else woven(text)]


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
        old = conn.execute(f"SELECT id, label, name, text FROM items WHERE doc_id IN ({marks})", doc_ids).fetchall()
        for table, rows in _fts_rows(old):
            conn.executemany(f"INSERT INTO {table} ({table}, rowid, value) VALUES ('delete', ?, ?)", rows)
        conn.execute(f"DELETE FROM items WHERE doc_id IN ({marks})", doc_ids)
        conn.execute(f"DELETE FROM docs WHERE doc_id IN ({marks})", doc_ids)

    def _add(self, doc_ids: Sequence[str], found: Iterable[tuple[str, dict[str, Any]]]) -> None:
        conn = self._conn
        start = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM items").fetchone()[0]
        items = [(start + i, label, str(r["key"]), r["doc_id"], _text(r["name"]), _text(r["text"]))
                 for i, (label, r) in enumerate(found)]
        conn.executemany("INSERT INTO items (id, label, key, doc_id, name, text) VALUES (?, ?, ?, ?, ?, ?)", items)
        for table, rows in _fts_rows([(rowid, label, name, text) for rowid, label, _k, _d, name, text in items]):
            conn.executemany(f"INSERT INTO {table} (rowid, value) VALUES (?, ?)", rows)
        conn.executemany("INSERT OR IGNORE INTO docs (doc_id) VALUES (?)", ((d,) for d in doc_ids))

    def optimize(self) -> None:
        """Merge the FTS segments into one (after a large build: faster lookups, smaller file)."""
        with self._lock:
            for table in (f"{kind}_{f[2]}" for kind in _KINDS for f in FIELDS):
                self._conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    # -- asking ---------------------------------------------------------------------------------------------
    def search(self, text: str) -> list[dict[str, Any]]:
        """Tasks whose title or text and targets whose indicator or text contain ``text`` (non-empty), as
        indexed: at most :data:`PER_FIELD` per class and property, as ``{"label", "key", "name", "text"}`` rows
        ordered by label, name, key (as ``search_tasks`` answers)."""
        if not text:
            raise ValueError("search text must not be empty")
        table, terms = match_terms(text)
        query = " AND ".join(map(_quoted, terms))
        found: dict[tuple[str, str], dict[str, Any]] = {}
        with self._lock:
            for _label, _prop, column, field in FIELDS:
                fts = f"{table}_{column}"
                rows = self._conn.execute(
                    f"SELECT i.label, i.key, i.name, i.text FROM {fts} JOIN items i ON i.id = {fts}.rowid "
                    f"WHERE {fts} MATCH ? AND instr(i.{field}, ?) > 0 LIMIT {PER_FIELD}", (query, text))
                for r in rows:
                    found.setdefault((r[0], r[1]), {"label": r[0], "key": r[1], "name": r[2], "text": r[3]})
        return sorted(found.values(), key=lambda r: (r["label"], r["name"] is None, r["name"] or "", r["key"]))


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


def _corrupt(error: sqlite3.Error) -> bool:
    """Whether SQLite found the file not a database or malformed (its plain ``DatabaseError``), rather than
    locked, unwritable or misused (the subclasses)."""
    return type(error) is sqlite3.DatabaseError


def _fts_rows(items: Sequence[tuple[int, str, str | None, str | None]]) -> Iterable[tuple[str, list[tuple]]]:
    """``(table, [(rowid, value), …])`` for each FTS table: each item's non-empty fields, as that table holds them."""
    for label, _prop, column, field in FIELDS:
        values = [(rowid, name if field == "name" else text) for rowid, lab, name, text in items if lab == label]
        values = [(rowid, v) for rowid, v in values if v]
        yield f"grams_{column}", values
        yield f"pairs_{column}", [(rowid, woven(v)) for rowid, v in values]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])
