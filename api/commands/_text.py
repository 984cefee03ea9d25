"""The CLI answers as text blocks that read well in an 80–100 column terminal and when piped to a file.

Each renderer takes an answer of :mod:`api.services` (the API's models) and returns rich renderables: one
block per target, document or hit, a header line first and indented detail lines below, so that nothing is
squeezed into narrow table columns. Long lines wrap under their own indent.

>>> from io import StringIO
>>> console = Console(file=StringIO(), width=60)
>>> render(console, line("牵头 lead:", "基层卫生健康处（基层处）", indent=2))
>>> print(console.file.getvalue(), end='')
  牵头 lead: 基层卫生健康处（基层处）
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .. import schemas as s

COMPARATORS = {">=": "≥", "<=": "≤", "=": "=", "~": "≈", "trend": "→"}
LEVELS = {"national": "国家 national", "province": "省 province", "city": "市 city", "county": "县 county"}
BASIS = {"citation": "引用 citation", "co-citation": "共同被引 co-citation", "shared": "共享 shared"}
CITATION = {"basis": "根据 basis", "implements": "贯彻落实 implements", "mentions": "提及 mentions"}
STATUS = {"consistent": "一致 consistent", "stricter": "加码 stricter", "looser": "放宽 looser",
          "not_transmitted": "未传导 not transmitted", "incomparable": "不可比 incomparable"}
STATUS_STYLE = {"consistent": "green", "stricter": "red", "looser": "yellow", "not_transmitted": "magenta",
                "incomparable": "dim"}
QUOTE_CHARS = 400


def line(label: str, text: str | Text, *, indent: int = 2, style: str = "") -> list[RenderableType]:
    """``label text`` indented by ``indent``; continuation lines wrap under the text, not under the label."""
    return fields((label, text), indent=indent, style=style)


def fields(*rows: tuple[str, str | Text], indent: int = 2, style: str = "") -> list[RenderableType]:
    """Labelled lines as a two-column grid: labels aligned, each text wrapping (CJK folded) in its column."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    if any(label for label, _ in rows):
        grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for label, text in rows:
        cell = text if isinstance(text, Text) else Text(text, style=style)
        grid.add_row(*((label, cell) if len(grid.columns) == 2 else (cell,)))
    return [Padding(grid, (0, 0, 0, indent), expand=False)]


def quote(text: str | None, *, indent: int = 4) -> list[RenderableType]:
    """The evidence quote in 「」, shortened to :data:`QUOTE_CHARS` characters."""
    if not text:
        return []
    text = " ".join(text.split())
    text = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"
    return [Padding(Text(f"「{text}」", style="italic"), (0, 0, 0, indent), expand=False)]


def target_value(comparator: str | None, value: str | None) -> str:
    """``≥90%``: the comparator as a sign and the value as written (``trend`` reads ``→``)."""
    sign = COMPARATORS.get(comparator or "", comparator or "")
    return f"{sign}{value or ''}".strip() or "—"


def body_names(bodies: Iterable[Any]) -> str:
    """Canonical names with the words the text used in （）, e.g. ``基层卫生健康处（基层处）``."""
    return "、".join(b.name if not b.as_written or b.as_written == b.name else f"{b.name}（{b.as_written}）"
                    for b in bodies) or "—"


def bodies_by_role(bodies: Sequence[s.TraceBody], *, indent: int = 2) -> list[RenderableType]:
    """One body a line under its role (牵头 lead, 配合 support), with its function class in a third column."""
    if not bodies:
        return []
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True, style="dim")
    for role, label in (("lead", "牵头 lead:"), ("support", "配合 support:")):
        for i, b in enumerate(x for x in bodies if x.role == role):
            grid.add_row(label if i == 0 else "", body_names([b]), b.function or "")
    return [Padding(grid, (0, 0, 0, indent), expand=False)]


def _title(title: str | None, fallback: str) -> str:
    return f"《{title}》" if title else fallback


def _header(*parts: str | None, style: str = "bold") -> Text:
    return Text(" · ".join(p for p in parts if p), style=style)


# --- owners --------------------------------------------------------------------------------------------------

