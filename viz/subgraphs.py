"""The neighbourhood each view draws, read from a store: networkx graphs in the render contract of
:mod:`viz.render` (``type``, ``label``, ``level``, ``props``, ``quote``, ``doc`` on nodes; ``type`` and
``props`` on edges). The API's ``/viz/…`` pages and ``policygraph viz …`` both call these.

Each function returns a ``networkx.MultiDiGraph`` whose graph attributes hold ``title`` (the page title),
``focus`` (the node the view centres on) and ``kind`` (the view that draws it); :func:`viz.pages.graph_page`
turns it into a page. Unknown entities raise :class:`~ontology.errors.NotFound` naming what was looked for.

Every read goes through a named query of :mod:`graph.queries` or a function of :mod:`graph`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph import queries as q
from graph.inheritance.service import (
    LineageLink,
    Trace,
    TraceTarget,
    find_document,
    indicator_trace,
    lineage,
)
from graph.netx import neighbourhood, node_name
from graph.store import GraphStore
from ontology.errors import InputError, NotFound
from ontology.schema import NODE_TYPES

#: Rows a view may read from one query (views stay focused: a few hundred nodes at most).
ROW_CAP = 2_000
#: Indicators drawn beside a lineage (those compared across most levels first).
MAX_INDICATORS = 5

_STATUS_EDGE = {"consistent": "CONSISTENT", "stricter": "STRICTER", "looser": "LOOSER",
                "not_transmitted": "NOT_TRANSMITTED", "incomparable": "INCOMPARABLE"}
_BASIS_EDGE = {"citation": "CITES", "co-citation": "CO_CITED", "shared": "SHARES"}


def _rows(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return list(store.run_read(q.named(name).cypher, params, row_cap=ROW_CAP).rows)


# --- the render contract -------------------------------------------------------------------------------------

def for_view(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A :mod:`graph.netx` graph (nodes with ``label``, ``key`` and ontology properties) in the attributes
    :mod:`viz` draws: ``type``, ``label``, ``level``, ``props``, ``quote`` and ``doc`` (the title of the
    document a node comes from). Graph attributes are kept.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Task:t1", label="Task", key="t1", title="建设医共体", doc_id="d1", ev_quote="由卫健委牵头")
    >>> g.add_node("Document:d1", label="Document", key="d1", title="某县方案", level="county")
    >>> v = for_view(g)
    >>> v.nodes["Task:t1"]["type"], v.nodes["Task:t1"]["doc"], v.nodes["Document:d1"]["level"]
    ('Task', '某县方案', 'county')
    """
    titles = {a.get("key"): a.get("title") for _, a in g.nodes(data=True) if a.get("label") == "Document"}
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for n, a in g.nodes(data=True):
        if "type" in a and "props" in a:  # already in the render contract
            out.add_node(n, **a)
            continue
        cls = a.get("label")
        props: dict[str, Any] = {k: v for k, v in a.items() if k not in ("label", "key")}
        props.setdefault("code" if cls == "Region" else "id", a.get("key"))
        name = props.get("name") or props.get("title") or (
            " ".join(str(x) for x in (props.get("indicator"), props.get("value")) if x) if cls == "Target" else None)
        doc = titles.get(props.get("doc_id")) or props.get("doc_id")
        out.add_node(n, type=cls, label=name or str(a.get("key")), level=props.get("level"), props=props,
                     quote=props.get(NODE_TYPES[cls].quote if cls in NODE_TYPES else "ev_quote"), doc=doc)
    for u, v, k, a in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **a)
    return out


def _node(g: nx.MultiDiGraph, key: str, type_: str, label: str, *, level: str | None = None,
          props: dict[str, Any] | None = None, quote: str | None = None, doc: str | None = None) -> str:
    if key not in g:
        g.add_node(key, type=type_, label=label, level=level, props={k: v for k, v in (props or {}).items()
                                                                     if v not in (None, "", [], ())},
                   quote=quote, doc=doc)
    return key


def _edge(g: nx.MultiDiGraph, a: str, b: str, type_: str, **props: Any) -> None:
    if not g.has_edge(a, b, key=type_):
        g.add_edge(a, b, key=type_, type=type_, props={k: v for k, v in props.items() if v not in (None, "")})


def _titled(g: nx.MultiDiGraph, *, title: str, focus: str, kind: str) -> nx.MultiDiGraph:
    g.graph.update(title=title, focus=focus, kind=kind)
    return g


