"""Instance mapping between the property graph and RDF: ``to_rdf`` for the graph export, ``from_rdf`` to re-import.

A node ``{"label": "Task", "props": {...}}`` becomes ``pgid:Task/<key>`` (the key percent-encoded, so
Chinese, ``/`` and spaces are safe) typed ``pg:Task``, with one ``pg:`` literal per property. The
evidence properties (``ev_doc``, ``ev_start``, ``ev_end``, ``ev_quote``) become a ``pg:Evidence`` resource
— a Web Annotation specific resource whose ``oa:hasSource`` is the document, with an
``oa:TextPositionSelector`` (``oa:start``/``oa:end``) and an ``oa:TextQuoteSelector`` (``oa:exact``) —
linked by ``prov:wasDerivedFrom``. A Task stores its quote once, as its ``text``; its Evidence still carries
it as ``oa:exact`` and reads back into ``text``.

An edge ``{"type": "LEADS", "source": (label, key), "target": (label, key), "props": {...}}`` is always
the plain triple ``source pg:leads target``. When it has properties or evidence, when its relation declares
properties, or when the same triple occurs twice, it is also qualified (RDF-star is not used): ``source
pg:hasQualifiedRelation q``, ``q pg:relationType pg:leads ; pg:relationTarget target`` plus the properties
and evidence on ``q``. ``from_rdf`` reads qualified relations first and plain triples not covered by one.

Some triples are added for consumers of the reused vocabularies and are ignored on re-import (they are
derived from properties): ``pg:hasLevel`` to a Level individual, ``pg:hasRole`` to a responsibility role,
``eli:based_on``/``eli:applies`` for basis/implements citations and ``org:subOrganizationOf`` between bodies.

Properties whose value is ``None`` are treated as absent. Unknown labels, relations, patterns or properties,
and values of the wrong type, raise :class:`~ontology.errors.SchemaViolation`.

>>> g = to_rdf([{"label": "Region", "props": {"code": "330000", "name": "浙江省", "level": "province"}}], [])
>>> from_rdf(g)
([{'label': 'Region', 'props': {'code': '330000', 'name': '浙江省', 'level': 'province'}}], [])
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, XSD
from rdflib.term import Node as RdfNode

from .errors import SchemaViolation
from .owl import QUALIFIED, class_iri, property_iri, relation_iri
from .schema import EVIDENCE_PROPERTIES, LEVELS, NODE_TYPES, RELATIONS, ROLES, Property, RelationType, check, node_type
from .vocab import ELI, ID, OA, PG, bind_prefixes

NodeDict = dict[str, Any]
EdgeDict = dict[str, Any]

_LEVEL = {i.value: PG[i.iri] for i in LEVELS}
_ROLE = {i.value: PG[i.iri] for i in ROLES}
_ROLE_OF = {"LEADS": "lead", "SUPPORTS": "support"}
_CITATION = {"basis": ELI.based_on, "implements": ELI.applies}
_RELATION_BY_IRI = {relation_iri(name): name for name in RELATIONS}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def node_iri(label: str, key: str) -> URIRef:
    """The IRI of a node: ``node_iri("Task", "一/（二）")`` -> ``…/id/Task/%E4%B8%80%2F%EF%BC%88…``."""
    node_type(label)
    if not isinstance(key, str) or not key:
        raise SchemaViolation(f"{label} key must be a non-empty string, got {key!r}")
    return ID[f"{label}/{quote(key, safe='')}"]


def parse_node_iri(iri: RdfNode) -> tuple[str, str] | None:
    """``(label, key)`` for an IRI minted by :func:`node_iri`, else ``None``."""
    text = str(iri)
    if not isinstance(iri, URIRef) or not text.startswith(str(ID)):
        return None
    label, sep, key = text[len(str(ID)):].partition("/")
    if not sep or label not in NODE_TYPES or not key or "/" in key:
        return None
    return label, unquote(key)


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=8).hexdigest()


# ---------------------------------------------------------------- literals

def _literal(prop: Property, value: Any, where: str) -> Literal:
    kind = prop.datatype
    if kind == "string" and isinstance(value, str):
        return Literal(value)
    if kind == "boolean" and isinstance(value, bool):
        return Literal(value)
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return Literal(value, datatype=XSD.integer)
    if kind == "decimal" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise SchemaViolation(f"{where}.{prop.name} must be a finite number, got {value!r}")
        text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
        # the canonical form keeps a decimal point; a bare "0" would read back from Turtle as an integer
        return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)
    if kind == "date":
        text = value.isoformat() if isinstance(value, date) else value
        if isinstance(text, str) and _DATE.fullmatch(text):
            try:
                date.fromisoformat(text)
                return Literal(text, datatype=XSD.date)
            except ValueError:
                pass
    raise SchemaViolation(f"{where}.{prop.name} must be xsd:{kind}, got {value!r}")


def _value(prop: Property, lit: RdfNode, where: str) -> Any:
    if not isinstance(lit, Literal):
        raise SchemaViolation(f"{where} {prop.name} must be a literal, got {lit!r}")
    text = str(lit)
    try:
        if prop.datatype == "integer":
            return int(text)
        if prop.datatype == "decimal":
            return float(text)
        if prop.datatype == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[text]
    except (ValueError, KeyError) as e:
        raise SchemaViolation(f"{where} {prop.name} is not a valid xsd:{prop.datatype}: {text!r}") from e
    return text


# ---------------------------------------------------------------- evidence

def _split_evidence(props: dict[str, Any], where: str) -> tuple[str, int, int, str] | None:
    present = [k for k in EVIDENCE_PROPERTIES if k in props]
    if not present:
        return None
    if len(present) != len(EVIDENCE_PROPERTIES):
        raise SchemaViolation(f"{where} has {present} but evidence needs all of {list(EVIDENCE_PROPERTIES)}")
    doc, start, end, text = (props.pop(k) for k in EVIDENCE_PROPERTIES)
    ints_ok = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end))
    if not (isinstance(doc, str) and doc and ints_ok and isinstance(text, str)):
        raise SchemaViolation(f"{where} evidence must be (doc: str, start: int >= 0, end: int >= 0, quote: str), "
                              f"got {(doc, start, end, text)!r}")
    return doc, start, end, text


def _add_evidence(g: Graph, doc: str, start: int, end: int, text: str) -> URIRef:
    ev = ID[f"evidence/{quote(doc, safe='')}/{start}-{end}/{_digest(text)}"]
    position, exact = URIRef(f"{ev}#position"), URIRef(f"{ev}#quote")
    g.add((ev, RDF.type, class_iri("Evidence")))
    g.add((ev, OA.hasSource, node_iri("Document", doc)))
    g.add((ev, OA.hasSelector, position))
    g.add((ev, OA.hasSelector, exact))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((exact, RDF.type, OA.TextQuoteSelector))
    g.add((exact, OA.exact, Literal(text)))
    return ev


def _read_evidence(g: Graph, subject: RdfNode, where: str) -> dict[str, Any]:
    found = [ev for ev in g.objects(subject, PROV.wasDerivedFrom) if (ev, RDF.type, class_iri("Evidence")) in g]
    if not found:
        return {}
    if len(found) > 1:
        raise SchemaViolation(f"{where} has {len(found)} evidence resources; the property graph keeps one")
    ev = found[0]
    source = parse_node_iri(g.value(ev, OA.hasSource))
    start = end = text = None
    for selector in g.objects(ev, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in g:
            start, end = g.value(selector, OA.start), g.value(selector, OA.end)
        elif (selector, RDF.type, OA.TextQuoteSelector) in g:
            text = g.value(selector, OA.exact)
    if source is None or source[0] != "Document" or None in (start, end, text):
        raise SchemaViolation(f"{where}: evidence {ev} needs oa:hasSource (a Document), a TextPositionSelector "
                              "with oa:start/oa:end and a TextQuoteSelector with oa:exact")
    return {"ev_doc": source[1], "ev_start": int(start), "ev_end": int(end), "ev_quote": str(text)}


# ---------------------------------------------------------------- to RDF

def _present(props: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (props or {}).items() if v is not None}


def _relation_property(rel: RelationType, name: str) -> Property:
    for prop in rel.properties:
        if prop.name == name:
            return prop
    raise SchemaViolation(f"{rel.name} has no property {name!r}; it declares {[p.name for p in rel.properties]}")


def _endpoint(ref: Sequence[str], where: str) -> tuple[str, str]:
    if isinstance(ref, str) or len(ref) != 2:
        raise SchemaViolation(f"{where} must be a (label, key) pair, got {ref!r}")
    return ref[0], ref[1]


def _add_node(g: Graph, node: Mapping[str, Any], seen: set[URIRef]) -> None:
    t = node_type(node["label"])
    props = _present(node.get("props"))
    key = props.get(t.key)
    subject = node_iri(t.name, key)
    where = f"{t.name} {key!r}"
    if subject in seen:
        raise SchemaViolation(f"{where} appears twice; merge the two nodes before export")
    seen.add(subject)
    if t.quote != "ev_quote" and "ev_doc" in props:  # the quote is stored once, as the class's own property
        props.setdefault("ev_quote", props.get(t.quote))
    evidence = _split_evidence(props, where)
    g.add((subject, RDF.type, class_iri(t.name)))
    for name, value in props.items():
        prop = t.property(name)
        g.add((subject, property_iri(prop), _literal(prop, value, where)))
        if name == "level" and value in _LEVEL:
            g.add((subject, PG.hasLevel, _LEVEL[value]))
    if evidence:
        g.add((subject, PROV.wasDerivedFrom, _add_evidence(g, *evidence)))


def _add_edge(g: Graph, edge: Mapping[str, Any], counts: Counter, occurrence: Counter) -> None:
    name = edge["type"]
    source = _endpoint(edge["source"], f"{name} source")
    target = _endpoint(edge["target"], f"{name} target")
    check(source[0], name, target[0])
    rel = RELATIONS[name]
    s, o = node_iri(*source), node_iri(*target)
    where = f"({source[0]} {source[1]!r})-[{name}]->({target[0]} {target[1]!r})"
    props = _present(edge.get("props"))
    g.add((s, relation_iri(name), o))
    if name == "REFERENCES" and props.get("citation") in _CITATION:
        g.add((s, _CITATION[props["citation"]], o))
    if name == "PART_OF" and source[0] == "Organisation":
        g.add((s, ORG.subOrganizationOf, o))
    triple = (name, s, o)
    if not (props or rel.properties or counts[triple] > 1):
        return
    occurrence[triple] += 1
    suffix = f"-{occurrence[triple]}" if occurrence[triple] > 1 else ""
    q = ID[f"relation/{name}/{_digest(str(s), str(o))}{suffix}"]
    g.add((s, PG.hasQualifiedRelation, q))
    g.add((q, RDF.type, class_iri(QUALIFIED)))
    g.add((q, PG.relationType, relation_iri(name)))
    g.add((q, PG.relationTarget, o))
    if name in _ROLE_OF:
        g.add((q, PG.hasRole, _ROLE[_ROLE_OF[name]]))
        if props.get("split") is True:
            g.add((q, PG.hasRole, _ROLE["split"]))
    evidence = _split_evidence(props, where)
    for key, value in props.items():
        prop = _relation_property(rel, key)
        g.add((q, property_iri(prop), _literal(prop, value, where)))
    if evidence:
        g.add((q, PROV.wasDerivedFrom, _add_evidence(g, *evidence)))


def to_rdf(nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]],
           graph: Graph | None = None) -> Graph:
    """Map property-graph nodes and edges to RDF (into ``graph`` when given, else a new graph); returns it."""
    g = bind_prefixes(graph if graph is not None else Graph(), instances=True)
    seen: set[URIRef] = set()
    for node in nodes:
        _add_node(g, node, seen)
    edges = list(edges)
    counts = Counter((e["type"], node_iri(*_endpoint(e["source"], "source")),
                      node_iri(*_endpoint(e["target"], "target"))) for e in edges)
    occurrence: Counter = Counter()
    for edge in edges:
        _add_edge(g, edge, counts, occurrence)
    return g


# ---------------------------------------------------------------- from RDF

def _read_props(g: Graph, subject: RdfNode, props: Iterable[Property], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prop in props:
        values = list(g.objects(subject, property_iri(prop)))
        if len(values) > 1:
            raise SchemaViolation(f"{where} has {len(values)} values for {prop.name}; the property graph keeps one")
        if values:
            out[prop.name] = _value(prop, values[0], where)
    return out


def _read_nodes(g: Graph) -> tuple[list[NodeDict], dict[RdfNode, tuple[str, str]]]:
    nodes: list[NodeDict] = []
    refs: dict[RdfNode, tuple[str, str]] = {}
    for t in NODE_TYPES.values():
        for subject in sorted(g.subjects(RDF.type, class_iri(t.name))):
            where = f"{t.name} {subject}"
            props = _read_props(g, subject, t.properties, where)
            if t.key not in props:
                raise SchemaViolation(f"{where} has no {t.key}; every {t.name} needs its key property")
            props.update(_read_evidence(g, subject, where))
            if t.quote != "ev_quote" and "ev_quote" in props:  # stored once, as the class's own property
                quote = props.pop("ev_quote")
                props.setdefault(t.quote, quote)
            refs[subject] = (t.name, props[t.key])
            nodes.append({"label": t.name, "props": props})
    return nodes, refs


def _ref(iri: RdfNode, refs: Mapping[RdfNode, tuple[str, str]]) -> tuple[str, str]:
    ref = refs.get(iri) or parse_node_iri(iri)
    if ref is None:
        raise SchemaViolation(f"{iri} is neither a typed node nor a PolicyGraph node IRI")
    return ref


def _read_edges(g: Graph, refs: Mapping[RdfNode, tuple[str, str]]) -> list[EdgeDict]:
    edges: list[EdgeDict] = []
    qualified: Counter = Counter()
    for q in sorted(g.subjects(RDF.type, class_iri(QUALIFIED))):
        sources = list(g.subjects(PG.hasQualifiedRelation, q))
        name = _RELATION_BY_IRI.get(g.value(q, PG.relationType))
        target = g.value(q, PG.relationTarget)
        if len(sources) != 1 or name is None or target is None:
            raise SchemaViolation(f"qualified relation {q} needs one source (pg:hasQualifiedRelation), "
                                  "a pg:relationType naming a PolicyGraph relation and a pg:relationTarget")
        where = f"qualified relation {q}"
        props = _read_props(g, q, RELATIONS[name].properties, where)
        props.update(_read_evidence(g, q, where))
        qualified[(name, sources[0], target)] += 1
        edges.append({"type": name, "source": _ref(sources[0], refs), "target": _ref(target, refs),
                      "props": props})
    for name in RELATIONS:
        for s, o in sorted(g.subject_objects(relation_iri(name))):
            if not qualified[(name, s, o)]:
                edges.append({"type": name, "source": _ref(s, refs), "target": _ref(o, refs), "props": {}})
    return edges


def from_rdf(graph: Graph) -> tuple[list[NodeDict], list[EdgeDict]]:
    """Read nodes and edges back from RDF written by :func:`to_rdf` (or by hand in the same shape).

    Returns ``(nodes, edges)`` sorted by label and key, resp. type, source and target.
    """
    nodes, refs = _read_nodes(graph)
    edges = _read_edges(graph, refs)
    nodes.sort(key=lambda n: (n["label"], n["props"][NODE_TYPES[n["label"]].key]))
    edges.sort(key=lambda e: (e["type"], e["source"], e["target"], repr(sorted(e["props"].items()))))
    return nodes, edges
