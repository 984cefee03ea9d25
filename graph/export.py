"""Exports of the whole graph: RDF (Turtle, JSON-LD) through the ontology's mapping, GraphML for Gephi,
and CSV files in the layout ``neo4j-admin database import full`` reads, with the command to run.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from ontology.errors import InputError
from ontology.schema import NODE_TYPES, RELATIONS, stored_evidence

from . import queries as q
from .netx import node_props, relation_props, to_networkx
from .store import GraphStore

FORMATS = ("ttl", "jsonld", "graphml", "csv")
_NEO4J_TYPES = {"integer": "int", "decimal": "double", "boolean": "boolean", "date": "date", "string": ""}
_EV_TYPES = {"ev_start": "int", "ev_end": "int"}


def graph_records(store: GraphStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes as ``{"label", "props"}`` and edges as ``{"type", "source": (label, key), "target", "props"}``
    (the shape ``ontology.rdf.to_rdf`` takes), properties limited to the ontology's."""
    nodes = [{"label": n["label"], "props": node_props(n["label"], n["props"])} for n in store.fetch(q.ALL_NODES)]
    edges = [{"type": r["type"], "source": (r["source_label"], r["source"]),
              "target": (r["target_label"], r["target"]), "props": relation_props(r["type"], r["props"])}
             for r in store.fetch(q.ALL_RELATIONS)]
    return nodes, edges


def to_rdf_graph(store: GraphStore):
    """The graph as an rdflib Graph under the PolicyGraph ontology."""
    from ontology.rdf import to_rdf

    return to_rdf(*graph_records(store))


def export_graph(store: GraphStore, fmt: str, out: Path) -> list[Path]:
    """Write the graph in ``fmt`` to ``out`` (a folder for csv); returns the files written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if fmt == "csv":
        return write_neo4j_csv(store, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(_graphml_safe(to_networkx(store)), out)
    else:
        to_rdf_graph(store).serialize(destination=out, format="turtle" if fmt == "ttl" else "json-ld",
                                      encoding="utf-8")
    return [out]


def _graphml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML takes scalars only."""
    for _, data in (*g.nodes(data=True), *((None, d) for *_, d in g.edges(data=True))):
        for k, v in list(data.items()):
            if isinstance(v, (list, tuple, dict)):
                data[k] = json.dumps(v, ensure_ascii=False)
    return g


def _columns(props: list[tuple[str, str]]) -> list[str]:
    return [f"{name}:{t}" if t else name for name, t in props]


def write_neo4j_csv(store: GraphStore, folder: Path) -> list[Path]:
    """``nodes_<Label>.csv`` (``<key>:ID(<Label>)``) and ``rels_<TYPE>_<Source>_<Target>.csv``
    (``:START_ID(<Source>)``, ``:END_ID(<Target>)``, ``:TYPE``), plus ``import.sh`` running neo4j-admin."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = graph_records(store)
    written: list[Path] = []
    args: list[str] = []
    by_label: dict[str, list[dict]] = defaultdict(list)
    for n in nodes:
        by_label[n["label"]].append(n["props"])
    for label, rows in sorted(by_label.items()):
        t = NODE_TYPES[label]
        props = [(p.name, _NEO4J_TYPES[p.datatype]) for p in t.properties if p.name != t.key]
        props += [(e, _EV_TYPES.get(e, "")) for e in stored_evidence(t)]
        header = [f"{t.key}:ID({label})", *_columns(props)]
        path = folder / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                w.writerow([r.get(t.key), *(_cell(r.get(name)) for name, _ in props)])
        written.append(path)
        args.append(f"--nodes={label}=import/{path.name}")
    by_type: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for e in edges:
        by_type[(e["type"], e["source"][0], e["target"][0])].append(e)
    for (rel, source, target), rows in sorted(by_type.items()):
        r = RELATIONS[rel]
        props = [(p.name, _NEO4J_TYPES[p.datatype]) for p in r.properties]
        props += [(e, _EV_TYPES.get(e, "")) for e in stored_evidence(r)]
        path = folder / f"rels_{rel}_{source}_{target}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([f":START_ID({source})", f":END_ID({target})", ":TYPE", *_columns(props)])
            for e in rows:
                w.writerow([e["source"][1], e["target"][1], rel, *(_cell(e["props"].get(n)) for n, _ in props)])
        written.append(path)
        args.append(f"--relationships={rel}=import/{path.name}")
    script = folder / "import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Import these files into an empty, stopped Neo4j 5 database (copy this folder to $NEO4J_HOME/import).\n"
        "# Then start Neo4j and run `policygraph load --store neo4j://…` once with no files to create the\n"
        "# constraints, or run the statements of ontology.ddl.neo4j_statements().\n"
        "set -e\n"
        "cd \"${NEO4J_HOME:-/var/lib/neo4j}\"\n"
        "bin/neo4j-admin database import full --overwrite-destination --delimiter=',' --array-delimiter='|' \\\n  "
        + " \\\n  ".join(args) + " \\\n  ${1:-neo4j}\n", encoding="utf-8")
    script.chmod(0o755)
    written.append(script)
    return written


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v
