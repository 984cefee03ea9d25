"""API benchmark (not a test): p50/p99 latency of /owners and /documents/{id}/lineage on the sample corpus and
on a synthetic corpus (default 10k documents, see bench/corpus.py), and requests/s with 50 concurrent clients
against uvicorn on 127.0.0.1 (bounded in requests and seconds).

    .venv/bin/python bench/bench_api.py [--docs 10000] [--requests 300] [--clients 50] [--seconds 10]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from api.deps import get_store  # noqa: E402
from api.settings import ApiSettings  # noqa: E402
from bench.corpus import SAMPLES, TextCorpus  # noqa: E402
from graph.kglite_store import KGLiteStore  # noqa: E402
from graph.load import load_paths  # noqa: E402


def _app(store: KGLiteStore):
    app = create_app(ApiSettings(store=store.uri))
    app.dependency_overrides[get_store] = lambda: store
    return app


def _percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return f"p50 {statistics.median(ms):7.2f} ms   p99 {p(0.99):7.2f} ms   max {ms[-1]:7.2f} ms   (n={len(ms)})"


def latency(client: TestClient, urls: list[str], n: int) -> list[float]:
    for u in urls[:5]:
        assert client.get(u).status_code == 200, (u, client.get(u).text[:300])
    out = []
    for i in range(n):
        t = time.perf_counter()
        r = client.get(urls[i % len(urls)])
        out.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{urls[i % len(urls)]} → {r.status_code}: {r.text[:300]}")
    return out


def measure(label: str, store: KGLiteStore, n: int) -> None:
    client = TestClient(_app(store))
    docs = [d for d in store.documents() if not d.get("stub") and "卫生与健康发展规划" in (d.get("title") or "")]
    docs = docs or [d for d in store.documents() if not d.get("stub")]
    regions = [r["code"] for r in store.run_read("MATCH (r:Region) WHERE r.level = 'province' RETURN r.code AS code",
                                                 row_cap=100).rows][:20]
    owners = [f"/owners?indicator={quote('县域内就诊率')}&region={c}" for c in regions]
    lineage = [f"/documents/{quote(d['id'])}/lineage" for d in docs[:50]]
    print(f"\n== {label}: {store.counts()['nodes'].get('Document', 0)} documents "
          f"({sum(store.counts()['nodes'].values())} nodes)")
    print(f"  GET /owners (indicator+province)     {_percentiles(latency(client, owners, n))}")
    print(f"  GET /documents/{{id}}/lineage          {_percentiles(latency(client, lineage, n))}")
    doc = f"/documents/{quote(docs[0]['id'])}"
    print(f"  GET /documents/{{id}}                  {_percentiles(latency(client, [doc], max(20, n // 5)))}")
    print(f"  GET /search?q=医共体                   "
          f"{_percentiles(latency(client, ['/search?q=' + quote('医共体')], max(20, n // 5)))}")


def throughput(store: KGLiteStore, clients: int, seconds: float, max_requests: int) -> None:
    """Serve a copy of ``store`` from a uvicorn process on 127.0.0.1 and drive it with ``clients`` clients."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "served.kgl"
        store.graph().save(str(path))
        env = {**os.environ, "POLICYGRAPH_STORE": f"kglite:///{path}"}
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
                                   "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                                   "--no-access-log"], env=env, cwd=Path(__file__).resolve().parents[1])
        try:
            _wait_for(port, server)
            _drive(store, port, clients, seconds, max_requests)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline and server.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not come up")


def _drive(store: KGLiteStore, port: int, clients: int, seconds: float, max_requests: int) -> None:
    regions = ["210000", "430000", "370000"]
    urls = [f"/owners?indicator={quote('县域内就诊率')}&region={c}" for c in regions]
    urls += [f"/documents/{quote(d['id'])}/lineage" for d in store.documents()[:20] if not d.get("stub")]
    done, errors = 0, 0

    async def worker(client: httpx.AsyncClient, deadline: float, k: int) -> None:
        nonlocal done, errors
        i = k
        while time.perf_counter() < deadline and done + errors < max_requests:
            r = await client.get(urls[i % len(urls)])
            i += 1
            if r.status_code == 200:
                done += 1
            else:
                errors += 1

    async def run() -> float:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as client:
            start = time.perf_counter()
            await asyncio.gather(*(worker(client, start + seconds, k) for k in range(clients)))
            return time.perf_counter() - start

    elapsed = asyncio.run(run())
    print(f"  {clients} concurrent clients on 127.0.0.1 (uvicorn, 1 worker process): {done / elapsed:7.1f} "
          f"requests/s ({done} ok, {errors} errors in {elapsed:.1f} s; /owners and /lineage mixed)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000, help="synthetic corpus size")
    ap.add_argument("--requests", type=int, default=300, help="requests per latency measurement")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0, help="upper bound of each throughput run")
    ap.add_argument("--max-requests", type=int, default=20_000, help="upper bound of each throughput run")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        sample = KGLiteStore(Path(tmp) / "sample.kgl")
        sample.ensure_schema()
        load_paths(sample, sorted(SAMPLES.glob("*.txt")))
        measure("sample corpus", sample, args.requests)
        throughput(sample, args.clients, args.seconds, args.max_requests)

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        TextCorpus.from_samples().write(Path(tmp) / "corpus", args.docs)
        big = KGLiteStore(Path(tmp) / "synthetic.kgl")
        big.ensure_schema()
        load_paths(big, [Path(tmp) / "corpus"])
        print(f"\n(synthetic corpus of {args.docs} documents written, extracted and loaded in "
              f"{time.perf_counter() - t:.0f} s)")
        measure("synthetic corpus", big, args.requests)
        throughput(big, args.clients, args.seconds, args.max_requests)


if __name__ == "__main__":
    main()