# --- resolving what the user typed ---------------------------------------------------------------------------

def _one(rows: list[dict[str, Any]], what: str, given: str) -> dict[str, Any]:
    if not rows:
        raise NotFound(what, given)
    return rows[0]


def resolve_region(name_or_code: str) -> tuple[str, str, str]:
    """(code, name, level) of a region given by 6-digit code, full name or short form (辽宁 → 210000)."""
    from loaders.gazetteer import gazetteer

    gaz = gazetteer()
    text = name_or_code.strip()
    found = gaz.get(text) if re.fullmatch(r"\d{6}", text) else gaz.lookup(text)
    if found is None:
        raise NotFound("region", text)
    return found.code, found.name, str(getattr(found.level, "value", found.level))


def resolve_document(store: GraphStore, name: str) -> str:
    """A document's id from its id, exact title (with or without 《》), document number or source file."""
    text = name.strip()
    try:
        return find_document(store, text)
    except NotFound:
        stripped = text.removeprefix("《").removesuffix("》")
        if stripped == text:
            raise
        return find_document(store, stripped)


# --- responsibility ------------------------------------------------------------------------------------------

def owners_graph(store: GraphStore, *, indicator: str | None = None, organisation: str | None = None,
                 programme: str | None = None) -> nx.MultiDiGraph:
    """Who owns what around ONE of an indicator, a body or a programme (id, canonical name or alias):
    bodies, the tasks they lead or support, the targets those tasks set and what they measure.

    Raises :class:`InputError` unless exactly one is given, :class:`NotFound` when it is unknown.
    """
    given = [x for x in (indicator, organisation, programme) if x]
    if len(given) != 1:
        raise InputError("give one of indicator=, organisation= or programme=")
    if indicator:
        return _indicator_owners(store, indicator.strip())
    if organisation:
        org = _one(_rows(store, "organisation_candidates", organisation=organisation.strip()), "organisation",
                   organisation)
        g = for_view(neighbourhood(store, "Organisation", org["id"]))
        return _titled(g, title=f"{org['name']} · 负责的任务", focus=node_name("Organisation", org["id"]),
                       kind="responsibility")
    p = _one(_rows(store, "programme_lookup", programme=str(programme).strip()), "programme", str(programme))
    g = for_view(neighbourhood(store, "Programme", p["id"]))
    return _titled(g, title=f"{p['name']} · 谁负责", focus=node_name("Programme", p["id"]), kind="responsibility")


def _indicator_owners(store: GraphStore, indicator: str) -> nx.MultiDiGraph:
    ind = _one(_rows(store, "indicator_lookup", indicator=indicator), "indicator", indicator)
    g = for_view(neighbourhood(store, "Indicator", ind["id"]))  # the indicator, its targets, their tasks
    rows = _rows(store, "owners", indicator=ind["id"], region_code=None, descendants=True, year=None,
                 offset=0, limit=ROW_CAP)
    bodies = {b["id"] for r in rows for b in (*r["lead"], *r["support"]) if b.get("id")}
    details = {b: _rows(store, "organisation_candidates", organisation=b) for b in sorted(bodies)}
    for r in rows:
        task = _node(g, node_name("Task", r["task_id"]), "Task", r["task"] or r["task_id"],
                     props={"id": r["task_id"], "number": r["task_number"], "title": r["task"],
                            "doc_id": r["doc_id"]}, doc=r["document"])
        g.nodes[task]["doc"] = r["document"] or r["doc_id"]
        for relation, found in (("LEADS", r["lead"]), ("SUPPORTS", r["support"])):
            for b in found:
                if not b.get("id"):
                    continue
                d = next(iter(details.get(b["id"]) or []), {})
                org = _node(g, node_name("Organisation", b["id"]), "Organisation", b["name"] or b["id"],
                            level=d.get("level"), props={"id": b["id"], "name": b["name"], "kind": d.get("kind"),
                                                         "level": d.get("level"), "region_code": d.get("region_code"),
                                                         "within": d.get("within")})
                _edge(g, org, task, relation, as_written=b.get("as_written"))
        target = node_name("Target", r["target_id"])
        _edge(g, task, target, "SETS_TARGET")
        if target in g:  # where and in which document: the neighbourhood stops short of documents
            g.nodes[target]["doc"] = r["document"] or r["doc_id"]
            if r["region"]:
                g.nodes[target]["props"]["region"] = r["region"]
    return _titled(g, title=f"{ind['name']} · 谁负责", focus=node_name("Indicator", ind["id"]),
                   kind="responsibility")


