"""The neighbourhoods each view draws, read from the sample corpus (samples/*.txt) loaded into KGLite."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from ontology.errors import InputError, NotFound
from viz import subgraphs as sg
from viz.pages import graph_page, view_of

from .conftest import FUXIN_PLAN

LIAONING_PLAN = "辽宁省“十四五”卫生与健康发展规划"


def _docs(g):
    return {a["props"]["title"]: a for _, a in g.nodes(data=True) if a["type"] == "Document"}


def test_lineage_climbs_from_fuxin_to_national_with_each_basis(sample_store):
    g = sg.lineage_graph(sample_store, FUXIN_PLAN)
    docs = _docs(g)
    assert {docs[FUXIN_PLAN]["level"], docs[LIAONING_PLAN]["level"]} == {"city", "province"}
    fuxin, liaoning = (f"Document:{docs[t]['props']['id']}" for t in (FUXIN_PLAN, LIAONING_PLAN))
    assert g.graph["focus"] == fuxin
    cites = g.get_edge_data(fuxin, liaoning)["CITES"]
    assert cites["props"]["basis"] == "citation" and cites["props"]["citation"] == "basis"
    assert LIAONING_PLAN in cites["props"]["quotes"]
    national = [d for d in docs.values() if d["level"] == "national"]
    assert national and any(g.has_edge(liaoning, f"Document:{d['props']['id']}") for d in national)
    bases = {t for *_, t in g.edges(data="type")} & {"CITES", "CO_CITED", "SHARES"}
    assert "CITES" in bases and len(bases) >= 2


def test_lineage_sets_targets_of_each_level_side_by_side(sample_store):
    view = view_of(sg.lineage_graph(sample_store, FUXIN_PLAN))
    rate = [a for _, a in view.nodes(data=True)
            if a["type"] == "Target" and a["props"].get("indicator") == "县域内就诊率"]
    assert {(a["props"]["region"], a["level"]) for a in rate} == {("辽宁省", "province"), ("阜新市", "city"),
                                                                  ("鞍山市", "city")}
    assert len({a["pos"][0] for a in rate}) == 1  # one column
    by_region = {a["props"]["region"]: a for a in rate}
    assert by_region["辽宁省"]["props"]["year"] == 2019
    assert by_region["辽宁省"]["pos"][1] < by_region["阜新市"]["pos"][1]  # province above city
    links = [(view.nodes[u]["props"]["region"], view.nodes[v]["props"]["region"], t)
             for u, v, t in view.edges(data="type") if t in ("CONSISTENT", "STRICTER", "LOOSER")
             and view.nodes[u]["props"].get("indicator") == "县域内就诊率"]
    assert sorted(links) == sorted([("辽宁省", "鞍山市", "CONSISTENT"), ("辽宁省", "阜新市", "CONSISTENT")])
    docs = {a["props"]["title"]: a["pos"] for _, a in view.nodes(data=True) if a["type"] == "Document"}
    assert docs[LIAONING_PLAN][1] < docs[FUXIN_PLAN][1]  # national at the top, county at the bottom


def test_trace_graph_classifies_each_link(sample_store):
    g = sg.trace_graph(sample_store, "县域内就诊率")
    statuses = [a["props"]["status"] for *_, a in g.edges(data=True) if a["type"] == "CONSISTENT"]
    assert statuses == ["consistent", "consistent"]
    assert sum(1 for _, t in g.nodes(data="type") if t == "Target") == 3


def test_owners_of_an_indicator_reach_the_bodies(sample_store):
    g = sg.owners_graph(sample_store, indicator="县域内就诊率")
    kinds = {t for *_, t in g.edges(data="type")}
    assert {"LEADS", "SUPPORTS", "SETS_TARGET"} <= kinds
    view = view_of(g)
    orgs = [n for n, t in view.nodes(data="type") if t == "Organisation"]
    assert orgs and all(view.out_degree(n) > 0 for n in orgs)


@pytest.mark.parametrize("build", [
    lambda s: sg.owners_graph(s, organisation="规信处"), lambda s: sg.owners_graph(s, programme="中蒙医药"),
    lambda s: sg.programme_graph(s, "中蒙医药"), lambda s: sg.region_graph(s, "阜新"),
    lambda s: sg.region_graph(s, "210900")])
def test_every_view_has_a_title_focus_and_draws_the_focus(sample_store, build):
    g = build(sample_store)
    view = view_of(g)
    assert g.graph["title"] and g.graph["focus"] in view and len(view) > 3
    assert "<!DOCTYPE html>" in graph_page(g)


@pytest.mark.parametrize("build,what", [
    (lambda s: sg.lineage_graph(s, "none"), "none"), (lambda s: sg.owners_graph(s, indicator="无"), "无"),
    (lambda s: sg.region_graph(s, "210100"), "210100"), (lambda s: sg.programme_graph(s, "无此工作"), "无此工作"),
    (lambda s: sg.trace_graph(s, "无此指标"), "无此指标")])
def test_unknown_entities_are_not_found(sample_store, build, what):
    with pytest.raises(NotFound, match=what):
        build(sample_store)


def test_owners_needs_exactly_one_entity(sample_store):
    with pytest.raises(InputError):
        sg.owners_graph(sample_store)
    with pytest.raises(InputError):
        sg.owners_graph(sample_store, indicator="县域内就诊率", programme="中蒙医药")


def test_cli_writes_each_view(sample_store_path, tmp_path):
    runner = CliRunner()
    store = f"kglite:///{sample_store_path}"
    for args in (["owners", "县域内就诊率"], ["lineage", FUXIN_PLAN], ["programme", "中蒙医药"],
                 ["region", "阜新"], ["trace", "县域内就诊率"]):
        out = tmp_path / f"{args[0]}.html"
        result = runner.invoke(app, ["viz", *args, "-o", str(out), "--store", store])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_names_a_bad_argument_in_one_line(sample_store_path, tmp_path):
    result = CliRunner().invoke(app, ["viz", "lineage", "没有这个文件", "-o", str(tmp_path / "x.html"),
                                      "--store", f"kglite:///{sample_store_path}"])
    assert result.exit_code == 1
    assert "没有这个文件" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()
