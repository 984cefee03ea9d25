from __future__ import annotations

import re

import networkx as nx

from viz.render import render
from viz.sample import big_graph, sample_views

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def _small() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("big", type="Organisation", label="县卫生健康局", level="county", props={"id": "big"})
    g.add_node("small", type="Organisation", label="县财政局", level="county", props={"id": "small"})
    for i in range(3):
        g.add_node(f"t{i}", type="Task", label=f"任务{i}", level=None, props={"id": f"t{i}"},
                   quote=f"任务{i}由县卫生健康局牵头", doc="某县实施方案")
        g.add_edge("big", f"t{i}", type="LEADS")
    g.add_edge("small", "t0", type="SUPPORTS")
    g.add_node("g0", type="Target", label="90%", level=None, props={"value": "90%"}, quote=None, doc=None)
    g.add_edge("t0", "g0", type="SETS_TARGET")
    return g


def test_page_is_self_contained():
    page = render(_small(), title="t", kind="responsibility")
    assert EXTERNAL.search(page) is None
    assert re.search(r"<script[^>]*\bsrc=", page) is None  # every script is inline
    assert re.search(r"url\(\s*['\"]?(?:https?:)?//|@import", page) is None  # CSS pulls nothing in
    assert "vis.Network" in page and "DataSet" in page  # vis-network is inlined


def test_external_pattern_catches_a_cdn_script():
    assert EXTERNAL.search('<script src="https://cdn.jsdelivr.net/npm/x.js"></script>')
    assert EXTERNAL.search("<link rel=stylesheet href='//cdnjs.cloudflare.com/a.css'>")


def test_embedded_counts_match_graph(embedded):
    g = _small()
    data = embedded(render(g, title="t", kind="responsibility"))
    assert len(data["nodes"]) == g.number_of_nodes() == 6
    assert len(data["edges"]) == g.number_of_edges() == 5


def test_legend_toggle():
    with_legend = render(_small(), title="t", kind="x", legend=True)
    without = render(_small(), title="t", kind="x", legend=False)
    assert 'data-legend="1"' in with_legend and "<svg" in with_legend
    assert 'data-legend="1"' not in without and "<svg" not in without
    assert 'data-filter="type" value="Organisation"' in without  # the filter stays


def test_lead_and_support_edges_differ(embedded):
    edges = {e["etype"]: e for e in embedded(render(_small(), title="t", kind="x"))["edges"]}
    assert edges["LEADS"]["dashes"] is False
    assert edges["SUPPORTS"]["dashes"]
    assert edges["LEADS"]["color"]["color"] != edges["SUPPORTS"]["color"]["color"]
    assert edges["LEADS"]["width"] > edges["SUPPORTS"]["width"]


def test_organisation_sized_by_what_it_owns(embedded):
    nodes = {n["id"]: n for n in embedded(render(_small(), title="t", kind="x"))["nodes"]}
    assert nodes["big"]["owns"] == 4  # three LEADS plus the target its task sets
    assert nodes["small"]["owns"] == 2  # one SUPPORTS plus the same target
    assert nodes["big"]["size"] > nodes["small"]["size"]


def test_colour_by_type_and_level(embedded):
    nodes = {n["id"]: n for n in embedded(render(_small(), title="t", kind="x"))["nodes"]}
    assert nodes["t0"]["color"]["background"] != nodes["big"]["color"]["background"]
    assert nodes["big"]["plevel"] == "county" and nodes["big"]["borderWidth"] > nodes["t0"]["borderWidth"]


def test_hover_carries_quote_and_document(embedded):
    nodes = {n["id"]: n for n in embedded(render(_small(), title="t", kind="x"))["nodes"]}
    assert "任务0由县卫生健康局牵头" in nodes["t0"]["title"] and "某县实施方案" in nodes["t0"]["title"]
    assert nodes["t0"]["props"] == {"id": "t0"}


def test_quotes_cannot_break_out_of_the_script(embedded):
    g = _small()
    g.nodes["t0"]["quote"] = "</script><script>alert(1)</script>"
    page = render(g, title="<b>x</b>", kind="x")
    assert "<script>alert(1)" not in page
    assert "<b>x</b>" not in page
    assert embedded(page)["nodes"][2]["quote"] == "</script><script>alert(1)</script>"


def test_hierarchy_uses_ranks_without_physics(embedded):
    g = _small()
    data = embedded(render(g, title="t", kind="x", hierarchy=True))
    assert data["options"]["layout"]["hierarchical"]["enabled"] is True
    assert data["options"]["physics"]["enabled"] is False
    level = {n["id"]: n["level"] for n in data["nodes"]}
    assert level["big"] == 3  # county
    assert level["t0"] == 4 and level["g0"] == 5  # one below the ranked parent


def test_fixed_positions_switch_physics_off(embedded):
    view, focus, title = sample_views()["inheritance"]
    from viz.views import inheritance
    data = embedded(render(inheritance(view, focus=focus), title=title, kind="inheritance", hierarchy=True))
    assert data["mode"] == "fixed" and data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_big_graph_options_are_bounded(embedded):
    g = big_graph(2000)
    data = embedded(render(g, title="big", kind="responsibility"))
    assert len(data["nodes"]) == 2000
    options = data["options"]
    assert options["layout"]["improvedLayout"] is False
    assert options["edges"]["smooth"] is False
    assert options["physics"]["stabilization"]["iterations"] <= 200
    assert options["interaction"]["hideEdgesOnDrag"] is True


def test_links_only_when_asked(embedded):
    off = {n["id"]: n for n in embedded(render(_small(), title="t", kind="x"))["nodes"]}
    on = {n["id"]: n for n in embedded(render(_small(), title="t", kind="x", links=True))["nodes"]}
    assert "href" not in off["big"]
    assert on["big"]["href"] == "/viz/owners?organisation=big"
    assert "href" not in on["t0"]  # tasks have no view of their own


def test_empty_graph_renders(embedded):
    page = render(nx.MultiDiGraph(), title="空", kind="region")
    assert embedded(page)["nodes"] == []


def test_edge_labels_are_drawn_on_the_line(embedded):
    g = _small()
    g.add_edge("g0", "big", type="CONSISTENT", label="一致 consistent", props={"status": "consistent"})
    edges = {e["etype"]: e for e in embedded(render(g, title="t", kind="trace"))["edges"]}
    assert edges["CONSISTENT"]["label"] == "一致 consistent"
    assert edges["CONSISTENT"]["color"]["color"] != edges["LEADS"]["color"]["color"]
    assert "label" not in edges["LEADS"]
