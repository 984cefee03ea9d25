"""The RDF namespaces PolicyGraph uses, as closed vocabularies: a misspelt term raises, it never mints an IRI.

``PG`` is the ontology (``https://policygraph.org/ontology#``), ``ID`` the instance space
(``https://policygraph.org/id/``). ELI and Web Annotation have no namespace in rdflib, so they are
declared here with the terms PolicyGraph reuses; ORG, SKOS, QB, PROV and DCTERMS are rdflib's own.

>>> str(resolve("eli:cites"))
'http://data.europa.eu/eli/ontology#cites'
>>> resolve("eli:citez")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ontology.errors.SchemaViolation: unknown vocabulary term 'eli:citez': ...
"""
from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDFS, SH, SKOS, XSD, DefinedNamespace

from .errors import SchemaViolation

PG = Namespace("https://policygraph.org/ontology#")
ONTOLOGY_IRI = URIRef("https://policygraph.org/ontology")
ID = Namespace("https://policygraph.org/id/")
PGSH = Namespace("https://policygraph.org/shapes#")


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the terms PolicyGraph reuses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    AdministrativeArea: URIRef
    Agent: URIRef
    title: URIRef
    id_local: URIRef
    date_document: URIRef
    type_document: URIRef
    has_part: URIRef
    is_part_of: URIRef
    passed_by: URIRef
    jurisdiction: URIRef
    cites: URIRef
    based_on: URIRef
    applies: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the selector terms PolicyGraph reuses for evidence."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    hasTarget: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


PREFIXES: dict[str, object] = {
    "pg": PG, "eli": ELI, "oa": OA, "org": ORG, "skos": SKOS, "qb": QB, "prov": PROV,
    "dcterms": DCTERMS, "owl": OWL, "rdfs": RDFS, "xsd": XSD, "sh": SH,
}


def resolve(curie: str) -> URIRef:
    """The IRI of a reused term written as a CURIE (``"org:Organization"``); raises on unknown terms."""
    prefix, _, local = curie.partition(":")
    try:
        return URIRef(getattr(PREFIXES[prefix], local))
    except (KeyError, AttributeError) as e:
        raise SchemaViolation(f"unknown vocabulary term {curie!r}: declare it in ontology/vocab.py "
                              f"(prefixes: {sorted(PREFIXES)})") from e


def bind_prefixes(graph: Graph, *, instances: bool = False) -> Graph:
    """Bind PolicyGraph's prefixes on ``graph`` (and ``pgid:`` for instance data); returns the graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, str(ns), override=True)
    if instances:
        graph.bind("pgid", str(ID), override=True)
    return graph
