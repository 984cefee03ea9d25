"""``policygraph ontology``: the schema as OWL (and its SHACL shapes), generated from ``ontology/schema.py``."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ontology.errors import PolicyGraphError

from ._console import err, out

_FORMATS = {"ttl": "turtle", "turtle": "turtle", "xml": "xml", "jsonld": "json-ld", "json-ld": "json-ld", "nt": "nt"}


def ontology(
    out_path: Annotated[Path, typer.Option("--out", "-o", help="File to write.")] = Path("policygraph.ttl"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl | jsonld | xml | nt")] = "ttl",
    shapes: Annotated[bool, typer.Option("--shapes", help="Write the SHACL shapes instead of the OWL ontology.")] = False,
) -> None:
    """Write the PolicyGraph ontology (OWL, English names with rdfs:label@zh) or its SHACL shapes."""
    from ontology.owl import ontology_graph
    from ontology.shapes import shapes_graph

    if fmt not in _FORMATS:
        err.print(f"[red]error[/red] --format {fmt!r} is not one of {', '.join(sorted(_FORMATS))}", highlight=False)
        raise typer.Exit(2)
    graph = shapes_graph() if shapes else ontology_graph()
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        graph.serialize(destination=out_path, format=_FORMATS[fmt])
    except (OSError, PolicyGraphError) as e:
        err.print(f"[red]error[/red] cannot write {out_path}: {e}", highlight=False)
        raise typer.Exit(1) from e
    kind = "SHACL shapes" if shapes else "OWL ontology"
    out.print(f"{kind}: {len(graph)} triples → {out_path}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(ontology)
