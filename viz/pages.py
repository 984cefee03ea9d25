"""One call from a networkx neighbourhood to a finished page: pick the view's builder, decorate, render.

This is what the CLI (``policygraph viz KIND ARG -o FILE.html``) and the API (``/viz/...``) call once
``graph/`` has returned the neighbourhood of the entity asked for.
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from ontology.errors import InputError

from .render import render
from .views import ALIASES, VIEWS


def view_kinds() -> tuple[str, ...]:
    """The view names accepted by :func:`view_page` (aliases included)."""
    return (*VIEWS, *ALIASES)


def view_of(graph: nx.MultiDiGraph, kind: str | None = None) -> nx.MultiDiGraph:
    """The decorated graph :func:`graph_page` draws for a graph from :mod:`viz.subgraphs` (what the page's
    network holds: its node count is the number of nodes drawn)."""
    name = ALIASES.get(kind or "", kind) or str(graph.graph.get("kind", "programme"))
    spec = VIEWS.get(name)
    if spec is None:
        raise InputError(f"unknown view {kind!r}; choose one of {', '.join(view_kinds())}")
    return spec.build(graph, focus=graph.graph.get("focus"))


def graph_page(graph: nx.MultiDiGraph, *, kind: str | None = None, links: bool = False) -> str:
    """Render a graph from :mod:`viz.subgraphs` (its ``title``, ``focus`` and ``kind`` travel in
    ``graph.graph``); ``kind`` overrides the view."""
    return view_page(kind or str(graph.graph.get("kind", "programme")), graph,
                     title=str(graph.graph.get("title", "")), focus=graph.graph.get("focus"), links=links)


def view_page(kind: str, graph: nx.MultiDiGraph, *, title: str, focus: Hashable | None = None,
              links: bool = False, legend: bool = True) -> str:
    """Render ``graph`` as the view ``kind`` (responsibility|owners, inheritance|lineage, programme, region,
    trace).

    ``focus`` is the node the view is centred on; ``links`` adds links to other entities' views (API pages).
    Raises :class:`InputError` for an unknown kind.
    """
    name = ALIASES.get(kind, kind)
    spec = VIEWS.get(name)
    if spec is None:
        raise InputError(f"unknown view {kind!r}; choose one of {', '.join(view_kinds())}")
    return render(spec.build(graph, focus=focus), title=title, kind=name, hierarchy=spec.hierarchy,
                  legend=legend, links=links)
