"""Pure core of loading: one :class:`~loaders.records.Extraction` becomes node and relation rows.

Rows follow the ontology: each batch names a node class or a (source, relation, target) pattern that
``ontology.schema.check`` accepts, and every extracted node and relation carries the evidence properties
``ev_doc``, ``ev_start``, ``ev_end``, ``ev_quote`` (a Task's quote is its ``text``, stored once: see
``ontology.schema.stored_evidence``). Nothing here touches a store.

Ids: a Document is its content hash; Sections, Tasks and Targets are ``<doc>#s:<numbering>``,
``<doc>#t:<numbering>``, ``<doc>#g:<n>``; Organisations, Indicators, Programmes and stub Documents get
the ids :mod:`graph.resolve` gives them; a Region is its GB/T 2260 code.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from loaders.records import Evidence, Extraction, Role
from ontology.errors import PolicyGraphError, SchemaViolation
from ontology.schema import EVIDENCE_PROPERTIES, RELATIONS, check, node_type, stored_evidence

from .curation import Curation
from .inheritance.catalogue import Policy as CataloguePolicy
from .inheritance.catalogue import load_catalogue
from .inheritance.counterparts import classify
from .inheritance.mentions import find_named
from .resolve import Org, Policy, Resolver, stub_id

#: Order in which node batches are written (referenced nodes first).
NODE_ORDER = ("Region", "Organisation", "Indicator", "Programme", "Document", "Section", "Task", "Target")


@dataclass(frozen=True, slots=True)
class NodeBatch:
    label: str
    rows: tuple[dict[str, Any], ...]  # {"key": …, "props": {…}}


@dataclass(frozen=True, slots=True)
class EdgeBatch:
    relation: str
    source: str
    target: str
    rows: tuple[dict[str, Any], ...]  # {"source": key, "target": key, "props": {…}}


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """Everything one document writes, plus what its write replaces.

    ``replaces``: ids of earlier versions of the same source file (deleted, their citations adopted).
    ``adopts``: ids of stub Documents this document turns out to be (citations re-pointed to it).
    """

    doc_id: str
    source: str
    title: str | None
    doc_number: str | None
    nodes: tuple[NodeBatch, ...]
    edges: tuple[EdgeBatch, ...]
    replaces: tuple[str, ...] = ()
    adopts: tuple[str, ...] = ()

    @property
    def node_count(self) -> int:
        return sum(len(b.rows) for b in self.nodes)

    @property
    def edge_count(self) -> int:
        return sum(len(b.rows) for b in self.edges)


def evidence_props(ev: Evidence | None) -> dict[str, Any]:
    """The flattened evidence properties (empty when there is no evidence)."""
    if ev is None:
        return {}
    return dict(zip(EVIDENCE_PROPERTIES, (ev.doc_id, ev.start, ev.end, ev.quote), strict=True))


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Drop None values (Neo4j refuses null in MERGE maps; absent means unknown)."""
    return {k: v for k, v in props.items() if v is not None}


@cache
def _allowed(label: str) -> frozenset[str]:
    """The properties a node of ``label`` may carry: those the ontology declares, and the evidence it stores."""
    t = node_type(label)
    return frozenset(p.name for p in t.properties) | frozenset(stored_evidence(t))


