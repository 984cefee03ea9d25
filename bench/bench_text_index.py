"""Text search benchmark: the SQLite side index (``graph/text_index.py``) against the ``search_tasks`` scan.

The scan is run as ``/search`` runs it without an index: ``queries.SEARCH_TASKS_UNION`` (the named query's
rows, without KGLite collecting every match of a common word inside ``CALL { … }``).

Opens a saved store (build one with ``bench/bench_scale.py --sizes 10000 --keep``), builds its side index from
scratch, and prints the build time (also per 1,000 documents), the index file's size, the process memory, the
load average (other work on the machine slows every figure), and p50/p99 of both searches over the words of
``bench_scale.time_lookups``. Nothing is asserted.

Usage::

    .venv/bin/python bench/bench_text_index.py /tmp/policygraph-bench/store-10000.kgl [--runs 200] [--optimize]
    .venv/bin/python bench/bench_text_index.py --rows /tmp/policygraph-bench/corpus-1000-seed7 [--documents 1000]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import queries as q
from graph.kglite_store import KGLiteStore
from graph.text_index import TextIndex, sidecar_path

WORDS = ["医共体", "家庭医生", "就诊率", "公共卫生", "中医药", "健康", "疫苗", "不存在的词"]
RARE = ["疫苗接种率达到", "不存在的词", "菌", "X光", "2035年", "率达到97"]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _p(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


class _TimedReads:
    """The store as :meth:`TextIndex.sync` sees it, timing its reads."""

    def __init__(self, store: KGLiteStore) -> None:
        self.store, self.seconds = store, 0.0
        self.generation = getattr(store, "generation", None)

    def fetch(self, cypher: str, params: dict | None = None) -> list[dict]:
        t = time.perf_counter()
        try:
            return self.store.fetch(cypher, params)
        finally:
            self.seconds += time.perf_counter() - t


def rows_report(corpus: Path, n: int, repeats: int = 3) -> None:
    """Seconds per 1,000 documents (wall and CPU) to index ``n`` documents of ``corpus``: by :meth:`TextIndex.sync`
    (reading tasks and targets back from the store) and by :meth:`TextIndex.add_documents` (from the rows)."""
    from graph.bulk import bulk_load
    from graph.load import expand_paths, extract_all

    t = time.perf_counter()
    documents = [d for d in extract_all(expand_paths([corpus])[:n], workers=1, as_rows=True)
                 if not isinstance(d, tuple)]
    store = KGLiteStore(None)
    bulk_load(store, documents)
    print(f"{len(documents)} documents extracted and loaded in {time.perf_counter() - t:.1f} s; "
          f"load average {_load()}")
    per = 1000 / len(documents)
    for _ in range(repeats):
        for name, build in (("sync (store reads)", lambda i: i.sync(store)),
                            ("add_documents (rows)", lambda i: i.add_documents(documents))):
            index = TextIndex(None)
            wall, cpu = time.perf_counter(), time.process_time()
            build(index)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"  {name:<22} {wall * per:5.2f} s per 1,000 documents ({cpu * per:5.2f} s CPU)", flush=True)
            index.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path, nargs="?")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--optimize", action="store_true", help="merge the FTS segments after the build")
    ap.add_argument("--keep-index", action="store_true", help="reuse an existing index file")
    ap.add_argument("--rows", type=Path, metavar="CORPUS",
                    help="instead: extract --documents files of CORPUS, bulk-load them into an in-memory store, "
                         "and time building the index by reading the store (sync) against from the rows written "
                         "(add_documents, as the bulk load does)")
    ap.add_argument("--documents", type=int, default=1000)
    args = ap.parse_args(argv)
    if args.rows:
        return rows_report(args.rows, args.documents)
    if args.store is None:
        ap.error("give a STORE (or --rows CORPUS)")

    t = time.perf_counter()
    store = KGLiteStore(args.store)
    print(f"store {args.store}: opened in {time.perf_counter() - t:.1f} s, {_rss_mb():,.0f} MB anonymous")
    side = sidecar_path(args.store)
    index = TextIndex(side)
    if not args.keep_index:
        index.rebuild()
    rss = _rss_mb()
    timed = _TimedReads(store)
    t = time.perf_counter()
    report = index.sync(timed)
    build = time.perf_counter() - t
    print(f"index build {build:.1f} s = {1000 * build / max(report.added, 1):.2f} s per 1,000 documents ({report}), "
          f"+{_rss_mb() - rss:,.0f} MB anonymous during/after; load average {_load()}")
    print(f"  of which reading the store {timed.seconds:.1f} s (the bulk load spares it: it indexes the rows it "
          f"wrote), writing SQLite (rows, FTS tokens, commits) {build - timed.seconds:.1f} s")
    if args.optimize:
        t = time.perf_counter()
        index.optimize()
        print(f"optimize {time.perf_counter() - t:.1f} s")
    print(f"index file {side.stat().st_size / 1e6:,.1f} MB; store file {args.store.stat().st_size / 1e6:,.1f} MB")

    t = time.perf_counter()
    index.sync(store)
    print(f"no-op sync (reconcile {len(index.documents())} documents) {1000 * (time.perf_counter() - t):.1f} ms")

    for title, words in (("bench_scale words", WORDS), ("rare words", RARE)):
        rng = random.Random(7)
        picks = [rng.choice(words) for _ in range(args.runs)]
        timings: dict[str, list[float]] = {"index": [], "scan": []}
        for word in picks:
            t = time.perf_counter()
            index.search(word)
            timings["index"].append(time.perf_counter() - t)
        for word in picks[: max(20, args.runs // 4)]:  # the scan is slow: fewer runs
            t = time.perf_counter()
            store.run_read(q.SEARCH_TASKS_UNION, {"text": word})
            timings["scan"].append(time.perf_counter() - t)
        print(f"{title}: {', '.join(words)}")
        for name, samples in timings.items():
            p50, p99 = _p(samples)
            print(f"  {name:<6} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   ({len(samples)} runs)")
        for word in words:
            t = time.perf_counter()
            n = len(index.search(word))
            dt = time.perf_counter() - t
            t = time.perf_counter()
            m = len(store.run_read(q.SEARCH_TASKS_UNION, {"text": word}).rows)
            print(f"    {word:<10} index {1000 * dt:8.2f} ms ({n} rows)   scan {1000 * (time.perf_counter() - t):8.2f} ms"
                  f" ({m} rows)")
    print(f"process {_rss_mb():,.0f} MB anonymous at the end; load average {_load()}")


if __name__ == "__main__":
    main()
