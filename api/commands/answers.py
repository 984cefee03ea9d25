"""``policygraph owners | lineage | search | trace | programme``: the API's answers as tables in the terminal."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from ontology.errors import PolicyGraphError

from ._console import err, out

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="Store URI (kglite:///data/policygraph.kgl, neo4j://host:7687 …); default POLICYGRAPH_STORE.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON (the API's shape).")]


def _answer(store_uri: str | None, ask: Callable[[Any], Any]) -> Any:
    from graph.store import open_store

    try:
        store = open_store(store_uri)
        try:
            return ask(store)
        finally:
            store.close()
    except PolicyGraphError as e:
        err.print(f"[red]error[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _print_json(model: Any) -> None:
    out.print_json(json.dumps(model.model_dump(mode="json"), ensure_ascii=False))


def _bodies(bodies: list[Any]) -> str:
    return "\n".join(b.name if not b.as_written or b.as_written == b.name else f"{b.name}（{b.as_written}）"
                    for b in bodies) or "—"


def owners(
    indicator: Annotated[str, typer.Argument(help="Indicator name or alias, e.g. 县域内就诊率.")],
    region: Annotated[str | None, typer.Option("--region", "-r", help="Region name or code; includes the "
                                                                       "regions below it.")] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Target or document year.")] = None,
    only_region: Annotated[bool, typer.Option("--only-region", help="Leave out the regions below --region.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Who leads and who supports each target on an indicator."""
    from rich.table import Table

    from api import services

    page = _answer(store, lambda s: services.owners(s, indicator, region, year, not only_region, limit))
    if as_json:
        return _print_json(page)
    table = Table(title=f"{indicator}: who owns the target" + (f" in {page.query.region_name}" if region else ""),
                  show_lines=True)
    table.add_column("target", no_wrap=True)
    for column in ("document", "task"):
        table.add_column(column, overflow="fold", ratio=1)
    for column in ("lead 牵头", "support 配合"):
        table.add_column(column, no_wrap=True)
    table.add_column("quote", overflow="fold", ratio=1)
    for t in page.items:
        target = f"{t.comparator or ''} {t.value or ''}".strip() + (f" ({t.year})" if t.year else "")
        doc = f"{t.document.title}" + (f"\n{t.region.name}" if t.region else "")
        table.add_row(target, doc, f"{t.task.number or ''} {t.task.title or ''}".strip(), _bodies(t.lead),
                      _bodies(t.support), t.evidence.quote or "")
    out.print(table)
    err.print(f"{len(page.items)} targets" + (" (more: raise --limit)" if page.has_more else ""), highlight=False)


def lineage(
    document: Annotated[str, typer.Argument(help="Document id, exact title or document number.")],
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The chain of policies a document implements or cites, up towards national policy."""
    from rich.tree import Tree

    from api import services

    answer = _answer(store, lambda s: services.lineage(s, document))
    if as_json:
        return _print_json(answer)
    root = Tree(f"[bold]《{answer.document.title}》[/bold]")
    branches: dict[tuple[str, ...], Tree] = {(answer.document.id,): root}
    for chain in sorted(answer.chains, key=lambda c: c.hops):
        path = tuple(step.id for step in chain.steps)
        parent = branches.get(path[:-1], root)
        last = chain.steps[-1]
        note = " [dim](cited only)[/dim]" if chain.ends_at_stub else ""
        branches[path] = parent.add(f"《{last.title}》 [cyan]{last.citation or ''}[/cyan]{note}")
    out.print(root)


def search(
    text: Annotated[str, typer.Argument(help="A Chinese word or phrase, e.g. 医共体.")],
    limit: Annotated[int, typer.Option(min=1, max=200)] = 20,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Find tasks, targets, bodies, documents, programmes, indicators and regions containing some text."""
    from rich.table import Table

    from api import services

    page = _answer(store, lambda s: services.search(s, text, limit))
    if as_json:
        return _print_json(page)
    table = Table("kind", "name", "id", "snippet", title=f"“{text}”: {page.total} found")
    for item in page.items:
        table.add_row(item.kind, item.name or "", item.id, item.snippet or "")
    out.print(table)


def trace(
    indicator: Annotated[str, typer.Argument(help="Indicator name or alias.")],
    region: Annotated[str | None, typer.Option("--region", "-r", help="Region name or code.")] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """An indicator's targets across levels, regions and years."""
    from rich.table import Table

    from api import services

    answer = _answer(store, lambda s: services.indicator_trace(s, indicator, region))
    if as_json:
        return _print_json(answer)
    table = Table("year", "region", "level", "target", "as written", "document", "quote",
                  title=f"{answer.indicator.name} across levels", show_lines=True)
    for t in answer.items:
        table.add_row(str(t.year or ""), t.region.name if t.region else "", t.level or "",
                      f"{t.comparator or ''} {t.value or ''}".strip(), t.as_written or "", t.document.title or "",
                      t.evidence.quote or "")
    out.print(table)


def programme(
    name: Annotated[str, typer.Argument(help="Programme id or name, e.g. 中蒙医药.")],
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """A programme's documents, bodies and regions."""
    from rich.table import Table

    from api import services

    p = _answer(store, lambda s: services.programme(s, name))
    if as_json:
        return _print_json(p)
    out.print(f"[bold]{p.name}[/bold] ({p.id}) broader: {'、'.join(p.broader) or '—'}", highlight=False)
    table = Table("bodies", "roles", title="bodies")
    for b in p.bodies:
        table.add_row(b.name, ", ".join(b.roles))
    out.print(table)
    out.print("regions: " + ("、".join(f"{r.name} ({r.code})" for r in p.regions) or "—"), highlight=False)
    out.print("documents: " + ("、".join(f"《{d.title}》" for d in p.documents) or "—"), highlight=False)
    out.print(f"{len(p.tasks)} tasks mention it", highlight=False)


def register(app: typer.Typer) -> None:
    for command in (owners, lineage, search, trace, programme):
        app.command()(command)
