"""The bulk path (graph.bulk) leaves the same graph as the per-document path, idempotently and atomically."""
from __future__ import annotations

import json

import pytest

from graph import bulk
from graph import queries as q
from graph.kglite_store import KGLiteStore
from graph.load import load_extractions
from graph.resolve import Resolver
from graph.rows import document_rows

from conftest import FUXIN, fuxin, liaoning


def _snapshot(store: KGLiteStore) -> tuple[list[str], list[str]]:
    """Every node and relation with its properties. Left out: KGLite's display title of Targets (they have no
    title or name of their own; the two write paths title them differently) and the engine's own numeric id
    of Regions (keyed by code; the number follows creation order)."""
    internal = {"Target": "title", "Region": "id"}

    def node(r):
        props = {k: v for k, v in r["props"].items() if internal.get(r["label"]) != k}
        return json.dumps({**r, "props": props}, sort_keys=True, ensure_ascii=False, default=str)

    return (sorted(node(r) for r in store.fetch(q.ALL_NODES)),
            sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in store.fetch(q.ALL_RELATIONS)))


def _rows(*extractions):
    return [document_rows(x, Resolver.default()) for x in extractions]


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_bulk_equals_per_document_load(tmp_path, batch):
    per_doc = KGLiteStore(None)
    per_doc.ensure_schema()
    load_extractions(per_doc, [fuxin(), liaoning()])  # fuxin cites liaoning: a stub, then adopted
    store = KGLiteStore(tmp_path / "bulk.kgl")
    store.ensure_schema()
    summary = bulk.bulk_load(store, _rows(fuxin(), liaoning()), batch_documents=batch)
    assert summary.documents == 2 and not summary.failed
    assert _snapshot(store) == _snapshot(per_doc)
    store.close()
    assert _snapshot(KGLiteStore(tmp_path / "bulk.kgl")) == _snapshot(per_doc)


def test_second_bulk_load_changes_nothing(store):
    bulk.bulk_load(store, _rows(liaoning(), fuxin()))
    before = _snapshot(store)
    again = bulk.bulk_load(store, _rows(liaoning(), fuxin()))
    assert again.documents == 0 and len(again.unchanged) == 2
    assert again.nodes_added == 0 and again.relations_added == 0
    assert _snapshot(store) == before


def test_changed_file_replaces_its_old_version_through_bulk(store):
    bulk.bulk_load(store, _rows(fuxin(), liaoning()))
    changed = fuxin(FUXIN.replace("一、主要任务", "一、主要任务和措施"))
    summary = bulk.bulk_load(store, _rows(changed))
    assert summary.replaced == ("fuxin.txt",)
    reference = KGLiteStore(None)
    reference.ensure_schema()
    load_extractions(reference, [liaoning(), changed])
    assert _snapshot(store) == _snapshot(reference)


def test_failed_batch_leaves_nothing_and_documents_load_one_by_one(store, monkeypatch):
    def broken(*args, **kwargs):
        store.graph().cypher("CREATE (:Indicator {id: 'half-written'})")
        raise RuntimeError("engine fault in the middle of a batch")

    monkeypatch.setattr(bulk, "write_frames", broken)
    summary = bulk.bulk_load(store, _rows(liaoning(), fuxin()))
    assert not store.fetch("MATCH (i:Indicator {id: 'half-written'}) RETURN i.id AS id")
    assert summary.documents == 2 and not summary.failed  # retried through the per-document path
    reference = KGLiteStore(None)
    reference.ensure_schema()
    load_extractions(reference, [liaoning(), fuxin()])
    assert _snapshot(store) == _snapshot(reference)


@pytest.mark.parametrize("storage", ["in memory", "mapped", "disk"])
def test_failed_batch_rolls_back_in_every_storage(tmp_path, monkeypatch, storage):
    """In memory the way back is a copy; a saved store reloads its file (or directory) instead."""
    store = KGLiteStore(None) if storage == "in memory" else KGLiteStore(tmp_path / "g", storage=storage)
    store.ensure_schema()
    bulk.bulk_load(store, _rows(liaoning()))
    write_frames = bulk.write_frames

    def broken(target, batch):
        write_frames(target, batch)  # the whole batch is written, then the engine fails
        raise RuntimeError("engine fault after the batch was written")

    monkeypatch.setattr(bulk, "write_frames", broken)
    with pytest.raises(bulk.StoreUnavailable):
        bulk.write_rows(store, bulk.DocumentIndex.of(store, Resolver.default()), _rows(fuxin()))
    reference = KGLiteStore(None)
    reference.ensure_schema()
    load_extractions(reference, [liaoning()])
    assert _snapshot(store) == _snapshot(reference)


