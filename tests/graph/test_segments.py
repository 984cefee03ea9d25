"""A load in segments (each in a fresh process) leaves the graph one load leaves; a failed segment is reported
with what to do, and the store keeps what was saved before."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_bulk import _snapshot

from graph import segments
from graph.kglite_store import KGLiteStore
from graph.load import expand_paths, load_paths
from graph.memory import child_processes
from ontology.errors import StoreUnavailable

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def files() -> list[Path]:
    return expand_paths([SAMPLES])


def test_segments_leave_the_graph_one_load_leaves(tmp_path, files, monkeypatch):
    one = KGLiteStore(tmp_path / "one.kgl")
    load_paths(one, files, bulk=True, workers=1)
    monkeypatch.setattr(segments, "SEGMENT_DOCUMENTS", 2)  # 5 sample documents: three segment processes
    run, ran = segments._run_segment, []
    monkeypatch.setattr(segments, "_run_segment", lambda *a: ran.append(len(a[1])) or run(*a))
    store = KGLiteStore(tmp_path / "segmented.kgl")
    told: list[tuple[str, str]] = []
    summary = load_paths(store, files, bulk=True, workers=1,
                         progress=lambda source, outcome: told.append((source, outcome)))
    assert ran == [2, 2, 1] and summary.documents == len(files) and not summary.failed
    assert summary.seconds.get("save", 0) > 0  # the bulk path's phases, summed over the segments
    assert [s for s, _ in told] == [f.name for f in files] and {o for _, o in told} == {"loaded"}
    assert summary.node_counts == one.counts()["nodes"] and summary.nodes_added == sum(summary.node_counts.values())
    assert _snapshot(store) == _snapshot(one)  # the store reads the file the segments saved
    again = load_paths(store, files, bulk=True, workers=1)
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


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads processes from /proc (Linux)")
def test_extraction_workers_end_with_a_loader_killed_outright(files):
    script = ("import sys, time; from pathlib import Path; from graph.load import extract_all; "
              "it = extract_all([Path(p) for p in sys.argv[1:]] * 10, workers=2); next(it); "
              "print('extracting', flush=True); time.sleep(120)")
    root = Path(__file__).resolve().parents[2]
    loader = subprocess.Popen([sys.executable, "-c", script, *map(str, files)], stdout=subprocess.PIPE, text=True,
                              cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert loader.stdout.readline().strip() == "extracting"
        workers = child_processes(loader.pid)
        assert workers, "the loader started no extraction workers"
    finally:
        loader.kill()
        loader.wait()
    deadline = time.monotonic() + 20
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, workers)), "extraction workers outlived the loader"
