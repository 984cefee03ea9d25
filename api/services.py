"""The answers PolicyGraph gives, as functions of a store: the HTTP API and the CLI both call these.

Every read goes through the store's read-only path (``run_read``: KGLite's frozen snapshot, Neo4j's read
transactions) running a named query from :mod:`graph.queries`; nothing here writes Cypher. Ids given by
users may also be canonical names (``programme(store, "中蒙医药")``); unknown ones raise
:class:`~ontology.errors.NotFound` naming what was looked for.
"""
from __future__ import annotations

import math
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from graph import queries as q
from graph.store import GraphStore
from graph.text_index import search_text
from loaders.gazetteer import Gazetteer, gazetteer
from ontology.errors import InputError, NotFound, QueryRejected
from ontology.schema import NODE_TYPES

from . import schemas as s

#: Rows a service read may return before it is cut off (pages are smaller; this bounds whole answers).
READ_CAP = 100_000
SEARCH_CAP = 2_000
SNIPPET = 40


def _rows(store: GraphStore, query_name: str, /, **params: Any) -> list[dict[str, Any]]:
    return list(store.run_read(q.named(query_name).cypher, params, row_cap=READ_CAP).rows)


def _aliases(text: str | None) -> list[str]:
    return [a for a in (text or "").split("|") if a]


def _role(relation: str | None) -> str:
    return "lead" if relation == "LEADS" else "support"


# --- health ------------------------------------------------------------------------------------------------

def healthz(store: GraphStore) -> s.Health:
    """The store answers, with its node and relation counts."""
    counts = store.counts()
    return s.Health(status="ok", store=_safe_uri(store.uri), documents=counts["nodes"].get("Document", 0),
                    nodes=counts["nodes"], relations=counts["relations"])


def _safe_uri(uri: str) -> str:
    return re.sub(r"//[^@/]*@", "//", uri)


# --- regions -----------------------------------------------------------------------------------------------

def resolve_region(name_or_code: str, gaz: Gazetteer | None = None) -> s.RegionRef:
    """A region by 6-digit code, full name or short form (辽宁 → 210000); NotFound when unknown or ambiguous."""
    gaz = gaz or gazetteer()
    text = name_or_code.strip()
    if re.fullmatch(r"\d{6}", text):
        r = gaz.get(text)
    else:
        r = gaz.lookup(text)
        if r is None:
            options = gaz.candidates(text)
            hint = (f"; it may be {', '.join(f'{c.name} ({c.code})' for c in options[:5])} — give the code"
                    if options else "")
            raise NotFound("region", text + hint)
    return s.RegionRef(code=r.code, name=r.name, level=str(r.level.value if hasattr(r.level, "value") else r.level))


def region(store: GraphStore, name_or_code: str, gaz: Gazetteer | None = None) -> s.RegionDetail:
    """A region with its parent, ancestors and children (from the gazetteer) and the documents covering it."""
    gaz = gaz or gazetteer()
    ref = resolve_region(name_or_code, gaz)
    ref_of = lambda r: s.RegionRef(code=r.code, name=r.name, level=_level(r.level))
    ancestors = [ref_of(r) for r in gaz.ancestors(ref.code)]
    in_graph = bool(_rows(store, "region_detail", region_code=ref.code))
    docs = [s.DocumentSummary(id=d["id"], title=d["title"], year=d["year"], level=d["level"], region=ref)
            for d in _rows(store, "region_documents", region_code=ref.code)]
    return s.RegionDetail(code=ref.code, name=ref.name or "", level=ref.level or "",
                          parent=ancestors[0] if ancestors else None, ancestors=ancestors,
                          children=[ref_of(r) for r in gaz.children(ref.code)], documents=docs, in_graph=in_graph)


def _level(level: Any) -> str:
    return str(getattr(level, "value", level))


# --- owners ------------------------------------------------------------------------------------------------

