"""The interchange JSON shape: one object per document, as scored against the dev-set gold.

Fields beyond the gold shape (``evidence``, ``inferred``, ``doc_id``…) are additions a scorer ignores.
"""
from __future__ import annotations

from typing import Any

from .records import Evidence, Extraction


def _ev(e: Evidence) -> dict[str, Any]:
    return {"doc_id": e.doc_id, "start": e.start, "end": e.end, "quote": e.quote}


def to_interchange(x: Extraction) -> dict[str, Any]:
    """Render an :class:`Extraction` as the interchange dict (JSON-ready)."""
    m = x.meta
    document = {
        "title": m.title, "issuer": m.issuer, "doc_number": m.doc_number, "date": m.date, "year": m.year,
        "region": m.region, "parent_region": m.parent_region, "level": m.level.value if m.level else None,
        "kind": m.kind, "period": f"{m.period[0]}-{m.period[1]}" if m.period else None,
        "notice_title": m.notice_title, "inferred": sorted(m.inferred),
        "evidence": {k: _ev(v) for k, v in sorted(m.evidence.items())},
    }
    programmes: dict[str, dict[str, Any]] = {}
    for p in x.programmes:
        entry = programmes.setdefault(p.programme, {"name": p.programme, "aliases_seen": [], "evidence": []})
        if p.alias not in entry["aliases_seen"]:
            entry["aliases_seen"].append(p.alias)
        entry["evidence"].append(_ev(p.evidence))
    return {
        "source": x.source,
        "doc_id": x.doc_id,
        "encoding": x.encoding,
        "document": document,
        "references": [
            {"title": r.title, "doc_number": r.doc_number, "level": r.level.value if r.level else None,
             "citation": r.citation.value, "task_id": r.task_id, "evidence": _ev(r.evidence)}
            for r in x.references
        ],
        "sections": [
            {"id": s.id, "number": s.number, "title": s.title, "depth": s.depth, "parent": s.parent_id,
             "evidence": _ev(s.evidence)}
            for s in x.sections
        ],
        "tasks": [
            {"id": t.id, "section": t.section_id, "title": t.title, "lead": list(t.lead),
             "support": list(t.support), "split": t.split, "group": t.group,
             "responsibility_text": t.responsibility_text, "evidence": _ev(t.evidence)}
            for t in x.tasks
        ],
        "responsibilities": [
            {"task_id": r.task_id, "org": r.org, "role": r.role.value, "split": r.split, "evidence": _ev(r.evidence)}
            for r in x.responsibilities
        ],
        "targets": [
            {"indicator": t.indicator, "value": t.value, "number": t.number, "unit": t.unit,
             "comparator": t.comparator.value, "year": t.year, "nature": t.nature, "task_id": t.task_id,
             "text": t.text, "per": t.per, "baseline": t.baseline, "source": t.source, "evidence": _ev(t.evidence)}
            for t in x.targets
        ],
        "programmes": list(programmes.values()),
        "regions_mentioned": sorted({r.name for r in x.regions}),
        "organisations_mentioned": sorted({o.name for o in x.organisations}),
        "noise": [{"reason": n.reason, **_ev(n.evidence)} for n in x.noise],
        "warnings": list(x.warnings),
    }
