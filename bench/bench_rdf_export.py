"""How long the RDF side takes on a synthetic graph: to_rdf, Turtle out and back, from_rdf, SHACL validation.

Run: .venv/bin/python bench/bench_rdf_export.py [tasks]   (prints figures; nothing is asserted)
"""
from __future__ import annotations

import sys
import time

from rdflib import Graph

from ontology.rdf import from_rdf, to_rdf
from ontology.shapes import validate


def synthetic(tasks: int) -> tuple[list, list]:
    nodes = [{"label": "Document", "props": {"id": "d", "title": "某市卫生健康工作要点", "level": "city"}}]
    edges = []
    orgs = [f"市卫生健康委{i}" for i in range(50)]
    nodes += [{"label": "Organisation", "props": {"id": o, "name": o, "level": "city"}} for o in orgs]
    for i in range(tasks):
        quote = f"推进第{i}项\"医共体\"建设，由{orgs[i % 50]}牵头"
        ev = {"ev_doc": "d", "ev_start": i * 40, "ev_end": i * 40 + len(quote), "ev_quote": quote}
        nodes.append({"label": "Task", "props": {"id": f"d#t:{i}", "doc_id": "d", "title": quote, **ev}})
        edges.append({"type": "CONTAINS", "source": ("Document", "d"), "target": ("Task", f"d#t:{i}")})
        edges.append({"type": "LEADS", "source": ("Organisation", orgs[i % 50]), "target": ("Task", f"d#t:{i}"),
                      "props": {"split": False, "as_written": orgs[i % 50], **ev}})
    return nodes, edges


def timed(label: str, fn):
    start = time.perf_counter()
    out = fn()
    print(f"{label:<22}{time.perf_counter() - start:8.2f} s")
    return out


def main(tasks: int) -> None:
    nodes, edges = synthetic(tasks)
    print(f"{len(nodes)} nodes, {len(edges)} edges")
    g = timed("to_rdf", lambda: to_rdf(nodes, edges))
    print(f"{len(g)} triples")
    text = timed("serialize turtle", lambda: g.serialize(format="turtle"))
    print(f"{len(text.encode()) / 1e6:.1f} MB of Turtle")
    back = timed("parse turtle", lambda: Graph().parse(data=text, format="turtle"))
    timed("from_rdf", lambda: from_rdf(back))
    conforms, _ = timed("SHACL validate", lambda: validate(g))
    print(f"conforms: {conforms}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