def owners(store: GraphStore, indicator: str | None = None, region: str | None = None, year: int | None = None,
           descendants: bool = True, limit: int = 50, offset: int = 0) -> s.OwnersPage:
    """Which body owns which target: each matching Target with its lead and supporting bodies and the quote.

    ``indicator`` matches an indicator's id, canonical name or any alias; ``region`` (code or name) includes
    the regions below it unless ``descendants`` is False; ``year`` matches the target's or the document's year.
    """
    indicator_id = None
    if indicator is not None:
        indicator = indicator.strip()
        found = _rows(store, "indicator_lookup", indicator=indicator)
        if not found:
            raise NotFound("indicator", indicator)
        indicator_id = found[0]["id"]
    ref = resolve_region(region) if region else None
    if ref is not None:
        codes = _region_codes(ref.code) if descendants else [ref.code]
        rows = _owners_in_regions(store, codes, indicator_id, year, offset, limit + 1)
    else:
        rows = _rows(store, "owners_of_indicator", indicator_id=indicator_id, year=year, offset=offset,
                     limit=limit + 1)
    items = [_target_owners(r) for r in rows[:limit]]
    query = s.OwnersQuery(indicator=indicator, region=region, region_code=ref.code if ref else None,
                          region_name=ref.name if ref else None, year=year, descendants=descendants)
    return s.OwnersPage(query=query, items=items, limit=limit, offset=offset, has_more=len(rows) > limit)


#: Documents the first slice of a many-region owners question reads (:func:`_owner_target_ids`); later slices
#: are sized by the matches found so far (SLICE_MARGIN times the documents expected to fill the page), or grow
#: SLICE_GROWTH times while nothing matched.
SLICE_DOCUMENTS = 400
SLICE_MARGIN = 1.5
SLICE_GROWTH = 8
#: An indicator with fewer targets than 1/INDICATOR_FIRST of the regions' documents is read indicator first
#: (each of its targets then costs a document lookup; region first reads ~35 targets a document).
INDICATOR_FIRST = 2
#: Deepest page (offset + limit) answered slice by slice; deeper pages read every region at once.
SLICED_ROWS = 500


def _owners_in_regions(store: GraphStore, codes: list[str], indicator_id: str | None, year: int | None,
                       offset: int, limit: int) -> list[dict[str, Any]]:
    """Rows ``offset`` … ``offset + limit`` of the owners answer for the documents of ``codes``: the page's
    target ids first (:func:`_owner_target_ids`), then those targets with their tasks and bodies."""
    ids = _owner_target_ids(store, codes, indicator_id, year, offset, limit)
    return _rows(store, "owners_of_targets", target_ids=ids) if ids else []


def _owner_target_ids(store: GraphStore, codes: list[str], indicator_id: str | None, year: int | None,
                      offset: int, limit: int) -> list[str]:
    """The ids of the targets on page ``offset`` … ``offset + limit`` of the owners answer, in its order.

    The answer is ordered by region code first, so the page is read from the regions in code order, a slice
    of documents at a time, until it is full: a province's first page is usually found among its first few
    hundred documents, not its ~150,000 targets. An indicator with few targets (fewer than half the regions'
    documents) is read indicator first instead. Every plan finds the ids one query over all ``codes`` would.
    """
    params = {"year": year} if indicator_id is None else {"year": year, "indicator_id": indicator_id}
    query = "owner_targets_in_regions" if indicator_id is None else "owner_targets_of_indicator_in_regions"

    def ids(query: str, **more: Any) -> list[str]:
        return [r["target_id"] for r in _rows(store, query, **params, **more)]

    if len(codes) == 1 or offset + limit > SLICED_ROWS:
        return ids(query, region_codes=codes, offset=offset, limit=limit)
    documents = [(r["code"], r["documents"]) for r in _rows(store, "region_document_counts", region_codes=codes)]
    if indicator_id is not None:
        [count] = _rows(store, "indicator_target_count", indicator_id=indicator_id)
        if count["targets"] * INDICATOR_FIRST < sum(n for _, n in documents):
            return ids("owner_targets_of_indicator_by_indicator", region_codes=codes,
                       prefix=os.path.commonprefix(codes), offset=offset, limit=limit)
        if not _rows(store, "indicator_task_target", indicator_id=indicator_id):
            return []  # no task sets a target on it (a table's indicator): no owners anywhere
    want, found, read, budget = offset + limit, [], 0, SLICE_DOCUMENTS
    todo = sorted(documents)  # the answer's order: region code first
    while todo and len(found) < want:
        part, held = [], 0
        while todo and (held < budget or not part):
            code, n = todo.pop(0)
            part.append(code)
            held += n
        found += ids(query, region_codes=part, offset=0, limit=want - len(found))
        read += held
        budget = (math.ceil((want - len(found)) * read / len(found) * SLICE_MARGIN) if found
                  else budget * SLICE_GROWTH)
    return found[offset:]


