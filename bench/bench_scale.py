"""Scale benchmark: synthetic corpora of 1k, 10k (100k) documents through extraction, the bulk load and lookups.

Prints, per size: extraction MB/s (one core, and end to end across all cores), load nodes+relations/s,
store size on disk, peak memory, and p50/p99 of the owner, lineage and search lookups.

Usage::

    .venv/bin/python bench/bench_scale.py --sizes 1000 10000 [--workdir /tmp/policygraph-bench] [--workers 2]
    policygraph bench --sizes 1000 10000            # the same, from the command line

The corpus is written once per size under ``--workdir`` (reused on later runs); the store is rebuilt
each run. Nothing here is asserted: figures are printed for the README's performance table.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import TextCorpus  # noqa: E402

from graph import bulk  # noqa: E402
from graph import queries as q  # noqa: E402
from graph.kglite_store import KGLiteStore  # noqa: E402
from graph.load import default_workers, expand_paths, load_paths, read_extraction  # noqa: E402

LOOKUPS = 200  # runs of each lookup
SERIAL_SAMPLE = 200  # files extracted on one core to measure per-core throughput


@dataclass
class Figures:
    documents: int
    megabytes: float
    extract_mb_s_core: float
    wall_s: float
    write_s: float
    nodes: int
    relations: int
    store_mb: float
    peak_main_mb: float
    peak_worker_mb: float
    lookups: dict[str, tuple[float, float]]


def machine() -> str:
    """nproc, memory and CPU model of this machine."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return (f"{default_workers()} cores usable ({os.cpu_count()} online), {mem_kb / 2**20:.1f} GiB RAM, {model}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def time_lookups(store: KGLiteStore, runs: int = LOOKUPS, seed: int = 7) -> dict[str, tuple[float, float]]:
    """p50/p99 in ms of target_owners, lineage and search, through the read-only analyst path."""
    rng = random.Random(seed)
    docs = [d["id"] for d in store.fetch("MATCH (d:Document) WHERE d.stub = false RETURN d.id AS id")]
    pairs = store.fetch("MATCH (r:Region)<-[:COVERS]-(d:Document) MATCH (g:Target {doc_id: d.id})-[:MEASURES]->"
                        "(i:Indicator) RETURN DISTINCT r.code AS code, i.name AS indicator LIMIT 2000")
    names = [r["name"] for r in store.fetch("MATCH (o:Organisation) RETURN o.name AS name LIMIT 2000")]
    cases: dict[str, Callable[[], dict]] = {
        "target_owners": lambda: dict(zip(("region_code", "indicator"), rng.choice(pairs).values())),
        "lineage": lambda: {"doc_id": rng.choice(docs)},
        "search": lambda: {"text": rng.choice(names)[:4]},
    }
    out = {}
    for name, params in cases.items():
        cypher, samples = q.NAMED[name].cypher, []
        for _ in range(runs):
            p = params()
            t = time.perf_counter()
            store.run_read(cypher, p)
            samples.append(time.perf_counter() - t)
        out[name] = _percentiles(samples)
    return out


def per_core_mb_s(files: list[Path]) -> float:
    """Extraction throughput of one process over a sample of the files (after a warm-up)."""
    sample = files[:SERIAL_SAMPLE]
    read_extraction(sample[0])
    t = time.perf_counter()
    for f in sample:
        read_extraction(f)
    return sum(f.stat().st_size for f in sample) / 1e6 / (time.perf_counter() - t)


def run_size(n: int, workdir: Path, workers: int, seed: int) -> Figures:
    folder = workdir / f"corpus-{n}-seed{seed}"
    if not (folder / f"doc_{n - 1:06d}.txt").exists():
        t = time.perf_counter()
        TextCorpus.from_samples(seed=seed).write(folder, n)
        print(f"  wrote corpus of {n} documents in {time.perf_counter() - t:.1f} s → {folder}", flush=True)
    files = expand_paths([folder])[:n]
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    core = per_core_mb_s(files)

    store_path = workdir / f"store-{n}.kgl"
    if store_path.exists():
        store_path.unlink()
    store = KGLiteStore(store_path)
    store.ensure_schema()
    write_s = 0.0
    write_batch = bulk.write_batch

    def timed_write(*args, **kwargs):
        nonlocal write_s
        t0 = time.perf_counter()
        try:
            return write_batch(*args, **kwargs)
        finally:
            write_s += time.perf_counter() - t0

    bulk.write_batch = timed_write
    try:
        t = time.perf_counter()
        summary = load_paths(store, files, workers=workers, bulk=True)
        wall = time.perf_counter() - t
    finally:
        bulk.write_batch = write_batch
    store.close()
    if summary.failed:
        print(f"  {len(summary.failed)} documents failed, first: {summary.failed[0]}")
    reopened = KGLiteStore(store_path)
    lookups = time_lookups(reopened)
    return Figures(n, megabytes, core, wall, write_s, sum(summary.node_counts.values()),
                   sum(summary.relation_counts.values()), store_path.stat().st_size / 1e6,
                   _peak_mb(resource.RUSAGE_SELF), _peak_mb(resource.RUSAGE_CHILDREN), lookups)


def report(f: Figures, workers: int) -> None:
    items = f.nodes + f.relations
    print(f"documents {f.documents:>7}  corpus {f.megabytes:8.1f} MB  graph {f.nodes:,} nodes + {f.relations:,} relations")
    print(f"  extraction        {f.extract_mb_s_core:6.2f} MB/s on one core")
    print(f"  end to end        {f.megabytes / f.wall_s:6.2f} MB/s with {workers} workers  "
          f"({f.wall_s:.1f} s to extract and load {f.documents} documents)")
    print(f"  bulk writes       {items / max(f.write_s, 1e-9):,.0f} nodes+relations/s  ({f.write_s:.1f} s writing, "
          f"saves included)")
    print(f"  store on disk     {f.store_mb:.1f} MB")
    print(f"  peak memory       {f.peak_main_mb:,.0f} MB main process, {f.peak_worker_mb:,.0f} MB largest worker")
    for name, (p50, p99) in f.lookups.items():
        print(f"  {name:<17} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="PolicyGraph scale benchmark (figures, no assertions).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/policygraph-bench"))
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the stores (corpora are always kept)")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print("load average at start: {:.2f} {:.2f} {:.2f} (other work on the machine slows every figure)".format(
        *os.getloadavg()))
    print(f"KGLite {__import__('kglite').__version__}; bulk batches of {bulk.BATCH_DOCUMENTS} documents")
    for n in args.sizes:
        print(f"size {n}: load average {os.getloadavg()[0]:.2f}", flush=True)
        report(run_size(n, args.workdir, args.workers, args.seed), args.workers)
        if not args.keep:
            (args.workdir / f"store-{n}.kgl").unlink(missing_ok=True)
    shutil.rmtree(args.workdir / "tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
