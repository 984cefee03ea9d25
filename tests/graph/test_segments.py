"""A load in segments (each in a fresh process) leaves the graph one load leaves; a failed segment is reported
with what to do, and the store keeps what was saved before."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from test_bulk import _snapshot

from graph import segments
from graph.kglite_store import KGLiteStore
from graph.load import expand_paths, load_paths
from ontology.errors import StoreUnavailable

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def files() -> list[Path]:
    return expand_paths([SAMPLES])


def test_segments_leave_the_graph_one_load_leaves(tmp_path, files, monkeypatch):
    one = KGLiteStore(tmp_path / "one.kgl")
    load_paths(one, files, bulk=True, workers=1)
    monkeypatch.setattr(segments, "SEGMENT_DOCUMENTS", 2)  # 5 sample documents: three segment processes
    store = KGLiteStore(tmp_path / "segmented.kgl")
    told: list[tuple[str, str]] = []
    summary = load_paths(store, files, workers=1, progress=lambda source, outcome: told.append((source, outcome)))
    assert summary.documents == len(files) and not summary.failed
    assert [s for s, _ in told] == [f.name for f in files] and {o for _, o in told} == {"loaded"}
    assert summary.node_counts == one.counts()["nodes"] and summary.nodes_added == sum(summary.node_counts.values())
    assert _snapshot(store) == _snapshot(one)  # the store reads the file the segments saved
    again = load_paths(store, files, workers=1)
    assert again.documents == 0 and len(again.unchanged) == len(files) and again.nodes_added == 0


def test_an_error_in_a_segment_comes_back_as_itself(tmp_path, files):
    broken = tmp_path / "broken.kgl"
    broken.write_bytes(b"not a graph")
    with pytest.raises(StoreUnavailable, match="cannot open the graph file"):
        segments._run_segment(SimpleNamespace(path=broken, storage=None), files[:1], None, 1, None, "files 1–1 of 1")


def test_a_killed_segment_is_reported_and_the_store_keeps_what_it_had(tmp_path, files, monkeypatch):
    store = KGLiteStore(tmp_path / "g.kgl")
    load_paths(store, files[:1], bulk=True, workers=1)
    before = _snapshot(store)
    killer = tmp_path / "python"
    killer.write_text("#!/bin/sh\nkill -9 $$\n")  # the segment's interpreter dies as the kernel kills for memory
    killer.chmod(0o755)
    monkeypatch.setattr(segments.sys, "executable", str(killer))
    with pytest.raises(StoreUnavailable, match=r"files 1–2 of 4 .* killed by signal 9 \(SIGKILL: most often the "
                                               r"kernel, out of memory\).*load the same files again"):
        segments.load_in_segments(store, files[1:], segment_documents=2, workers=1)
    assert _snapshot(store) == before  # read again from the file: nothing lost, nothing half-written


def test_an_in_memory_graph_is_not_segmented():
    with pytest.raises(Exception, match="needs a store file"):
        segments.load_in_segments(KGLiteStore(None), [Path("a.txt")])
