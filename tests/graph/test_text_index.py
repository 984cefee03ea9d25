"""The text search side index answers as the ``search_tasks`` scan does, and follows the store it caches."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _order(rows: list[dict]) -> list[tuple]:
    return [(r["label"], r["key"], r["name"], r["text"]) for r in sorted(
        rows, key=lambda r: (r["label"], r["name"] is None, r["name"] or "", r["key"]))]


def _truth(store, word: str) -> dict[str, list[dict]]:
    """Every task and target whose name or text contains ``word``, by label, read from the store in full."""
    doc_ids = [r["id"] for r in store.fetch(q.LOADED_DOCUMENT_IDS)]
    return {label: [{"label": label, "key": r["key"], "name": r["name"], "text": r["text"]}
                    for r in store.fetch(cypher, {"doc_ids": doc_ids})
                    if word in (r["name"] or "") or word in (r["text"] or "")]
            for label, cypher in q.TEXT_INDEX_ROWS.items()}


class RowsStore:
    """A store as the index reads one: its documents and their tasks and targets, nothing else."""

    def __init__(self, rows: list[tuple[str, str, str, str | None, str | None]]) -> None:
        self.rows = rows  # (label, doc_id, key, name, text)

    def fetch(self, query: str, params: dict | None = None) -> list[dict]:
        if query == q.LOADED_DOCUMENT_IDS:
            return [{"id": d} for d in dict.fromkeys(r[1] for r in self.rows)]
        label = next(lab for lab, cypher in q.TEXT_INDEX_ROWS.items() if cypher == query)
        return [{"doc_id": d, "key": k, "name": n, "text": t} for lab, d, k, n, t in self.rows
                if lab == label and d in params["doc_ids"]]


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
    got, truth, scan = index.search(word), _truth(loaded, word), _scan(loaded, word)
    assert got == sorted(got, key=lambda r: (r["label"], r["name"] is None, r["name"] or "", r["key"]))
    for label, every in truth.items():
        mine = [r for r in got if r["label"] == label]
        assert len(mine) == min(len(every), ti.PER_CLASS)
        assert {r["key"] for r in mine} <= {r["key"] for r in every}  # each a real match, no duplicates
        if len(every) < ti.PER_CLASS:  # below the bound: every match, the very rows and order of the scan
            assert _order(mine) == _order(every) == _order([r for r in scan if r["label"] == label])


@needs_samples
def test_the_words_are_found(loaded: KGLiteStore) -> None:
    index = TextIndex(None)
    index.sync(loaded)
    assert index.search("医共体") and index.search("疫苗") and index.search("率")
    assert index.search("不存在的词") == []


@needs_samples
def test_capped_per_class(loaded: KGLiteStore) -> None:
    index = TextIndex(None)
    index.sync(loaded)
    rows = index.search("。")  # in nearly every task text
    assert len(_truth(loaded, "。")["Task"]) > ti.PER_CLASS
    assert len([r for r in rows if r["label"] == "Task"]) == ti.PER_CLASS and len(rows) <= 2 * ti.PER_CLASS


def test_name_and_text_are_searched_apart() -> None:
    """A word is found in a name, in a text, at either end, but never across the name and the text."""
    store = RowsStore([
        ("Task", "d1", "t1", "家庭医生签约", "推进家庭医生签约服务。"),  # the name is in the text
        ("Task", "d1", "t2", "医共体", "县域内就诊率达到90%"),  # the name is not
        ("Target", "d2", "g1", "接种率", None),
        ("Target", "d2", "g2", None, "菌"),
        ("Task", "d2", "t3", None, None),
    ])
    index = TextIndex(None)
    assert index.sync(store) == ti.SyncReport(added=2, rows=5)
    assert _keys(index.search("医共体")) == [("Task", "t2")]
    assert _keys(index.search("体县")) == []  # the end of the name and the start of the text
    assert _keys(index.search("体\n县")) == []
    assert _keys(index.search("%")) == [("Task", "t2")]  # the last character
    assert _keys(index.search("率")) == [("Target", "g1"), ("Task", "t2")]
    assert _keys(index.search("菌")) == [("Target", "g2")]
    assert _keys(index.search("签约服务")) == [("Task", "t1")]
    assert _keys(index.search("医")) == [("Task", "t1"), ("Task", "t2")]
    assert _keys(index.search("\x01")) == []


def test_dropping_a_document_forgets_its_rows(tmp_path: Path) -> None:
    rows = [("Task", "d1", "t1", "医共体", "推进医共体建设"), ("Target", "d1", "g1", "接种率", "疫苗接种率"),
            ("Task", "d2", "t2", None, "疫苗"), ("Target", "d2", "g2", "医共体", None), ("Task", "d3", "t3", "菌", None)]
    store = RowsStore(rows)
    index = TextIndex(tmp_path / "side.sqlite")
    index.sync(store)
    store.rows = [r for r in rows if r[1] != "d1"]
    assert index.sync(store) == ti.SyncReport(dropped=1)
    assert _keys(index.search("医共体")) == [("Target", "g2")]
    assert _keys(index.search("疫苗")) == [("Task", "t2")]
    assert index.search("接种率") == [] and index.search("推") == []
    with sqlite3.connect(tmp_path / "side.sqlite") as conn:  # gone from the FTS table too, not just filtered
        assert conn.execute("SELECT count(*) FROM pairs WHERE pairs MATCH ?", ('"\x01推\x01"',)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 3
    store.rows = rows  # and back again
    assert index.sync(store) == ti.SyncReport(added=1, rows=2)
    assert _keys(index.search("医共体")) == [("Target", "g2"), ("Task", "t1")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Task", "Target"]), st.sampled_from(["d1", "d2", "d3"]),
                          st.one_of(st.none(), st.text("卫生率a%", max_size=4)),
                          st.one_of(st.none(), st.text("卫生率a%\n", max_size=12))), max_size=12),
       st.text("卫生率a%\n", min_size=1, max_size=4))
def test_any_word_as_brute_force(rows: list[tuple], word: str) -> None:
    store = RowsStore([(lab, d, f"k{i}", n, t) for i, (lab, d, n, t) in enumerate(rows)])
    index = TextIndex(None)
    index.sync(store)
    expected = [{"label": lab, "key": k, "name": n, "text": t} for lab, _d, k, n, t in store.rows
                if word in (n or "") or word in (t or "")]
    assert _order(index.search(word)) == _order(expected)


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
        assert _keys(index.search(word)) == _keys(_scan(store, word)) or len(_scan(store, word)) >= ti.PER_CLASS
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
    assert ti.match_terms("率") == ["\x01率\x01"]
    assert ti.match_terms("疫苗") == ["疫\x01苗"]
    assert ti.match_terms("家庭医生") == ["家\x01庭", "庭\x01医", "医\x01生"]
    assert ti.match_terms("aaaa") == ["a\x01a"]


def test_one_value_per_item() -> None:
    assert ti.searched("疫苗", "接种疫苗") == "接种疫苗"
    assert ti.searched("医共体", "县域") == "医共体\n县域"
    assert ti.searched(None, "县域") == "县域" and ti.searched("医共体", None) == "医共体"
    assert ti.woven("ab") == "\x01a\x01b\x01"


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


def _tables(index: TextIndex) -> tuple[list, list]:
    conn = index._conn
    return (conn.execute("SELECT * FROM items ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM docs ORDER BY doc_id").fetchall())


@needs_samples
def test_rows_written_index_as_the_store_reads_them_back() -> None:
    """The bulk path indexes documents from the rows it wrote (``add_documents``): the same tables, rowid for
    rowid, as a sync reading the store, and the same answers."""
    from graph.bulk import bulk_load
    from graph.load import extract_all

    documents = [d for d in extract_all(DOCS, workers=1, as_rows=True) if not isinstance(d, tuple)]
    store = KGLiteStore(None)
    bulk_load(store, documents)
    from_store = TextIndex(None)
    from_store.sync(store)
    from_rows = TextIndex(None)
    report = from_rows.add_documents(documents)
    assert report.added == len(documents) and report.rows > 0
    assert _tables(from_rows) == _tables(from_store)
    assert _tables(store.text_index) == _tables(from_store)  # the bulk load's own index, fed from its rows
    assert from_rows.add_documents(documents) == ti.SyncReport()  # indexed already: nothing added twice
    for word in WORDS:
        assert from_rows.search(word) == from_store.search(word)


def test_rows_of_merge_rows_of_one_key_and_name_each_class() -> None:
    from graph.rows import DocumentRows, NodeBatch

    doc = DocumentRows("d1", "d1.txt", None, None, (
        NodeBatch("Task", ({"key": "d1#t:1", "props": {"doc_id": "d1", "title": "旧", "text": "正文"}},
                           {"key": "d1#t:1", "props": {"title": "新"}})),
        NodeBatch("Target", ({"key": "d1#g:1", "props": {"doc_id": "d1", "indicator": "就诊率", "text": "达到90%"}},)),
        NodeBatch("Section", ({"key": "d1#s:1", "props": {"doc_id": "d1", "title": "一、"}},))), ())
    assert ti.rows_of([doc]) == [
        ("Task", {"doc_id": "d1", "key": "d1#t:1", "name": "新", "text": "正文"}),
        ("Target", {"doc_id": "d1", "key": "d1#g:1", "name": "就诊率", "text": "达到90%"})]
