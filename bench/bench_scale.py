"""Scale benchmark: synthetic corpora of 1k, 10k (100k) documents through extraction, the bulk load and lookups.

Prints, per size: extraction MB/s (one core, and end to end across all cores), where the load's time went
(waiting for extraction, planning, columnar writes, saves), load nodes+relations/s, store size on disk, peak
memory, and p50/p99 of the owner, lineage and search lookups on the reopened store.

Usage::

    .venv/bin/python bench/bench_scale.py --sizes 1000 10000 [--workdir /tmp/policygraph-bench] [--workers 2]
    .venv/bin/python bench/bench_scale.py --sizes 100000 --storage mapped   # property columns memory-mapped
    .venv/bin/python bench/bench_scale.py --extraction                      # per-core MB/s only (~2 MB sample)
    policygraph bench --sizes 1000 10000            # the same, from the command line

The corpus is written once per size under ``--workdir`` (reused on later runs); the store is rebuilt
each run. Nothing here is asserted: figures are printed for the README's performance table.
"""
from __future__ import annotations

import argparse
import gc
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
from graph.load import default_workers, expand_paths, load_paths  # noqa: E402
from graph.memory import anonymous_bytes, child_processes  # noqa: E402
from graph.text_index import search_text, sidecar_path  # noqa: E402
from ontology.errors import QueryRejected  # noqa: E402

LOOKUPS = 200  # runs of each lookup
CASE_SECONDS = 60.0  # ... or as many as fit in this time, at least 10
EXTRACTION_BYTES = 2_000_000  # text extracted on one core to measure per-core throughput
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@dataclass
class Figures:
    documents: int
    megabytes: float
    extract_mb_s_core: float
    wall_s: float
    phases: dict[str, float]
    nodes: int
    relations: int
    store_mb: float
    index_mb: float
    peak_main_mb: float
    peak_worker_mb: float
    reopen_s: float
    reopened_rss_mb: float
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


def _rss_mb() -> float:
    """Anonymous resident memory of this process now, in MB (pages of mapped files, which the kernel drops
    under pressure and reads back, are not counted)."""
    now = anonymous_bytes()
    return float("nan") if now is None else now / 2**20


def _children_anon_mb() -> list[float]:
    """Anonymous resident memory of each direct child process (a large load's segment processes), in MB."""
    return [size / 2**20 for pid in child_processes() if (size := anonymous_bytes(pid)) is not None]


class PeakAnon:
    """The largest anonymous resident memory of this process (``peak``) and of any one child process
    (``peak_child``: the segment processes of a large load) while it runs, sampled every 0.2 s: the memory a
    load really holds, unlike ``ru_maxrss``, which also counts pages of the store's mapped files."""

    def __init__(self) -> None:
        import threading

        self.peak = self.peak_child = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, _rss_mb())
            self.peak_child = max(self.peak_child, *_children_anon_mb(), 0.0)

    def __enter__(self) -> PeakAnon:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def time_lookups(store: KGLiteStore, runs: int = LOOKUPS, seed: int = 7, progress: bool = False
                 ) -> dict[str, tuple[float, float]]:
    """p50/p99 in ms of the answers an analyst asks for, computed as the API computes them (its service
    functions, without HTTP): who owns an indicator's targets in a region (a county, city or province of the
    corpus, regions below included), a document's lineage, and /search (names, then task and target text
    through the text index); plus the bare ``target_owners`` query and the ``search_tasks`` scan the index spares."""
    from api import services

    rng = random.Random(seed)
    docs = [d["id"] for d in store.fetch("MATCH (d:Document) WHERE d.stub = false RETURN d.id AS id")]
    sample = rng.sample(docs, min(len(docs), 300))  # (region, indicator) questions from 300 documents' targets
    pairs = store.fetch("MATCH (g:Target) WHERE g.doc_id IN $ids MATCH (g)-[:MEASURES]->(i:Indicator) "
                        "MATCH (d:Document {id: g.doc_id})-[:COVERS]->(r:Region) "
                        "RETURN DISTINCT r.code AS code, i.name AS indicator", {"ids": sample})
    names = [r["name"] for r in store.fetch("MATCH (o:Organisation) RETURN o.name AS name LIMIT 2000")]
    words = ["医共体", "家庭医生", "就诊率", "公共卫生", "中医药", "健康", "疫苗", "不存在的词"]

    def owners() -> None:
        code, indicator = rng.choice(pairs).values()
        region = code if rng.random() < 0.5 else code[:2] + "0000"  # half the questions ask a whole province
        services.owners(store, indicator, region)

    cases: dict[str, Callable[[], object]] = {
        "owners (API)": owners,
        "lineage (API)": lambda: services.lineage(store, rng.choice(docs)),
        "search (API)": lambda: services.search(store, rng.choice((rng.choice(names)[:4], rng.choice(words)))),
        "target_owners": lambda: store.run_read(q.NAMED["target_owners"].cypher,
                                                dict(zip(("region_code", "indicator"), rng.choice(pairs).values()))),
        "search_tasks scan": lambda: store.run_read(q.SEARCH_TASKS_UNION, {"text": rng.choice(words)}),
    }
    search_text(store, "医共体")  # opens the text index (and catches it up, were it behind)
    services.lineage(store, docs[0])  # loads the word lists, gazetteer and catalogue answers use
    gc.freeze()  # as the API does once its store is open (api.deps.get_store)
    out = {}
    for name, ask in cases.items():
        samples: list[float] = []
        started = time.perf_counter()
        while len(samples) < runs and (len(samples) < 10 or time.perf_counter() - started < CASE_SECONDS):
            t = time.perf_counter()
            try:
                ask()
            except QueryRejected as e:  # past the analyst deadline: a figure too, not a crash of the benchmark
                print(f"  ({name}: {e})", flush=True)
                break
            samples.append(time.perf_counter() - t)
        if len(samples) < runs:
            print(f"  ({name}: {len(samples)} runs in {time.perf_counter() - started:.0f} s, not {runs})", flush=True)
        out[name] = _percentiles(samples) if len(samples) > 1 else (float("nan"), float("nan"))
        if progress:
            print(f"  {name:<17} p50 {out[name][0]:7.2f} ms   p99 {out[name][1]:7.2f} ms", flush=True)
    return out


