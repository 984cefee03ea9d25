"""The HTML pages: the explorer at ``/`` and the ``/viz/…`` views (drawn by :mod:`viz`) of one entity's
neighbourhood in the graph."""
from __future__ import annotations

from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from graph.netx import neighbourhood, node_name
from ontology.errors import InputError, NotFound

from . import services
from .deps import StoreDep
from .routes import PROBLEMS

router = APIRouter(tags=["pages"], responses=PROBLEMS, default_response_class=HTMLResponse)


def for_view(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A :mod:`graph.netx` graph in the attributes :mod:`viz` draws: ``type``, ``label``, ``level``,
    ``props``, ``quote`` and ``doc`` (the title of the document a node comes from)."""
    titles = {a.get("key"): a.get("title") for _, a in g.nodes(data=True) if a.get("label") == "Document"}
    out = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        cls = a.get("label")
        props: dict[str, Any] = {k: v for k, v in a.items() if k not in ("label", "key")}
        props.setdefault("code" if cls == "Region" else "id", a.get("key"))
        name = props.get("name") or props.get("title") or (
            " ".join(str(x) for x in (props.get("indicator"), props.get("value")) if x) if cls == "Target" else None)
        doc = titles.get(props.get("doc_id")) or props.get("doc_id")
        out.add_node(n, type=cls, label=name or str(a.get("key")), level=props.get("level"), props=props,
                     quote=props.get("ev_quote"), doc=doc)
    for u, v, k, a in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **a)
    return out


def _page(kind: str, store, label: str, key: str, title: str) -> HTMLResponse:
    from viz.pages import view_page

    g = neighbourhood(store, label, key)
    return HTMLResponse(view_page(kind, for_view(g), title=title, focus=node_name(label, key), links=True))


@router.get("/", summary="The explorer: search, views and a read-only Cypher box")
def explorer() -> HTMLResponse:
    from viz.explorer import explorer_page

    return HTMLResponse(explorer_page())


@router.get("/viz/owners", summary="Who owns what around an indicator, a body or a programme")
def owners_view(store: StoreDep,
                indicator: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
                organisation: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
                programme: Annotated[str | None, Query(min_length=1, max_length=200)] = None) -> HTMLResponse:
    if indicator:
        ind = services.indicator_trace(store, indicator).indicator
        return _page("owners", store, "Indicator", ind.id, f"{ind.name} · 谁负责")
    if organisation:
        orgs = services.organisation_tasks(store, organisation, limit=1).organisations
        return _page("owners", store, "Organisation", orgs[0].id, f"{orgs[0].name} · 负责的任务")
    if programme:
        p = services.programme(store, programme)
        return _page("owners", store, "Programme", p.id, f"{p.name} · 谁负责")
    raise InputError("give indicator=, organisation= or programme=")


@router.get("/viz/lineage/{document:path}", summary="A document's lineage")
def lineage_view(store: StoreDep, document: str) -> HTMLResponse:
    doc_id = services.resolve_document(store, document)
    return _page("lineage", store, "Document", doc_id, f"{services.lineage(store, doc_id).document.title} · 政策沿袭")


@router.get("/viz/programme/{programme:path}", summary="A programme's documents, tasks and bodies")
def programme_view(store: StoreDep, programme: str) -> HTMLResponse:
    p = services.programme(store, programme)
    return _page("programme", store, "Programme", p.id, f"{p.name} · 重点工作")


@router.get("/viz/region/{region}", summary="A region and the documents covering it")
def region_view(store: StoreDep, region: str) -> HTMLResponse:
    r = services.region(store, region)
    if not r.in_graph:
        raise NotFound("region in the graph", f"{r.name} ({r.code})")
    return _page("region", store, "Region", r.code, f"{r.name} · 行政区")