@dataclass
class _Builder:
    """Collects rows, de-duplicating nodes by key (first props win, later ones fill gaps) and edges by ends."""

    nodes: dict[str, dict[Any, dict[str, Any]]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[tuple[Any, Any], dict[str, Any]]] = field(default_factory=dict)

    def node(self, label: str, key: Any, **props: Any) -> Any:
        t = node_type(label)
        props = _clean({t.key: key, **props})
        if t.quote != "ev_quote" and "ev_quote" in props:  # the class's own property is the quote: kept once
            quote = props.pop("ev_quote")
            if props.get(t.quote) != quote:
                raise SchemaViolation(f"{label} {key!r}: its {t.quote} is its evidence quote, but the quote given "
                                      f"differs ({quote[:40]!r})")
        if not _allowed(label).issuperset(props):
            for name in props.keys() - _allowed(label):
                t.property(name)  # raises SchemaViolation on a property the ontology does not declare
        slot = self.nodes.setdefault(label, {})
        if key in slot:
            for k, v in props.items():
                if k == "aliases" and slot[key].get(k) and v:
                    v = "|".join(sorted(set(slot[key][k].split("|")) | set(v.split("|"))))
                    slot[key][k] = v
                slot[key].setdefault(k, v)
        else:
            slot[key] = props
        return key

    def edge(self, source: str, relation: str, target: str, skey: Any, tkey: Any, **props: Any) -> None:
        check(source, relation, target)
        if not RELATIONS[relation].evidenced and any(p in props for p in EVIDENCE_PROPERTIES):
            raise SchemaViolation(f"{relation} carries no evidence of its own (its end node's evidence is its "
                                  "source); do not give it ev_* properties")
        self.edges.setdefault((relation, source, target), {}).setdefault((skey, tkey), _clean(props))

    def build(self, x: Extraction, title: str | None) -> DocumentRows:
        nodes = []
        for label in (label for label in NODE_ORDER if label in self.nodes):
            key = node_type(label).key  # held as the row's key, not among its props
            nodes.append(NodeBatch(label, tuple({"key": k, "props": {p: v for p, v in props.items() if p != key}}
                                                for k, props in self.nodes[label].items())))
        edges = tuple(EdgeBatch(rel, s, t, tuple({"source": a, "target": b, "props": props}
                                                 for (a, b), props in rows.items()))
                      for (rel, s, t), rows in self.edges.items())
        return DocumentRows(x.doc_id, x.source, title, x.meta.doc_number, tuple(nodes), edges)


def _join(values: Iterable[str]) -> str | None:
    joined = "|".join(sorted(set(values)))
    return joined or None


def _org(b: _Builder, org: Org) -> str:
    function = org.function or (classify(org.name) if org.kind != "authority" else None)
    b.node("Organisation", org.id, name=org.name, aliases=_join(org.aliases), kind=org.kind,
           function=function, level=org.level, region_code=org.region_code)
    if org.parent is not None:
        _org(b, org.parent)
        b.edge("Organisation", "PART_OF", "Organisation", org.id, org.parent.id)
    return org.id