def per_core_mb_s(files: list[Path], nbytes: int = EXTRACTION_BYTES) -> float:
    """Extraction throughput of one process: ``files`` read in turn (repeated as needed) until ``nbytes`` of
    input were extracted, after a warm-up; bytes in, one :class:`Extraction` out per file."""
    from loaders import extract_bytes

    datas, size = [], 0
    for f in files:  # only as many files as the measure needs
        datas.append((f.name, f.read_bytes()))
        size += len(datas[-1][1])
        if size >= nbytes:
            break
    extract_bytes(datas[0][1], datas[0][0])  # warm-up: word lists, gazetteer, compiled patterns
    done, k = 0, 0
    t = time.perf_counter()
    while done < nbytes:
        name, data = datas[k % len(datas)]
        extract_bytes(data, name)
        done, k = done + len(data), k + 1
    return done / 1e6 / (time.perf_counter() - t)


def extraction_report(corpus: Path | None) -> None:
    """Per-core extraction MB/s on the sample documents (repeated to ~2 MB) and on a synthetic corpus."""
    samples = sorted(SAMPLES.glob("*.txt"))
    if samples:
        print(f"  extraction        {per_core_mb_s(samples):6.2f} MB/s on one core "
              f"(the {len(samples)} sample documents, repeated to {EXTRACTION_BYTES / 1e6:.0f} MB)")
    if corpus is not None:
        files = expand_paths([corpus])
        print(f"  extraction        {per_core_mb_s(files):6.2f} MB/s on one core "
              f"(synthetic corpus, {EXTRACTION_BYTES / 1e6:.0f} MB)")
    sys.stdout.flush()


def run_size(n: int, workdir: Path, workers: int, seed: int, storage: str) -> Figures:
    folder = workdir / f"corpus-{n}-seed{seed}"
    if not (folder / f"doc_{n - 1:06d}.txt").exists():
        t = time.perf_counter()
        TextCorpus.from_samples(seed=seed).write(folder, n)
        print(f"  wrote corpus of {n} documents in {time.perf_counter() - t:.1f} s → {folder}", flush=True)
    files = expand_paths([folder])[:n]
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    core = per_core_mb_s(files)

    store_path = _store_path(workdir, n, storage)
    _remove(store_path)
    store = KGLiteStore(store_path, storage=storage)
    store.ensure_schema()
    with PeakAnon() as anon:
        t = time.perf_counter()
        summary = load_paths(store, files, workers=workers, bulk=True)
        wall = time.perf_counter() - t
        store.close()
    peak_main = max(anon.peak, anon.peak_child)  # a large load runs in segment processes
    del store
    if summary.failed:
        print(f"  {len(summary.failed)} documents failed, first: {summary.failed[0]}")
    t = time.perf_counter()
    reopened = KGLiteStore(store_path, storage=storage)
    reopened.counts()
    reopen_s = time.perf_counter() - t
    lookups = time_lookups(reopened)
    return Figures(n, megabytes, core, wall, summary.seconds, sum(summary.node_counts.values()),
                   sum(summary.relation_counts.values()), _size(store_path) / 1e6, _index_size(store_path) / 1e6,
                   peak_main, _peak_mb(resource.RUSAGE_CHILDREN), reopen_s, _rss_mb(), lookups)


def _store_path(workdir: Path, n: int, storage: str) -> Path:
    return workdir / (f"store-{n}.kgldir" if storage == "disk" else f"store-{n}.kgl")  # disk: a directory


