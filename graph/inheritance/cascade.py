"""Target cascades: line up one indicator's targets across levels and link each to the target it answers.

Pure functions over plain records. A lower target answers the target of the same indicator set in
the nearest ancestor region, preferring the same target year, else the nearest year; each link is
classified by comparing values in a common unit (``data/units.json``) in the direction the
comparator gives (``>=``: higher is stricter; ``<=``: lower is stricter; ``~``/``=``: within a tolerance).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from loaders.records import Level

from .units import Quantity, to_base, tolerance

#: region code → its ancestors' codes (or objects with a ``code``), e.g. ``gazetteer().ancestors``.
Ancestors = Callable[[str], Sequence[Any]]

_UP = {">=", ">"}
_DOWN = {"<=", "<"}
_LEVEL_RANK = {Level.NATIONAL: 0, Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3}


class LinkStatus(StrEnum):
    CONSISTENT = "consistent"
    STRICTER = "stricter"  # 层层加码: the lower level asks for more than the level above
    LOOSER = "looser"
    NOT_TRANSMITTED = "not_transmitted"  # a higher target no lower document answers
    INCOMPARABLE = "incomparable"  # units, comparators or values that cannot be compared


@dataclass(frozen=True, slots=True)
class CascadeTarget:
    """One target as the cascade sees it. ``year`` is the target year; ``period_end`` the document's."""

    id: str
    indicator_id: str
    number: float | None
    unit: str | None
    comparator: str  # >= <= > < = ~ trend
    year: int | None
    period_end: int | None
    region_code: str
    level: Level | str
    doc_id: str
    doc_title: str | None
    text: str  # the evidence sentence

    @property
    def when(self) -> int | None:
        """The year the target is due: its own year, else the end of its document's period."""
        return self.year if self.year is not None else self.period_end


@dataclass(frozen=True, slots=True)
class CascadeLink:
    """A lower target linked to the higher target it answers, or (``lower=None``) a target not passed on.

    ``region_code`` is the lower target's region, or for ``not_transmitted`` the region whose documents
    do not answer the higher target. ``reason`` explains the classification in words.
    """

    indicator_id: str
    higher: CascadeTarget
    lower: CascadeTarget | None
    status: LinkStatus
    reason: str
    region_code: str
    year_gap: int | None = None

    @property
    def higher_text(self) -> str:
        return self.higher.text

    @property
    def lower_text(self) -> str | None:
        return self.lower.text if self.lower else None


def _codes(ancestors: Ancestors, code: str) -> list[str]:
    return [getattr(a, "code", a) for a in ancestors(code) if getattr(a, "code", a) != code]


def _rank(target: CascadeTarget) -> int:
    try:
        return _LEVEL_RANK[Level(target.level)]
    except ValueError:
        return len(_LEVEL_RANK)


def compare(higher: CascadeTarget, lower: CascadeTarget) -> tuple[LinkStatus, str]:
    """Classify how ``lower`` answers ``higher``: the status and a reason an analyst can read.

    >>> h = CascadeTarget("h", "mmr", 12, "/10万", "<=", 2025, None, "100000", "national", "d1", None, "≤12/10万")
    >>> l = CascadeTarget("l", "mmr", 10, "/10万", "<=", 2025, None, "210000", "province", "d2", None, "≤10/10万")
    >>> compare(h, l)[0]
    <LinkStatus.STRICTER: 'stricter'>
    """
    if "trend" in (higher.comparator, lower.comparator):
        return LinkStatus.INCOMPARABLE, "a trend target states no value to compare"
    hq, lq = to_base(higher.number, higher.unit), to_base(lower.number, lower.unit)
    if hq is None or lq is None:
        missing = [t.unit or "no unit" for t, q in ((higher, hq), (lower, lq)) if q is None]
        if higher.number is None or lower.number is None:
            return LinkStatus.INCOMPARABLE, "a target has no numeric value"
        if (higher.unit or "") == (lower.unit or ""):  # same unknown unit: compare as written
            hq, lq = Quantity("as-written", higher.number), Quantity("as-written", lower.number)
        else:
            return LinkStatus.INCOMPARABLE, f"unknown unit: {', '.join(missing)}"
    if hq.dimension != lq.dimension:
        return LinkStatus.INCOMPARABLE, f"units measure different things: {higher.unit} vs {lower.unit}"
    direction = _direction(higher.comparator, lower.comparator)
    if direction == "conflict":
        return LinkStatus.INCOMPARABLE, f"opposite comparators: {higher.comparator} vs {lower.comparator}"
    approx = "~" in (higher.comparator, lower.comparator)
    scale = max(abs(hq.value), abs(lq.value), 1e-12)
    if abs(hq.value - lq.value) <= tolerance(approx) * scale:
        return LinkStatus.CONSISTENT, f"same value: {_show(higher)} and {_show(lower)}"
    if direction is None:
        return LinkStatus.INCOMPARABLE, f"values differ ({_show(higher)} vs {_show(lower)}) and neither states a direction"
    stricter = lq.value > hq.value if direction == "up" else lq.value < hq.value
    if stricter:
        return LinkStatus.STRICTER, f"{_show(lower)} asks more than {_show(higher)}"
    return LinkStatus.LOOSER, f"{_show(lower)} asks less than {_show(higher)}"