def owners(page: s.OwnersPage) -> list[RenderableType]:
    """One block per target: indicator · value · year · region · document; task; lead; support; quote."""
    q = page.query
    scope = " · ".join(str(x) for x in (q.indicator, q.region_name, q.year) if x)
    out: list[RenderableType] = [_header(f"谁负责 who owns the target: {scope or 'all targets'}", style="bold"),
                                 Text(f"{len(page.items)} target{'s' if len(page.items) != 1 else ''}"
                                      + (" (more: raise --limit)" if page.has_more else ""), style="dim"), Text()]
    for t in page.items:
        year = t.year or t.document.year
        out.append(_header(t.indicator or t.indicator_as_written or "—", target_value(t.comparator, t.value),
                           str(year) if year else None, t.region.name if t.region else None,
                           _title(t.document.title, t.document.id), style="bold cyan"))
        rows = []
        if t.indicator_as_written and t.indicator_as_written != t.indicator:
            rows.append(("原文 as written:", t.indicator_as_written))
        task = f"{t.task.number or ''}{t.task.title or ''}".strip()
        if task:
            rows.append(("任务 task:", task))
        rows += [("牵头 lead:", body_names(t.lead)), ("配合 support:", body_names(t.support))]
        out += fields(*rows)
        out += quote(t.evidence.quote)
        out.append(Text())
    return out


# --- trace ---------------------------------------------------------------------------------------------------

def _place(item: s.TraceItem | None, region: s.RegionRef | None = None) -> str:
    if item is None:
        return region.name or region.code if region else "—"
    return " ".join(str(x) for x in ((item.region.name if item.region else None) or "—", item.year,
                                     target_value(item.comparator, item.value)) if x)


def trace(answer: s.IndicatorTrace) -> list[RenderableType]:
    """The targets national → county (one block each, with the bodies and their functions), then the links."""
    ind = answer.indicator
    aliases = [a for a in ind.aliases if a != ind.name]
    out: list[RenderableType] = [
        _header(f"{ind.name} 指标传导 cascade national → county"
                + (f" · {answer.region.name}" if answer.region else "")),
        Text((f"also written: {'、'.join(aliases[:8])}" if aliases else "")
             + f"{' · ' if aliases else ''}{len(answer.items)} targets, {len(answer.links)} links", style="dim"),
        Text()]
    for t in answer.items:
        out.append(_header(LEVELS.get(t.level or "", t.level or "—"), t.region.name if t.region else None,
                           str(t.year) if t.year else None, target_value(t.comparator, t.value),
                           _title(t.document.title, t.document.id), style="bold cyan"))
        rows = []
        if t.as_written and t.as_written != ind.name:
            rows.append(("原文 as written:", t.as_written))
        if rows:
            out += fields(*rows)
        out += bodies_by_role(t.bodies)
        out += quote(t.evidence.quote)
        out.append(Text())
    if answer.links:
        counts = " · ".join(f"{STATUS.get(k, k)} {v}" for k, v in answer.counts.items())
        out += [_header(f"传导 links: {counts}"), Text()]
    by_id = {t.target_id: t for t in answer.items}
    for k in answer.links:
        higher, lower = by_id.get(k.higher), by_id.get(k.lower) if k.lower else None
        head = Text(f"{_place(higher)} → {_place(lower, k.region)}: ", style="bold")
        head.append(STATUS.get(k.status, k.status), style=STATUS_STYLE.get(k.status, ""))
        out += line("", head, indent=0)
        out += line("", k.reason + (f" (year gap {k.year_gap})" if k.year_gap else ""), indent=4, style="dim")
        for c in k.counterparts:
            out += line("对口 counterparts:", f"{c.function}: {c.higher} → {c.lower}", indent=4)
    return out


# --- lineage -------------------------------------------------------------------------------------------------

def _step_label(step: s.LineageStep) -> Group:
    head = Text(_title(step.title, step.id), style="bold")
    where = " · ".join(x for x in (LEVELS.get(step.level or "", step.level or ""),
                                   step.region.name if step.region and step.level != "national" else None) if x)
    if where:
        head.append(f" · {where}", style="cyan")
    if step.stub:
        head.append(" · cited only", style="dim")
    lines: list[RenderableType] = [head]
    if step.basis:
        how = BASIS.get(step.basis, step.basis)
        if step.citation:
            how += f" · {CITATION.get(step.citation, step.citation)}"
        detail = Text(how, style="green")
        if step.co_cited_by:
            detail.append(" by " + "、".join(_title(d.title, d.id) for d in step.co_cited_by[:3]))
        shared = [("programmes", step.shared_programmes), ("indicators", step.shared_indicators)]
        for name, items in shared:
            if items:
                detail.append(f" · {name} {'、'.join(items[:5])}" + ("…" if len(items) > 5 else ""))
        if step.period_overlap:
            detail.append(f" · period {step.period_overlap[0]}–{step.period_overlap[1]}")
        lines.append(detail)
        if step.quotes:
            shown = "；".join(" ".join(q.split()) for q in step.quotes[:2])
            lines.append(Text(f"「{shown[:QUOTE_CHARS]}」", style="italic"))
    return Group(*lines)