def _index_size(path: Path) -> int:
    index = sidecar_path(path)
    return sum(f.stat().st_size for f in index.parent.glob(index.name + "*"))  # with its -wal and -shm files


def _remove(path: Path) -> None:
    index = sidecar_path(path)
    for f in index.parent.glob(index.name + "*"):
        f.unlink()
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def report(f: Figures, workers: int) -> None:
    items = f.nodes + f.relations
    p = f.phases
    print(f"documents {f.documents:>7}  corpus {f.megabytes:8.1f} MB  graph {f.nodes:,} nodes + {f.relations:,} relations")
    print(f"  extraction        {f.extract_mb_s_core:6.2f} MB/s on one core")
    print(f"  end to end        {f.megabytes / f.wall_s:6.2f} MB/s with {workers} workers  "
          f"({f.wall_s:.1f} s to extract and load {f.documents} documents)")
    print(f"  load phases       waiting for extraction {p.get('wait', 0):.1f} s, planning {p.get('plan', 0):.1f} s, "
          f"columnar writes {p.get('write', 0):.1f} s, saves {p.get('save', 0):.1f} s, "
          f"text index {p.get('index', 0):.1f} s")
    print(f"  bulk writes       {items / max(p.get('write', 0), 1e-9):,.0f} nodes+relations/s written "
          f"({items / max(p.get('write', 0) + p.get('save', 0), 1e-9):,.0f}/s with saves)")
    print(f"  store on disk     {f.store_mb:.1f} MB, text search index beside it {f.index_mb:.1f} MB")
    print(f"  peak memory       {f.peak_main_mb:,.0f} MB loading process during the load (anonymous; the main "
          "process, or a segment's above graph.segments.SEGMENT_DOCUMENTS files), "
          f"{f.peak_worker_mb:,.0f} MB largest worker (maxrss)")
    print(f"  reopened store    {f.reopen_s:.1f} s to open, {f.reopened_rss_mb:,.0f} MB process memory while queried "
          "(anonymous; mapped file pages not counted)")
    for name, (p50, p99) in f.lookups.items():
        print(f"  {name:<17} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
    sys.stdout.flush()


def lookups_report(path: Path, storage: str) -> None:
    """Reopen a kept store, bring its text index up to date (timed: a first sync builds it whole), time the
    lookups."""
    if not path.exists():
        raise SystemExit(f"no store at {path}; run with --keep first")
    with PeakAnon() as anon:
        t = time.perf_counter()
        store = KGLiteStore(path, storage=storage)
        counts = store.counts()
        opened = time.perf_counter() - t
        t = time.perf_counter()
        store.refresh_text_index()
        indexed = time.perf_counter() - t
        nodes, relations = sum(counts["nodes"].values()), sum(counts["relations"].values())
        docs = counts["nodes"].get("Document", 0)
        print(f"store {path}: {nodes:,} nodes + {relations:,} relations ({docs:,} documents incl. stubs), "
              f"{_size(path) / 1e6:,.1f} MB, opened in {opened:.1f} s; text index brought up to date in "
              f"{indexed:.1f} s ({_index_size(path) / 1e6:,.1f} MB)", flush=True)
        time_lookups(store, progress=True)
    print(f"  peak memory       {anon.peak:,.0f} MB (anonymous) while opened, indexed and queried")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="PolicyGraph scale benchmark (figures, no assertions).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/policygraph-bench"))
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--storage", choices=("memory", "mapped", "disk"), default="memory",
                    help="KGLite storage of the store (mapped: property columns in memory-mapped files; disk: "
                         "the whole graph in mapped files of a directory)")
    ap.add_argument("--extraction", action="store_true", help="only measure per-core extraction MB/s")
    ap.add_argument("--keep", action="store_true", help="keep the stores (corpora are always kept)")
    ap.add_argument("--lookups", type=Path, metavar="STORE",
                    help="only time the lookups on a store kept by an earlier run (--keep), after bringing its "
                         "text search index up to date")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print("load average at start: {:.2f} {:.2f} {:.2f} (other work on the machine slows every figure)".format(
        *os.getloadavg()))
    if args.lookups:
        lookups_report(args.lookups, args.storage)
        return
    if args.extraction:
        corpora = sorted(args.workdir.glob("corpus-*"))
        extraction_report(corpora[0] if corpora else None)
        return
    print(f"KGLite {__import__('kglite').__version__}, storage {args.storage}; bulk batches of at least "
          f"{bulk.BATCH_DOCUMENTS} documents")
    for n in args.sizes:
        print(f"size {n}: load average {os.getloadavg()[0]:.2f}", flush=True)
        report(run_size(n, args.workdir, args.workers, args.seed, args.storage), args.workers)
        if not args.keep:
            _remove(_store_path(args.workdir, n, args.storage))
    shutil.rmtree(args.workdir / "tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
