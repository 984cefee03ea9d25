"""SHACL shapes generated from the schema accept valid instance data and reject broken data."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from ontology_strategies import graphs
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SH

from ontology.rdf import node_iri, to_rdf
from ontology.schema import NODE_TYPES, RELATIONS
from ontology.shapes import shapes_graph, validate
from ontology.vocab import OA, PG, PGSH

TASK = ("Task", "doc1/一/（一）")
ORGAN = ("Organisation", "县卫生健康局")


def _ev(quote: str, start: int = 0) -> dict:
    return {"ev_doc": "doc1", "ev_start": start, "ev_end": start + len(quote), "ev_quote": quote}


def _valid() -> Graph:
    nodes = [
        {"label": "Document", "props": {"id": "doc1", "title": "某县卫生健康工作要点", "level": "county",
                                        "date": "2024-02-20", "year": 2024}},
        {"label": "Section", "props": {"id": "doc1/一", "doc_id": "doc1", "depth": 1, **_ev("一、深化医改")}},
        {"label": "Task", "props": {"id": TASK[1], "doc_id": "doc1", "title": "推进\"紧密型\"医共体建设",
                                    **_ev("推进紧密型医共体建设", 8)}},
        {"label": "Organisation", "props": {"id": ORGAN[1], "name": ORGAN[1], "kind": "department",
                                            "level": "county"}},
        {"label": "Region", "props": {"code": "330102", "name": "上城区", "level": "county"}},
        {"label": "Target", "props": {"id": "t1", "number": 90.0, "comparator": ">=", "nature": "约束性",
                                      **_ev("达到90%", 30)}},
        {"label": "Indicator", "props": {"id": "i1", "name": "县域就诊率", "direction": "higher"}},
    ]
    edges = [
        {"type": "CONTAINS", "source": ("Document", "doc1"), "target": ("Section", "doc1/一")},
        {"type": "CONTAINS", "source": ("Section", "doc1/一"), "target": TASK},
        {"type": "LEADS", "source": ORGAN, "target": TASK, "props": {"split": False, **_ev("县卫生健康局牵头", 20)}},
        {"type": "SETS_TARGET", "source": TASK, "target": ("Target", "t1")},
        {"type": "MEASURES", "source": ("Target", "t1"), "target": ("Indicator", "i1")},
        {"type": "COVERS", "source": ("Document", "doc1"), "target": ("Region", "330102")},
        {"type": "LOCATED_IN", "source": ORGAN, "target": ("Region", "330102")},
    ]
    return to_rdf(nodes, edges)


def test_shapes_cover_every_class_and_relation() -> None:
    g = shapes_graph()
    targets = set(g.objects(None, SH.targetClass))
    assert {PG[name] for name in NODE_TYPES} | {PG.Evidence, PG.QualifiedRelation} <= targets
    subjects_of = set(g.objects(None, SH.targetSubjectsOf))
    assert {PG[name] for name in ("leads", "contains", "setsTarget")} <= subjects_of
    assert len(subjects_of) == len(RELATIONS)


def test_valid_instance_graph_conforms() -> None:
    conforms, report = validate(_valid())
    assert conforms, report


def _broken(mutate) -> tuple[bool, str]:
    g = _valid()
    mutate(g)
    return validate(g)


def test_missing_key_is_reported() -> None:
    conforms, report = _broken(lambda g: g.remove((node_iri(*TASK), PG.id, None)))
    assert not conforms and "MinCountConstraintComponent" in report and "pg:id" in report


def test_wrong_relation_target_class_is_reported() -> None:
    # a body leading a region: (Organisation)-[LEADS]->(Region) is not an allowed pattern
    conforms, report = _broken(lambda g: g.add((node_iri(*ORGAN), PG.leads, node_iri("Region", "330102"))))
    assert not conforms and "ClassConstraintComponent" in report and "pg:Task" in report


def test_wrong_relation_source_class_is_reported() -> None:
    conforms, report = _broken(lambda g: g.add((node_iri(*TASK), PG.covers, node_iri("Region", "330102"))))
    assert not conforms and "coversSourceShape" in report


def test_missing_evidence_on_an_extracted_node_is_reported() -> None:
    conforms, report = _broken(lambda g: g.remove((node_iri(*TASK), PROV.wasDerivedFrom, None)))
    assert not conforms and "source text" in report


def test_value_outside_an_enumeration_is_reported() -> None:
    def mutate(g: Graph) -> None:
        g.set((node_iri("Region", "330102"), PG.level, Literal("township")))
    conforms, report = _broken(mutate)
    assert not conforms and "InConstraintComponent" in report


def test_wrong_datatype_is_reported() -> None:
    def mutate(g: Graph) -> None:
        g.set((node_iri("Document", "doc1"), PG.year, Literal("二〇二四")))
    conforms, report = _broken(mutate)
    assert not conforms and "DatatypeConstraintComponent" in report


def test_evidence_span_must_not_run_backwards() -> None:
    def mutate(g: Graph) -> None:
        for selector in g.subjects(RDF.type, OA.TextPositionSelector):
            g.set((selector, OA.start, Literal(10_000)))
    conforms, report = _broken(mutate)
    assert not conforms and "LessThanOrEquals" in report


def test_evidence_without_quote_selector_is_reported() -> None:
    def mutate(g: Graph) -> None:
        for selector in list(g.subjects(RDF.type, OA.TextQuoteSelector)):
            g.remove((None, OA.hasSelector, selector))
    conforms, report = _broken(mutate)
    assert not conforms and "QualifiedMinCount" in report


def test_shapes_graph_is_a_copy() -> None:
    shapes_graph().remove((PGSH.TaskShape, None, None))
    assert (PGSH.TaskShape, RDF.type, SH.NodeShape) in shapes_graph()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(strict_evidence=True, max_nodes=6))
def test_any_schema_conformant_export_validates(data: tuple[list, list]) -> None:
    conforms, report = validate(to_rdf(*data))
    assert conforms, report