@lru_cache(maxsize=4096)
def _region_codes(code: str) -> list[str]:
    """``code`` and every region below it in the gazetteer."""
    gaz = gazetteer()
    out, todo = [], [code]
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(r.code for r in gaz.children(c))
    return out


def _bodies(found: list[dict[str, Any]]) -> list[s.Body]:
    seen, out = set(), []
    for b in sorted((b for b in found if b.get("id")), key=lambda b: (b["name"] or "", b.get("as_written") or "")):
        if b["id"] not in seen:
            seen.add(b["id"])
            out.append(s.Body(id=b["id"], name=b["name"] or b["id"], as_written=b.get("as_written")))
    return out


def _target_owners(r: dict[str, Any]) -> s.TargetOwners:
    return s.TargetOwners(
        target_id=r["target_id"], indicator=r["indicator"], indicator_id=r["indicator_id"],
        indicator_as_written=r["indicator_as_written"], value=r["value"], number=r["number"], unit=r["unit"],
        comparator=r["comparator"], year=r["year"], nature=r["nature"],
        document=s.DocumentRef(id=r["doc_id"], title=r["document"], year=r["document_year"]),
        region=s.RegionRef(code=r["region_code"], name=r["region"], level=_gazetteer_level(r["region_code"]))
        if r["region_code"] else None,
        task=s.TaskRef(id=r["task_id"], number=r["task_number"], title=r["task"]),
        lead=_bodies(r["lead"]), support=_bodies(r["support"]),
        evidence=s.Evidence(doc_id=r["doc_id"], start=r["start"], end=r["end"], quote=r["quote"]))


# --- organisations -----------------------------------------------------------------------------------------

def organisation_tasks(store: GraphStore, organisation: str, role: str | None = None, within: str | None = None,
                       limit: int = 50, offset: int = 0) -> s.OrganisationTasks:
    """What a body (by id, canonical name or alias, optionally ``within`` a region) and its departments lead
    or support, with the targets those tasks set. ``role`` is ``lead`` or ``support``."""
    if role not in (None, "lead", "support"):
        raise InputError(f"role {role!r} is not lead or support")
    candidates = _rows(store, "organisation_candidates", organisation=organisation.strip())
    if within:
        code = resolve_region(within).code
        gaz = gazetteer()
        candidates = [c for c in candidates if c["region_code"] and _within(gaz, c["region_code"], code)]
    if not candidates:
        raise NotFound("organisation", organisation + (f" within {within}" if within else ""))
    relation = {"lead": "LEADS", "support": "SUPPORTS"}.get(role or "")
    rows = _rows(store, "organisation_tasks", ids=[c["id"] for c in candidates], role=relation,
                 offset=offset, limit=limit + 1)
    items = [s.Assignment(
        organisation=s.Body(id=r["organisation_id"], name=r["organisation"], as_written=r["as_written"]),
        role=_role(r["role"]), split=r["split"], task=s.TaskRef(id=r["task_id"], number=r["number"], title=r["task"]),
        document=s.DocumentRef(id=r["doc_id"], title=r["document"]),
        targets=[s.TargetBrief(**t) for t in r["targets"] if t.get("id")]) for r in rows[:limit]]
    return s.OrganisationTasks(organisations=[s.Organisation(**c) for c in candidates], items=items, limit=limit,
                               offset=offset, has_more=len(rows) > limit)


def _within(gaz: Gazetteer, code: str, ancestor: str) -> bool:
    try:
        return gaz.is_within(code, ancestor)
    except NotFound:
        return False


# --- documents ---------------------------------------------------------------------------------------------

def documents(store: GraphStore, limit: int = 50, offset: int = 0, include_stubs: bool = False) -> s.DocumentsPage:
    """A page of documents: loaded ones, and with ``include_stubs`` those known only from citations."""
    total = _rows(store, "documents_total", include_stubs=include_stubs)[0]["total"]
    rows = _rows(store, "documents_page", include_stubs=include_stubs, offset=offset, limit=limit)
    items = [s.DocumentSummary(id=r["id"], title=r["title"], doc_number=r["doc_number"], year=r["year"],
                               level=r["level"], kind=r["kind"], stub=r["stub"],
                               region=s.RegionRef(code=r["region_code"], name=r["region"]) if r["region_code"] else None)
             for r in rows]
    return s.DocumentsPage(items=items, total=total, limit=limit, offset=offset)


