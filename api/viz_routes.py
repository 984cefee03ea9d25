"""The HTML pages: the explorer at ``/`` and the ``/viz/…`` views of one entity's neighbourhood in the graph.

The neighbourhoods come from :mod:`viz.subgraphs` (the same functions ``policygraph viz`` calls) and are
drawn by :func:`viz.pages.graph_page`.
"""
from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from viz import subgraphs

from .deps import StoreDep
from .routes import PROBLEMS

router = APIRouter(tags=["pages"], responses=PROBLEMS, default_response_class=HTMLResponse)
Name = Annotated[str | None, Query(min_length=1, max_length=200)]


def _page(graph: nx.MultiDiGraph) -> HTMLResponse:
    from viz.pages import graph_page

    return HTMLResponse(graph_page(graph, links=True))


@router.get("/", summary="The explorer: search, views and a read-only Cypher box")
def explorer() -> HTMLResponse:
    from viz.explorer import explorer_page

    return HTMLResponse(explorer_page())


@router.get("/viz/owners", summary="Who owns what around an indicator, a body or a programme")
def owners_view(store: StoreDep, indicator: Name = None, organisation: Name = None,
                programme: Name = None) -> HTMLResponse:
    return _page(subgraphs.owners_graph(store, indicator=indicator, organisation=organisation, programme=programme))


@router.get("/viz/lineage/{document:path}", summary="A document's lineage and the targets each level sets")
def lineage_view(store: StoreDep, document: str) -> HTMLResponse:
    return _page(subgraphs.lineage_graph(store, document))


@router.get("/viz/trace", summary="An indicator's targets national → county, each cascade link classified")
def trace_view(store: StoreDep, indicator: Annotated[str, Query(min_length=1, max_length=200)],
               region: Name = None) -> HTMLResponse:
    return _page(subgraphs.trace_graph(store, indicator, region))


@router.get("/viz/programme/{programme:path}", summary="A programme's documents, tasks and bodies")
def programme_view(store: StoreDep, programme: str) -> HTMLResponse:
    return _page(subgraphs.programme_graph(store, programme))


@router.get("/viz/region/{region}", summary="A region and the documents covering it")
def region_view(store: StoreDep, region: str) -> HTMLResponse:
    return _page(subgraphs.region_graph(store, region))