# --- programme and region neighbourhoods ---------------------------------------------------------------------

def programme_graph(store: GraphStore, programme: str) -> nx.MultiDiGraph:
    """A programme's neighbourhood (id, name or alias): the documents and tasks naming it, their bodies and
    targets, its broader and narrower programmes."""
    p = _one(_rows(store, "programme_lookup", programme=programme.strip()), "programme", programme)
    g = for_view(neighbourhood(store, "Programme", p["id"]))
    return _titled(g, title=f"{p['name']} · 重点工作", focus=node_name("Programme", p["id"]), kind="programme")


def region_graph(store: GraphStore, region: str) -> nx.MultiDiGraph:
    """A region's neighbourhood (code, name or short form): the regions above and below it, the documents
    covering them and the bodies located there. :class:`NotFound` when no loaded document covers it."""
    code, name, _ = resolve_region(region)
    if not _rows(store, "region_detail", region_code=code):
        raise NotFound("region in the graph", f"{name} ({code})")
    g = for_view(neighbourhood(store, "Region", code))
    return _titled(g, title=f"{name} · 行政区", focus=node_name("Region", code), kind="region")


# --- inheritance ---------------------------------------------------------------------------------------------

def _doc_node(g: nx.MultiDiGraph, d: Any) -> str:
    return _node(g, node_name("Document", d.id), "Document", d.title or d.id, level=d.level,
                 props={"id": d.id, "title": d.title, "level": d.level, "region": d.region,
                        "region_code": d.region_code, "stub": d.stub or None, "doc_number": d.doc_number,
                        "year": d.year})


def _basis_text(link: LineageLink) -> str:
    if link.basis == "citation":
        return f"引用 citation · {link.citation}" if link.citation else "引用 citation"
    return {"co-citation": "共同被引 co-citation", "shared": "共享 shared"}.get(link.basis, link.basis)


def _lineage_edge(g: nx.MultiDiGraph, link: LineageLink) -> None:
    child, parent = _doc_node(g, link.child), _doc_node(g, link.parent)
    type_ = _BASIS_EDGE.get(link.basis, "CITES")
    if g.has_edge(child, parent, key=type_):
        return
    g.add_edge(child, parent, key=type_, type=type_, label=_basis_text(link), props={
        k: v for k, v in {
            "basis": link.basis, "citation": link.citation, "rank": link.rank, "evidence": link.evidence,
            "quotes": "；".join(link.quotes), "co_cited_by": "、".join(d.title or d.id for d in link.co_cited_by),
            "shared_programmes": "、".join(link.shared_programmes),
            "shared_indicators": "、".join(link.shared_indicators)}.items() if v not in (None, "")})


