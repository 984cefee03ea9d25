"""Document lineage: rank a document's candidate parents and walk the chain up to national level.

A county document's candidate parents are the documents of its ancestor regions (city, province,
national). Explicit citation ranks first (basis 根据/依据 > implements 贯彻落实 > mentions), then shared
programmes, shared indicators and overlapping period. Every link keeps its evidence: the citation
quotes, or the shared items.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from loaders.records import CitationKind, Level

#: region code → its ancestors' codes (or objects with a ``code``), e.g. ``gazetteer().ancestors``.
Ancestors = Callable[[str], Sequence[Any]]

_CITATION_WEIGHT = {CitationKind.BASIS: 3, CitationKind.IMPLEMENTS: 2, CitationKind.MENTIONS: 1}


@dataclass(frozen=True, slots=True)
class DocReference:
    """A citation in a document: the cited document's id, how it is cited, and the sentence that cites it."""

    cited_id: str
    kind: CitationKind
    quote: str


@dataclass(frozen=True, slots=True)
class LineageDoc:
    """What lineage needs to know of a document (loaded or stub). ``region_code`` None = region unknown."""

    id: str
    level: Level | None
    region_code: str | None
    period: tuple[int, int] | None = None
    programmes: Collection[str] = frozenset()  # a set or a tuple of names
    indicators: Collection[str] = frozenset()
    references: tuple[DocReference, ...] = ()
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ParentLink:
    """``doc_id``'s link to a candidate parent, with the evidence that supports it.

    ``citation`` is the strongest way the document cites the parent (None if it does not), ``quotes``
    the citing sentences; ``shared_programmes``/``shared_indicators``/``period_overlap`` the other evidence.
    ``co_cited_by`` names documents that cite both ``doc_id`` and the parent (their ``quotes`` are then
    the sentences citing the parent): a county plan citing its city's and its province's plans places
    the city plan under the province plan. ``score`` orders links (higher first); ``rank`` is 1 for the
    best parent.
    """

    doc_id: str
    parent_id: str
    parent_level: Level | None
    citation: CitationKind | None
    quotes: tuple[str, ...]
    shared_programmes: tuple[str, ...]
    shared_indicators: tuple[str, ...]
    period_overlap: tuple[int, int] | None
    score: tuple[int, ...]
    rank: int = 0
    co_cited_by: tuple[str, ...] = ()

    @property
    def basis(self) -> str:
        """The strongest kind of evidence: ``citation``, ``co-citation`` or ``shared``."""
        return "citation" if self.citation else "co-citation" if self.co_cited_by else "shared"

    @property
    def explicit(self) -> bool:
        return self.citation is not None


def _codes(ancestors: Ancestors, code: str) -> list[str]:
    return [getattr(a, "code", a) for a in ancestors(code) if getattr(a, "code", a) != code]


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return None
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def _above(doc: LineageDoc, candidate: LineageDoc, line: list[str]) -> int | None:
    """How many steps up ``candidate`` sits (1 = parent region), or None when it is not above ``doc``."""
    if candidate.region_code is not None and candidate.region_code in line:
        return line.index(candidate.region_code) + 1
    if candidate.level == Level.NATIONAL:
        return len(line) or 1
    return None


def _link(doc: LineageDoc, candidate: LineageDoc, steps: int | None, refs: Sequence[DocReference],
          co_refs: Sequence[tuple[str, DocReference]]) -> ParentLink | None:
    """``doc``'s link to ``candidate``, given ``doc``'s citations of it (``refs``) and those of the documents
    citing ``doc`` (``co_refs``: (citing id, citation)); None without evidence."""
    citation = max((CitationKind(r.kind) for r in refs), key=_CITATION_WEIGHT.__getitem__, default=None)
    if steps is None and citation is None:
        return None
    programmes = tuple(sorted(doc.programmes.intersection(candidate.programmes)))  # doc's: frozensets
    indicators = tuple(sorted(doc.indicators.intersection(candidate.indicators)))
    overlap = _overlap(doc.period, candidate.period)
    if citation is None and not co_refs and not programmes and not indicators:
        return None  # a period overlap alone is no evidence of descent
    co_by = tuple(dict.fromkeys(d for d, _ in co_refs))
    quotes = [r.quote for r in refs] if refs else [r.quote for _, r in co_refs]
    years = overlap[1] - overlap[0] + 1 if overlap else 0
    score = (_CITATION_WEIGHT[citation] if citation else 0, len(co_by), len(programmes), len(indicators), years,
             -(steps or 99))
    return ParentLink(doc.id, candidate.id, candidate.level, citation, tuple(dict.fromkeys(quotes)), programmes,
                      indicators, overlap, score, co_cited_by=co_by)


