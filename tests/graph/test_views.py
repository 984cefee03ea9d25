"""networkx views and exports (RDF round trip + SHACL, GraphML, neo4j-admin CSV)."""
from __future__ import annotations

import csv

import networkx as nx
import pytest
from conftest import fuxin, liaoning

from graph.export import export_graph, graph_records, to_rdf_graph
from graph.load import load_extractions
from graph.netx import neighbourhood, to_networkx
from ontology.errors import InputError


@pytest.fixture
def loaded(store):
    load_extractions(store, [liaoning(), fuxin()])
    return store


def test_networkx_view_matches_the_store(loaded):
    g = to_networkx(loaded)
    counts = loaded.counts()
    assert g.number_of_nodes() == sum(counts["nodes"].values())
    assert g.number_of_edges() == sum(counts["relations"].values())
    assert g.nodes["Region:210000"]["name"] == "辽宁省" and "type" not in g.nodes["Region:210000"]


def test_neighbourhood_is_a_subgraph(loaded):
    sub = neighbourhood(loaded, "Indicator", "ind:县域内就诊率")
    assert {"Target", "Task", "Indicator"} <= {d["label"] for _, d in sub.nodes(data=True)}
    assert set(sub.nodes) < set(to_networkx(loaded).nodes)


def test_rdf_round_trips_and_conforms(loaded):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from ontology.shapes import validate

    g = to_rdf_graph(loaded)
    again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, again)
    conforms, report = validate(g)
    assert conforms, report


def test_graphml_and_csv_exports(loaded, tmp_path):
    export_graph(loaded, "graphml", tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == to_networkx(loaded).number_of_nodes()
    files = export_graph(loaded, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "nodes_Region.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[0] == "code:ID(Region)"
    with (tmp_path / "csv" / "rels_LEADS_Organisation_Task.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f))[:3] == [":START_ID(Organisation)", ":END_ID(Task)", ":TYPE"]
    script = (tmp_path / "csv" / "import.sh").read_text()
    assert "neo4j-admin database import full" in script
    assert all(f.name in script for f in files if f.suffix == ".csv")
    nodes, edges = graph_records(loaded)
    rows = sum(1 for f in files if f.suffix == ".csv" for _ in f.open(encoding="utf-8")) - len(files) + 1
    assert rows == len(nodes) + len(edges)


def test_unknown_format_is_an_input_error(loaded, tmp_path):
    with pytest.raises(InputError):
        export_graph(loaded, "xlsx", tmp_path / "x")
