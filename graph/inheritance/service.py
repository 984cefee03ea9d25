"""Lineage and target cascades over a store: the answers behind ``policygraph lineage`` and ``trace``.

:func:`lineage` ranks a document's candidate parents (:func:`.lineage.rank_parents`: the documents of its
ancestor regions and those it cites, with their programmes and indicators, and the documents citing it)
and walks the chains up to national level (:func:`.lineage.chain`), reading only that neighbourhood
through indexed lookups, step by step.
:func:`indicator_trace` lines up one indicator's targets national → county, links each to the target
it answers (:func:`.cascade.link`) and names the bodies carrying the work at each level with their
function class (:mod:`.counterparts`). Both take the store and, optionally, the gazetteer.

>>> from graph.kglite_store import KGLiteStore
>>> lineage(KGLiteStore(None), "nothing")
Traceback (most recent call last):
ontology.errors.NotFound: no document matches 'nothing'
"""
from __future__ import annotations

import heapq
import sys
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from loaders.records import CitationKind, Level
from ontology.errors import NotFound

from ..queries import named
from ..store import GraphStore
from .cascade import CascadeLink, CascadeTarget, LinkStatus, line_up, link
from .counterparts import classify
from .lineage import DocReference, LineageDoc, ParentLink, chain, rank_parents

Ancestors = Callable[[str], Sequence[Any]]

_LEVEL_ORDER = {"national": 0, "province": 1, "city": 2, "county": 3}


# --- records ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DocSummary:
    """A document as a lineage or trace shows it (``stub``: known only from citations)."""

    id: str
    title: str | None
    level: str | None
    region_code: str | None
    region: str | None
    stub: bool
    doc_number: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class LineageLink:
    """``child`` descends from ``parent``, and why.

    ``basis`` is ``citation`` (``child`` cites ``parent``: ``citation`` says how, ``quotes`` the words),
    ``co-citation`` (documents in ``co_cited_by`` cite both; ``quotes`` are their words) or ``shared``
    (``shared_programmes`` / ``shared_indicators`` / ``period_overlap``). ``rank`` 1 = best parent.
    """

    child: DocSummary
    parent: DocSummary
    basis: str
    citation: str | None
    quotes: tuple[str, ...]
    co_cited_by: tuple[DocSummary, ...]
    shared_programmes: tuple[str, ...]
    shared_indicators: tuple[str, ...]
    period_overlap: tuple[int, int] | None
    rank: int

    @property
    def evidence(self) -> str:
        """One line saying how the link is evidenced, for tables."""
        parts = []
        if self.citation:
            parts.append(f"{self.citation}: {'; '.join(self.quotes)}")
        if self.co_cited_by:
            names = "、".join(d.title or d.id for d in self.co_cited_by)
            parts.append(f"co-cited by {names}" + (f": {'; '.join(self.quotes)}" if not self.citation else ""))
        if self.shared_programmes:
            parts.append("programmes " + "、".join(self.shared_programmes[:5]))
        if self.shared_indicators:
            parts.append("indicators " + "、".join(self.shared_indicators[:5]))
        if self.period_overlap:
            parts.append(f"period {self.period_overlap[0]}–{self.period_overlap[1]}")
        return " | ".join(parts)


@dataclass(frozen=True, slots=True)
class Lineage:
    """A document's ranked parents and its chains upwards, best first (chains ending at national level,
    then those climbing through more levels, then by the parents' ranks); ``reaches_national`` when the
    best chain ends at a national document."""

    document: DocSummary
    parents: tuple[LineageLink, ...]
    chains: tuple[tuple[LineageLink, ...], ...]

    @property
    def reaches_national(self) -> bool:
        return bool(self.chains) and self.chains[0][-1].parent.level == Level.NATIONAL.value

    @property
    def best(self) -> tuple[LineageLink, ...]:
        """The best chain (empty when the document has no known parent)."""
        return self.chains[0] if self.chains else ()


