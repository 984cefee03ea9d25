"""A networkx view of the graph (or a neighbourhood of one node), for analysis and visualisation.

Nodes are ``"<Label>:<key>"`` with attributes ``label``, ``key`` and the node's ontology properties;
edges carry ``type`` and their properties, keyed by relation type.
"""
from __future__ import annotations

from typing import Any

import networkx as nx

from ontology.schema import NODE_TYPES, RELATIONS, stored_evidence

from . import queries as q
from .store import GraphStore


def node_props(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """Only the ontology's properties of ``label`` (drops engine pseudo-properties and nulls)."""
    t = NODE_TYPES.get(label)
    if t is None:
        return {}
    allowed = {p.name for p in t.properties} | set(stored_evidence(t))
    return {k: v for k, v in (props or {}).items() if k in allowed and v is not None}


def relation_props(rel_type: str, props: dict[str, Any]) -> dict[str, Any]:
    """Only the ontology's properties of a relation (and evidence where the relation is evidenced)."""
    r = RELATIONS.get(rel_type)
    if r is None:
        return {}
    allowed = {p.name for p in r.properties} | set(stored_evidence(r))
    return {k: v for k, v in (props or {}).items() if k in allowed and v is not None}


def node_name(label: str, key: Any) -> str:
    """The networkx node id.

    >>> node_name("Region", "210000")
    'Region:210000'
    """
    return f"{label}:{key}"


def _build(nodes: list[dict[str, Any]], relations: list[dict[str, Any]]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(node_name(n["label"], n["key"]), label=n["label"], key=n["key"],
                   **node_props(n["label"], n["props"]))
    for r in relations:
        a, b = node_name(r["source_label"], r["source"]), node_name(r["target_label"], r["target"])
        if a in g and b in g:
            g.add_edge(a, b, key=r["type"], type=r["type"], **relation_props(r["type"], r["props"]))
    return g


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph as a MultiDiGraph."""
    return _build(store.fetch(q.ALL_NODES), store.fetch(q.ALL_RELATIONS))


def neighbourhood(store: GraphStore, label: str, key: str) -> nx.MultiDiGraph:
    """The nodes within two hops of one node (any direction) and the relations among them."""
    nodes = store.fetch(q.neighbourhood_nodes(label), {"key": key})
    relations = store.fetch(q.RELATIONS_AMONG, {"ids": [n["eid"] for n in nodes]}) if nodes else []
    return _build(nodes, relations)