def document_rows(x: Extraction, resolver: Resolver, curation: Curation | None = None) -> DocumentRows:
    """All rows of one document. Pure: same extraction and data files, same rows.

    Resolution happens here (regions, bodies, indicators, programmes, cited policies); ``curation`` then
    renames ids as an analyst asked (merge/split).
    """
    m, b, doc = x.meta, _Builder(), x.doc_id
    chain = resolver.region_chain(m.region, m.parent_region)
    _regions(b, chain)
    title = m.title or m.notice_title
    b.node("Document", doc, title=title, issuer=m.issuer, doc_number=m.doc_number, date=m.date, year=m.year,
           level=m.level.value if m.level else None, kind=m.kind,
           period_start=m.period[0] if m.period else None, period_end=m.period[1] if m.period else None,
           region_code=chain[0].code if chain else None, source=x.source, content_hash=doc, stub=False,
           inferred=_join(m.inferred))
    if chain:
        b.edge("Document", "COVERS", "Region", doc, chain[0].code, **evidence_props(m.evidence.get("region")))

    issuer = resolver.issuer(m.issuer, chain) if m.issuer else None
    if issuer is not None:
        _org(b, issuer)
        b.edge("Document", "ISSUED_BY", "Organisation", doc, issuer.id, **evidence_props(m.evidence.get("issuer")))
        if any(r.code == issuer.region_code for r in chain):
            b.edge("Organisation", "LOCATED_IN", "Region", issuer.id, issuer.region_code)

    section_ids = {s.id for s in x.sections}
    for s in x.sections:
        sid = b.node("Section", f"{doc}#s:{s.id}", doc_id=doc, number=s.number, title=s.title, depth=s.depth,
                     **evidence_props(s.evidence))
        if s.parent_id in section_ids:
            b.edge("Section", "CONTAINS", "Section", f"{doc}#s:{s.parent_id}", sid)
        else:
            b.edge("Document", "CONTAINS", "Section", doc, sid)

    task_ids = set()
    for t in x.tasks:
        tid = b.node("Task", f"{doc}#t:{t.id}", doc_id=doc, number=t.id, title=t.title, text=t.text,
                     split=t.split, group=t.group, **evidence_props(t.evidence))
        task_ids.add(t.id)
        if t.section_id in section_ids:
            b.edge("Section", "CONTAINS", "Task", f"{doc}#s:{t.section_id}", tid)
        else:
            b.edge("Document", "CONTAINS", "Task", doc, tid)

    responsibilities = list(x.responsibilities) or [
        _as_responsibility(t, name, role) for t in x.tasks
        for role, names in ((Role.LEAD, t.lead), (Role.SUPPORT, t.support)) for name in names]
    for r in responsibilities:
        if r.task_id not in task_ids:
            continue
        org = resolver.organisation(r.org, issuer, chain, scope=doc)
        _org(b, org)
        b.edge("Organisation", "LEADS" if r.role == Role.LEAD else "SUPPORTS", "Task", org.id,
               f"{doc}#t:{r.task_id}", split=r.split, as_written=r.org, **evidence_props(r.evidence))

    for n, g in enumerate(x.targets, start=1):
        ind = resolver.indicator(g.indicator)
        task = f"{doc}#t:{g.task_id}" if g.task_id in task_ids else None
        gid = b.node("Target", f"{doc}#g:{n}", doc_id=doc, indicator_id=ind.id, task_id=task, indicator=g.indicator,
                     value=g.value, number=g.number, unit=g.unit, comparator=g.comparator.value, year=g.year,
                     nature=g.nature, per=g.per, baseline=g.baseline, text=g.text, **evidence_props(g.evidence))
        b.node("Indicator", ind.id, name=ind.name, aliases=_join(ind.aliases), unit=ind.extra.get("unit"),
               direction=ind.extra.get("direction"))
        b.edge("Target", "MEASURES", "Indicator", gid, ind.id)
        if task is not None:
            b.edge("Task", "SETS_TARGET", "Target", task, gid)
        else:
            b.edge("Document", "SETS_TARGET", "Target", doc, gid)

    for p in x.programmes:
        prog = resolver.programme(p.programme)
        b.node("Programme", prog.id, name=prog.name, aliases=_join((*prog.aliases, p.alias)),
               core=prog.extra.get("core"))
        for broader_id in prog.broader:
            up = resolver.programme_concept(broader_id)
            if up is not None:
                b.node("Programme", up.id, name=up.name, aliases=_join(up.aliases), core=up.extra.get("core"))
                b.edge("Programme", "BROADER", "Programme", prog.id, up.id)
        if p.task_id in task_ids:
            b.edge("Task", "MENTIONS", "Programme", f"{doc}#t:{p.task_id}", prog.id, as_written=p.alias,
                   **evidence_props(p.evidence))
        else:
            b.edge("Document", "MENTIONS", "Programme", doc, prog.id, as_written=p.alias, **evidence_props(p.evidence))

    own = {stub_id(title or ""), resolver.policy(title).id} if title else set()
    within = chain[0].code if chain else None
    cited: set[str] = set()
    for ref in x.references:
        policy = _placed(resolver.policy(ref.title, ref.doc_number, ref.level.value if ref.level else None, within),
                         chain)
        if policy.id in own:
            continue  # the document naming itself
        _stub(b, policy, resolver, ref.evidence)
        b.edge("Document", "REFERENCES", "Document", doc, policy.id, citation=ref.citation.value,
               as_written=ref.title, **evidence_props(ref.evidence))
        cited.add(policy.id)
    for named, ev in _named_policies(x):
        policy = resolver.policy(named.title)
        if policy.id in own or policy.id in cited:
            continue
        _stub(b, policy, resolver, None)
        b.edge("Document", "REFERENCES", "Document", doc, policy.id, citation="mentions", as_written=ev.quote,
               **evidence_props(ev))
        cited.add(policy.id)

    rows = b.build(x, title)
    return curation.apply(rows) if curation is not None else rows


def _as_responsibility(task, name: str, role: Role):
    from loaders.records import Responsibility

    return Responsibility(task.id, name, role, task.split, task.evidence)


def _regions(b: _Builder, chain: list) -> None:
    """A region and its ancestors (nearest first) as Region nodes linked by PART_OF."""
    for region, parent in zip(chain, [*chain[1:], None]):
        b.node("Region", region.code, name=region.name, level=str(getattr(region.level, "value", region.level)))
        if parent is not None:
            b.edge("Region", "PART_OF", "Region", region.code, parent.code)