def resolve_document(store: GraphStore, id_or_title: str) -> str:
    """A document's id from its id, exact title (with or without 《》), document number or source file name."""
    key = id_or_title.strip()
    if key and store.document_state(key) is not None:
        return key
    name = key.removeprefix("《").removesuffix("》")
    found = _rows(store, "document_by_title", name=name) if name else []
    if not found:
        raise NotFound("document", id_or_title)
    return found[0]["id"]


def document(store: GraphStore, id_or_title: str) -> s.DocumentDetail:
    """One document: metadata, sections, tasks (with bodies), targets, what it cites and what cites it."""
    doc_id = resolve_document(store, id_or_title)
    d = _rows(store, "document_detail", doc_id=doc_id)[0]
    counts = s.DocumentCounts(**{k: d[k] for k in ("sections", "tasks", "targets", "references", "cited_by")})
    return s.DocumentDetail(
        **{k: d[k] for k in ("id", "title", "doc_number", "year", "level", "kind", "source", "issuer_as_written",
                             "issuers", "regions")},
        date=str(d["date"]) if d["date"] is not None else None, stub=bool(d["stub"]), counts=counts,
        sections=[s.SectionOut(**{k: r[k] for k in ("id", "number", "title", "depth")})
                  for r in _rows(store, "document_sections", doc_id=doc_id)],
        tasks=[s.DocumentTask(id=r["task_id"], **{k: r[k] for k in ("number", "title", "split", "lead", "support",
                                                                    "targets", "start", "end")})
               for r in _rows(store, "document_tasks", doc_id=doc_id)],
        targets=[s.DocumentTarget(**{k: v for k, v in r.items() if k != "start"})
                 for r in _rows(store, "document_targets", doc_id=doc_id)],
        references=[s.Citation(**{k: v for k, v in r.items() if k != "start"})
                    for r in _rows(store, "document_references", doc_id=doc_id)],
        cited_by=[s.Citation(**r) for r in _rows(store, "cited_by", doc_id=doc_id)])


def lineage(store: GraphStore, id_or_title: str) -> s.Lineage:
    """The chains from a document up to national level, best first (:func:`graph.inheritance.service.lineage`).

    ``chains`` holds every path from the document (each chain and its prefixes, so they form a tree); each
    step after the first says how it is linked to the step below: ``citation`` (basis | implements | mentions,
    when the step below cites it), ``basis`` (citation, co-citation or shared), the citing words in
    ``quotes``, the shared programmes/indicators/period, and ``evidence`` in one line. ``policies`` lists
    every document reached, nearest first, with that evidence in ``quote``.
    """
    from graph.inheritance.service import lineage as trace_lineage

    answer = trace_lineage(store, id_or_title.strip().removeprefix("《").removesuffix("》"))
    doc = answer.document
    root = s.LineageStep(id=doc.id, title=doc.title, level=doc.level, region=_region_ref(doc), stub=doc.stub)
    chains, seen, reached = [], set(), {}
    for chain in answer.chains:  # every path from the document (each prefix of each chain, once), best first
        steps = [root]
        for hops, link in enumerate(chain, start=1):
            steps = [*steps, _lineage_step(link)]
            path = tuple(step.id for step in steps)
            if path not in seen:
                seen.add(path)
                chains.append(s.LineageChain(steps=steps, hops=hops, ends_at_stub=link.parent.stub))
            reached.setdefault(link.parent.id, (hops, s.Citation(
                id=link.parent.id, title=link.parent.title, level=link.parent.level, stub=link.parent.stub,
                citation=link.citation or link.basis, as_written=link.quotes[0] if link.quotes else None,
                quote=link.evidence)))
    policies = [c for _, c in sorted(reached.values(), key=lambda hc: hc[0])]
    return s.Lineage(document=s.DocumentRef(id=doc.id, title=doc.title, year=doc.year), level=doc.level,
                     region=_region_ref(doc), reaches_national=answer.reaches_national, chains=chains,
                     policies=policies)


