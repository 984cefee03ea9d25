"""The embedded store's storage modes, rollback points and dirty tracking (graph.kglite_store)."""
from __future__ import annotations

import pytest

from graph import bulk
from graph.kglite_store import KGLiteStore
from graph.load import load_extractions
from graph.resolve import Resolver
from graph.rows import document_rows
from graph.store import open_store
from ontology.errors import StoreUnavailable

from conftest import fuxin, liaoning
from test_bulk import _snapshot


def _indicators(store: KGLiteStore) -> list[str]:
    return sorted(r["id"] for r in store.fetch("MATCH (i:Indicator) RETURN i.id AS id"))


def test_storage_option_in_the_uri(tmp_path):
    store = open_store(f"kglite:///{tmp_path}/g.kgl?storage=mapped")
    assert isinstance(store, KGLiteStore)
    assert store.path == tmp_path / "g.kgl" and store.storage == "mapped"
    assert store.graph().graph_info()["storage_mode"] == "mapped"


def test_unknown_storage_is_refused(tmp_path):
    with pytest.raises(StoreUnavailable, match="storage"):
        KGLiteStore(f"{tmp_path}/g.kgl?storage=floppy")


@pytest.mark.parametrize("storage", ["memory", "mapped", "disk"])
def test_every_storage_holds_the_same_graph(tmp_path, storage):
    reference = KGLiteStore(None)
    reference.ensure_schema()
    load_extractions(reference, [liaoning(), fuxin()])
    path = tmp_path / "g.kgl"
    store = KGLiteStore(path, storage=storage)
    store.ensure_schema()
    summary = bulk.bulk_load(store, [document_rows(x, Resolver.default()) for x in (liaoning(), fuxin())])
    assert summary.documents == 2 and not summary.failed
    store.close()
    reopened = KGLiteStore(path, storage=storage)
    assert reopened.graph().graph_info()["storage_mode"] == storage
    assert _snapshot(reopened) == _snapshot(reference)
    again = bulk.bulk_load(reopened, [document_rows(x, Resolver.default()) for x in (liaoning(), fuxin())])
    assert again.documents == 0 and len(again.unchanged) == 2


def test_a_disk_store_is_a_directory_found_again_without_options(tmp_path):
    store = open_store(f"kglite:///{tmp_path}/graph?storage=disk")
    store.ensure_schema()
    load_extractions(store, [liaoning()])
    store.close()
    assert (tmp_path / "graph").is_dir()
    reopened = open_store(f"kglite:///{tmp_path}/graph")
    assert reopened.storage == "disk" and [d["id"] for d in reopened.documents() if not d.get("stub")] == [
        liaoning().doc_id]


def test_a_killed_disk_writer_leaves_the_last_save(tmp_path):
    """Unsaved writes to a disk-mode graph never reach what a later open reads."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = (
        "import os, sys\n"
        "from graph.kglite_store import KGLiteStore\n"
        "s = KGLiteStore(sys.argv[1], storage='disk')\n"
        "s.graph().cypher(\"CREATE (:Indicator {id: 'ind:saved', name: 'a'})\")\n"
        "s.mark_dirty(); s.flush()\n"
        "s.graph().cypher(\"CREATE (:Indicator {id: 'ind:unsaved', name: 'b'})\")\n"
        "s.graph().cypher(\"MATCH (i:Indicator {id: 'ind:saved'}) SET i.name = 'half'\")\n"
        "os.kill(os.getpid(), 9)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "graph")], cwd=root,
                          env={**__import__("os").environ, "PYTHONPATH": str(root)}, timeout=120)
    assert done.returncode == -9
    store = KGLiteStore(tmp_path / "graph")
    assert store.fetch("MATCH (i:Indicator) RETURN i.id AS id, i.name AS name") == [{"id": "ind:saved", "name": "a"}]


@pytest.mark.parametrize("storage", ["memory", "mapped", "disk"])
def test_rollback_to_the_saved_file(tmp_path, storage):
    store = KGLiteStore(tmp_path / "g.kgl", storage=storage)
    store.ensure_schema()
    load_extractions(store, [liaoning()])  # flushed at the end: the file holds liaoning
    saved = _indicators(store)
    back = store.rollback_point()
    store.graph().cypher("CREATE (:Indicator {id: 'ind:half-written', name: 'x'})")
    assert "ind:half-written" in _indicators(store)
    back()
    assert _indicators(store) == saved
    load_extractions(store, [fuxin()])  # the restored graph takes writes and saves them
    reopened = KGLiteStore(tmp_path / "g.kgl", storage=storage)
    assert sorted(d["id"] for d in reopened.documents() if not d.get("stub")) == sorted(
        [liaoning().doc_id, fuxin().doc_id])


def test_rollback_keeps_unsaved_work_through_a_copy(tmp_path):
    store = KGLiteStore(tmp_path / "g.kgl")
    store.ensure_schema()
    store.graph().cypher("CREATE (:Indicator {id: 'ind:unsaved', name: 'y'})")
    store.mark_dirty()  # the file does not hold this: the rollback point must copy the graph
    back = store.rollback_point()
    store.graph().cypher("CREATE (:Indicator {id: 'ind:half-written', name: 'x'})")
    back()
    assert _indicators(store) == ["ind:unsaved"]
    store.flush()  # still dirty after the rollback: the unsaved node reaches the file
    assert _indicators(KGLiteStore(tmp_path / "g.kgl")) == ["ind:unsaved"]


def test_mark_dirty_makes_flush_save(tmp_path):
    path = tmp_path / "g.kgl"
    store = KGLiteStore(path)
    store.flush()
    assert not path.exists()  # nothing changed, nothing saved
    store.graph().cypher("CREATE (:Indicator {id: 'ind:a', name: 'a'})")
    store.flush()
    assert not path.exists()  # a direct write the store was not told about
    store.mark_dirty()
    store.flush()
    assert _indicators(KGLiteStore(path)) == ["ind:a"]


def test_restore_puts_another_graph_in_place(tmp_path):
    store = KGLiteStore(None)
    other = KGLiteStore(None)
    other.graph().cypher("CREATE (:Indicator {id: 'ind:b', name: 'b'})")
    store.restore(other.graph().copy())
    assert _indicators(store) == ["ind:b"]


def test_batch_sizes_grow_with_the_cost_of_a_save():
    assert bulk.next_batch_size(2000, save_s=0.5, docs_per_s=100) == 2000
    assert bulk.next_batch_size(2000, save_s=5, docs_per_s=100) == 5 * bulk.SAVE_COST * 100 < bulk.MAX_BATCH_DOCUMENTS
    assert bulk.next_batch_size(2000, save_s=1000, docs_per_s=100) == bulk.MAX_BATCH_DOCUMENTS


def test_opening_sweeps_what_a_killed_save_left_but_not_a_running_one(tmp_path):
    import os

    path = tmp_path / "g.kgl"
    dead = tmp_path / "g.kgl.tmp.999999999.3"  # above any pid_max: that process cannot be running
    alive = tmp_path / f"g.kgl.tmp.{os.getpid()}.1"
    other = tmp_path / "g.kgl.tmp.notes"
    for f in (dead, alive, other):
        f.write_bytes(b"")
    KGLiteStore(path).close()
    assert not dead.exists() and alive.exists() and other.exists()
