"""Killing a load at random moments (SIGKILL) never leaves a partial document or an unreadable store.

A folder of synthetic documents is loaded by ``policygraph load`` in a subprocess that is SIGKILLed after
a random delay, again and again (fixed seed). After each kill the store file must open, and every document
in it must be whole: its task and target counts equal those of a clean load of that document. A last,
uninterrupted load must then reach exactly the clean state. The same is checked for the bulk path.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.kglite_store import KGLiteStore
from graph.load import load_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
DOCUMENTS = 30
KILLS = 10
BULK_KILLS = 5

pytestmark = pytest.mark.skipif(not any(SAMPLES.glob("*.txt")), reason="needs the sample documents in samples/")

PER_DOC = "MATCH (d:Document) WHERE d.stub = false " \
          "RETURN d.id AS id, COUNT { MATCH (t:Task) WHERE t.doc_id = d.id } AS tasks, " \
          "COUNT { MATCH (g:Target) WHERE g.doc_id = d.id } AS targets"

BULK_DRIVER = """
import sys
from graph.kglite_store import KGLiteStore
from graph.bulk import bulk_load
from graph.load import expand_paths, extract_all
store = KGLiteStore(sys.argv[2])
store.ensure_schema()
bulk_load(store, extract_all(expand_paths([sys.argv[1]]), workers=1, as_rows=True), batch_documents=3)
store.close()
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import TextCorpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("corpus")
    TextCorpus.from_samples(seed=11).write(folder, DOCUMENTS)
    return folder


@pytest.fixture(scope="module")
def clean(corpus) -> tuple[dict[str, tuple[int, int]], dict]:
    """Per document (tasks, targets), and the whole store's counts, after one uninterrupted load."""
    store = KGLiteStore(None)
    store.ensure_schema()
    summary = load_paths(store, [corpus], workers=1)
    assert summary.documents == DOCUMENTS and not summary.failed
    return {r["id"]: (r["tasks"], r["targets"]) for r in store.fetch(PER_DOC)}, store.counts()


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own process group: the kill reaches its workers


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def _check_whole(path: Path, clean_docs: dict[str, tuple[int, int]]) -> int:
    """Open the store (it must open) and check every document in it is whole; returns how many there are."""
    if not path.exists():
        return 0
    store = KGLiteStore(path)
    store.counts()
    found = {r["id"]: (r["tasks"], r["targets"]) for r in store.fetch(PER_DOC)}
    for doc_id, counts in found.items():
        assert doc_id in clean_docs, f"document {doc_id} is not one of the corpus"
        assert counts == clean_docs[doc_id], f"document {doc_id} is partial: {counts} != {clean_docs[doc_id]}"
    return len(found)


def _kill_repeatedly(make: Callable[[Path], list[str]], path: Path, kills: int, seed: int, clean) -> list[int]:
    """Kill ``kills`` loads into ``path`` at random moments of their run, then let one finish.

    Half the rounds start from an empty store, the others resume what the previous round left (a resumed
    load must keep every document already made durable). Returns the whole documents found after each kill.
    """
    clean_docs, clean_counts = clean
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import graph.load, loaders.pipeline"], cwd=ROOT, env=_env(), timeout=60)
    startup = time.perf_counter() - t
    t = time.perf_counter()
    full = subprocess.run(make(path.with_suffix(".probe.kgl")), cwd=ROOT, env=_env(), capture_output=True,
                          timeout=120)
    assert full.returncode == 0, full.stderr.decode()[-2000:]
    duration = time.perf_counter() - t
    rng = random.Random(seed)
    command = make(path)
    seen, before = [], 0
    for _ in range(kills):
        if rng.random() < 0.5:
            path.unlink(missing_ok=True)
            before = 0
        proc = _start(command)
        time.sleep(rng.uniform(0.8 * startup, duration))
        _kill(proc)
        now = _check_whole(path, clean_docs)
        assert now >= before, "a killed load lost documents an earlier load had made durable"
        seen.append(before := now)
    final = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, timeout=120)
    assert final.returncode == 0, final.stderr.decode()[-2000:]
    assert _check_whole(path, clean_docs) == len(clean_docs)
    assert KGLiteStore(path).counts() == clean_counts
    return seen


def test_sigkill_during_cli_load_leaves_whole_documents(corpus, clean, tmp_path):
    path = tmp_path / "graph.kgl"
    def command(store: Path) -> list[str]:
        return [sys.executable, "-m", "api.cli", "load", str(corpus), "--store", f"kglite:///{store}"]

    seen = _kill_repeatedly(command, path, KILLS, seed=20240607, clean=clean)
    print("documents whole after each kill:", seen)


def test_sigkill_during_bulk_load_leaves_whole_documents(corpus, clean, tmp_path):
    path = tmp_path / "bulk.kgl"
    def command(store: Path) -> list[str]:
        return [sys.executable, "-c", BULK_DRIVER, str(corpus), str(store)]

    seen = _kill_repeatedly(command, path, BULK_KILLS, seed=7, clean=clean)
    print("documents whole after each kill:", seen)