def _region_level(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return resolve_region(code)[2]
    except NotFound:
        return None


def _target_node(g: nx.MultiDiGraph, t: TraceTarget, indicator: str, *, own: set[str]) -> str:
    value = t.value or (f"{t.number:g}{t.unit or ''}" if t.number is not None else "?")
    year = f"（{t.year}）" if t.year else ""
    return _node(g, node_name("Target", t.id), "Target", f"{t.region or '?'} {value}{year}", level=t.level,
                 props={"id": t.id, "indicator": indicator, "as_written": t.indicator_as_written, "value": t.value,
                        "comparator": t.comparator, "year": t.year, "region": t.region, "region_code": t.region_code,
                        "doc_id": t.document.id, "task": t.task, "in_lineage": t.document.id in own or None,
                        "bodies": "、".join(f"{b.name}（{'牵头' if b.role == 'lead' else '配合'}）" for b in t.bodies)},
                 quote=t.quote, doc=t.document.title or t.document.id)


def add_trace(g: nx.MultiDiGraph, trace: Trace, *, own: Iterable[str] = ()) -> str:
    """Draw one indicator's cascade into ``g``: the indicator, its targets (``level`` = the setting level),
    one edge per link typed by its classification (CONSISTENT | STRICTER | LOOSER | INCOMPARABLE |
    NOT_TRANSMITTED, the last to a ``Gap`` node for the region that set nothing). Returns the indicator's node."""
    own = set(own)
    ind = _node(g, node_name("Indicator", trace.indicator_id), "Indicator", trace.indicator,
                props={"id": trace.indicator_id, "name": trace.indicator})
    for t in trace.targets:
        _edge(g, _target_node(g, t, trace.indicator, own=own), ind, "MEASURES")
    for k in trace.links:
        higher = _target_node(g, k.higher, trace.indicator, own=own)
        if k.lower is not None:
            lower = _target_node(g, k.lower, trace.indicator, own=own)
        else:
            lower = _node(g, f"Gap:{trace.indicator_id}:{k.region_code}", "Gap", f"{k.region or k.region_code} 未设定",
                          level=_region_level(k.region_code),
                          props={"indicator": trace.indicator, "region": k.region, "region_code": k.region_code,
                                 "status": k.status, "reason": k.reason})
        type_ = _STATUS_EDGE.get(k.status, "INCOMPARABLE")
        g.add_edge(higher, lower, key=type_, type=type_, label=_STATUS_ZH.get(k.status, k.status),
                   props={"status": k.status, "reason": k.reason, "year_gap": k.year_gap,
                          "counterparts": "；".join(f"{f}: {a} → {b}" for f, a, b in k.counterparts) or None})
    return ind


_STATUS_ZH = {"consistent": "一致 consistent", "stricter": "加码 stricter", "looser": "放宽 looser",
              "not_transmitted": "未传导 not transmitted", "incomparable": "不可比 incomparable"}


def lineage_graph(store: GraphStore, document: str, *, max_indicators: int = MAX_INDICATORS) -> nx.MultiDiGraph:
    """A document's lineage up to national level (the best chain and the document's other ranked parents),
    each link typed by its basis (CITES | CO_CITED | SHARES) with the evidence, and beside it the targets
    each level sets on the indicators the lineage's documents set targets on, each cascade link classified
    (:func:`graph.inheritance.service.indicator_trace`, traced within the document's province).

    ``document`` is an id, exact title (with or without 《》), 文号 or source file; :class:`NotFound` otherwise.
    """
    doc_id = resolve_document(store, document)
    answer = lineage(store, doc_id)
    g = nx.MultiDiGraph()
    _doc_node(g, answer.document)
    for link in (*answer.best, *answer.parents[:3]):
        _lineage_edge(g, link)
    g.nodes[node_name("Document", doc_id)]["props"]["chain_step"] = 0
    for step, link in enumerate(answer.best, start=1):  # the best chain, document first
        g.nodes[node_name("Document", link.parent.id)]["props"]["chain_step"] = step
    own = {str(g.nodes[n]["props"]["id"]) for n, t in g.nodes(data="type") if t == "Document"}
    scope = _province_of(answer.document.region_code)
    traces = []
    for ind in _indicators_of(store, own):
        trace = indicator_trace(store, ind, scope)
        if any(t.document.id in own for t in trace.targets):
            traces.append(trace)
    traces.sort(key=lambda t: (-len({x.level for x in t.targets}), -len(t.targets), t.indicator))
    for trace in traces[:max_indicators]:
        add_trace(g, trace, own=own)
    title = f"{answer.document.title or doc_id} · 政策传导"
    return _titled(g, title=title, focus=node_name("Document", doc_id), kind="inheritance")


def _province_of(code: str | None) -> str | None:
    """The province a region lies in (itself for a province); None for national or unknown regions."""
    if not code:
        return None
    from loaders.gazetteer import gazetteer

    try:
        line = [gazetteer().get(code), *gazetteer().ancestors(code)]
    except NotFound:
        return None
    return next((r.code for r in line if str(getattr(r.level, "value", r.level)) == "province"), None)


def _indicators_of(store: GraphStore, doc_ids: set[str]) -> list[str]:
    """Ids of the indicators the given documents set targets on."""
    found: dict[str, None] = {}
    for doc_id in sorted(doc_ids):
        for r in _rows(store, "document_targets", doc_id=doc_id):
            if r.get("indicator"):
                found.setdefault(r["indicator"], None)
    return list(found)


def trace_graph(store: GraphStore, indicator: str, region: str | None = None) -> nx.MultiDiGraph:
    """One indicator's targets national → county, each cascade link classified; ``region`` (code or name)
    keeps its line (the regions above it, itself and below it). :class:`NotFound` for unknown names."""
    code = resolve_region(region)[0] if region else None
    trace = indicator_trace(store, indicator.strip(), code)
    g = nx.MultiDiGraph()
    focus = add_trace(g, trace)
    return _titled(g, title=f"{trace.indicator} · 目标传导", focus=focus, kind="trace")
