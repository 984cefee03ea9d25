"""Each view and the explorer in real headless Chromium: the network drew the expected nodes, clicking and
filtering work, and no request left localhost.

Needs Debian's ``chromium`` and the ``playwright`` Python package (which drives that Chromium; it downloads
no browser). Skipped, with the reason, when either is missing.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from viz.browser import browser_session, chromium_path, drawn_nodes, wait_ready
from viz.explorer import explorer_page
from viz.pages import view_page
from viz.sample import sample_graph, sample_views
from viz.views import VIEWS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed: apt-get install -y chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="Playwright not installed: pip install playwright (it uses the system Chromium)"),
]


@pytest.fixture(scope="module")
def session():
    with browser_session() as s:
        yield s


@pytest.mark.parametrize("kind", list(VIEWS))
def test_view_draws_every_node_offline(session, kind):
    g, focus, title = sample_views()[kind]
    expected = VIEWS[kind].build(g, focus=focus).number_of_nodes()
    session.requests.clear()
    session.page.goto(session.serve(f"/viz/{kind}", view_page(kind, g, title=title, focus=focus, links=True)))
    wait_ready(session.page)
    assert drawn_nodes(session.page) == expected
    assert session.page.evaluate("window.pgView.network.body.data.edges.length") > 0
    positions = session.page.evaluate("Object.keys(window.pgView.network.getPositions()).length")
    assert positions == expected
    assert session.requests and session.outside() == []


def test_filter_and_click(session):
    g, focus, title = sample_views()["responsibility"]
    session.page.goto(session.serve("/viz/owners", view_page("responsibility", g, title=title, focus=focus)))
    wait_ready(session.page)
    tasks = sum(1 for _, t in VIEWS["responsibility"].build(g).nodes(data="type") if t == "Task")
    before = drawn_nodes(session.page)
    session.page.uncheck('input[data-filter="type"][value="Task"]')
    assert drawn_nodes(session.page) == before - tasks
    session.page.check('input[data-filter="type"][value="Task"]')
    assert drawn_nodes(session.page) == before
    # click on the focus node where the canvas drew it
    box = session.page.locator("#graph").bounding_box()
    point = session.page.evaluate(
        "(() => { const n = window.pgView.network; const p = n.getPositions(['ind:doctors'])['ind:doctors'];"
        " return n.canvasToDOM(p); })()")
    session.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = session.page.locator("#details")
    assert "每千人口执业（助理）医师数" in details.inner_text()
    assert "unit" in details.inner_text()


def test_recorder_catches_a_request_to_the_internet(session):
    session.requests.clear()
    session.page.goto(session.serve("/leaky", '<img src="https://example.invalid/x.png"><p>x</p>'))
    assert session.outside() == ["https://example.invalid/x.png"]


def _api(method: str, path: str, body: str | None):
    g = sample_graph()
    views = sample_views()
    if path.startswith("/search"):
        return "application/json", json.dumps({"items": [
            {"kind": "Indicator", "id": "ind:doctors", "name": "每千人口执业（助理）医师数", "snippet": "到2025年"},
            {"kind": "Document", "id": "doc:county", "name": "宁乡市方案", "snippet": ""}]})
    if path.startswith("/viz/owners?indicator=ind%3Adoctors"):
        v, f, t = views["responsibility"]
        return "text/html", view_page("owners", v, title=t, focus=f, links=True)
    if path == "/cypher" and method == "POST":
        assert json.loads(body or "{}")["query"].startswith("MATCH")
        rows = [[{"_id": a, "_labels": [g.nodes[a]["type"]], **g.nodes[a]["props"]},
                 {"_id": f"r{i}", "_type": "LEADS", "_start": a, "_end": b},
                 {"_id": b, "_labels": [g.nodes[b]["type"]], **g.nodes[b]["props"]}]
                for i, (a, b, t) in enumerate(g.edges(data="type")) if t == "LEADS"]
        return "application/json", json.dumps({"columns": ["o", "r", "t"], "rows": rows, "truncated": False})
    return None


def test_explorer_search_opens_a_view_and_cypher_draws(session):
    session.requests.clear()
    session.handler = _api
    try:
        page = session.page
        page.goto(session.serve("/", explorer_page()))
        page.fill("#q", "医师")
        page.press("#q", "Enter")
        page.wait_for_selector("#results li")
        page.wait_for_function("document.getElementById('view').contentWindow.pgReady === true")
        frame_nodes = page.evaluate(
            "document.getElementById('view').contentWindow.pgView.network.body.data.nodes.length")
        g, focus, _ = sample_views()["responsibility"]
        assert frame_nodes == VIEWS["responsibility"].build(g, focus=focus).number_of_nodes()
        page.click("#cypher-form button")
        page.wait_for_function("window.pgQueryReady === true")
        leads = sum(1 for *_, t in sample_graph().edges(data="type") if t == "LEADS")
        assert page.locator("#qtable tr").count() == leads + 1
        ends = {n for a, b, t in sample_graph().edges(data="type") if t == "LEADS" for n in (a, b)}
        assert page.evaluate("window.pgExplorer.query().body.data.nodes.length") == len(ends)
        assert page.evaluate("window.pgExplorer.query().body.data.edges.length") == leads
        assert session.outside() == []
        assert any("/cypher" in u for u in session.requests)
    finally:
        session.handler = None
