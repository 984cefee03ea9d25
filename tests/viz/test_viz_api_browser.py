"""The views the API serves for the sample corpus, in real headless Chromium: each page draws as many nodes
as the networkx graph :mod:`viz.subgraphs` returns for it, a click shows a node's properties, the explorer's
search opens a view and its Cypher box draws a table and a graph, and no request leaves localhost.

The API runs with uvicorn on 127.0.0.1 in a thread over a KGLite store loaded from samples/*.txt.
Skipped, with the reason, without Debian's ``chromium`` or the ``playwright`` package.
"""
from __future__ import annotations

import importlib.util
import socket
import threading
import time
from urllib.parse import quote

import pytest

from viz import subgraphs as sg
from viz.browser import browser_session, chromium_path, drawn_nodes, wait_ready
from viz.pages import view_of

from .conftest import FUXIN_PLAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed: apt-get install -y chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="Playwright not installed: pip install playwright (it uses the system Chromium)"),
]

PAGES = {
    "/viz/owners?indicator=" + quote("县域内就诊率"): lambda s: sg.owners_graph(s, indicator="县域内就诊率"),
    "/viz/owners?organisation=" + quote("规信处"): lambda s: sg.owners_graph(s, organisation="规信处"),
    "/viz/owners?programme=" + quote("中蒙医药"): lambda s: sg.owners_graph(s, programme="中蒙医药"),
    "/viz/lineage/" + quote(FUXIN_PLAN): lambda s: sg.lineage_graph(s, FUXIN_PLAN),
    "/viz/trace?indicator=" + quote("县域内就诊率"): lambda s: sg.trace_graph(s, "县域内就诊率"),
    "/viz/programme/" + quote("中蒙医药"): lambda s: sg.programme_graph(s, "中蒙医药"),
    "/viz/region/" + quote("阜新"): lambda s: sg.region_graph(s, "阜新"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(sample_store_path):
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings

    port = _free_port()
    app = create_app(ApiSettings(store=f"kglite:///{sample_store_path}", ingest_token=None))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API did not start on 127.0.0.1")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def session():
    with browser_session() as s:
        s.passthrough = True  # requests to 127.0.0.1 reach the API; anything else is aborted and recorded
        yield s


def _click(page, node_id: str) -> None:
    box = page.locator("#graph").bounding_box()
    point = page.evaluate(
        "(id) => { const n = window.pgView.network; n.focus(id, {scale: 1.2, animation: false});"
        " return n.canvasToDOM(n.getPositions([id])[id]); }", node_id)
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


@pytest.mark.parametrize("path", list(PAGES))
def test_served_view_draws_the_subgraph_and_a_click_shows_the_node(session, base_url, sample_store, path):
    graph = PAGES[path](sample_store)
    view = view_of(graph)
    session.requests.clear()
    session.page.goto(base_url + path)
    wait_ready(session.page)
    assert drawn_nodes(session.page) == view.number_of_nodes()
    assert session.page.evaluate("window.pgView.network.body.data.edges.length") == view.number_of_edges()
    focus = graph.graph["focus"]
    _click(session.page, str(focus))
    details = session.page.locator("#details").inner_text()
    assert str(view.nodes[focus]["props"].get("id") or view.nodes[focus]["props"].get("code")) in details
    assert session.requests and session.outside() == []


def test_explorer_search_opens_a_view_and_cypher_draws(session, base_url, sample_store):
    session.requests.clear()
    page = session.page
    page.goto(base_url + "/")
    page.fill("#q", "县域内就诊率")
    page.press("#q", "Enter")
    page.wait_for_selector("#results li")
    page.wait_for_function("(() => { const w = document.getElementById('view').contentWindow;"
                           " return w && w.pgReady === true; })()")
    frame_url = page.evaluate("document.getElementById('view').contentWindow.location.href")
    assert "/viz/owners?indicator=" in frame_url
    frame_nodes = page.evaluate("document.getElementById('view').contentWindow.pgView.network.body.data.nodes.length")
    assert frame_nodes == view_of(sg.owners_graph(sample_store, indicator="县域内就诊率")).number_of_nodes()
    page.fill("#cypher", "MATCH (o:Organisation)-[r:LEADS]->(t:Task) RETURN o, r, t")
    page.click("#cypher-form button")
    page.wait_for_function("window.pgQueryReady === true")
    pairs = sample_store.fetch("MATCH (o:Organisation)-[:LEADS]->(t:Task) RETURN o.id AS o, t.id AS t")
    assert page.locator("#qtable tr").count() == len(pairs) + 1
    assert page.evaluate("window.pgExplorer.query().body.data.nodes.length") == len(
        {p["o"] for p in pairs} | {p["t"] for p in pairs})
    assert session.outside() == []
    assert any("/cypher" in u for u in session.requests) and any("/search" in u for u in session.requests)