def lineage(answer: s.Lineage) -> list[RenderableType]:
    """The tree of chains upwards; each link's basis and the evidence quote on the lines under its title."""
    root_step = answer.chains[0].steps[0] if answer.chains else s.LineageStep(
        id=answer.document.id, title=answer.document.title, level=answer.level, region=answer.region)
    root = Tree(_step_label(root_step), guide_style="dim")
    branches: dict[tuple[str, ...], Tree] = {(answer.document.id,): root}
    for chain in sorted(answer.chains, key=lambda c: c.hops):
        path = tuple(step.id for step in chain.steps)
        parent = branches.get(path[:-1], root)
        branches[path] = parent.add(_step_label(chain.steps[-1]))
    reach = ("reaches national level" if answer.reaches_national else "does not reach national level")
    return [root, Text(f"{len(answer.policies)} policies above it; the best chain {reach}", style="dim")]


# --- search and programmes -------------------------------------------------------------------------------------

def search(page: s.SearchPage, text: str) -> list[RenderableType]:
    """One line per hit (kind, name, id), its snippet under it."""
    out: list[RenderableType] = [_header(f"“{text}”: {page.total} found"
                                         + (f", showing {page.offset + 1}–{page.offset + len(page.items)}"
                                            if page.total > len(page.items) else "")), Text()]
    for item in page.items:
        head = Text(f"{item.kind:<13}", style="cyan")
        head.append(item.name or "—", style="bold")
        head.append(f"  {item.id}", style="dim")
        out += line("", head, indent=0)
        if item.snippet and item.snippet != item.name:
            out += line("", " ".join(item.snippet.split()), indent=4)
    return out


def programme(p: s.ProgrammeDetail, *, max_tasks: int = 12) -> list[RenderableType]:
    """Name and place in the taxonomy; bodies by role; regions; documents; the tasks that name it."""
    out: list[RenderableType] = [_header(f"{p.name} ({p.id})")]
    rows = [("上位 broader:", "、".join(p.broader) or "—")]
    if p.narrower:
        rows.append(("下位 narrower:", "、".join(p.narrower)))
    if p.aliases:
        rows.append(("别名 aliases:", " | ".join(a for a in p.aliases if a != p.name)))
    out += fields(*rows)
    out.append(Text())
    rows = [(label, "、".join(b.name for b in p.bodies if role in b.roles) or "—")
            for role, label in (("lead", "牵头 lead:"), ("support", "配合 support:"), ("issuer", "发文 issuer:"))]
    rows.append(("地区 regions:", "、".join(f"{r.name} ({r.code})" for r in p.regions) or "—"))
    out += fields(*rows)
    out += [Text(), _header(f"文件 documents ({len(p.documents)})")]
    for d in p.documents:
        out += line("", _title(d.title, d.id) + (f" · {d.region.name}" if d.region and d.region.name else ""))
    out += [Text(), _header(f"任务 tasks naming it ({len(p.tasks)})")]
    for t in p.tasks[:max_tasks]:
        out += line("", (t.title or t.id) + (f" — {'、'.join(t.bodies)}" if t.bodies else ""))
    if len(p.tasks) > max_tasks:
        out += line("", f"… {len(p.tasks) - max_tasks} more (--json lists them all)", style="dim")
    return out


def render(console: Console, blocks: Sequence[RenderableType]) -> None:
    """Print blocks without rich's syntax highlighting; into a file or pipe, without trailing blanks."""
    if console.is_terminal:
        for block in blocks:
            console.print(block, highlight=False)
        return
    with console.capture() as captured:
        for block in blocks:
            console.print(block, highlight=False)
    console.file.write("\n".join(row.rstrip() for row in captured.get().split("\n")))
