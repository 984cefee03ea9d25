"""The OWL ontology, generated from :mod:`ontology.schema` — nothing here is declared twice.

One ``owl:Class`` per node type and RDF-only class (English names, ``rdfs:label`` in ``@en`` and ``@zh``,
``rdfs:comment``), one ``owl:ObjectProperty`` per relation with its domain and range (an ``owl:unionOf``
where a relation allows several patterns, plus an ``owl:allValuesFrom`` restriction per source class so the
exact patterns are stated), one ``owl:DatatypeProperty`` per property with its ``xsd`` range. Reused
vocabularies (W3C ORG, ELI, SKOS, RDF Data Cube, PROV-O, Web Annotation, DCMI terms) are tied in through
``rdfs:subClassOf`` and ``rdfs:subPropertyOf``.

>>> g = ontology_graph()
>>> (PG.Task, RDF.type, OWL.Class) in g and (PG.leads, RDF.type, OWL.ObjectProperty) in g
True
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.plugin import PluginException

from .errors import InputError, SchemaViolation
from .schema import NODE_TYPES, RDF_CLASSES, RELATIONS, Property, camel
from .vocab import ONTOLOGY_IRI, PG, bind_prefixes, resolve

VERSION = "0.1.0"
QUALIFIED = "QualifiedRelation"  # the RDF-only class that carries an edge's properties


def class_iri(name: str) -> URIRef:
    """``pg:<Name>`` for a node type or RDF-only class."""
    return PG[name]


def relation_iri(name: str) -> URIRef:
    """``pg:leads`` for ``LEADS``."""
    return PG[camel(name)]


def property_iri(prop: Property) -> URIRef:
    """``pg:docId`` for the ``doc_id`` property."""
    return PG[prop.local_name]


@dataclass(frozen=True, slots=True)
class DatatypeProperty:
    """One ``pg:`` datatype property and every class (or ``QualifiedRelation``) that uses it."""

    iri: URIRef
    name: str
    datatype: str
    label_zh: str
    comment: str
    owners: tuple[str, ...]
    vocab: tuple[str, ...]


@cache
def datatype_properties() -> dict[URIRef, DatatypeProperty]:
    """Every property of every node type and relation, merged by IRI; raises if two disagree on datatype."""
    merged: dict[URIRef, DatatypeProperty] = {}
    owned: list[tuple[str, Property]] = [(t.name, p) for t in NODE_TYPES.values() for p in t.properties]
    owned += [(QUALIFIED, p) for r in RELATIONS.values() for p in r.properties]
    for owner, prop in owned:
        iri = property_iri(prop)
        seen = merged.get(iri)
        if seen is None:
            merged[iri] = DatatypeProperty(iri, prop.name, prop.datatype, prop.label_zh, prop.comment, (owner,),
                                           (prop.vocab,) if prop.vocab else ())
            continue
        if seen.datatype != prop.datatype:
            raise SchemaViolation(f"property {prop.name!r} is {seen.datatype} on {seen.owners} but {prop.datatype} "
                                  f"on {owner}: give one of them its own RDF name (Property.iri)")
        owners = seen.owners if owner in seen.owners else (*seen.owners, owner)
        vocab = seen.vocab if not prop.vocab or prop.vocab in seen.vocab else (*seen.vocab, prop.vocab)
        merged[iri] = DatatypeProperty(iri, seen.name, seen.datatype, seen.label_zh, seen.comment or prop.comment,
                                       owners, vocab)
    return merged


def _words(name: str) -> str:
    return name.replace("_", " ").lower()


def _labels(g: Graph, node: URIRef, en: str, zh: str, comment: str = "") -> None:
    g.add((node, RDFS.label, Literal(en, lang="en")))
    g.add((node, RDFS.label, Literal(zh, lang="zh")))
    if comment:
        g.add((node, RDFS.comment, Literal(comment, lang="en")))
    g.add((node, RDFS.isDefinedBy, ONTOLOGY_IRI))


def _union(g: Graph, names: Iterable[str]) -> URIRef | BNode:
    """A class expression for one or several classes: the class itself or an ``owl:unionOf``."""
    members = list(dict.fromkeys(names))
    if len(members) == 1:
        return class_iri(members[0])
    node = BNode()
    g.add((node, RDF.type, OWL.Class))
    Collection(g, node_list := BNode(), [class_iri(m) for m in members])
    g.add((node, OWL.unionOf, node_list))
    return node


def _classes(g: Graph) -> None:
    for t in NODE_TYPES.values():
        iri = class_iri(t.name)
        g.add((iri, RDF.type, OWL.Class))
        _labels(g, iri, t.name, t.label_zh, t.comment)
        for curie in t.vocab:
            g.add((iri, RDFS.subClassOf, resolve(curie)))
    for c in RDF_CLASSES.values():
        iri = class_iri(c.name)
        g.add((iri, RDF.type, OWL.Class))
        _labels(g, iri, c.name, c.label_zh, c.comment)
        for curie in c.vocab:
            g.add((iri, RDFS.subClassOf, resolve(curie)))
        for ind in c.individuals:
            node = PG[ind.iri]
            g.add((node, RDF.type, OWL.NamedIndividual))
            g.add((node, RDF.type, iri))
            g.add((node, SKOS.notation, Literal(ind.value)))
            _labels(g, node, ind.value, ind.label_zh, ind.comment)


def _relations(g: Graph) -> None:
    for r in RELATIONS.values():
        iri = relation_iri(r.name)
        g.add((iri, RDF.type, OWL.ObjectProperty))
        _labels(g, iri, _words(r.name), r.label_zh, r.comment)
        g.add((iri, RDFS.domain, _union(g, (s for s, _ in r.patterns))))
        g.add((iri, RDFS.range, _union(g, (t for _, t in r.patterns))))
        if r.vocab:
            g.add((iri, RDFS.subPropertyOf, resolve(r.vocab)))
        sources = dict.fromkeys(s for s, _ in r.patterns)
        for source in sources:
            restriction = BNode()
            g.add((restriction, RDF.type, OWL.Restriction))
            g.add((restriction, OWL.onProperty, iri))
            g.add((restriction, OWL.allValuesFrom, _union(g, (t for s, t in r.patterns if s == source))))
            g.add((class_iri(source), RDFS.subClassOf, restriction))


def _datatype_properties(g: Graph) -> None:
    for p in datatype_properties().values():
        g.add((p.iri, RDF.type, OWL.DatatypeProperty))
        _labels(g, p.iri, _words(p.name), p.label_zh, p.comment)
        g.add((p.iri, RDFS.domain, _union(g, p.owners)))
        g.add((p.iri, RDFS.range, XSD[p.datatype]))
        for curie in p.vocab:
            g.add((p.iri, RDFS.subPropertyOf, resolve(curie)))


LINK_PROPERTIES: tuple[tuple[str, str, str | None, str, str], ...] = (
    # local name, domain, range, label_zh, comment
    ("hasQualifiedRelation", "", QUALIFIED, "限定关系", "Links a relation's source to the resource qualifying it."),
    ("relationType", QUALIFIED, None, "关系类型", "The pg: object property this resource qualifies."),
    ("relationTarget", QUALIFIED, None, "关系目标", "The target of the qualified relation."),
    ("hasRole", QUALIFIED, "ResponsibilityRole", "职责角色", "The role a body plays in a LEADS/SUPPORTS relation."),
    ("hasLevel", "", "Level", "行政层级", "The level of government, as an individual (from the level property)."),
)


def _links(g: Graph) -> None:
    for name, domain, range_, zh, comment in LINK_PROPERTIES:
        iri = PG[name]
        g.add((iri, RDF.type, OWL.ObjectProperty))
        _labels(g, iri, name, zh, comment)
        if domain:
            g.add((iri, RDFS.domain, class_iri(domain)))
        if range_:
            g.add((iri, RDFS.range, class_iri(range_)))


@cache
def _build() -> Graph:
    g = bind_prefixes(Graph())
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(VERSION)))
    g.add((ONTOLOGY_IRI, DCTERMS.title, Literal("PolicyGraph ontology", lang="en")))
    g.add((ONTOLOGY_IRI, DCTERMS.title, Literal("政策图谱本体", lang="zh")))
    g.add((ONTOLOGY_IRI, RDFS.comment, Literal(
        "Chinese health policy: documents, sections, tasks, bodies with lead/support roles, indicators and "
        "targets, programmes, regions and citations, each pointing back to its source text.", lang="en")))
    _classes(g)
    _relations(g)
    _datatype_properties(g)
    _links(g)
    return g


def ontology_graph() -> Graph:
    """The ontology as a fresh :class:`rdflib.Graph` (a copy: callers may add to it)."""
    g = bind_prefixes(Graph())
    for triple in _build():
        g.add(triple)
    return g


def export_owl(path: str | Path, format: str = "turtle") -> Path:
    """Write the ontology to ``path`` in an rdflib ``format`` (turtle, xml, json-ld, nt …); returns the path."""
    path = Path(path)
    try:
        ontology_graph().serialize(destination=path, format=format, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write the ontology: {e.strerror}; choose a writable path", source=str(path)) from e
    except PluginException as e:
        raise InputError(f"unknown RDF format {format!r}; use turtle, xml, json-ld or nt", source=str(path)) from e
    return path
