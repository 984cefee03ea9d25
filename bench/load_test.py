"""Load test: the API under concurrent clients on 127.0.0.1 while documents are being loaded through it.

Starts ``policygraph serve`` (uvicorn, one process) on a store holding the sample documents, then for at most
``--seconds`` seconds and ``--requests`` requests: ``--clients`` clients read (owners, lineage, search, document
pages) while one writer uploads synthetic documents (``POST /documents``, the ``policygraph load`` pipeline).
Prints throughput, p50/p99 latency and every status code seen; exits 1 on any 5xx or transport error.

Usage::

    .venv/bin/python bench/load_test.py [--clients 50] [--seconds 20] [--requests 5000] [--uploads 40]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
TOKEN = "load-test-token"


@dataclass
class Tally:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    uploads: Counter = field(default_factory=Counter)

    @property
    def server_errors(self) -> int:
        return sum(n for code, n in self.statuses.items() if code >= 500) + len(self.errors)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store_uri: str, port: int) -> subprocess.Popen:
    """``policygraph serve`` on 127.0.0.1 with ingest enabled (its own process group)."""
    env = {**os.environ, "POLICYGRAPH_STORE": store_uri, "POLICYGRAPH_INGEST_TOKEN": TOKEN,
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def wait_ready(port: int, server: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /healthz in time")


def read_urls(port: int) -> list[str]:
    """A mix of the analysts' reads, built from what the served graph holds."""
    base = f"http://127.0.0.1:{port}"
    docs = httpx.get(f"{base}/documents", params={"limit": 20}, timeout=30).json()
    ids = [d["id"] for d in docs.get("items", docs.get("documents", []))][:20] if isinstance(docs, dict) else []
    urls = [f"/owners?indicator={quote(i)}&region={r}" for i in ("县域内就诊率", "孕产妇死亡率")
            for r in ("210000", "430000", "370000")]
    urls += [f"/documents/{quote(d)}/lineage" for d in ids] + [f"/documents/{quote(d)}" for d in ids[:5]]
    urls += [f"/search?q={quote(t)}" for t in ("医共体", "卫生健康委员会", "家庭医生")]
    urls += ["/documents?limit=20", "/healthz"]
    return urls


async def drive(port: int, urls: list[str], documents: list[tuple[str, str]], clients: int, seconds: float,
                max_requests: int) -> tuple[Tally, float]:
    """``clients`` readers and one uploader until the deadline, the request budget or the uploads run out."""
    tally = Tally()
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as client:
        start = time.perf_counter()
        deadline = start + seconds

        async def reader(k: int) -> None:
            rng = random.Random(k)
            while time.perf_counter() < deadline and len(tally.latencies) < max_requests:
                url = rng.choice(urls)
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                except httpx.HTTPError as e:
                    tally.errors.append(f"{url}: {type(e).__name__} {e}")
                    continue
                tally.latencies.append(time.perf_counter() - t)
                tally.statuses[r.status_code] += 1

        async def uploader() -> None:
            for name, text in documents:
                if time.perf_counter() >= deadline:
                    return
                try:
                    r = await client.post("/documents", files={"file": (name, text.encode("utf-8"), "text/plain")},
                                          headers={"Authorization": f"Bearer {TOKEN}"})
                except httpx.HTTPError as e:
                    tally.errors.append(f"POST /documents: {type(e).__name__} {e}")
                    continue
                tally.uploads[r.status_code] += 1

        await asyncio.gather(uploader(), *(reader(k) for k in range(clients)))
        return tally, time.perf_counter() - start


def run(clients: int = 50, seconds: float = 20, max_requests: int = 5000, uploads: int = 40,
        workdir: Path | None = None) -> tuple[Tally, float]:
    """Seed a store with the samples, serve it, and drive it; returns the tally and the elapsed seconds."""
    from corpus import SAMPLES, TextCorpus

    from graph.kglite_store import KGLiteStore
    from graph.load import load_paths

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "served.kgl"
        store = KGLiteStore(path)
        store.ensure_schema()
        load_paths(store, [SAMPLES], workers=1)
        store.close()
        port = free_port()
        server = start_server(f"kglite:///{path}", port)
        try:
            wait_ready(port, server)
            documents = list(TextCorpus.from_samples(seed=3).documents(uploads))
            return asyncio.run(drive(port, read_urls(port), documents, clients, seconds, max_requests))
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="API load test (figures; exit 1 on any 5xx).")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0, help="upper bound on the run")
    ap.add_argument("--requests", type=int, default=5000, help="upper bound on read requests")
    ap.add_argument("--uploads", type=int, default=40, help="documents uploaded during the run")
    args = ap.parse_args(argv)
    tally, elapsed = run(args.clients, args.seconds, args.requests, args.uploads)
    ms = sorted(x * 1000 for x in tally.latencies) or [0.0]
    p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
    print(f"{args.clients} clients on 127.0.0.1 for {elapsed:.1f} s while documents were uploaded")
    print(f"  reads      {len(tally.latencies)} ({len(tally.latencies) / elapsed:.1f} requests/s)  "
          f"p50 {statistics.median(ms):.1f} ms  p99 {p99:.1f} ms  max {ms[-1]:.1f} ms")
    print(f"  statuses   {dict(sorted(tally.statuses.items()))}")
    print(f"  uploads    {dict(sorted(tally.uploads.items()))}")
    if tally.errors:
        print(f"  transport errors {len(tally.errors)}, first: {tally.errors[0]}")
    sys.exit(1 if tally.server_errors or any(code >= 500 for code in tally.uploads) else 0)


if __name__ == "__main__":
    main()