def rank_parents(doc: LineageDoc, candidates: Iterable[LineageDoc], ancestors: Ancestors, *,
                 co_cited: Iterable[LineageDoc] = ()) -> list[ParentLink]:
    """Rank the candidate parents of ``doc``, best first, each with its evidence.

    A candidate qualifies when it belongs to an ancestor region of ``doc`` (national documents always
    do) and there is evidence: ``doc`` cites it; a document in ``co_cited`` (documents citing ``doc``)
    cites it too; or it shares a programme or indicator with ``doc``. A candidate whose region is
    unknown (a stub) qualifies only when ``doc`` cites it. Documents of ``doc``'s own region or of
    unrelated regions never qualify. Order: citation kind (basis > implements > mentions), number of
    co-citing documents, shared programmes, shared indicators, years of overlapping period, nearer region.

    >>> doc = LineageDoc("fx", Level.CITY, "210900",
    ...                  references=(DocReference("ln", CitationKind.BASIS, "根据《辽宁省…规划》"),))
    >>> ln = LineageDoc("ln", Level.PROVINCE, "210000")
    >>> [p.parent_id for p in rank_parents(doc, [ln], lambda c: ["210000", "100000"])]
    ['ln']
    """
    line = _codes(ancestors, doc.region_code) if doc.region_code else []
    doc = replace(doc, programmes=frozenset(doc.programmes), indicators=frozenset(doc.indicators))
    citing = [d for d in co_cited if d.id != doc.id and any(r.cited_id == doc.id for r in d.references)]
    refs_to: dict[str, list[DocReference]] = defaultdict(list)  # cited id → citations, in document order
    for r in doc.references:
        refs_to[r.cited_id].append(r)
    co_refs_to: dict[str, list[tuple[str, DocReference]]] = defaultdict(list)
    for d in citing:
        for r in d.references:
            co_refs_to[r.cited_id].append((d.id, r))
    links: list[ParentLink] = []
    for candidate in candidates:
        if candidate.id == doc.id:
            continue
        steps = _above(doc, candidate, line)
        if steps is None and candidate.region_code is not None:
            continue  # same or unrelated region: not a parent, even if cited
        link = _link(doc, candidate, steps, refs_to.get(candidate.id, ()), co_refs_to.get(candidate.id, ()))
        if link is not None:
            links.append(link)
    links.sort(key=lambda p: (tuple(-s for s in p.score), p.parent_id))
    return [_with_rank(p, i + 1) for i, p in enumerate(links)]


def _with_rank(link: ParentLink, rank: int) -> ParentLink:
    return replace(link, rank=rank)


def chain(doc_id: str, parents_of: Callable[[str], Sequence[ParentLink]], *, max_depth: int = 8,
          max_chains: int = 20) -> list[list[ParentLink]]:
    """Every chain of parent links from ``doc_id`` upwards, best first; each ends at national level or where
    no parent is known. A link back into the chain (a citation cycle) is skipped.

    Chains reaching national level come first, then by the parents' ranks, so the chain that climbs
    one level at a time through each best parent leads. ``parents_of(id)`` returns that document's ranked parents (e.g. from
    :func:`rank_parents`).

    >>> links = {"county": [ParentLink("county", "city", Level.CITY, CitationKind.BASIS, ("根据…",), (), (), None, (3, 0, 0, 0, 0, -1), 1)],
    ...          "city": [ParentLink("city", "nat", Level.NATIONAL, CitationKind.IMPLEMENTS, ("落实…",), (), (), None, (2, 0, 0, 0, 0, -2), 1)]}
    >>> [[p.parent_id for p in c] for c in chain("county", lambda d: links.get(d, []))]
    [['city', 'nat']]
    """
    chains: list[list[ParentLink]] = []
    _walk(doc_id, [], frozenset({doc_id}), parents_of, chains, max_chains * 4, max_depth)
    chains.sort(key=lambda c: (c[-1].parent_level != Level.NATIONAL, [p.rank for p in c]))
    return chains[:max_chains]


def _walk(current: str, path: list[ParentLink], seen: frozenset[str], parents_of: Callable[[str], Sequence[ParentLink]],
          chains: list[list[ParentLink]], limit: int, max_depth: int) -> None:
    """Append to ``chains`` the chains from ``current`` upwards below ``path``, depth first (at most ``limit``).

    A plain function, not a closure: a closure calling itself is a reference cycle that would keep each answer's
    whole neighbourhood alive until the cyclic garbage collector runs."""
    if len(chains) >= limit:
        return
    steps = [p for p in parents_of(current) if p.parent_id not in seen] if len(path) < max_depth else []
    if not steps or (path and path[-1].parent_level == Level.NATIONAL):
        if path:
            chains.append(path)
        return
    for parent in steps:
        _walk(parent.parent_id, [*path, parent], seen | {parent.parent_id}, parents_of, chains, limit, max_depth)
