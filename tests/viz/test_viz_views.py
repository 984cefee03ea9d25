from __future__ import annotations

import networkx as nx
import pytest

from ontology.errors import InputError, PolicyGraphError
from viz.explorer import explorer_page
from viz.pages import view_page
from viz.sample import owners_of, sample_views
from viz.style import style
from viz.views import inheritance, programme, region, responsibility


def test_responsibility_keeps_owners_and_ranks_left_to_right(graph):
    before = nx.to_dict_of_dicts(graph)
    view = responsibility(owners_of(graph, "ind:doctors"), focus="ind:doctors")
    assert nx.to_dict_of_dicts(graph) == before  # the input is not mutated
    types = {t for _, t in view.nodes(data="type")}
    assert types <= {"Organisation", "Task", "Target", "Indicator", "Programme"}
    assert view.graph["direction"] == "LR"
    assert {view.nodes[n]["rank"] for n, t in view.nodes(data="type") if t == "Organisation"} == {0}
    assert view.nodes["ind:doctors"]["focus"] is True
    target = next(n for n, t in view.nodes(data="type") if t == "Target")
    assert "（20" in view.nodes[target]["label"]  # value and year, side by side comparable


def test_inheritance_grid_national_to_county(graph):
    lineage = nx.MultiDiGraph(graph.subgraph(
        [n for n, t in graph.nodes(data="type") if t in ("Document", "Target", "Indicator", "Task")]))
    view = inheritance(lineage)
    y = {view.nodes[d]["props"]["level"]: view.nodes[d]["pos"][1]
         for d, t in view.nodes(data="type") if t == "Document"}
    assert y["national"] < y["province"] < y["city"] < y["county"]
    assert not any(t == "Task" for _, t in view.nodes(data="type"))
    doctors = [n for n, a in view.nodes(data=True)
               if a["type"] == "Target" and a["props"]["indicator"] == "每千人口执业（助理）医师数"]
    assert len(doctors) == 4  # one per level
    assert len({view.nodes[n]["pos"][0] for n in doctors}) == 1  # the same column
    assert view.nodes["ind:doctors"]["pos"][0] == view.nodes[doctors[0]]["pos"][0]
    # a target set through a task takes its document's level and stands in that document's row
    via_task = next(n for n in doctors if view.nodes[n]["props"]["doc_id"] == "doc:prov")
    assert view.nodes[via_task]["level"] == "province"
    assert view.nodes[via_task]["pos"][1] == view.nodes["doc:prov"]["pos"][1]
    assert {view.nodes[n]["level"] for n in doctors} == {"national", "province", "city", "county"}
    assert not any(t == "MEASURES" for *_, t in view.edges(data="type"))  # the column says it


def test_region_ranks_follow_levels(graph):
    view = region(graph, focus="region:430100")
    assert view.nodes["region:100000"]["rank"] < view.nodes["region:430000"]["rank"] \
        < view.nodes["region:430100"]["rank"] < view.nodes["region:430182"]["rank"]
    assert view.nodes["doc:city"]["rank"] == view.nodes["region:430100"]["rank"] + 1


def test_programme_drops_sections(graph):
    g = nx.MultiDiGraph(graph)
    g.add_node("sec", type="Section", label="一、", level=None, props={}, quote=None, doc=None)
    assert "sec" not in programme(g)


@pytest.mark.parametrize("kind", ["responsibility", "inheritance", "programme", "region", "owners", "lineage"])
def test_every_view_renders(kind, embedded):
    name = {"owners": "responsibility", "lineage": "inheritance"}.get(kind, kind)
    g, focus, title = sample_views()[name]
    page = view_page(kind, g, title=title, focus=focus, links=True)
    data = embedded(page)
    assert len(data["nodes"]) > 3
    assert f'data-kind="{name}"' in page


def test_unknown_view_is_an_input_error(graph):
    with pytest.raises(InputError, match="choose one of"):
        view_page("nonsense", graph, title="x")
    assert issubclass(InputError, PolicyGraphError)


def test_explorer_is_self_contained():
    page = explorer_page()
    assert "/search?q=" in page and "'/cypher'" in page
    assert 'src="http' not in page and "href=\"http" not in page
    assert "vis.Network" in page
    for pattern in ("/viz/owners?indicator={id}", "/viz/lineage/{id}", "/viz/programme/{id}",
                    "/viz/region/{id}", "/viz/owners?organisation={id}"):
        assert pattern in page


def test_view_urls_escape_ids():
    assert style().view_url("Region", "430100") == "/viz/region/430100"
    assert style().view_url("Document", "a/b c") == "/viz/lineage/a%2Fb%20c"
    assert style().view_url("Task", "t1") is None
