"""``policygraph owners | lineage | search | trace | programme``: the API's answers as readable text blocks
(:mod:`._text`), or ``--json`` for the API's shape."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from ontology.errors import PolicyGraphError

from . import _text as text
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
    """Who leads and who supports each target on an indicator: one block per target."""
    from api import services

    _show(store, lambda s: services.owners(s, indicator, region, year, not only_region, limit), as_json, text.owners)


def lineage(
    document: Annotated[str, typer.Argument(help="Document id, exact title, document number or source file.")],
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The chain of policies a document implements or cites, up to national policy, with each link's evidence."""
    from api import services

    _show(store, lambda s: services.lineage(s, document), as_json, text.lineage)


def search(
    words: Annotated[str, typer.Argument(metavar="TEXT", help="A Chinese word or phrase, e.g. 医共体.")],
    limit: Annotated[int, typer.Option(min=1, max=200)] = 20,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Find tasks, targets, bodies, documents, programmes, indicators and regions containing some text."""
    from api import services

    _show(store, lambda s: services.search(s, words, limit), as_json, lambda page: text.search(page, words))


def trace(
    indicator: Annotated[str, typer.Argument(help="Indicator name or alias.")],
    region: Annotated[str | None, typer.Option("--region", "-r", help="Region name or code: its line only "
                                                                       "(above, itself and below).")] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """An indicator's targets national → county, the bodies carrying them, and how each level answers the one above."""
    from api import services

    _show(store, lambda s: services.indicator_trace(s, indicator, region), as_json, text.trace)


def programme(
    name: Annotated[str, typer.Argument(help="Programme id or name, e.g. 中蒙医药.")],
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """A programme's bodies (lead, support, issuer), regions, documents and tasks."""
    from api import services

    _show(store, lambda s: services.programme(s, name), as_json, text.programme)


def _show(store: str | None, call, as_json: bool, layout) -> None:
    """Answer ``call`` on the store and print it as JSON (the API's shape) or as readable text blocks."""
    answer = _answer(store, call)
    if as_json:
        _print_json(answer)
    else:
        text.render(out, layout(answer))


def register(app: typer.Typer) -> None:
    for command in (owners, lineage, search, trace, programme):
        app.command()(command)
