"""Save a PNG of every view and of the explorer under ``docs/`` (docs/viz-<view>.png), drawn in headless
Chromium from the illustrative sample graph (:mod:`viz.sample`), or from any neighbourhoods passed in.

    .venv/bin/python -m viz.screenshots [--out docs]
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Hashable, Mapping
from pathlib import Path

import networkx as nx

from .browser import browser_session, wait_ready
from .explorer import explorer_page
from .pages import view_page
from .sample import sample_graph, sample_views

Neighbourhoods = Mapping[str, tuple[nx.MultiDiGraph, Hashable, str]]


def _node_json(g: nx.MultiDiGraph, key: Hashable) -> dict:
    return {"_id": str(key), "_labels": [g.nodes[key]["type"]], **g.nodes[key]["props"]}


def _demo_api(views: Neighbourhoods, g: nx.MultiDiGraph):
    """Answers for the explorer's requests, drawn from the sample (stands in for the API)."""
    def answer(method: str, path: str, body: str | None) -> tuple[str, str] | None:
        if path.startswith("/search"):
            items = [{"kind": "Indicator", "id": "ind:doctors", "name": "每千人口执业（助理）医师数",
                      "snippet": "到2025年，每千人口执业（助理）医师数达到3.6人"},
                     {"kind": "Programme", "id": "prog:ycgt", "name": "县域医共体", "snippet": "组建紧密型县域医共体"},
                     {"kind": "Document", "id": "doc:county", "name": "宁乡市推进紧密型县域医共体建设实施方案",
                      "snippet": "宁乡市 · 2022"}]
            return "application/json", json.dumps({"items": items}, ensure_ascii=False)
        if path.startswith("/viz/owners"):
            graph, focus, title = views["responsibility"]
            return "text/html", view_page("responsibility", graph, title=title, focus=focus, links=True)
        if path == "/cypher" and method == "POST":
            rows = [[_node_json(g, a), {"_id": f"r{i}", "_type": t, "_start": str(a), "_end": str(b)}, _node_json(g, b)]
                    for i, (a, b, t) in enumerate(g.edges(data="type")) if t in ("LEADS", "SUPPORTS")]
            return "application/json", json.dumps({"columns": ["o", "r", "t"], "rows": rows, "truncated": False},
                                                  ensure_ascii=False)
        return None
    return answer


def save_screenshots(out: Path, views: Neighbourhoods | None = None) -> list[Path]:
    """Render each view (and the explorer) and save PNGs in ``out``; return the files written."""
    views = views or sample_views()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with browser_session(width=1400, height=860) as session:
        for kind, (graph, focus, title) in views.items():
            session.page.goto(session.serve(f"/viz/{kind}", view_page(kind, graph, title=title, focus=focus)))
            wait_ready(session.page)
            session.page.wait_for_timeout(300)
            written.append(out / f"viz-{kind}.png")
            session.page.screenshot(path=str(written[-1]))
        session.handler = _demo_api(views, sample_graph())
        page = session.page
        page.goto(session.serve("/", explorer_page()))
        page.fill("#q", "医师")
        page.press("#q", "Enter")
        page.wait_for_function("document.getElementById('view').contentWindow.pgReady === true")
        page.wait_for_timeout(300)
        written.append(out / "viz-explorer.png")
        page.screenshot(path=str(written[-1]))
        page.fill("#cypher", "MATCH (o:Organisation)-[r:LEADS|SUPPORTS]->(t:Task)\nRETURN o, r, t LIMIT 50")
        page.click("#cypher-form button")
        page.wait_for_function("window.pgQueryReady === true")
        page.wait_for_timeout(300)
        written.append(out / "viz-explorer-cypher.png")
        page.screenshot(path=str(written[-1]))
        if session.outside():
            raise RuntimeError(f"a page requested the network: {session.outside()}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Save PNG screenshots of every PolicyGraph view.")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    for path in save_screenshots(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
