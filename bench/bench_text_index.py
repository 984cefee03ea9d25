"""Text search benchmark: the SQLite side index (``graph/text_index.py``) against the ``search_tasks`` scan.

Opens a saved store (build one with ``bench/bench_scale.py --sizes 10000 --keep``), builds its side index from
scratch, and prints the build time (also per 1,000 documents), the index file's size, the process memory, the
load average (other work on the machine slows every figure), and p50/p99 of both searches over the words of
``bench_scale.time_lookups``. Nothing is asserted.

Usage::

    .venv/bin/python bench/bench_text_index.py /tmp/policygraph-bench/store-10000.kgl [--runs 200] [--optimize]
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


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--optimize", action="store_true", help="merge the FTS segments after the build")
    ap.add_argument("--keep-index", action="store_true", help="reuse an existing index file")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    store = KGLiteStore(args.store)
    print(f"store {args.store}: opened in {time.perf_counter() - t:.1f} s, {_rss_mb():,.0f} MB anonymous")
    side = sidecar_path(args.store)
    index = TextIndex(side)
    if not args.keep_index:
        index.rebuild()
    rss = _rss_mb()
    t = time.perf_counter()
    report = index.sync(store)
    build = time.perf_counter() - t
    print(f"index build {build:.1f} s = {1000 * build / max(report.added, 1):.2f} s per 1,000 documents ({report}), "
          f"+{_rss_mb() - rss:,.0f} MB anonymous during/after; load average {_load()}")
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
            store.run_read(q.SEARCH_TASKS.cypher, {"text": word})
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
            m = len(store.run_read(q.SEARCH_TASKS.cypher, {"text": word}).rows)
            print(f"    {word:<10} index {1000 * dt:8.2f} ms ({n} rows)   scan {1000 * (time.perf_counter() - t):8.2f} ms"
                  f" ({m} rows)")
    print(f"process {_rss_mb():,.0f} MB anonymous at the end; load average {_load()}")


if __name__ == "__main__":
    main()
