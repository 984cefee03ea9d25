"""``policygraph load | query | export``: documents into the graph, read-only Cypher out, exports."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ontology.errors import InputError, PolicyGraphError

from ._console import err, out

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="Store URI (kglite:///data/policygraph.kgl, neo4j://host:7687 …); default POLICYGRAPH_STORE.")]


def _fail(e: PolicyGraphError) -> typer.Exit:
    err.print(f"[red]error[/red] {e}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def load(
    paths: Annotated[list[Path], typer.Argument(help="Document files or folders of documents.")],
    store: StoreOption = None,
) -> None:
    """Load documents into the graph (idempotent: unchanged files are skipped, changed ones replaced)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from graph.curation import Curation
    from graph.load import expand_paths, load_paths
    from graph.settings import get_settings
    from graph.store import open_store

    files = expand_paths(paths)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise _fail(InputError("no such file or folder; check the path", source=", ".join(missing)))
    try:
        curation = Curation.from_file(get_settings().curation)
        graph = open_store(store)
    except PolicyGraphError as e:
        raise _fail(e) from None
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("loading", total=len(files))

        def progress(source: str, outcome: str) -> None:
            bar.update(task, advance=1, description=f"{outcome}: {Path(source).name}")

        try:
            summary = load_paths(graph, files, progress, curation=curation)
        finally:
            graph.close()
    for failure in summary.failed:
        named = Path(failure.source).name in failure.error
        err.print(f"[red]error[/red] {failure.error if named else f'{failure.source}: {failure.error}'}",
                  highlight=False, soft_wrap=True)
    table = Table(title=f"loaded into {graph.uri}")
    for column in ("documents loaded", "replaced", "unchanged", "failed", "nodes added", "relations added"):
        table.add_column(column, justify="right")
    table.add_row(*map(str, (summary.documents, len(summary.replaced), len(summary.unchanged), len(summary.failed),
                             summary.nodes_added, summary.relations_added)))
    out.print(table)
    counts = Table(title="graph now holds")
    counts.add_column("class / relation")
    counts.add_column("count", justify="right")
    for name, n in (*summary.node_counts.items(), *summary.relation_counts.items()):
        counts.add_row(name, str(n))
    out.print(counts)
    if summary.failed:
        raise typer.Exit(1)


def _param(text: str) -> tuple[str, object]:
    """``name=value`` is a string (codes like 210000 stay strings); ``name:=json`` is a JSON value."""
    name, sep, value = text.partition("=")
    if not sep or not name.rstrip(":"):
        raise InputError(f"--param {text!r} is not name=value (or name:=JSON)")
    if not name.endswith(":"):
        return name, value
    try:
        return name[:-1], json.loads(value)
    except json.JSONDecodeError as e:
        raise InputError(f"--param {text!r}: the value after := is not JSON ({e})") from e


def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher query, or the name of a shipped query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value (a string) or name:=JSON (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows instead of a table.")] = False,
    store: StoreOption = None,
) -> None:
    """Run a read-only query (writes are refused by the engine, with a deadline and a row cap)."""
    from rich.table import Table

    from graph import queries
    from graph.store import open_store

    try:
        params = dict(_param(p) for p in param or ())
        text = queries.NAMED[cypher].cypher if cypher in queries.NAMED else cypher
        graph = open_store(store)
        try:
            result = graph.run_read(text, params)
        finally:
            graph.close()
    except PolicyGraphError as e:
        raise _fail(e) from None
    if as_json:
        out.print_json(json.dumps({"columns": result.columns, "rows": result.rows, "truncated": result.truncated},
                                  ensure_ascii=False, default=str))
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else
                        ("" if v is None else str(v)) for v in row.values()))
    out.print(table)
    note = " (cut off at the row cap)" if result.truncated else ""
    err.print(f"{len(result.rows)} rows{note}", highlight=False)


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl | jsonld | graphml | csv")],
    output: Annotated[Path, typer.Option("--out", "-o", help="Output file (a folder for csv).")],
    store: StoreOption = None,
) -> None:
    """Export the whole graph: RDF (Turtle, JSON-LD), GraphML for Gephi, or CSV for neo4j-admin import."""
    from graph.export import export_graph
    from graph.store import open_store

    try:
        graph = open_store(store)
        try:
            written = export_graph(graph, fmt, output)
        finally:
            graph.close()
    except PolicyGraphError as e:
        raise _fail(e) from None
    out.print(f"{fmt} → {', '.join(map(str, written))}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(load)
    app.command()(query)
    app.command()(export)
