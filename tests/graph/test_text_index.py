"""The text search side index answers as the ``search_tasks`` scan does, and follows the store it caches."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph import queries as q
from graph import text_index as ti
from graph.kglite_store import KGLiteStore
from graph.load import load_paths
from graph.text_index import TextIndex, search_text, sidecar_path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DOCS = sorted(SAMPLES.glob("*.txt"))
needs_samples = pytest.mark.skipif(len(DOCS) < 3, reason="samples/ holds fewer than three documents")

#: Words of every length the index handles differently: trigrams (3+), pairs (2), single characters, ASCII.
WORDS = ("医共体", "家庭医生", "就诊率", "中医药", "疫苗", "卫生", "率", "县", "不存在的词", "菌", "90%", "2025",
         "%", "A", "县域内就诊率达到")


class IndexedStore(KGLiteStore):
    """A KGLite store with a change marker (``generation``) and a side index of its own that its saves leave
    behind, so that searches meet a stale index."""

    def __init__(self, path, **kw) -> None:
        self.generation = 0
        super().__init__(path, **kw)
        self._side = TextIndex(None if path is None else Path(path).with_suffix(".side.sqlite"))

    @property
    def text_index(self) -> TextIndex:
        return self._side

    def flush(self) -> None:
        self.save()

    def _write(self, plan) -> None:
        super()._write(plan)
        self.generation += 1

    def mark_dirty(self) -> None:
        super().mark_dirty()
        self.generation += 1


class NoMarker:
    """A store as search_text sees one without a change marker (every search reconciles)."""

    def __init__(self, store: KGLiteStore, index: TextIndex) -> None:
        self.store, self.text_index = store, index

    def fetch(self, query: str, params: dict | None = None) -> list[dict]:
        return self.store.fetch(query, params)


def _scan(store: KGLiteStore, word: str) -> list[dict]:
    return [dict(r) for r in store.run_read(q.SEARCH_TASKS.cypher, {"text": word}).rows]


def _keys(rows: list[dict]) -> list[tuple[str, str]]:
    return sorted((r["label"], str(r["key"])) for r in rows)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> KGLiteStore:
    store = KGLiteStore(tmp_path_factory.mktemp("ti") / "g.kgl")
    store.ensure_schema()
    load_paths(store, DOCS, workers=1)
    return store


@needs_samples
@pytest.mark.parametrize("word", WORDS)
def test_same_answer_as_the_scan(loaded: KGLiteStore, word: str) -> None:
    index = TextIndex(None)
    index.sync(loaded)
    scan, got = _scan(loaded, word), index.search(word)
    if len(scan) < ti.PER_FIELD:  # below the cap both hold every match: the very same rows, same order
        assert [(r["label"], r["key"], r["name"], r["text"]) for r in got] == \
               [(r["label"], r["key"], r["name"], r["text"]) for r in sorted(
                   scan, key=lambda r: (r["label"], r["name"] is None, r["name"] or "", r["key"]))]
    else:  # capped: the same number per branch, each a real match
        assert len(got) == len(scan)
    for r in got:
        fields = (r["name"], r["text"])
        assert any(f and word in f for f in fields), r


@needs_samples
def test_the_words_are_found(loaded: KGLiteStore) -> None:
    index = TextIndex(None)
    index.sync(loaded)
    assert index.search("医共体") and index.search("疫苗") and index.search("率")
    assert index.search("不存在的词") == []


@needs_samples
def test_capped_per_class_and_property(loaded: KGLiteStore) -> None:
    index = TextIndex(None)
    index.sync(loaded)
    rows = index.search("。")  # in nearly every task text
    tasks = [r for r in rows if r["label"] == "Task"]
    assert len(tasks) >= ti.PER_FIELD and len(rows) <= 4 * ti.PER_FIELD


@needs_samples
def test_sync_drops_a_deleted_document(tmp_path: Path) -> None:
    store = KGLiteStore(tmp_path / "g.kgl")
    store.ensure_schema()
    load_paths(store, DOCS[:3], workers=1)
    index = TextIndex(tmp_path / "side.sqlite")
    first = index.sync(store)
    assert first.added == 3 and first.rows > 0
    doc_id = next(iter(sorted(index.documents())))
    assert store.delete_document(doc_id)
    report = index.sync(store)
    assert (report.added, report.dropped) == (0, 1)
    assert doc_id not in index.documents()
    with sqlite3.connect(tmp_path / "side.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM items WHERE doc_id = ?", (doc_id,)).fetchone()[0] == 0
    for word in WORDS:
        assert _keys(index.search(word)) == _keys(_scan(store, word)) or len(_scan(store, word)) >= ti.PER_FIELD
    assert index.sync(store) == ti.SyncReport()  # nothing left to do


@needs_samples
@pytest.mark.parametrize("with_marker", [True, False])
def test_a_stale_index_still_answers_right(tmp_path: Path, with_marker: bool) -> None:
    store = IndexedStore(tmp_path / "g.kgl")
    asked = store if with_marker else NoMarker(store, TextIndex(tmp_path / "side.sqlite"))
    store.ensure_schema()
    load_paths(store, DOCS[:1], workers=1)
    asked.text_index.sync(store)
    load_paths(store, DOCS[1:], workers=1)  # the index is now behind
    assert len(asked.text_index.documents()) == 1
    for word in ("医共体", "疫苗", "率", "中医药"):
        assert _keys(search_text(asked, word)) == _keys(_scan(store, word))
    assert asked.text_index.documents() == {d["id"] for d in store.documents() if not d["stub"]}


def test_search_text_without_an_index_defers_to_the_scan() -> None:
    class Neo4jLike:  # a store that offers no text_index (Neo4j indexes text itself)
        pass

    assert search_text(Neo4jLike(), "医共体") is None
    assert search_text(NoMarker(KGLiteStore(None), TextIndex(None)), "") is None


@needs_samples
def test_a_large_gap_is_left_to_sync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = IndexedStore(tmp_path / "g.kgl")
    store.ensure_schema()
    load_paths(store, DOCS, workers=1)
    monkeypatch.setattr(ti, "LAZY_SYNC_DOCUMENTS", 1)
    assert search_text(store, "医共体") is None  # five documents missing: scan now
    store.text_index.sync(store)
    assert _keys(search_text(store, "医共体")) == _keys(_scan(store, "医共体"))


@needs_samples
def test_service_search_uses_the_index(tmp_path: Path) -> None:
    from api import services

    plain = KGLiteStore(tmp_path / "a.kgl")
    indexed = IndexedStore(tmp_path / "b.kgl")
    for store in (plain, indexed):
        store.ensure_schema()
        load_paths(store, DOCS, workers=1)
    for word in ("医共体", "疫苗", "率", "不存在的词"):
        assert services.search(indexed, word, limit=500) == services.search(plain, word, limit=500)
    assert indexed.text_index.documents()  # the search filled it


def test_rebuilt_when_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "g.kgl.search.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    index = TextIndex(path)
    assert index.documents() == set() and index.search("医共体") == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == ti.SCHEMA_VERSION


def test_rebuilt_when_of_another_version(tmp_path: Path) -> None:
    path = tmp_path / "g.kgl.search.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE docs (doc_id TEXT PRIMARY KEY)")
        conn.execute("INSERT INTO docs VALUES ('old')")
        conn.execute(f"PRAGMA user_version = {ti.SCHEMA_VERSION - 1}")
    conn.close()
    index = TextIndex(path)
    assert index.documents() == set()


def test_in_memory_store_gets_an_in_memory_index() -> None:
    index = TextIndex.beside(None)
    assert index.path is None and index.search("疫苗") == []


def test_sidecar_beside_a_disk_mode_directory(tmp_path: Path) -> None:
    assert sidecar_path(tmp_path / "graph") == tmp_path / "graph.search.sqlite"


def test_match_terms_cover_every_length() -> None:
    assert ti.match_terms("率") == ("pairs", ["\x01率\x01"])
    assert ti.match_terms("疫苗") == ("pairs", ["疫\x01苗"])
    assert ti.match_terms("家庭医生") == ("grams", ["家庭医", "庭医生"])
    assert ti.match_terms("aaaa") == ("grams", ["aaa"])


@needs_samples
def test_an_index_file_written_elsewhere_is_reconciled(tmp_path: Path) -> None:
    """Another process syncing the same file with a fuller store: this store's answers stay its own."""
    small, full = IndexedStore(tmp_path / "g.kgl"), IndexedStore(None)
    for store, docs in ((small, DOCS[:1]), (full, DOCS)):
        store.ensure_schema()
        load_paths(store, docs, workers=1)
    assert _keys(search_text(small, "疫苗")) == _keys(_scan(small, "疫苗"))
    TextIndex(small.text_index.path).sync(full)  # a second connection fills the file with five documents
    assert _keys(search_text(small, "疫苗")) == _keys(_scan(small, "疫苗"))
    assert _keys(_scan(full, "疫苗")) != _keys(_scan(small, "疫苗"))  # the check above could fail


@needs_samples
def test_refresh_survives_a_corrupted_file(tmp_path: Path) -> None:
    store = KGLiteStore(tmp_path / "g.kgl")
    store.ensure_schema()
    load_paths(store, DOCS[:2], workers=1)
    side = tmp_path / "side.sqlite"
    index = TextIndex(side)
    index.sync(store)
    index.close()
    with side.open("r+b") as f:  # overwrite the header: no longer a database
        f.write(b"\0" * 100)
    reopened = TextIndex(side)
    assert reopened.documents() == set()
    assert reopened.refresh(store).added == 2
    assert _keys(reopened.search("中医药")) == _keys(_scan(store, "中医药"))
