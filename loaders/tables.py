"""Indicator tables: find a header row (指标名称 / 2025年目标值 / 指标性质 …) and read the rows under it.

Two layouts are read alike:

* one row per line, cells separated by a tab (or ``|``) — documents converted from .docx or .html;
* one cell per line, rows separated by blank lines — tables scraped from a web page.

Work is on the normalised text of a :class:`~loaders.text.SourceText`; every cell keeps its span there.

>>> headers = {"nature": ["指标性质"], "target": ["目标值"], "name": ["指标名称"]}
>>> tables = find_tables("指标名称\\t2025年目标值\\t指标性质\\n婴儿死亡率\\t≤4.5‰\\t预期性\\n", headers, ["预期性"])
>>> [(r.name.text, r.value.text, r.nature.text, r.year) for t in tables for r in t.rows]
[('婴儿死亡率', '≤4.5‰', '预期性', 2025)]
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_SEPARATOR = re.compile(r"\t|\s*[|｜]\s*")
_YEAR = re.compile(r"(20\d\d)\s*年?")
_SENTENCE_END = re.compile(r"[。;!?]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[章节部分]|\d+[.、](?!\d))")
_LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text and ``[start, end)`` span in the normalised text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TableRow:
    """One indicator row. ``year`` comes from the target column's header (2025年目标值 → 2025)."""

    name: Cell
    value: Cell
    nature: Cell | None
    baseline: Cell | None
    unit: Cell | None
    category: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class Table:
    """A table found in the text: the span it covers and its indicator rows."""

    start: int
    end: int
    rows: tuple[TableRow, ...]


def find_tables(text: str, headers: Mapping[str, Sequence[str]], natures: Sequence[str],
                cell_max: int = 60) -> list[Table]:
    """Every indicator table in ``text`` (normalised, one stripped line per source line).

    ``headers`` maps a column role (name, target, nature, category, baseline, unit, index, other) to the
    header words that name it (``other`` columns such as 牵头处室 are recognised and ignored); ``natures`` are the words of the 指标性质 column (约束性, 预期性).
    """
    lines = [(m.start(), m.group().rstrip("\n")) for m in _LINE.finditer(text) if m.group()]
    words = sorted({w for ws in headers.values() for w in ws}, key=len, reverse=True)
    maybe_header = re.compile("|".join(re.escape(w) for w in words)) if words else None
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i][1]
        if maybe_header is None or len(line) > 80 or not maybe_header.search(line):
            i += 1
            continue
        found = _header_at(lines, i, headers)
        if found is None:
            i += 1
            continue
        roles, years, next_i, tabbed = found
        reader = _read_tabbed if tabbed else _read_stacked
        rows, end_i = reader(lines, next_i, roles, years, natures, cell_max)
        if rows:
            end_line = lines[end_i - 1]
            tables.append(Table(lines[i][0], end_line[0] + len(end_line[1]), tuple(rows)))
        i = max(end_i, i + 1)
    return tables


def _role(cell: str, headers: Mapping[str, Sequence[str]]) -> str | None:
    for role, words in headers.items():
        if any(word in cell for word in words):
            return role
    if _YEAR.fullmatch(cell.strip()):
        return "year"
    return None


def _split(line: str) -> list[tuple[int, str]]:
    """Cells of a tab- or bar-separated line as (offset in line, text)."""
    out, pos = [], 0
    for match in _SEPARATOR.finditer(line):
        out.append((pos, line[pos:match.start()]))
        pos = match.end()
    out.append((pos, line[pos:]))
    return out


def _columns(cells: Sequence[str], headers: Mapping[str, Sequence[str]]) -> tuple[list[str], list[int | None]] | None:
    """Column roles for a header row, or None when the cells are not an indicator-table header."""
    roles = [_role(c, headers) for c in cells]
    if None in roles or "name" not in roles or not ({"target", "year"} & set(roles)):
        return None
    years = [int(m.group(1)) if (m := _YEAR.search(c)) else None for c in cells]
    year_cols = [k for k, r in enumerate(roles) if r == "year"]
    if "target" not in roles:  # 2020年 | 2025年: the latest year is the target column
        last = max(year_cols, key=lambda k: years[k] or 0)
        roles[last] = "target"
    roles = ["baseline" if r == "year" else r for r in roles]
    return roles, years