def _region_ref(doc: Any) -> s.RegionRef | None:
    """The region of a lineage document (``DocSummary``) or trace target."""
    return s.RegionRef(code=doc.region_code, name=doc.region, level=doc.level) if doc.region_code else None


def _lineage_step(link: Any) -> s.LineageStep:
    """A parent on a chain with the evidence linking it to the document below (a ``LineageLink``)."""
    p = link.parent
    return s.LineageStep(
        id=p.id, title=p.title, level=p.level, region=_region_ref(p), stub=p.stub,
        citation=link.citation, basis=link.basis,
        quotes=list(link.quotes), evidence=link.evidence or None,
        co_cited_by=[s.DocumentRef(id=d.id, title=d.title, year=d.year) for d in link.co_cited_by],
        shared_programmes=list(link.shared_programmes), shared_indicators=list(link.shared_indicators),
        period_overlap=list(link.period_overlap) if link.period_overlap else None, rank=link.rank)


# --- indicators and programmes -----------------------------------------------------------------------------

def indicator_trace(store: GraphStore, indicator: str, region: str | None = None) -> s.IndicatorTrace:
    """An indicator's targets national → county and the classified links between them
    (:func:`graph.inheritance.service.indicator_trace`): any spelling of the indicator; ``region`` keeps its
    line (the regions above it, itself and below it). Each item names the bodies carrying the target with
    their function; each link says consistent | stricter | looser | not_transmitted | incomparable and why,
    with the counterpart bodies of the two levels."""
    from graph.inheritance.service import indicator_trace as cascade

    ref = resolve_region(region) if region else None
    answer = cascade(store, indicator.strip(), ref.code if ref else None)
    items = [s.TraceItem(
        target_id=t.id, as_written=t.indicator_as_written, value=t.value, number=t.number, unit=t.unit,
        comparator=t.comparator, year=t.year, nature=t.nature, level=t.level, region=_region_ref(t),
        document=s.DocumentRef(id=t.document.id, title=t.document.title, year=t.document.year), task=t.task,
        bodies=[s.TraceBody(id=b.id, name=b.name, as_written=b.as_written, role=b.role, function=b.function)
                for b in t.bodies],
        evidence=s.Evidence(doc_id=t.source or t.document.id, quote=t.quote)) for t in answer.targets]
    links = [s.TraceLink(
        higher=k.higher.id, lower=k.lower.id if k.lower else None,
        region=s.RegionRef(code=k.region_code, name=k.region,
                           level=k.lower.level if k.lower else _gazetteer_level(k.region_code)),
        status=k.status, reason=k.reason, year_gap=k.year_gap,
        counterparts=[s.Counterpart(function=f, higher=h, lower=low) for f, h, low in k.counterparts])
        for k in answer.links]
    counts = {status: answer.count(status) for status in dict.fromkeys(k.status for k in answer.links)}
    return s.IndicatorTrace(indicator=s.IndicatorOut(id=answer.indicator_id, name=answer.indicator,
                                                     aliases=list(answer.aliases), unit=answer.unit,
                                                     direction=answer.direction),
                            region=ref, items=items, links=links, counts=counts)


def _gazetteer_level(code: str) -> str | None:
    try:
        return _level(gazetteer().get(code).level)
    except NotFound:
        return None


def programme(store: GraphStore, id_or_name: str) -> s.ProgrammeDetail:
    """A programme's documents, tasks, bodies (leading, supporting, issuing) and regions."""
    found = _rows(store, "programme_lookup", programme=id_or_name.strip())
    if not found:
        raise NotFound("programme", id_or_name)
    p = found[0]
    docs: dict[str, s.DocumentSummary] = {}
    tasks: list[s.ProgrammeTask] = []
    bodies: dict[str, dict[str, Any]] = {}
    regions: dict[str, s.RegionRef] = {}
    for r in _rows(store, "programme_detail", programme=p["id"]):
        reg = s.RegionRef(code=r["region_code"], name=r["region"]) if r["region_code"] else None
        docs.setdefault(r["doc_id"], s.DocumentSummary(id=r["doc_id"], title=r["document"], region=reg))
        if reg:
            regions.setdefault(reg.code, reg)
        named = [b for b in r["bodies"] if b.get("name")]
        if r["kind"] == "Task":
            tasks.append(s.ProgrammeTask(id=r["id"], title=r["title"], doc_id=r["doc_id"], as_written=r["as_written"],
                                         bodies=sorted({b["name"] for b in named})))
        for b in named:
            bodies.setdefault(b["name"], {"id": b["id"], "roles": set()})["roles"].add(_role(b["role"]))
        for name in r["issuers"]:
            bodies.setdefault(name, {"id": None, "roles": set()})["roles"].add("issuer")
    return s.ProgrammeDetail(
        id=p["id"], name=p["name"], aliases=_aliases(p["aliases"]), broader=p["broader"], narrower=p["narrower"],
        documents=list(docs.values()), tasks=tasks,
        bodies=[s.BodyRoles(id=v["id"], name=k, roles=sorted(v["roles"])) for k, v in sorted(bodies.items())],
        regions=sorted(regions.values(), key=lambda x: x.code))