@dataclass(frozen=True, slots=True)
class Body:
    """A body leading or supporting the task that sets a target; ``function`` from :mod:`.counterparts`."""

    id: str
    name: str
    role: str  # lead | support
    function: str | None
    as_written: str | None = None


@dataclass(frozen=True, slots=True)
class TraceTarget:
    """One target in a trace: where, when, what value, the quote, and the bodies carrying it."""

    id: str
    document: DocSummary
    level: str | None
    region_code: str | None
    region: str | None
    indicator_as_written: str | None
    value: str | None
    number: float | None
    unit: str | None
    comparator: str | None
    year: int | None  # the target year, else the end of its document's period
    quote: str | None
    source: str | None  # the evidence's document (a URL for catalogue targets)
    task: str | None
    bodies: tuple[Body, ...] = ()
    nature: str | None = None  # binding | expected | …


@dataclass(frozen=True, slots=True)
class TraceLink:
    """``lower`` answers ``higher`` (or, ``not_transmitted``, no document of ``region_code`` does)."""

    higher: TraceTarget
    lower: TraceTarget | None
    status: str
    reason: str
    region_code: str
    region: str | None
    year_gap: int | None
    counterparts: tuple[tuple[str, str, str], ...] = ()  # (function, higher body, lower body)


@dataclass(frozen=True, slots=True)
class Trace:
    """An indicator's cascade: its targets national → county and the links between them."""

    indicator_id: str
    indicator: str
    region_code: str | None
    targets: tuple[TraceTarget, ...]
    links: tuple[TraceLink, ...]
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    direction: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for k in self.links if k.status == status)


# --- lineage ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _gazetteer_ancestors() -> Ancestors:
    """The gazetteer's ancestors of a region code, remembered (one cache for every answer)."""
    from loaders.gazetteer import gazetteer

    g = gazetteer()

    @lru_cache(maxsize=8192)
    def ancestors(code: str) -> tuple:
        try:
            return tuple(g.ancestors(code))
        except NotFound:
            return ()

    return ancestors


def _summary(row: dict[str, Any]) -> DocSummary:
    return DocSummary(row["id"], row.get("title"), row.get("level"), row.get("region_code"), row.get("region"),
                      bool(row.get("stub")), row.get("doc_number"), row.get("year"))


def find_document(store: GraphStore, name: str) -> str:
    """The id of the document ``name`` denotes: an id, or an exact title, 文号 or source file (loaded first)."""
    if name and store.document_state(name) is not None:
        return name
    rows = store.fetch(named("document_by_title").cypher, {"name": name})
    if not rows:
        raise NotFound("document", name)
    return rows[0]["id"]


#: Documents citing one document that lineage reads for co-citation evidence: the first by id, and always
#: the document below it on the chain being walked.
CITING_CAP = 25
#: Documents of the ancestor regions weighed as parents of one document, at most: the nearest in time (periods
#: that overlap first, then by distance between start years). Documents it cites are always weighed. A
#: province's decade of plans is a few hundred documents; the cap keeps lineage quick on a national corpus.
REGION_CANDIDATES = 200


#: Entries of each kind remembered between answers on one unchanged store, at most (:func:`_memo`).
MEMO_ENTRIES = 50_000
#: A region's documents are remembered between answers when it has at least this many (the nation's few
#: thousand, a province's hundreds): those every answer below them reads again.
MEMO_REGION_DOCUMENTS = 200
#: Documents whose citations are remembered, at most (a few kilobytes each: the citing sentences).
MEMO_REFERENCES = 10_000
#: Choices of nearest candidates remembered (:meth:`_Neighbourhood.nearest`), at most: each holds
#: :data:`REGION_CANDIDATES` ids, one per line of regions and period asked about.
MEMO_NEAREST = 5_000
_memos: weakref.WeakKeyDictionary[Any, tuple[Any, dict[str, dict[Any, Any]]]] = weakref.WeakKeyDictionary()