def test_merged_frames_follow_merge_semantics():
    rows = _rows(liaoning(), fuxin())
    nodes, edges = bulk.merged_frames(rows)
    assert sum(len(v) for v in nodes.values()) == len({(b.label, r["key"]) for x in rows for b in x.nodes for r in b.rows})
    assert all(len(v) == len({(r["source"], r["target"]) for x in rows for b in x.edges
                              if (b.relation, b.source, b.target) == k for r in b.rows}) for k, v in edges.items())


def test_merged_frames_leave_the_rows_unchanged_and_merge_later_over_earlier():
    """Shared keys (regions, bodies, indicators of two documents) merge in order; the rows themselves, which a
    failed batch is retried from, keep their own props."""
    rows = _rows(liaoning(), fuxin())
    before = json.dumps([[(b.label, b.rows) for b in x.nodes] + [(b.relation, b.rows) for b in x.edges] for x in rows],
                        sort_keys=True, ensure_ascii=False, default=str)
    nodes, _ = bulk.merged_frames(rows)
    expected: dict = {}
    for x in rows:
        for b in x.nodes:
            for r in b.rows:
                expected.setdefault((b.label, r["key"]), {}).update(r["props"])
    shared = [k for k in expected if sum(r["key"] == k[1] for x in rows for b in x.nodes if b.label == k[0]
                                         for r in b.rows) > 1]
    assert shared  # the two documents do share nodes, so merging is exercised
    assert {(label, k): p for label, slot in nodes.items() for k, p in slot.items()} == expected
    assert all(type(p) is dict for slot in nodes.values() for p in slot.values())
    after = json.dumps([[(b.label, b.rows) for b in x.nodes] + [(b.relation, b.rows) for b in x.edges] for x in rows],
                       sort_keys=True, ensure_ascii=False, default=str)
    assert after == before


def test_keyed_frame_types_columns_and_lets_a_prop_override_the_key():
    f = bulk.keyed_frame({"id": ["a", "b", "c"]}, [{"n": 1}, {"n": None, "id": "B"}, {"ok": True}])
    assert list(f["id"]) == ["a", "B", "c"]
    assert str(f["n"].dtype) == "Int64" and f["n"].isna().tolist() == [False, True, True]
    assert str(f["ok"].dtype) == "boolean"


def test_a_failed_save_ends_the_bulk_load_with_its_error(tmp_path, monkeypatch):
    store = KGLiteStore(tmp_path / "g.kgl")
    store.ensure_schema()
    bulk.bulk_load(store, _rows(liaoning()))

    def refuse() -> None:  # only once there is something to save: after the batch was written
        if store._dirty:
            raise bulk.StoreUnavailable("cannot save the graph (disk full)")

    monkeypatch.setattr(store, "save", refuse)
    with pytest.raises(bulk.StoreUnavailable, match="disk full"):
        bulk.bulk_load(store, _rows(fuxin()))
    written = {d["id"] for d in store.documents() if not d.get("stub")}
    on_file = {d["id"] for d in KGLiteStore(tmp_path / "g.kgl").documents() if not d.get("stub")}
    assert written == on_file | {_rows(fuxin())[0].doc_id}  # the file keeps what it had, whole


def test_rows_are_released_before_the_whole_graph_is_saved(tmp_path, monkeypatch):
    """A batch's rows (~0.15 MB a document) are not held while a national graph is saved."""
    store = KGLiteStore(tmp_path / "g.kgl")
    store.ensure_schema()
    written: list[list] = []
    write_rows, persist = bulk.write_rows, bulk.persist

    def spy_write(target, index, planned, clock=None):
        written.append(planned)
        write_rows(target, index, planned, clock)

    def spy_persist(target, clock=None):
        assert written and all(not planned for planned in written)
        persist(target, clock)

    monkeypatch.setattr(bulk, "write_rows", spy_write)
    monkeypatch.setattr(bulk, "persist", spy_persist)
    summary = bulk.bulk_load(store, _rows(liaoning(), fuxin()), batch_documents=1)
    assert len(summary.loaded) == 2 and len(written) >= 2  # (and the empty last batch)
