"""Time loading the sample corpus into the embedded store: extraction, first load, second (no-op) load.

Usage: .venv/bin/python bench/graph_load.py [FILES or FOLDERS…]   (default: samples/)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from graph.kglite_store import KGLiteStore
from graph.load import expand_paths, load_extractions, read_extraction
from graph.resolve import Resolver


def main(argv: list[str]) -> None:
    files = expand_paths(argv or [Path(__file__).resolve().parent.parent / "samples"])
    t0 = time.perf_counter()
    Resolver.default()
    t1 = time.perf_counter()
    extractions = [read_extraction(f) for f in files]
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store = KGLiteStore(Path(tmp) / "bench.kgl")
        store.ensure_schema()
        first = load_extractions(store, extractions)
        t3 = time.perf_counter()
        second = load_extractions(store, extractions)
        t4 = time.perf_counter()
        store.close()
        reopened = KGLiteStore(Path(tmp) / "bench.kgl")
        t5 = time.perf_counter()
        counts = reopened.counts()
    print(f"documents: {len(files)}  nodes: {sum(counts['nodes'].values())}  "
          f"relations: {sum(counts['relations'].values())}")
    print(f"resolver data + gazetteer: {t1 - t0:.3f} s")
    print(f"extraction:                {t2 - t1:.3f} s")
    print(f"first load (+ save):       {t3 - t2:.3f} s  ({first.documents} loaded)")
    print(f"second load:               {t4 - t3:.3f} s  ({len(second.unchanged)} unchanged, "
          f"{second.nodes_added} nodes / {second.relations_added} relations added)")
    print(f"reopen file:               {t5 - t4:.3f} s")
    print(f"total extract + load:      {t3 - t0:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