# --- search and Cypher -------------------------------------------------------------------------------------

def search(store: GraphStore, text: str, limit: int = 20, offset: int = 0) -> s.SearchPage:
    """Substring search over tasks, targets, bodies, documents, programmes, indicators and regions.

    Answers as the named query ``search`` and, for tasks and targets, the store's text index when it has one
    (:func:`graph.text_index.search_text`, at most 50 rows per class) or else the bounded ``search_tasks`` scan
    (50 per class and property); names keep 50 per class and property. Both run as top-level UNIONs
    (``q.SEARCH_NAMES``, ``q.SEARCH_TASKS_UNION``) ordered here: the same rows, without KGLite collecting every
    match of a common word. ``total`` counts what those found, not every match in the graph.
    """
    needle = text.strip()
    if not needle:
        raise InputError("the search text is empty; give a word such as 医共体 or 县域内就诊率")
    tasks = search_text(store, needle)
    if tasks is None:
        tasks = _by_label_name(_union(store, q.SEARCH_TASKS_UNION, needle), key=True)
    names = _by_label_name(_union(store, q.SEARCH_NAMES, needle))[:q.SEARCH_ROWS]
    found = {(r["label"], str(r["key"])): r for r in (*names, *tasks)}
    rows = sorted(found.values(), key=lambda r: (r["label"], r["name"] or "", str(r["key"])))[:SEARCH_CAP]
    items = [s.SearchItem(kind=r["label"], id=str(r["key"]), name=r["name"], snippet=_snippet(r, needle))
             for r in rows[offset:offset + limit]]
    return s.SearchPage(items=items, total=len(rows), limit=limit, offset=offset)


def _union(store: GraphStore, cypher: str, text: str) -> list[dict[str, Any]]:
    """The rows of a top-level UNION of searches (``q.SEARCH_NAMES``, ``q.SEARCH_TASKS_UNION``), in the order
    the store gives them."""
    return list(store.run_read(cypher, {"text": text}, row_cap=READ_CAP).rows)


def _by_label_name(rows: list[dict[str, Any]], *, key: bool = False) -> list[dict[str, Any]]:
    """``rows`` as ``ORDER BY label, name`` (``, key`` with ``key``) orders them: a stable sort, null names
    last. With :data:`q.SEARCH_NAMES` and the first :data:`q.SEARCH_ROWS` kept, the answer of the named query
    ``search`` (``search_tasks`` with ``q.SEARCH_TASKS_UNION``), which orders inside Cypher but makes KGLite
    collect every match of a common word first.

    >>> [r["name"] for r in _by_label_name([{"label": "Region", "name": "卫生"}, {"label": "Document", "name": None},
    ...                                     {"label": "Region", "name": "健康"}])]
    [None, '健康', '卫生']
    """
    if key:
        return sorted(rows, key=lambda r: (r["label"], r["name"] is None, r["name"] or "", str(r["key"])))
    return sorted(rows, key=lambda r: (r["label"], r["name"] is None, r["name"] or ""))


def _snippet(row: dict[str, Any], needle: str) -> str | None:
    for field in (row.get("text"), row.get("name")):
        if field and needle in field:
            at = field.index(needle)
            start, end = max(0, at - SNIPPET), min(len(field), at + len(needle) + SNIPPET)
            return ("…" if start else "") + field[start:end] + ("…" if end < len(field) else "")
    return row.get("name")


