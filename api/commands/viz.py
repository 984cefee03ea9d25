"""``policygraph viz owners|lineage|programme|region|trace ARG -o FILE.html``: the API's ``/viz/…`` views as
self-contained HTML files (they open offline in any browser)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ontology.errors import NotFound, PolicyGraphError

from ._console import err, out

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="Store URI (kglite:///data/policygraph.kgl, neo4j://host:7687 …); default POLICYGRAPH_STORE.")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.", dir_okay=False)]

viz_app = typer.Typer(help="Write an interactive view (self-contained HTML, works offline).",
                      no_args_is_help=True)


def _write(store_uri: str | None, out_path: Path, build: Callable[[Any], Any]) -> None:
    from graph.store import open_store
    from viz.pages import graph_page, view_of

    try:
        store = open_store(store_uri)
        try:
            graph = build(store)
        finally:
            store.close()
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(graph_page(graph), encoding="utf-8")
    except PolicyGraphError as e:
        err.print(f"[red]error[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except OSError as e:
        err.print(f"[red]error[/red] cannot write {out_path}: {e.strerror}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(f"{out_path} · {graph.graph.get('title')} · {view_of(graph).number_of_nodes()} nodes", highlight=False)


def _owners(store: Any, name: str) -> Any:
    """Whatever ``name`` denotes: an indicator, else a programme, else a body."""
    from viz.subgraphs import owners_graph

    for field in ("indicator", "programme", "organisation"):
        try:
            return owners_graph(store, **{field: name})
        except NotFound:
            continue
    raise NotFound("indicator, programme or organisation", name)


@viz_app.command("owners")
def owners(name: Annotated[str, typer.Argument(help="An indicator, programme or body (id, name or alias).")],
           out_path: OutOption, store: StoreOption = None) -> None:
    """Who owns what around an indicator, a programme or a body."""
    _write(store, out_path, lambda s: _owners(s, name))


@viz_app.command("lineage")
def lineage(document: Annotated[str, typer.Argument(help="Document id, exact title or document number.")],
            out_path: OutOption, store: StoreOption = None) -> None:
    """A document's lineage national → county and the targets each level sets, side by side."""
    from viz.subgraphs import lineage_graph

    _write(store, out_path, lambda s: lineage_graph(s, document))


@viz_app.command("programme")
def programme(name: Annotated[str, typer.Argument(help="Programme id, name or alias, e.g. 县域医共体.")],
              out_path: OutOption, store: StoreOption = None) -> None:
    """A programme's documents, tasks, bodies and targets."""
    from viz.subgraphs import programme_graph

    _write(store, out_path, lambda s: programme_graph(s, name))


@viz_app.command("region")
def region(name: Annotated[str, typer.Argument(help="Region code or name, e.g. 210900 or 阜新.")],
           out_path: OutOption, store: StoreOption = None) -> None:
    """A region, the regions above and below it, the documents covering them and their bodies."""
    from viz.subgraphs import region_graph

    _write(store, out_path, lambda s: region_graph(s, name))


@viz_app.command("trace")
def trace(indicator: Annotated[str, typer.Argument(help="Indicator name or alias, e.g. 县域内就诊率.")],
          out_path: OutOption,
          region: Annotated[str | None, typer.Option("--region", "-r", help="Keep this region's line.")] = None,
          store: StoreOption = None) -> None:
    """An indicator's targets national → county, each cascade link classified."""
    from viz.subgraphs import trace_graph

    _write(store, out_path, lambda s: trace_graph(s, indicator, region))


def register(app: typer.Typer) -> None:
    app.add_typer(viz_app, name="viz")