def _memo(store: GraphStore, kind: str, limit: int = MEMO_ENTRIES) -> dict[Any, Any]:
    """What lineage remembers of ``store`` between answers, for one ``kind`` of read (``citing``: a document's
    first :data:`CITING_CAP` citing documents by id; ``region``: a large region's
    document rows; ``line``: the ids of a large line of regions; ``nearest``: the candidates chosen from a
    line for a period; ``evidence``: a document's programmes and indicators; ``refs``: the citations a document
    makes; ``region_name``: a region's name), at most ``limit`` entries (the table starts again when full).

    These reads are the same for every answer until the store changes, and some are costly on a national
    corpus (thousands of documents cite a national or provincial plan; the nation has thousands of
    documents); they are kept while the store's ``generation`` stays the same. A store without one (Neo4j,
    which other processes may write) gets an empty memo each time: nothing is remembered."""
    generation = getattr(store, "generation", None)
    if generation is None:
        return {}
    held = _memos.get(store)
    if held is None or held[0] != generation:
        held = (generation, {})
        _memos[store] = held
    table = held[1].setdefault(kind, {})
    if len(table) > limit:
        table.clear()
    return table


class _Neighbourhood:
    """The documents lineage needs, read on demand by indexed lookups and kept for one answer.

    ``candidates(doc)`` are the documents of ``doc``'s ancestor regions (by indexed ``region_code``) and the
    documents it cites; their programmes and indicators are read in one batch per step. A document's own
    citations and the documents citing it (at most :data:`CITING_CAP`) are read when it becomes the subject
    of a step (``prepare``), batched for all parents kept at that step.

    A document's region is its own ``region_code`` (always one it COVERS), named by a lookup by code: a stub
    cited from many regions COVERS each of them, and its own code keeps the answer the same whichever read
    meets it first. What every answer would read again (large regions' documents, the nearest candidates of a
    line for a period, programmes, indicators, citations) is remembered while the store is unchanged
    (:func:`_memo`), as plain tuples and untracked rows where it can: bounded, and cheap for the cyclic
    garbage collector to pass over.
    """

    def __init__(self, store: GraphStore, ancestors: Ancestors) -> None:
        self.store, self.ancestors = store, ancestors
        self.rows: dict[str, dict[str, Any]] = {}
        self.refs: dict[str, tuple[DocReference, ...]] = {}
        self.citing: dict[str, tuple[str, ...]] = {}
        self.programmes: dict[str, tuple[str, ...]] = {}
        self.indicators: dict[str, tuple[str, ...]] = {}
        self.in_region: dict[str, list[str]] = {}
        self.lines: dict[tuple[str, ...], list[str]] = {}
        self.periods: dict[str, tuple[int, int] | None] = {}
        self.docs: dict[str, LineageDoc] = {}

    def _fetch(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.fetch(named(query).cypher, params)

    def load_rows(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self.rows})
        if missing:
            for r in self._name_regions(self._fetch("lineage_documents_by_id", doc_ids=missing)):
                self.rows[r["id"]] = r

    def _name_regions(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` with the name of their ``region_code`` as ``region`` (names remembered like :func:`_memo`)."""
        known = _memo(self.store, "region_name")
        codes = sorted({r["region_code"] for r in rows if r.get("region_code")} - known.keys())
        if codes:
            found = {r["code"]: r["name"] for r in self._fetch("lineage_region_names", region_codes=codes)}
            known.update((c, found.get(c)) for c in codes)
        for r in rows:
            r["region"] = known.get(r["region_code"]) if r.get("region_code") else None
        return rows

    def load_evidence(self, ids: Iterable[str]) -> None:
        """Programmes and indicators of ``ids`` (a catalogued stub's programmes count too)."""
        missing = sorted({i for i in ids if i not in self.programmes})
        if not missing:
            return
        known = _memo(self.store, "evidence")
        unread = [i for i in missing if i not in known]
        if unread:
            programmes: dict[str, set[str]] = defaultdict(set)
            for r in self._fetch("lineage_programmes_of", doc_ids=unread):
                programmes[r["doc_id"]].add(sys.intern(r["programme"]))
            indicators: dict[str, set[str]] = defaultdict(set)
            for r in self._fetch("lineage_indicators_of", doc_ids=unread):
                indicators[r["doc_id"]].add(sys.intern(r["indicator"]))
            for i in unread:  # tuples of strings: the cyclic garbage collector soon stops visiting them
                known[i] = (tuple(sorted(programmes.get(i, ()))), tuple(sorted(indicators.get(i, ()))))
        for i in missing:
            row = self.rows.get(i, {})
            named, measured = known[i]
            extra = _catalogue_programmes(row.get("title"), row.get("doc_number")) if row.get("stub") else ()
            self.programmes[i] = tuple(sorted(extra.union(named))) if extra else named
            self.indicators[i] = measured
            self.docs.pop(i, None)

    def load_refs(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self.refs})
        if not missing:
            return
        known = _memo(self.store, "refs", MEMO_REFERENCES)
        unread = [i for i in missing if i not in known]
        if unread:
            refs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
            for r in self._fetch("lineage_references_from", doc_ids=unread):
                refs[r["source"]].append((r["target"], r["citation"] or "mentions",
                                          r.get("quote") or r.get("as_written") or ""))
            for i in unread:  # plain tuples, as the evidence above
                known[i] = tuple(refs.get(i, ()))
        for i in missing:
            self.refs[i] = tuple(DocReference(target, CitationKind(kind), quote) for target, kind, quote in known[i])
            self.docs.pop(i, None)

    def prepare(self, ids: Iterable[str], cited_by: dict[str, str] | None = None) -> None:
        """Make ``ids`` ready to be subjects: their rows, citations, the documents citing them (``cited_by``
        maps an id to the document below it that cites it, kept beyond the cap) and those's citations."""
        ids = sorted(set(ids))
        self.load_rows(ids)
        self.load_refs(ids)
        missing = [i for i in ids if i not in self.citing]
        if missing:
            known = _memo(self.store, "citing")
            unread = [i for i in missing if i not in known]
            for r in self._fetch("lineage_citing", doc_ids=unread) if unread else ():
                known[r["cited"]] = tuple(sorted(r["sources"])[:CITING_CAP])
            for i in missing:
                below = (cited_by or {}).get(i)
                self.citing[i] = tuple(dict.fromkeys([*([below] if below else []), *known.setdefault(i, ())]))
            sources = {c for i in missing for c in self.citing[i]}
            self.load_refs(sources)
            self.load_rows(sources)

    def doc(self, i: str) -> LineageDoc:
        """``i`` as :func:`.lineage.rank_parents` weighs it, built once per answer (again after its programmes,
        indicators or citations are read)."""
        d = self.docs.get(i)
        if d is None:
            r = self.rows[i]
            d = self.docs[i] = LineageDoc(i, _level(r.get("level")), r.get("region_code"), self.period(i),
                                          self.programmes.get(i, ()), self.indicators.get(i, ()),
                                          self.refs.get(i, ()), r.get("title"))
        return d

    def nearest(self, i: str, ids: list[str]) -> list[str]:
        """At most :data:`REGION_CANDIDATES` of ``ids``, those nearest ``i`` in time: periods overlapping ``i``'s
        first, then by distance between start years, then by id; documents without a period last."""
        if len(ids) <= REGION_CANDIDATES:
            return ids
        mine = self.period(i)
        if mine is None:
            return heapq.nsmallest(REGION_CANDIDATES, ids)
        start, end = mine
        keyed = [(2, 0, c) if p is None else (0 if p[0] <= end and start <= p[1] else 1, abs(p[0] - start), c)
                 for p, c in ((self.period(c), c) for c in ids)]
        return [k[2] for k in heapq.nsmallest(REGION_CANDIDATES, keyed)]

    def nearest_in(self, i: str, codes: tuple[str, ...]) -> list[str]:
        """:meth:`nearest` of the documents of regions ``codes``. The choice depends only on ``codes`` and ``i``'s
        period: a large line's is remembered (:func:`_memo`) for the next document of the same period."""
        ids = self.in_regions(codes)
        if len(ids) <= REGION_CANDIDATES:
            return ids
        known = _memo(self.store, "nearest", MEMO_NEAREST)
        key = (codes, self.period(i))
        chosen = known.get(key)
        if chosen is None:
            chosen = known[key] = self.nearest(i, ids)
        return chosen

    def period(self, i: str) -> tuple[int, int] | None:
        """``i``'s period (its row never changes once read), computed once per answer."""
        if i not in self.periods:
            self.periods[i] = _period(self.rows[i])
        return self.periods[i]

    def in_regions(self, codes: Sequence[str]) -> list[str]:
        """The ids of the documents of ``codes`` (one per row of ``lineage_documents_in_regions``), by id.

        Each region is read once per answer: the steps of a chain share their upper regions (a county's
        line and its city's both end in the province and the nation's few thousand documents)."""
        codes = tuple(dict.fromkeys(codes))
        if codes in self.lines:
            return self.lines[codes]
        missing = [c for c in codes if c not in self.in_region]
        shared = _memo(self.store, "region")
        unread = [c for c in missing if c not in shared]
        found: dict[str, list[dict[str, Any]]] = {c: [] for c in unread}
        for r in self._name_regions(self._fetch("lineage_documents_in_regions", region_codes=unread)) if unread else ():
            found[r["region_code"]].append(r)
        for c in missing:
            rows = shared[c] if c in shared else found[c]
            if len(rows) >= MEMO_REGION_DOCUMENTS:
                shared[c] = rows
            for r in rows:
                self.rows.setdefault(r["id"], r)
            self.in_region[c] = [r["id"] for r in rows]
        lines = _memo(self.store, "line")
        line = lines.get(codes)
        if line is None:
            line = sorted(i for c in codes for i in self.in_region[c])
            if len(line) >= MEMO_REGION_DOCUMENTS:
                lines[codes] = line
        self.lines[codes] = line
        return line

    def candidates(self, i: str) -> list[LineageDoc]:
        """The documents that may be ``i``'s parents: those of its ancestor regions and those it cites."""
        code = self.rows[i].get("region_code")
        line = tuple(getattr(a, "code", a) for a in self.ancestors(code) if getattr(a, "code", a) != code) if code else ()
        ids = [*self.nearest_in(i, line), *(r.cited_id for r in self.refs.get(i, ()))]
        ids = list(dict.fromkeys(c for c in ids if c != i))
        self.load_rows(ids)
        ids = [c for c in ids if c in self.rows]
        self.load_evidence([i, *ids])
        return [self.doc(c) for c in ids]


@lru_cache(maxsize=4096)
def _catalogue_programmes(title: str | None, doc_number: str | None) -> frozenset[str]:
    from ..resolve import Resolver
    from .catalogue import match

    policy = match(title, doc_number)
    resolver = Resolver.default()
    return frozenset(resolver.programme(p).name for p in policy.programmes) if policy else frozenset()


def _level(value: str | None) -> Level | None:
    try:
        return Level(value) if value else None
    except ValueError:
        return None


def _period(row: dict[str, Any]) -> tuple[int, int] | None:
    start, end = row.get("period_start"), row.get("period_end")
    if start is None and end is None:
        year = row.get("year")
        return (year, year) if year else None
    return (start or end, end or start)


def lineage(store: GraphStore, doc_id: str, *, ancestors: Ancestors | None = None, max_parents: int = 3,
            max_chains: int = 12) -> Lineage:
    """The chains from a document (id, exact title, 文号 or source) up to national level, best first.

    ``parents`` lists the document's parents in rank order. Chains start from its national parents and
    at most ``2 * max_parents`` others; above the document each step keeps its ``max_parents`` best-ranked
    parents. Only the
    document's neighbourhood is read (:class:`_Neighbourhood`), so the answer costs the same in a small
    corpus and a large one. Raises :class:`~ontology.errors.NotFound` for an unknown document.
    """
    doc_id = find_document(store, doc_id)
    g = _Neighbourhood(store, ancestors or _gazetteer_ancestors())
    g.prepare([doc_id])
    memo: dict[str, list[ParentLink]] = {}

    def walked(i: str) -> list[ParentLink]:
        """The parents a chain climbs through: above the document the best ``max_parents``; from the document
        itself its national parents (chains end there) and its best ``2 * max_parents`` others."""
        ranked = memo[i]
        if i != doc_id:
            return ranked[:max_parents]
        others = [p for p in ranked if p.parent_level != Level.NATIONAL][:2 * max_parents]
        return [p for p in ranked if p.parent_level == Level.NATIONAL or p in others]

    def parents_of(i: str) -> list[ParentLink]:
        if i not in memo:
            if i not in g.rows:
                memo[i] = []
                return memo[i]
            candidates = g.candidates(i)
            co_cited = [g.doc(c) for c in g.citing.get(i, ()) if c in g.rows]
            memo[i] = rank_parents(g.doc(i), candidates, g.ancestors, co_cited=co_cited)
            kept = [p for p in walked(i) if p.parent_level != Level.NATIONAL]
            g.prepare((p.parent_id for p in kept), {p.parent_id: i for p in kept if p.citation})
        return memo[i]

    def out(p: ParentLink) -> LineageLink:
        return LineageLink(_summary(g.rows[p.doc_id]), _summary(g.rows[p.parent_id]), p.basis,
                           p.citation.value if p.citation else None, p.quotes,
                           tuple(_summary(g.rows[c]) for c in p.co_cited_by if c in g.rows),
                           p.shared_programmes, p.shared_indicators, p.period_overlap, p.rank)

    chains = chain(doc_id, lambda i: walked(i) if parents_of(i) else [], max_chains=max_chains * 4)
    # A chain climbing level by level says more than one skipping levels: national first, then longer.
    chains = sorted(chains, key=lambda c: (c[-1].parent_level != Level.NATIONAL, -len(c), [p.rank for p in c]))
    chains = chains[:max_chains]
    return Lineage(_summary(g.rows[doc_id]), tuple(out(p) for p in parents_of(doc_id)),
                   tuple(tuple(out(p) for p in c) for c in chains))


# --- target cascades ---------------------------------------------------------------------------------------

def _indicator(store: GraphStore, indicator: str) -> dict[str, Any]:
    """The indicator (id, name, aliases, unit, direction) named by an id, name, alias or any spelling the
    resolver normalises."""
    from ..resolve import Resolver

    for name in (indicator, Resolver.default().indicator(indicator).name):
        rows = store.fetch(named("indicator_lookup").cypher, {"indicator": name})
        if rows:
            return rows[0]
    raise NotFound("indicator", indicator)


def _trace_target(row: dict[str, Any], bodies: tuple[Body, ...]) -> TraceTarget:
    doc = DocSummary(row["doc_id"], row.get("document"), row.get("doc_level"), row.get("region_code"),
                     row.get("region"), bool(row.get("stub")))
    return TraceTarget(row["target_id"], doc, row.get("level") or row.get("doc_level"), row.get("region_code"),
                       row.get("region"), row.get("as_written"), row.get("value"), row.get("number"),
                       row.get("unit"), row.get("comparator"), row.get("year") or row.get("period_end"),
                       row.get("quote") or row.get("text"), row.get("ev_doc"), row.get("task"), bodies,
                       row.get("nature"))


def _in_scope(code: str | None, region: str | None, ancestors: Ancestors) -> bool:
    """Whether a target of region ``code`` belongs to the trace of ``region``: above, at or below it."""
    if region is None:
        return True
    if code is None:
        return False
    up = lambda c: {getattr(a, "code", a) for a in ancestors(c)}
    return code == region or region in up(code) or code in up(region)


def indicator_trace(store: GraphStore, indicator: str, region: str | None = None, *,
                    ancestors: Ancestors | None = None, max_year_gap: int | None = None) -> Trace:
    """The cascade of one indicator's targets (national → province → city → county), each link classified.

    ``indicator`` may be an id, a name or any alias/spelling; ``region`` (a code or a name) narrows the trace
    to that region's line: the regions above it, itself and below it. Regions of loaded documents without
    a target of their own get ``not_transmitted`` links. Raises :class:`~ontology.errors.NotFound` when the
    indicator is unknown.
    """
    ancestors = ancestors or _gazetteer_ancestors()
    found = _indicator(store, indicator)
    indicator_id, indicator_name = found["id"], found["name"]
    code = _region_code(region) if region else None
    bodies: dict[str, list[Body]] = defaultdict(list)
    for b in store.fetch(named("cascade_bodies").cypher, {"indicator_id": indicator_id}):
        bodies[b["target_id"]].append(Body(b["id"], b["name"], "lead" if b["role"] == "LEADS" else "support",
                                           b.get("function") or classify(b["name"]), b.get("as_written")))
    rows = [r for r in store.fetch(named("cascade_targets").cypher, {"indicator_id": indicator_id})
            if _in_scope(r.get("region_code"), code, ancestors)]
    shown = {r["target_id"]: _trace_target(r, tuple(bodies[r["target_id"]])) for r in rows}
    cascade = [CascadeTarget(r["target_id"], indicator_id, r.get("number"), r.get("unit"), r.get("comparator") or "",
                             r.get("year"), r.get("period_end"), r["region_code"], r.get("level") or r.get("doc_level") or "",
                             r["doc_id"], r.get("document"), r.get("quote") or r.get("text") or "")
               for r in rows if r.get("region_code")]
    names = {r["code"]: r["name"] for r in store.fetch(named("loaded_regions").cypher)}
    lower = [c for c in names if _in_scope(c, code, ancestors)]
    links = link(cascade, ancestors, lower_regions=lower, max_year_gap=max_year_gap)
    ordered = tuple(shown[t.id] for t in line_up(cascade)) + tuple(
        t for i, t in shown.items() if not t.region_code)
    return Trace(indicator_id, indicator_name, code, ordered,
                 tuple(_trace_link(k, shown, names) for k in links),
                 tuple(a for a in (found.get("aliases") or "").split("|") if a), found.get("unit"),
                 found.get("direction"))


def _region_code(region: str) -> str:
    if region.isdigit():
        return region
    from loaders.gazetteer import gazetteer

    found = gazetteer().lookup(region)
    if found is None:
        raise NotFound("region", region)
    return found.code


def _trace_link(k: CascadeLink, shown: dict[str, TraceTarget], names: dict[str, str]) -> TraceLink:
    higher = shown[k.higher.id]
    lower = shown[k.lower.id] if k.lower else None
    return TraceLink(higher, lower, LinkStatus(k.status).value, k.reason, k.region_code,
                     lower.region if lower else names.get(k.region_code), k.year_gap,
                     _counterparts(higher.bodies, lower.bodies if lower else ()))


def _counterparts(higher: Sequence[Body], lower: Sequence[Body]) -> tuple[tuple[str, str, str], ...]:
    """Bodies of the two levels that carry the same function: (function, higher body, lower body)."""
    out = []
    for h in higher:
        for low in lower:
            if h.function and h.function == low.function:
                out.append((h.function, h.name, low.name))
    return tuple(dict.fromkeys(out))