def _direction(high: str, low: str) -> str | None:
    dirs = {("up" if c in _UP else "down") for c in (high, low) if c in _UP | _DOWN}
    if len(dirs) > 1:
        return "conflict"
    return dirs.pop() if dirs else None


def _show(t: CascadeTarget) -> str:
    number = f"{t.number:g}" if t.number is not None else "?"
    return f"{t.comparator}{number}{t.unit or ''}"


def _gap(higher: CascadeTarget, lower: CascadeTarget) -> int | None:
    if higher.when is None or lower.when is None:
        return None
    return abs(higher.when - lower.when)


def answered_by(lower: CascadeTarget, candidates: Iterable[CascadeTarget], ancestors: Ancestors,
                max_year_gap: int | None = None) -> CascadeTarget | None:
    """The higher target ``lower`` answers: same indicator, set in an ancestor region of ``lower``'s.

    Prefers the same year, then the nearest ancestor region, then the nearest year; targets more
    than ``max_year_gap`` years apart (when given) are not linked.
    """
    line = _codes(ancestors, lower.region_code)
    depth = {code: i for i, code in enumerate(line)}  # 0 = parent
    best, best_key = None, None
    for h in candidates:
        if h is lower or h.indicator_id != lower.indicator_id or h.region_code not in depth:
            continue
        gap = _gap(h, lower)
        if max_year_gap is not None and gap is not None and gap > max_year_gap:
            continue
        key = (0 if gap == 0 else 1, depth[h.region_code], 99 if gap is None else gap, h.id)
        if best_key is None or key < best_key:
            best, best_key = h, key
    return best


def link(targets: Iterable[CascadeTarget], ancestors: Ancestors, *, lower_regions: Iterable[str] | None = None,
         max_year_gap: int | None = None) -> list[CascadeLink]:
    """Link every target to the higher target it answers, and report higher targets not passed on.

    ``ancestors(code)`` gives a region's ancestors (codes or Regions); the region itself may be
    included or not. ``lower_regions`` are the regions whose documents were examined (default: the
    regions of ``targets``): for each such region below a target's region with no target of its own
    answering it, a ``not_transmitted`` link names that region. Output is ordered by indicator,
    higher target's level, region, year.
    """
    items = list(targets)
    by_indicator: dict[str, list[CascadeTarget]] = defaultdict(list)
    for t in items:
        by_indicator[t.indicator_id].append(t)
    regions = set(lower_regions) if lower_regions is not None else {t.region_code for t in items}
    out: list[CascadeLink] = []
    for indicator, group in by_indicator.items():
        for lower in group:
            higher = answered_by(lower, group, ancestors, max_year_gap)
            if higher is not None:
                status, reason = compare(higher, lower)
                out.append(CascadeLink(indicator, higher, lower, status, reason, lower.region_code, _gap(higher, lower)))
        out.extend(_not_transmitted(indicator, group, regions, ancestors))
    out.sort(key=lambda k: (k.indicator_id, _rank(k.higher), k.higher.region_code, k.higher.when or 0,
                            k.region_code, k.lower.id if k.lower else ""))
    return out


def _not_transmitted(indicator: str, group: list[CascadeTarget], regions: set[str],
                     ancestors: Ancestors) -> list[CascadeLink]:
    """For each examined region without a target of its own: the nearest ancestor's targets, not passed on."""
    with_target = {t.region_code for t in group}
    out: list[CascadeLink] = []
    for region in sorted(regions - with_target):
        line = _codes(ancestors, region)
        above = [t for t in group if t.region_code in line]
        if not above:
            continue
        nearest = min(line.index(t.region_code) for t in above)
        for higher in (t for t in above if line.index(t.region_code) == nearest):
            out.append(CascadeLink(indicator, higher, None, LinkStatus.NOT_TRANSMITTED,
                                   f"no target for this indicator in the documents of region {region}", region))
    return out


def line_up(targets: Iterable[CascadeTarget]) -> list[CascadeTarget]:
    """Targets ordered national → province → city → county, then by region and due year."""
    return sorted(targets, key=lambda t: (_rank(t), t.region_code, t.when or 0, t.id))
