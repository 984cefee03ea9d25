"""The OWL ontology generated from the schema: complete, labelled, reusing vocabularies, and round-tripping."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SKOS

from ontology.errors import InputError, SchemaViolation
from ontology.owl import class_iri, datatype_properties, export_owl, ontology_graph, relation_iri
from ontology.schema import NODE_TYPES, RDF_CLASSES, RELATIONS
from ontology.vocab import ELI, OA, ONTOLOGY_IRI, PG, resolve

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def g() -> Graph:
    return ontology_graph()


def _members(g: Graph, expr) -> set:
    """The classes a domain/range names: itself, or the members of its owl:unionOf."""
    union = g.value(expr, OWL.unionOf)
    return set(Collection(g, union)) if union is not None else {expr}


def _labels(g: Graph, iri) -> dict[str, str]:
    return {lit.language: str(lit) for lit in g.objects(iri, RDFS.label)}


@pytest.mark.parametrize("fmt", ["turtle", "xml", "nt", "json-ld"])
def test_export_parses_back_isomorphic(tmp_path: Path, fmt: str) -> None:
    path = export_owl(tmp_path / f"policygraph.{fmt}", format=fmt)
    assert isomorphic(Graph().parse(path, format=fmt), ontology_graph())


def test_turtle_export_is_utf8_with_chinese_labels(tmp_path: Path) -> None:
    text = export_owl(tmp_path / "o.ttl").read_text(encoding="utf-8")
    assert '"任务"@zh' in text and "@prefix eli: <http://data.europa.eu/eli/ontology#>" in text


def test_is_an_owl_ontology(g: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert {lit.language for lit in g.objects(ONTOLOGY_IRI, DCTERMS.title)} == {"en", "zh"}


@pytest.mark.parametrize("name", [*NODE_TYPES, *RDF_CLASSES])
def test_every_class_is_declared_with_english_and_chinese_labels(g: Graph, name: str) -> None:
    iri = class_iri(name)
    assert (iri, RDF.type, OWL.Class) in g
    labels = _labels(g, iri)
    assert labels["en"] == name
    assert labels["zh"] == (NODE_TYPES.get(name) or RDF_CLASSES[name]).label_zh
    assert g.value(iri, RDFS.comment) is not None


@pytest.mark.parametrize("name", list(RELATIONS))
def test_every_relation_is_an_object_property_with_its_patterns(g: Graph, name: str) -> None:
    rel, iri = RELATIONS[name], relation_iri(name)
    assert (iri, RDF.type, OWL.ObjectProperty) in g
    assert _labels(g, iri)["zh"] == rel.label_zh
    assert _members(g, g.value(iri, RDFS.domain)) == {class_iri(s) for s, _ in rel.patterns}
    assert _members(g, g.value(iri, RDFS.range)) == {class_iri(t) for _, t in rel.patterns}
    for source in {s for s, _ in rel.patterns}:  # the exact pattern, per source class
        restrictions = [r for r in g.objects(class_iri(source), RDFS.subClassOf)
                        if (r, OWL.onProperty, iri) in g]
        assert len(restrictions) == 1
        allowed = _members(g, g.value(restrictions[0], OWL.allValuesFrom))
        assert allowed == {class_iri(t) for s, t in rel.patterns if s == source}


def test_multi_pattern_relation_uses_union(g: Graph) -> None:
    domain = g.value(relation_iri("CONTAINS"), RDFS.domain)
    assert g.value(domain, OWL.unionOf) is not None
    assert g.value(relation_iri("MEASURES"), RDFS.domain) == PG.Target


def test_every_property_is_a_datatype_property_with_xsd_range(g: Graph) -> None:
    declared = {p for t in NODE_TYPES.values() for p in t.properties} | {
        p for r in RELATIONS.values() for p in r.properties}
    iris = datatype_properties()
    assert {PG[p.local_name] for p in declared} == set(iris)
    for iri, prop in iris.items():
        assert (iri, RDF.type, OWL.DatatypeProperty) in g
        assert g.value(iri, RDFS.range) == namespace.XSD[prop.datatype]
    assert g.value(PG.numericValue, RDFS.range) == namespace.XSD.decimal
    assert g.value(PG.number, RDFS.range) == namespace.XSD.string


@pytest.mark.parametrize("sub, relation, sup", [
    (PG.Organisation, RDFS.subClassOf, ORG.Organization),
    (PG.Document, RDFS.subClassOf, ELI.LegalResource),
    (PG.Task, RDFS.subClassOf, ELI.LegalResourceSubdivision),
    (PG.Programme, RDFS.subClassOf, SKOS.Concept),
    (PG.Target, RDFS.subClassOf, QB.Observation),
    (PG.Indicator, RDFS.subClassOf, QB.MeasureProperty),
    (PG.Region, RDFS.subClassOf, ORG.Site),
    (PG.Evidence, RDFS.subClassOf, OA.SpecificResource),
    (PG.Evidence, RDFS.subClassOf, PROV.Entity),
    (PG.ResponsibilityRole, RDFS.subClassOf, PROV.Role),
    (PG.references, RDFS.subPropertyOf, ELI.cites),
    (PG.contains, RDFS.subPropertyOf, ELI.has_part),
    (PG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
    (PG.locatedIn, RDFS.subPropertyOf, ORG.hasSite),
    (PG.broader, RDFS.subPropertyOf, SKOS.broader),
    (PG.measures, RDFS.subPropertyOf, QB.measureType),
    (PG.name, RDFS.subPropertyOf, SKOS.prefLabel),
    (PG.date, RDFS.subPropertyOf, ELI.date_document),
])
def test_reused_vocabularies(g: Graph, sub, relation, sup) -> None:
    assert (sub, relation, sup) in g


def test_individuals_for_levels_and_roles(g: Graph) -> None:
    assert {s for s in g.subjects(RDF.type, PG.Level)} == {
        PG.nationalLevel, PG.provinceLevel, PG.cityLevel, PG.countyLevel}
    assert {s for s in g.subjects(RDF.type, PG.ResponsibilityRole)} == {PG.leadRole, PG.supportRole, PG.splitRole}
    assert g.value(PG.provinceLevel, SKOS.notation) == Literal("province")
    assert _labels(g, PG.leadRole)["zh"] == "牵头"


def test_every_reused_curie_resolves_and_typos_raise() -> None:
    curies = {c for t in NODE_TYPES.values() for c in t.vocab} | {r.vocab for r in RELATIONS.values() if r.vocab}
    curies |= {p.vocab for t in NODE_TYPES.values() for p in t.properties if p.vocab}
    assert all(resolve(c) for c in curies)
    with pytest.raises(SchemaViolation):
        resolve("org:Organisation")  # British spelling: not a W3C ORG term
    with pytest.raises(SchemaViolation):
        resolve("foaf:Person")


def test_a_datatype_property_never_specialises_an_object_property(g: Graph) -> None:
    object_like = {ELI.type_document, ELI.has_part, ELI.passed_by, ELI.cites, ORG.hasSite, QB.measureType}
    for iri in datatype_properties():
        assert not set(g.objects(iri, RDFS.subPropertyOf)) & object_like


def test_ontology_graph_is_a_copy(g: Graph) -> None:
    ontology_graph().add((PG.Task, RDFS.label, Literal("changed")))
    assert (PG.Task, RDFS.label, Literal("changed")) not in ontology_graph()


def test_export_errors_tell_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown RDF format"):
        export_owl(tmp_path / "o.x", format="docx")
    with pytest.raises(InputError, match="writable"):
        export_owl(tmp_path / "missing" / "dir" / "o.ttl")
