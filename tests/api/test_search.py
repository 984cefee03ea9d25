"""/search runs its searches as top-level UNIONs and orders the rows itself: the same rows, in the same order,
as the named queries ``search`` and ``search_tasks`` (which order inside ``CALL { … }``)."""
from __future__ import annotations

import pytest

from api import services
from graph import queries as q
from graph.kglite_store import KGLiteStore

WORDS = ("健康", "卫", "卫生", "号", "〔2020〕", "县", "委员会", "规划", "率", "不存在的词", "1", "A")


def _create(store: KGLiteStore, label: str, rows: list[dict]) -> None:
    store.graph().cypher(f"UNWIND $rows AS row CREATE (n:{label}) SET n = row", params={"rows": rows})


@pytest.fixture(scope="module")
def store() -> KGLiteStore:
    """More than 50 matches per class and property for common words, equal titles, stubs without a title,
    tasks without a title: every way the order and the cut at 50 can go wrong."""
    s = KGLiteStore(None)
    docs = [{"id": f"ref:{i}", "stub": True, "doc_number": f"国卫〔2020〕{i}号"} for i in range(30)]
    docs += [{"id": f"d{i:03d}", "title": f"{'县' if i % 3 else '市'}卫生健康规划{i % 40}", "stub": False,
              "doc_number": f"卫发〔{2018 + i % 4}〕{i}号"} for i in range(120)]
    docs += [{"id": f"ref:t{i}", "stub": True, "title": f"健康中国行动{i % 7}"} for i in range(30)]
    _create(s, "Document", docs)
    _create(s, "Organisation", [{"id": f"o{i}", "name": f"{'县' if i % 2 else '市'}卫生健康委员会{i % 30}",
                                 "aliases": f"卫健委{i}|健康委{i % 9}"} for i in range(90)])
    _create(s, "Indicator", [{"id": f"i{i}", "name": f"健康指标{i % 20}率", "aliases": None if i % 2 else f"A{i}"}
                             for i in range(70)])
    _create(s, "Programme", [{"id": f"p{i}", "name": f"健康{i}号工程"} for i in range(60)])
    _create(s, "Region", [{"code": f"{110000 + i}", "name": f"卫生{i}县"} for i in range(60)])
    _create(s, "Task", [{"id": f"d{i % 120:03d}#t:{i}", "doc_id": f"d{i % 120:03d}",
                         "title": None if i % 4 == 0 else f"健康任务{i % 25}",
                         "text": f"提高县域卫生健康服务能力，就诊率达到{i % 100}%"} for i in range(200)])
    _create(s, "Target", [{"id": f"d{i % 120:03d}#g:{i}", "doc_id": f"d{i % 120:03d}",
                           "indicator": None if i % 5 == 0 else f"健康指标{i % 20}率",
                           "text": f"卫生健康指标{i % 20}率达到{i}%"} for i in range(150)])
    return s


@pytest.mark.parametrize("word", WORDS)
def test_names_as_the_named_search_query(store, word):
    named = list(store.run_read(q.NAMED["search"].cypher, {"text": word}, row_cap=100_000).rows)
    ours = services._by_label_name(services._union(store, q.SEARCH_NAMES, word))[:q.SEARCH_ROWS]
    assert ours == named


@pytest.mark.parametrize("word", WORDS)
def test_tasks_as_the_named_search_tasks_query(store, word):
    named = list(store.run_read(q.SEARCH_TASKS.cypher, {"text": word}, row_cap=100_000).rows)
    ours = services._by_label_name(services._union(store, q.SEARCH_TASKS_UNION, word), key=True)
    assert ours == named


def test_the_cut_at_50_meets_ties_and_null_names(store):
    """The fixture makes the test able to fail: 卫 finds more than 50 documents, some of them stubs whose title
    is null (they sort last, so the cut drops them); 健康 finds equal titles."""
    docs = [r for r in services._union(store, q.SEARCH_NAMES, "卫") if r["label"] == "Document"]
    assert len(docs) > q.SEARCH_ROWS
    assert any(r["name"] is None for r in docs)
    kept = services._by_label_name(services._union(store, q.SEARCH_NAMES, "卫"))[:q.SEARCH_ROWS]
    assert all(r["name"] is not None for r in kept)
    names = [r["name"] for r in services._union(store, q.SEARCH_NAMES, "健康") if r["label"] == "Document"]
    assert len(names) > len(set(names))


def test_search_page_from_the_named_queries(store, monkeypatch):
    """The whole /search answer equals the one built from the named queries (without a side index, whose bound
    on tasks and targets is per class rather than per class and property)."""
    monkeypatch.setattr(KGLiteStore, "text_index", property(lambda self: None))
    for word in WORDS:
        page = services.search(store, word, limit=500)
        named = [*store.run_read(q.NAMED["search"].cypher, {"text": word}, row_cap=100_000).rows,
                 *store.run_read(q.SEARCH_TASKS.cypher, {"text": word}, row_cap=100_000).rows]
        found = {(r["label"], str(r["key"])): r for r in named}
        expected = sorted(found.values(), key=lambda r: (r["label"], r["name"] or "", str(r["key"])))
        assert [(i.kind, i.id, i.name) for i in page.items] == [(r["label"], str(r["key"]), r["name"])
                                                                 for r in expected]
        assert page.total == len(expected)
