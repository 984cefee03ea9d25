"""SHACL shapes generated from :mod:`ontology.schema`, and validation of instance data with pySHACL.

Per node class: the key property is required (exactly one non-empty string), every property has at most
one value of its ``xsd`` datatype (and one of its listed values, for enumerations), extracted classes must
point to exactly one ``pg:Evidence``, and each relation may only lead to the classes its patterns allow.
Per relation, its subjects and objects must be of an allowed class. Evidence needs a source document,
one position selector (``oa:start`` <= ``oa:end``, non-negative integers) and one quote selector.

>>> from ontology.rdf import to_rdf
>>> validate(to_rdf([{"label": "Region", "props": {"code": "330000", "level": "province"}}], []))[0]
True
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDF, SH, XSD
from rdflib.term import Node as RdfNode

from .errors import SchemaViolation
from .owl import QUALIFIED, class_iri, property_iri, relation_iri
from .schema import NODE_TYPES, RELATIONS, NodeType, Property
from .vocab import OA, PG, PGSH, bind_prefixes


def _list(g: Graph, items: Sequence[RdfNode]) -> BNode:
    head = BNode()
    Collection(g, head, list(items))
    return head


def _property_shape(g: Graph, shape: RdfNode, path: RdfNode, **constraints: RdfNode | Iterable[RdfNode]) -> BNode:
    """Add ``shape sh:property [sh:path path; sh:<name> value …]``; list-valued constraints become RDF lists."""
    prop = BNode()
    g.add((shape, SH.property, prop))
    g.add((prop, SH.path, path))
    for name, value in constraints.items():
        if isinstance(value, list | tuple):
            value = _list(g, value)
        g.add((prop, SH[name], value))
    return prop


def _class_constraint(g: Graph, node: RdfNode, classes: Sequence[str]) -> None:
    """``sh:class C`` for one class, ``sh:or ([sh:class A] [sh:class B])`` for several."""
    unique = list(dict.fromkeys(classes))
    if len(unique) == 1:
        g.add((node, SH["class"], class_iri(unique[0])))
        return
    alternatives = []
    for name in unique:
        alt = BNode()
        g.add((alt, SH["class"], class_iri(name)))
        alternatives.append(alt)
    g.add((node, SH["or"], _list(g, alternatives)))


def _datatype_shape(g: Graph, shape: URIRef, prop: Property, *, key: bool = False) -> None:
    constraints: dict[str, RdfNode | list[RdfNode]] = {"maxCount": Literal(1), "datatype": XSD[prop.datatype],
                                                       "name": Literal(prop.name)}
    if key:
        constraints |= {"minCount": Literal(1), "minLength": Literal(1)}
    if prop.values:
        constraints["in"] = [Literal(v) for v in prop.values]
    _property_shape(g, shape, property_iri(prop), **constraints)


def _node_shape(g: Graph, t: NodeType) -> None:
    shape = PGSH[f"{t.name}Shape"]
    g.add((shape, RDF.type, SH.NodeShape))
    g.add((shape, SH.targetClass, class_iri(t.name)))
    for prop in t.properties:
        _datatype_shape(g, shape, prop, key=prop.name == t.key)
    evidence: dict[str, RdfNode] = {"maxCount": Literal(1), "class": class_iri("Evidence")}
    if t.evidenced:
        evidence["minCount"] = Literal(1)
        evidence["message"] = Literal(f"every {t.name} must point to its source text (one pg:Evidence)")
    _property_shape(g, shape, PROV.wasDerivedFrom, **evidence)
    for rel in RELATIONS.values():
        targets = [tgt for src, tgt in rel.patterns if src == t.name]
        if targets:
            prop = _property_shape(g, shape, relation_iri(rel.name))
            _class_constraint(g, prop, targets)


def _relation_shapes(g: Graph) -> None:
    for rel in RELATIONS.values():
        for end, target_kind, index in (("Source", SH.targetSubjectsOf, 0), ("Target", SH.targetObjectsOf, 1)):
            shape = PGSH[f"{relation_iri(rel.name).fragment}{end}Shape"]
            g.add((shape, RDF.type, SH.NodeShape))
            g.add((shape, target_kind, relation_iri(rel.name)))
            _class_constraint(g, shape, [pattern[index] for pattern in rel.patterns])


def _evidence_shapes(g: Graph) -> None:
    shape = PGSH.EvidenceShape
    g.add((shape, RDF.type, SH.NodeShape))
    g.add((shape, SH.targetClass, class_iri("Evidence")))
    one: dict[str, RdfNode] = {"minCount": Literal(1), "maxCount": Literal(1)}
    _property_shape(g, shape, OA.hasSource, nodeKind=SH.IRI, **one)
    for selector in (OA.TextPositionSelector, OA.TextQuoteSelector):
        qualified = BNode()
        g.add((qualified, SH["class"], selector))
        _property_shape(g, shape, OA.hasSelector, qualifiedValueShape=qualified,
                        qualifiedMinCount=Literal(1), qualifiedMaxCount=Literal(1))
    position = PGSH.TextPositionSelectorShape
    g.add((position, RDF.type, SH.NodeShape))
    g.add((position, SH.targetClass, OA.TextPositionSelector))
    _property_shape(g, position, OA.start, datatype=XSD.nonNegativeInteger, lessThanOrEquals=OA.end, **one)
    _property_shape(g, position, OA.end, datatype=XSD.nonNegativeInteger, **one)
    quote = PGSH.TextQuoteSelectorShape
    g.add((quote, RDF.type, SH.NodeShape))
    g.add((quote, SH.targetClass, OA.TextQuoteSelector))
    _property_shape(g, quote, OA.exact, datatype=XSD.string, **one)


def _qualified_shape(g: Graph) -> None:
    shape = PGSH[f"{QUALIFIED}Shape"]
    g.add((shape, RDF.type, SH.NodeShape))
    g.add((shape, SH.targetClass, class_iri(QUALIFIED)))
    one: dict[str, RdfNode] = {"minCount": Literal(1), "maxCount": Literal(1)}
    _property_shape(g, shape, PG.relationType, **one, **{"in": [relation_iri(name) for name in RELATIONS]})
    _property_shape(g, shape, PG.relationTarget, nodeKind=SH.IRI, **one)
    inverse = BNode()
    g.add((inverse, SH.inversePath, PG.hasQualifiedRelation))
    _property_shape(g, shape, inverse, **one)
    _property_shape(g, shape, PROV.wasDerivedFrom, maxCount=Literal(1), **{"class": class_iri("Evidence")})
    done: set[URIRef] = set()
    for rel in RELATIONS.values():
        for prop in rel.properties:
            if property_iri(prop) not in done:
                done.add(property_iri(prop))
                _datatype_shape(g, shape, prop)


@cache
def _build() -> Graph:
    g = bind_prefixes(Graph())
    g.bind("pgsh", str(PGSH))
    for t in NODE_TYPES.values():
        _node_shape(g, t)
    _relation_shapes(g)
    _evidence_shapes(g)
    _qualified_shape(g)
    return g


def shapes_graph() -> Graph:
    """The SHACL shapes as a fresh :class:`rdflib.Graph` (a copy: callers may add to it)."""
    g = bind_prefixes(Graph())
    g.bind("pgsh", str(PGSH))
    for triple in _build():
        g.add(triple)
    return g


def validate(data_graph: Graph, shapes: Graph | None = None) -> tuple[bool, str]:
    """Validate ``data_graph`` against the shapes; returns ``(conforms, report_text)``.

    No inference is run: the data must state its classes (as :func:`ontology.rdf.to_rdf` does).
    """
    from pyshacl import validate as shacl_validate  # heavy import; only when validating
    from pyshacl.errors import ReportableRuntimeError

    try:
        conforms, _, text = shacl_validate(data_graph, shacl_graph=shapes if shapes is not None else _build(),
                                           inference="none", advanced=False, allow_warnings=False)
    except ReportableRuntimeError as e:
        raise SchemaViolation(f"SHACL validation could not run: {e}; check the shapes graph") from e
    return bool(conforms), str(text)
