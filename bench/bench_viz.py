"""Time until a 2,000-node view is interactive in headless Chromium (target: 3 s).

Prints, per layout: the Python render time, the page's own time from script start to stabilised-and-drawn,
and the wall time from navigation to interactive. Needs Debian's chromium and the playwright package.

    .venv/bin/python bench/bench_viz.py [--nodes 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viz.browser import browser_session, drawn_nodes, wait_ready
from viz.render import render
from viz.sample import big_graph
from viz.views import responsibility

TARGET_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    graph = big_graph(args.nodes)
    cases = {
        "force (physics, stabilised then frozen)": (graph, False),
        "hierarchy (responsibility, physics off)": (responsibility(graph), True),
    }
    print(f"{args.nodes} nodes, {graph.number_of_edges()} edges; repeat {args.repeat}; "
          f"served by a local HTTP server on 127.0.0.1")
    folder = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with browser_session() as session:
        session.passthrough = True
        for label, (g, hierarchy) in cases.items():
            renders, pages, walls = [], [], []
            for i in range(args.repeat):
                t0 = time.perf_counter()
                html = render(g, title="bench", kind="responsibility", hierarchy=hierarchy)
                renders.append(time.perf_counter() - t0)
                name = f"{i}-{hierarchy}.html"
                (folder / name).write_text(html, encoding="utf-8")
                url = f"{base}/{name}"
                t1 = time.perf_counter()
                session.page.goto(url)
                pages.append(wait_ready(session.page, timeout_ms=120_000) / 1000)
                walls.append(time.perf_counter() - t1)
                assert drawn_nodes(session.page) == g.number_of_nodes()
            wall = statistics.median(walls)
            print(f"{label:42s} {g.number_of_nodes():5d} nodes | render {statistics.median(renders):5.2f} s | page ready {statistics.median(pages):5.2f} s"
                  f" | navigation→interactive {wall:5.2f} s | {len(html) / 1e6:4.1f} MB"
                  f" | {'OK' if wall <= TARGET_S else 'SLOW'} (target ≤ {TARGET_S:.0f} s)")
        print(f"requests that left localhost: {len(session.outside())}")
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    main()