def _header_at(lines, i, headers):
    line = lines[i][1]
    if not line or len(line) > 80:
        return None
    if _SEPARATOR.search(line):
        cells = [c.strip() for _, c in _split(line) if c.strip()]
        if len(cells) >= 2 and (cols := _columns(cells, headers)):
            return cols[0], cols[1], i + 1, True
        return None
    cells, j = [], i
    while j < len(lines) and lines[j][1] and len(lines[j][1]) <= 12 and _role(lines[j][1], headers):
        cells.append(lines[j][1])
        j += 1
    if len(cells) >= 3 and (cols := _columns(cells, headers)):
        return cols[0], cols[1], j, False
    return None


def _ends_table(line: str, cell_max: int) -> bool:
    return len(line) > cell_max or bool(_SENTENCE_END.search(line)) or bool(_HEADING.match(line)) \
        or line.startswith(("注:", "说明:", "备注:"))


def _row(cells: Sequence[Cell], roles: Sequence[str], years, category: str | None) -> TableRow | None:
    """Right-align ``cells`` under ``roles`` (merged leading cells such as 类别 are often missing)."""
    if len(cells) > len(roles) or len(cells) < 2:
        return None
    offset = len(roles) - len(cells)
    by_role: dict[str, Cell] = {}
    for k, cell in enumerate(cells):
        if cell.text:
            by_role.setdefault(roles[offset + k], cell)
    if "name" not in by_role or "target" not in by_role:
        return None
    target_col = roles.index("target")
    return TableRow(by_role["name"], by_role["target"], by_role.get("nature"), by_role.get("baseline"),
                    by_role.get("unit"), by_role["category"].text if "category" in by_role else category,
                    years[target_col])


def _read_tabbed(lines, i, roles, years, natures, cell_max):
    rows: list[TableRow] = []
    category = None
    while i < len(lines):
        start, line = lines[i]
        if not line:
            i += 1
            continue
        if not _SEPARATOR.search(line):
            if _ends_table(line, 20):
                break
            category = line  # a merged category cell on a line of its own
            i += 1
            continue
        if _ends_table(line, cell_max * len(roles)):
            break
        cells = [Cell(c.strip(), start + off + (len(c) - len(c.lstrip())), start + off + len(c.rstrip()))
                 for off, c in _split(line)]
        while cells and not cells[0].text and len(cells) > len(roles):
            cells.pop(0)
        row = _row(cells, roles, years, category)
        if row is not None:
            rows.append(row)
            category = row.category
        i += 1
    return rows, i


def _read_stacked(lines, i, roles, years, natures, cell_max):
    cells: list[Cell] = []
    blocks: list[list[Cell]] = []
    end_i = i
    while end_i < len(lines):
        start, line = lines[end_i]
        if line and _ends_table(line, cell_max):
            break
        if line and _SEPARATOR.search(line):  # a whole row on one line: a tab still ends each cell
            if cells:
                blocks.append(cells)
                cells = []
            blocks.append([Cell(c.strip(), start + off + (len(c) - len(c.lstrip())), start + off + len(c.rstrip()))
                           for off, c in _split(line) if c.strip()])
        elif line:
            cells.append(Cell(line, start, start + len(line)))
        elif cells:
            blocks.append(cells)
            cells = []
        end_i += 1
    if cells:
        blocks.append(cells)
    if "nature" in roles and roles[-1] == "nature":  # rows end at each 约束性/预期性 cell
        flat = [c for block in blocks for c in block]
        blocks, current = [], []
        for cell in flat:
            current.append(cell)
            if cell.text in natures:
                blocks.append(current)
                current = []
    rows: list[TableRow] = []
    category = None
    for block in blocks:
        if len(block) > len(roles) and "category" in roles:  # a stray category cell before a full row
            category = " ".join(c.text for c in block[: len(block) - len(roles) + 1])
            block = block[len(block) - len(roles):]
        if len(block) == 1:
            category = block[0].text
            continue
        row = _row(block, roles, years, category)
        if row is not None:
            rows.append(row)
            category = row.category
    return rows, end_i

