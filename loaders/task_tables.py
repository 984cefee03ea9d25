"""Task-division tables (任务分工表): one task per row, lead and support bodies from their columns.

The .docx, .html and .pdf readers write a table row as one line with its cells joined by a tab; text
copied from elsewhere may separate cells by two or more spaces. A table starts at a header row naming a
task column (``重点任务``) and at least one responsibility column (``牵头单位`` / ``配合单位`` /
``责任单位``); header words live in ``data/structure.json`` (``task_table``) and, for the
responsibility columns, in ``data/responsibility.json``. A row opens with its number (``序号``) when the
table has a number column, else every line with two or more cells is a row; a line that continues the
row before it (a wrapped cell) is added to that row's cells.

>>> text = "序号\\t重点任务\\t牵头单位\\t配合单位\\n1\\t加强基层,建设卫生院\\t基层处\\t财务处、人事处\\n"
>>> [(row.label, text[slice(*row.task_cells[0])], [x.org for c in row.clauses for x in c.assignments])
...  for table in find_tables(text) for row in table.rows]
[('1', '加强基层,建设卫生院', ['基层处', '财务处', '人事处'])]
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import responsibility
from .responsibility import Assignment, Clause


@dataclass(frozen=True, slots=True)
class TableRules:
    """The ``task_table`` part of ``data/structure.json``."""

    number_headers: tuple[str, ...]
    task_headers: tuple[str, ...]
    non_task_words: tuple[str, ...]
    task_header_max_len: int
    space_separator: re.Pattern[str]
    row_number: re.Pattern[str]
    continuation_max_len: int
    not_continuation: re.Pattern[str]
    title_max_len: int


@lru_cache(maxsize=1)
def table_rules() -> TableRules:
    """Load the task-table header words (cached)."""
    raw = json.loads(resources.files("loaders").joinpath("data/structure.json").read_text(encoding="utf-8"))
    t = raw["task_table"]
    return TableRules(
        number_headers=tuple(t["number_headers"]),
        task_headers=tuple(sorted(t["task_headers"], key=len, reverse=True)),
        non_task_words=tuple(t["non_task_header_words"]),
        task_header_max_len=t["task_header_max_len"],
        space_separator=re.compile(t["space_separator"]),
        row_number=re.compile(t["row_number_pattern"]),
        continuation_max_len=t["continuation_max_len"],
        not_continuation=re.compile(t["not_continuation_pattern"]),
        title_max_len=t["title_max_len"],
    )


@dataclass(frozen=True, slots=True)
class TableRow:
    """One task row: spans into the normalised text (``end`` is the end of its last line)."""

    start: int
    end: int
    first_line: int  # index of the row's first line
    line_count: int  # lines it covers (wrapped cells continue on later lines)
    label: str  # the 序号 as written, or the row's place in the table
    number: int
    label_span: tuple[int, int] | None  # where the 序号 stands, if the table has a number column
    task_cells: tuple[tuple[int, int], ...]  # the task column's text, one span per line it covers
    clauses: tuple[Clause, ...]  # one per non-empty responsibility cell


@dataclass(frozen=True, slots=True)
class TaskTable:
    header_line: int
    header_start: int
    rows: tuple[TableRow, ...]


@dataclass(frozen=True, slots=True)
class _Header:
    separator: str  # "tab" or "spaces"
    number_col: int | None
    task_col: int
    role_cols: tuple[tuple[int, str], ...]  # (column, header text)
    width: int


def find_tables(text: str, lines: list[tuple[int, int]] | None = None) -> list[TaskTable]:
    """Every task-division table in ``text`` (normalised, one stripped line per source line)."""
    lines = lines if lines is not None else _lines(text)
    out: list[TaskTable] = []
    i = 0
    while i < len(lines):
        header = _header(text, lines[i])
        if header is None:
            i += 1
            continue
        rows, nxt = _rows(text, lines, i + 1, header)
        if rows:
            out.append(TaskTable(i, lines[i][0], tuple(rows)))
        i = max(nxt, i + 1)
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _cells(text: str, span: tuple[int, int], separator: str) -> list[tuple[int, int]]:
    """The cells of a line as spans (an empty cell between two tabs is kept, as an empty span)."""
    a, b = span
    if separator == "tab":
        pieces, cut = [], a
        for k in range(a, b):
            if text[k] == "\t":
                pieces.append((cut, k))
                cut = k + 1
        pieces.append((cut, b))
    else:
        pieces, cut = [], a
        for m in table_rules().space_separator.finditer(text, a, b):
            pieces.append((cut, m.start()))
            cut = m.end()
        pieces.append((cut, b))
    return [_strip(text, x, y) for x, y in pieces]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t":
        b -= 1
    return a, b


def _header(text: str, span: tuple[int, int]) -> _Header | None:
    line = text[span[0]:span[1]]
    separator = "tab" if "\t" in line else "spaces" if table_rules().space_separator.search(line) else None
    if separator is None:
        return None
    cells = [text[a:b] for a, b in _cells(text, span, separator)]
    if len(cells) < 2:
        return None
    r = table_rules()
    number_col = task_col = None
    role_cols: list[tuple[int, str]] = []
    for k, cell in enumerate(cells):
        core = re.sub(r"\s", "", cell)
        if number_col is None and core in r.number_headers:
            number_col = k
        elif responsibility.column_kind(core) is not None:
            role_cols.append((k, core))
        elif task_col is None and _is_task_header(core, r):
            task_col = k
    if task_col is None or not role_cols:
        return None
    return _Header(separator, number_col, task_col, tuple(role_cols), len(cells))


def _is_task_header(core: str, r: TableRules) -> bool:
    """``重点任务``, ``主要工作内容``; not ``任务类别`` or ``完成时限``."""
    if any(w in core for w in r.non_task_words):
        return False
    return any(core == w or (w in core and len(core) <= r.task_header_max_len) for w in r.task_headers)


def _rows(text: str, lines: list[tuple[int, int]], i: int, header: _Header) -> tuple[list[TableRow], int]:
    """The rows after a header, and the index of the first line past the table."""
    r = table_rules()
    pending: list[tuple[int, list[list[tuple[int, int]]]]] = []  # (first line, cells per line)
    last = i - 1
    while i < len(lines):
        a, b = lines[i]
        if a == b:
            j = next((k for k in range(i + 1, len(lines)) if lines[k][0] < lines[k][1]), None)
            if j is None or not _opens_row(text, lines[j], header):
                break
            i = j
            continue
        cells = _cells(text, (a, b), header.separator)
        if _opens_row(text, (a, b), header):
            pending.append((i, [_aligned(cells, header, True)]))
        elif _groups_rows(text, lines, i, header, r):  # 一、… over the rows below: left to the outline
            i += 1
            continue
        elif pending and _continues(text, (a, b), cells, r):
            pending[-1][1].append(_aligned(cells, header, False))
        else:
            break
        last = i
        i += 1
    rows = [_row(text, lines, k, first, parts, header) for k, (first, parts) in enumerate(pending, 1)]
    return [row for row in rows if row is not None], last + 1


def _opens_row(text: str, span: tuple[int, int], header: _Header) -> bool:
    cells = _cells(text, span, header.separator)
    if header.number_col is not None:
        first = cells[0]
        return len(cells) >= 2 and bool(table_rules().row_number.fullmatch(text[first[0]:first[1]]))
    return len(cells) >= 2


def _groups_rows(text: str, lines, i: int, header: _Header, r: TableRules) -> bool:
    """A heading line (``一、强化基层``) inside a table, directly over a row."""
    a, b = lines[i]
    return (bool(r.not_continuation.match(text[a:b])) and i + 1 < len(lines)
            and _opens_row(text, lines[i + 1], header))


def _continues(text: str, span: tuple[int, int], cells, r: TableRules) -> bool:
    """A line inside a table that carries on the row above (a wrapped cell), not a paragraph after it."""
    if len(cells) >= 2:
        return True
    line = text[span[0]:span[1]]
    return len(line) <= r.continuation_max_len and not r.not_continuation.match(line)


def _aligned(cells: list[tuple[int, int]], header: _Header, opens: bool) -> list[tuple[int, int] | None]:
    """Cells placed under their columns. A line's leading empty cells are lost when it is stripped, so
    a continuation line with fewer cells than the header is placed from the task column on (one cell:
    the task text)."""
    width = header.width
    if opens or len(cells) >= width:
        placed: list[tuple[int, int] | None] = list(cells[:width])
    else:
        placed = [None] * header.task_col + list(cells)
    return (placed + [None] * width)[:width]


def _row(text: str, lines, order: int, first: int, parts, header: _Header) -> TableRow | None:
    def column(k: int) -> list[tuple[int, int]]:
        return [p[k] for p in parts if p[k] is not None and p[k][0] < p[k][1]]

    task = column(header.task_col)
    if not task:
        return None
    label_span = None
    label, number = str(order), order
    if header.number_col is not None:
        label_span = parts[0][header.number_col]
        label = text[label_span[0]:label_span[1]].rstrip(".、")
        number = int(label) if label.isdigit() else order
    found: list[Assignment] = []
    cells: list[tuple[int, int]] = []
    for k, head in header.role_cols:
        for a, b in column(k):
            cells.append((a, b))
            found.extend(responsibility.cell_assignments(text, a, b, head))
    resolved = responsibility.resolve_explicit(found)
    clauses = tuple(Clause(a, b, tuple(x for x in resolved if a <= x.start < b)) for a, b in cells)
    start = lines[first][0]
    end = lines[first + len(parts) - 1][1]
    return TableRow(start, end, first, len(parts), label, number, label_span, tuple(task),
                    tuple(c for c in clauses if c.assignments))