def cypher(store: GraphStore, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None,
           row_cap: int | None = None) -> s.CypherResult:
    """Run an analyst's read-only query; writes are refused before dispatch and by the engine.

    Nodes come back as ``{"_id", "_labels", **properties}``, relationships as ``{"_id", "_type", "_start",
    "_end", **properties}``, paths as ``{"nodes": […], "relationships": […]}``.
    """
    try:
        result = store.run_read(query, params or {}, timeout_s=timeout_s, row_cap=row_cap)
    except (OverflowError, TypeError, ValueError) as e:
        raise QueryRejected(f"the query or its parameters cannot be used ({e}); check the $parameters' types") from e
    return s.CypherResult(columns=list(result.columns),
                          rows=[[_json_value(row.get(c)) for c in result.columns] for row in result.rows],
                          truncated=result.truncated)


def _node_props(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    """The ontology's properties of a node (the engine's pseudo-properties dropped), or all of them."""
    from graph.netx import node_props

    label = labels[0] if labels else None
    return node_props(label, props) if label in NODE_TYPES else props


def _json_value(v: Any) -> Any:
    if isinstance(v, dict):
        if isinstance(v.get("labels"), list) and isinstance(v.get("properties"), dict):  # KGLite node
            props = _node_props(v["labels"], v["properties"])
            return {"_id": v.get("id"), "_labels": v["labels"], **{k: _json_value(x) for k, x in props.items()}}
        if {"start", "end", "type", "properties"} <= v.keys():  # KGLite relationship
            return {"_id": v.get("id"), "_type": v["type"], "_start": v["start"], "_end": v["end"],
                    **{k: _json_value(x) for k, x in v["properties"].items()}}
        if isinstance(v.get("labels"), list):  # Neo4j node, flattened by the store
            props = {k: x for k, x in v.items() if k != "labels"}
            return {"_id": props.get("id", props.get("code")), "_labels": v["labels"],
                    **{k: _json_value(x) for k, x in props.items()}}
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, float) and v != v:
        return None
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


# --- ingest and export -------------------------------------------------------------------------------------

def ingest(store: GraphStore, filename: str, content: bytes, curation_path: Path | None = None) -> s.IngestResult:
    """Load one uploaded document (the ``policygraph load`` pipeline); idempotent like it."""
    from graph.curation import Curation
    from graph.load import DOCUMENT_SUFFIXES, load_paths

    name = Path(filename or "").name
    if not name or Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(f"upload a document file named *{' / *'.join(DOCUMENT_SUFFIXES)} (got {filename!r})")
    if not content:
        raise InputError("the uploaded file is empty", source=name)
    curation = Curation.from_file(curation_path)
    with tempfile.TemporaryDirectory(prefix="policygraph-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        summary = load_paths(store, [path], curation=curation)
    docs = [s.DocumentRef(id=d["id"], title=d.get("title")) for d in store.documents()
            if d.get("source") in {name, str(path)} and not d.get("stub")]
    failed = [s.IngestFailure(source=name, error=f.error.replace(str(path), name)) for f in summary.failed]
    return s.IngestResult(loaded=[name for _ in summary.loaded], replaced=[name for _ in summary.replaced],
                          unchanged=[name for _ in summary.unchanged], failed=failed, documents=docs,
                          nodes_added=summary.nodes_added, relations_added=summary.relations_added)


@dataclass(frozen=True, slots=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


EXPORT_TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "graphml": "application/graphml+xml",
                "csv": "application/zip"}


def export(store: GraphStore, fmt: str) -> ExportFile:
    """The whole graph as Turtle, JSON-LD, GraphML, or (``csv``) a zip of neo4j-admin import CSVs."""
    from graph.export import export_graph

    if fmt not in EXPORT_TYPES:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_TYPES)}")
    with tempfile.TemporaryDirectory(prefix="policygraph-export-") as tmp:
        out = Path(tmp) / ("csv" if fmt == "csv" else f"policygraph.{fmt}")
        written = export_graph(store, fmt, out)
        if fmt != "csv":
            return ExportFile(Path(written[0]).read_bytes(), EXPORT_TYPES[fmt], f"policygraph.{fmt}")
        buf = BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in written:
                f = Path(f)
                z.write(f, f.relative_to(out) if f.is_relative_to(out) else f.name)
        return ExportFile(buf.getvalue(), EXPORT_TYPES[fmt], "policygraph-csv.zip")