def _stub(b: _Builder, policy: Policy, resolver: Resolver, evidence: Evidence | None) -> None:
    """A cited document known only from citations: its inferred level, region (COVERS), issuer and date;
    a catalogued national policy also brings its headline targets, each evidenced by the catalogue's quote
    and source."""
    b.node("Document", policy.id, title=policy.title, doc_number=policy.doc_number, issuer=policy.issuer,
           date=policy.date if policy.date and len(policy.date) == 10 else None,
           year=int(policy.date[:4]) if policy.date and policy.date[:4].isdigit() else None, kind=policy.kind,
           level=policy.level, region_code=policy.region_code, stub=True,
           inferred=_join(("level", "region")) if policy.catalogue_id is None and policy.region_code else None)
    chain = _chain_of(resolver, policy.region_code)
    if chain:
        _regions(b, chain)
        b.edge("Document", "COVERS", "Region", policy.id, chain[0].code, **evidence_props(evidence))
    if policy.catalogue_id is not None:
        entry = next((p for p in load_catalogue() if p.id == policy.catalogue_id), None)
        if entry is not None:
            _catalogue_targets(b, policy.id, entry, resolver)


def _placed(policy: Policy, chain: list) -> Policy:
    """A cited local document whose title names no region belongs to the citing document's line: a province
    document cited by a 辽宁 plan without a place name is taken to be 辽宁's (recorded as inferred)."""
    if policy.region_code is not None or policy.level is None:
        return policy
    region = next((r for r in chain if str(getattr(r.level, "value", r.level)) == policy.level), None)
    return replace(policy, region_code=region.code) if region is not None else policy


def _chain_of(resolver: Resolver, code: str | None) -> list:
    """The region ``code`` and its ancestors, nearest first ([] when unknown)."""
    gazetteer = resolver.gazetteer
    if not code or gazetteer is None:
        return []
    try:
        return [gazetteer.get(code), *gazetteer.ancestors(code)]
    except (PolicyGraphError, AttributeError):  # a code the gazetteer does not know
        return []


#: Catalogue comparators the ontology spells differently (strict inequalities are recorded as bounds).
_COMPARATOR = {">": ">=", "<": "<="}


def _catalogue_targets(b: _Builder, doc: str, policy: CataloguePolicy, resolver: Resolver) -> None:
    for n, t in enumerate(policy.targets, start=1):
        # Evidence is the catalogue's quote and its source (a URL): the position of the quote in that source is
        # not recorded, so the offsets span the quote itself (0..len).
        ev = {"ev_doc": t.sources[0] if t.sources else doc, "ev_start": 0, "ev_end": len(t.source_quote),
              "ev_quote": t.source_quote}
        ind = resolver.indicator(t.indicator)
        gid = b.node("Target", f"{doc}#g:{n}", doc_id=doc, indicator_id=ind.id, indicator=t.indicator, value=t.value,
                     number=t.number, unit=t.unit, comparator=_COMPARATOR.get(t.comparator, t.comparator),
                     year=t.year, text=t.source_quote, **ev)
        b.node("Indicator", ind.id, name=ind.name, aliases=_join(ind.aliases), unit=ind.extra.get("unit"),
               direction=ind.extra.get("direction"))
        b.edge("Target", "MEASURES", "Indicator", gid, ind.id)
        b.edge("Document", "SETS_TARGET", "Target", doc, gid)


def _named_policies(x: Extraction):
    """Catalogued policies named without 《》 anywhere in the document (preamble included), with exact
    evidence; records built without their text fall back to the tasks and headings."""
    if x.text:
        for found in find_named(x.text):
            yield found.policy, Evidence(x.doc_id, found.start, found.end, found.text)
        return
    seen: set[tuple[int, int]] = set()
    for ev in (*(t.evidence for t in x.tasks), *(s.evidence for s in x.sections)):
        for found in find_named(ev.quote):
            span = (ev.start + found.start, ev.start + found.end)
            if span not in seen:
                seen.add(span)
                yield found.policy, Evidence(ev.doc_id, span[0], span[1], found.text)
