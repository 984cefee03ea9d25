"""Save a PNG of every view and of the explorer under ``docs/`` (docs/viz-<view>.png), as a running PolicyGraph
API serves them, in headless Chromium. Start the API over the sample corpus first:

    policygraph load samples/ --store kglite:///tmp/pg.kgl
    policygraph serve --store kglite:///tmp/pg.kgl --port 8765
    .venv/bin/python -m viz.screenshots --url http://127.0.0.1:8765 [--out docs]

The default pages are the sample corpus's (阜新, 辽宁, 县域内就诊率, 中蒙医药); pass others as ``NAME=PATH``.
"""
from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from .browser import browser_session, wait_ready

SHOTS: dict[str, str] = {
    "responsibility": "/viz/owners?indicator=" + quote("县域内就诊率"),
    "inheritance": "/viz/lineage/" + quote("阜新市“十四五”卫生与健康发展规划"),
    "trace": "/viz/trace?indicator=" + quote("县域内就诊率"),
    "programme": "/viz/programme/" + quote("中蒙医药"),
    "region": "/viz/region/" + quote("阜新"),
}
SEARCH = "县域内就诊率"
CYPHER = "MATCH (o:Organisation)-[r:LEADS]->(t:Task)-[s:SETS_TARGET]->(g:Target)\nRETURN o, r, t, s, g LIMIT 50"


def save_screenshots(base_url: str, out: Path, shots: Mapping[str, str] | None = None, *,
                     search: str = SEARCH, cypher: str = CYPHER, scale: float = 1.5) -> list[Path]:
    """Open each page of ``shots`` (name → path under ``base_url``) and the explorer (a search, then a
    Cypher query), save PNGs in ``out`` (``scale`` pixels per CSS pixel) and return the files written. Raises RuntimeError when a page
    requested anything beyond this machine."""
    shots = SHOTS if shots is None else shots
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with browser_session(width=1400, height=860, scale=scale) as session:
        session.passthrough = True
        page = session.page
        for name, path in shots.items():
            page.goto(base_url.rstrip("/") + path)
            wait_ready(page)
            page.wait_for_timeout(400)
            written.append(out / f"viz-{name}.png")
            page.screenshot(path=str(written[-1]))
        page.goto(base_url.rstrip("/") + "/")
        page.fill("#q", search)
        page.press("#q", "Enter")
        page.wait_for_function("(() => { const w = document.getElementById('view').contentWindow;"
                               " return w && w.pgReady === true; })()")
        page.wait_for_timeout(400)
        written.append(out / "viz-explorer.png")
        page.screenshot(path=str(written[-1]))
        page.fill("#cypher", cypher)
        page.click("#cypher-form button")
        page.wait_for_function("window.pgQueryReady === true")
        page.wait_for_timeout(600)
        written.append(out / "viz-explorer-cypher.png")
        page.screenshot(path=str(written[-1]))
        if session.outside():
            raise RuntimeError(f"a page requested the network: {session.outside()}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Save PNG screenshots of every PolicyGraph view.")
    parser.add_argument("--url", default="http://127.0.0.1:8765", help="A running PolicyGraph API.")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("pages", nargs="*", metavar="NAME=PATH", help="Pages to shoot instead of the defaults.")
    args = parser.parse_args()
    shots = dict(p.split("=", 1) for p in args.pages) if args.pages else None
    for path in save_screenshots(args.url, args.out, shots):
        print(path)


if __name__ == "__main__":
    main()
