"""Document structure: numbering hierarchies into Sections and Tasks with stable ids.

The parser reads :attr:`SourceText.text` (NFKC-normalised, one stripped line per source line) and
recognises the numbering styles Chinese policy documents use — ``一、`` / ``（一）`` / ``1.`` / ``（1）``,
``第一章``, ``任务N``, ``专栏N``, a bare number on its own line, and inline ``一是…二是…`` — from the
patterns in ``data/structure.json``. Numbered leaves become :class:`Task` records; the rest are
:class:`Section` records. Background and general-requirements sections are not tasks, and sections that
review past work (工作总结, 存在的问题, see :mod:`loaders.section_kinds`) hold neither tasks nor targets:
:attr:`ParsedStructure.review_spans` marks them. The rows of a
task-division table (``序号  重点任务  牵头单位  配合单位``, see :mod:`loaders.task_tables`) are tasks too,
with their lead and support bodies read from the columns.

Task ids are the numbering as written. A number that is unique in its style across the document
stands alone (``（七）``); a number that restarts is prefixed with its parent's id (``一/（二）``,
``任务2/1``, ``5/公共卫生方面/一是``). Text with no numbering at all is one task.

>>> parsed = parse(SourceText.from_text("一、总体要求\\n坚持人民至上。\\n二、重点任务\\n（一）加强基层。内容。（规信处负责）"
...                                    "\\n（二）强化监管。内容。（监督处牵头，法规处配合）"))
>>> [(t.id, t.title, t.lead, t.support) for t in parsed.tasks]
[('二/（一）', '加强基层', ('规信处',), ()), ('二/（二）', '强化监管', ('监督处',), ('法规处',))]
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from . import responsibility, section_kinds, task_tables
from .records import Responsibility, Section, Task
from .responsibility import Clause
from .text import SourceText

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_UNITS = {"十": 10, "百": 100}


def cn_number(text: str) -> int | None:
    """A Chinese numeral's value, or None: ``cn_number("二十六") == 26``, ``cn_number("十") == 10``."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[char]
    return total + current


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled contents of ``data/structure.json``."""

    headings: tuple[tuple[str, re.Pattern[str]], ...]
    split_prefixes: dict[str, str]
    split_number: re.Pattern[str]
    bare_number: re.Pattern[str]
    inline_next: dict[str, str]
    enumeration: re.Pattern[str]
    group: re.Pattern[str]
    box_word: str
    closing_openers: tuple[str, ...]
    attachment_list: re.Pattern[str]
    attachment_item: re.Pattern[str]
    trailer_date: re.Pattern[str]
    trailer_max_len: int
    title_stops: str
    title_soft_stops: str
    title_max_len: int
    fragment_id: str
    sentence_dot: re.Pattern[str]
    phase: re.Pattern[str]

    def compile_inline(self, style: str, number: int) -> re.Pattern[str]:
        return _inline_pattern(self.inline_next[style], number)


@lru_cache(maxsize=256)
def _inline_pattern(template: str, number: int) -> re.Pattern[str]:
    return re.compile(template.replace("{n}", str(number)))


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Load and compile the structure word lists (cached)."""
    raw = json.loads(resources.files("loaders").joinpath("data/structure.json").read_text(encoding="utf-8"))
    return Rules(
        headings=tuple((h["style"], re.compile(h["pattern"], re.MULTILINE)) for h in raw["heading_patterns"]),
        split_prefixes=dict(raw["split_prefixes"]),
        split_number=re.compile(r"(?P<num>\d{1,3})\s*[:.、]?\s*"),
        bare_number=re.compile(raw["bare_number_pattern"]),
        inline_next=dict(raw["inline_next"]),
        enumeration=re.compile(raw["enumeration_pattern"], re.MULTILINE),
        group=re.compile(raw["group_pattern"], re.MULTILINE),
        box_word=raw["box_word"],
        closing_openers=tuple(raw["closing_openers"]),
        attachment_list=re.compile(raw["attachment_list_pattern"], re.MULTILINE),
        attachment_item=re.compile(raw["attachment_item_pattern"], re.MULTILINE),
        trailer_date=re.compile(raw["trailer_date_pattern"]),
        trailer_max_len=raw["trailer_line_max_len"],
        title_stops=raw["title_stops"],
        title_soft_stops=raw["title_soft_stops"],
        title_max_len=raw["title_max_len"],
        fragment_id=raw["fragment_id"],
        sentence_dot=re.compile(raw["sentence_dot_pattern"]),
        phase=re.compile(raw["phase_pattern"]),
    )


def is_stop(text: str, k: int, r: Rules) -> bool:
    """True when ``text[k]`` ends a title clause: a stop character, or a half-width ``.`` closing CJK
    text (``布局.按照``) rather than a decimal or a list number (``1.5``, ``1.``)."""
    return text[k] in r.title_stops or (text[k] == "." and r.sentence_dot.match(text, k) is not None)


@dataclass(frozen=True)
class ParsedStructure:
    """Sections and tasks of one document, with each task's span in the *normalised* text."""

    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    spans: tuple[tuple[int, int], ...]  # spans[i] is tasks[i]'s [start, end) in SourceText.text
    responsibilities: tuple[Responsibility, ...] = ()
    review_spans: tuple[tuple[int, int], ...] = ()  # [start, end) of sections reviewing past work
    _starts: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s for s, _ in self.spans))

    def in_review(self, pos: int) -> bool:
        """True when normalised position ``pos`` lies in a section that reviews past work."""
        return any(a <= pos < b for a, b in self.review_spans)

    def task_at(self, pos: int) -> str | None:
        """The id of the task whose span holds normalised position ``pos``, or None."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.tasks[i].id
        return None


@dataclass(eq=False, slots=True)
class _Node:
    """A heading while the outline is being built (internal and mutable; records are emitted at the end)."""

    style: str
    number: int | None
    start: int
    label_span: tuple[int, int]
    title_span: tuple[int, int]
    body_start: int  # where the heading's own text ends and its body begins
    label: str = ""
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    end: int = 0
    excluded: bool = False
    review: bool = False  # the section reports past work (总结, 存在的问题): no tasks, no targets
    id: str = ""
    default_label: str = ""  # the label when none is written (a table row without a 序号 column)
    cap: int | None = None  # a table row ends with its last line, whatever follows
    table_start: int | None = None  # on a table's first row: where the table's header line starts
    clauses: tuple[Clause, ...] = ()  # a table row's responsibility cells

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


def parse(src: SourceText) -> ParsedStructure:
    """Parse the numbering hierarchy of ``src.text`` into sections and tasks (with responsibilities).

    Never raises on arbitrary text: text without numbering becomes a single task, empty text none.
    """
    r = rules()
    text = src.text
    lines = _lines(text)
    tables = task_tables.find_tables(text, lines)
    nodes, body_starts = _scan(text, lines, r, tables)
    roots = _build(nodes, body_starts, r)
    doc_end = _document_end(text, lines, nodes, r)
    flat = _flatten(roots)
    _set_ends(flat, doc_end)
    for root in roots:
        _expand_enumerations(text, root, r)
    flat = _flatten(roots)
    _set_ends(flat, doc_end)
    _assign_ids(src, flat, r)
    _mark_excluded(src, flat, r)
    if not nodes:
        tasks, spans, sections = _fragment(src, doc_end, r)
        inherited: list[list[tuple[int, int]]] = [[] for _ in tasks]
        given: list[list[Clause]] = [[] for _ in tasks]
    else:
        tasks, spans, sections = _emit(src, flat)
        inherited = [_ancestor_heads(node) for node in flat if _is_task(node)]
        given = [list(node.clauses) for node in flat if _is_task(node)]
    tasks, resps = responsibility.assign(src, tasks, spans, inherited, given)
    reviews = tuple((n.start, n.end) for n in flat if n.review and not (n.parent and n.parent.review))
    return ParsedStructure(tuple(sections), tuple(tasks), tuple(spans), tuple(resps), reviews)


# --- scanning -------------------------------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _scan(text: str, lines: list[tuple[int, int]], r: Rules,
          tables: list[task_tables.TaskTable]) -> tuple[list[_Node], list[int]]:
    """Headings (and task-table rows) in document order, and the starts of unnumbered body lines."""
    nodes: list[_Node] = []
    body: list[int] = []
    headers = {t.header_line for t in tables}
    rows = {row.first_line: (t, row) for t in tables for row in t.rows}
    i, last_bare = 0, 0
    while i < len(lines):
        a, b = lines[i]
        if a == b or i in headers:
            i += 1
            continue
        if i in rows:
            table, row = rows[i]
            nodes.append(_row_node(text, table, row, r))
            i += row.line_count
            continue
        if r.attachment_list.match(text, a, b):
            nxt = _attachment_list_end(text, lines, i, r)
            body.extend(lines[k][0] for k in range(i, nxt) if lines[k][0] < lines[k][1])
            i = nxt
            continue
        found, nxt = _heading(text, lines, i, r, last_bare)
        if found:
            if found[0].style == "bare":
                last_bare = found[0].number or last_bare
            nodes.extend(found)
            i = nxt
        else:
            body.append(a)
            i += 1
    return nodes, body


def _attachment_list_end(text: str, lines: list[tuple[int, int]], i: int, r: Rules) -> int:
    """The index of the first line after the attachment list opening at line ``i`` (附件：1.… / 2.…)."""
    j = i + 1
    while j < len(lines) and lines[j][0] < lines[j][1] and r.attachment_item.match(text, *lines[j]):
        j += 1
    return j


def _row_node(text: str, table: task_tables.TaskTable, row: task_tables.TableRow, r: Rules) -> _Node:
    """A task-table row as an outline node titled by its task cell's first clause."""
    label_span = row.label_span or (row.start, row.start)
    cell_start, cell_end = row.task_cells[0]
    node = _make(text, "table_row", row.number, row.start, label_span[1], cell_start, cell_end, r,
                 task_tables.table_rules().title_max_len)
    node.label_span = label_span
    node.default_label = row.label
    node.cap = row.end
    node.clauses = row.clauses
    node.table_start = table.header_start if row is table.rows[0] else None
    return node


def _next_nonempty(lines: list[tuple[int, int]], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j][0] != lines[j][1]:
            return j
    return None


def _heading(text: str, lines, i: int, r: Rules, last_bare: int) -> tuple[list[_Node], int]:
    """The heading(s) starting at line ``i`` and the index of the line after them, or ``([], i)``."""
    a, b = lines[i]
    line = text[a:b]
    j = _next_nonempty(lines, i)
    if line in r.split_prefixes and j is not None:
        m = r.split_number.match(text, lines[j][0], lines[j][1])
        if m:
            node = _make(text, r.split_prefixes[line], int(m.group("num")), a, m.end("num"), m.end(), lines[j][1], r)
            return [node], j + 1
    m = r.bare_number.match(line)
    if m and j is not None and int(m.group("num")) == last_bare + 1 and not _heading_match(text, lines[j], r):
        ja, jb = lines[j]
        return [_make(text, "bare", int(m.group("num")), a, b, ja, jb, r)], j + 1
    hm = _heading_match(text, (a, b), r)
    if not hm:
        return [], i
    style, m = hm
    num = m.group("num")
    number = (int(num) if num.isdigit() else cn_number(num)) if num else None
    label_end = m.end()
    while label_end > a + 1 and (text[label_end - 1].isspace() or text[label_end - 1] in "、.:"):
        label_end -= 1
    first = _make(text, style, number, a, label_end, m.end(), b, r)
    return [first, *_inline_followers(text, first, b, r)], i + 1


def _heading_match(text: str, span: tuple[int, int], r: Rules):
    for style, pattern in r.headings:
        m = pattern.match(text, span[0], span[1])
        if m:
            return style, m
    return None


@lru_cache(maxsize=4)
def _stop_candidates(title_stops: str) -> re.Pattern[str]:
    """Any character :func:`is_stop` may accept: a title stop or a ``.``."""
    return re.compile("[" + re.escape(title_stops + ".") + "]")


def _make(text: str, style: str, number: int | None, start: int, label_end: int,
          title_start: int, line_end: int, r: Rules, title_max_len: int | None = None) -> _Node:
    t0, t1, body_start = _title_span(text, title_start, line_end, r, title_max_len)
    return _Node(style, number, start, (start, label_end), (t0, t1), body_start)


def _title_span(text: str, start: int, end: int, r: Rules, max_len: int | None = None) -> tuple[int, int, int]:
    """The heading's title within ``[start, end)``: up to the first sentence stop (or a comma if long)."""
    stop = end
    for candidate in _stop_candidates(r.title_stops).finditer(text, start, end):
        if is_stop(text, candidate.start(), r):
            stop = candidate.start()
            break
    if stop - start > (r.title_max_len if max_len is None else max_len):
        for k in range(start, stop):
            if text[k] in r.title_soft_stops:
                stop = k
                break
    t0, t1 = start, stop
    while t0 < t1 and (text[t0].isspace() or text[t0] in ":"):
        t0 += 1
    while t1 > t0 and (text[t1 - 1].isspace() or text[t1 - 1] in r.title_soft_stops):
        t1 -= 1
    return t0, t1, min(stop + 1, end)


def _inline_followers(text: str, first: _Node, line_end: int, r: Rules) -> list[_Node]:
    """Items of the same style continuing inside the line: ``1.甲。2.乙`` gives the ``2.`` node."""
    template = r.inline_next.get(first.style)
    out: list[_Node] = []
    if template is None or first.number is None:
        return out
    pos, number = first.title_span[1], first.number
    while True:
        m = r.compile_inline(first.style, number + 1).search(text, pos, line_end)
        if not m:
            return out
        start = m.start() + 1
        while text[start].isspace():
            start += 1
        label_end = m.end("num") + (1 if text[m.end("num")] == ")" else 0)
        node = _make(text, first.style, number + 1, start, label_end, m.end(), line_end, r)
        out.append(node)
        pos, number = node.title_span[1], number + 1


# --- the outline tree -----------------------------------------------------------------------------

def _build(nodes: list[_Node], body_starts: list[int], r: Rules) -> list[_Node]:
    """Nest headings by style: a style seen before closes back to its level; a new style nests."""
    has_boxes = any(n.style == "box" for n in nodes)
    box_item_styles: set[str] = set()
    roots: list[_Node] = []
    stack: list[_Node] = []
    depth_of: dict[str, int] = {}
    for node in nodes:
        if node.style == "box":
            stack = stack[:1] if stack and stack[0].style != "box" else []
        elif any(s.style == node.style for s in stack):
            stack = stack[:[s.style for s in stack].index(node.style)]
        elif node.style in depth_of and depth_of[node.style] < len(stack):
            stack = stack[:depth_of[node.style]]
        if node.table_start is not None and stack and _body_lines(stack[-1], node.table_start, body_starts) > 1:
            stack = []  # a table standing after a heading's text is not part of that heading
        if has_boxes and node.style in box_item_styles and _starts_lost_box(node, stack, body_starts):
            box = _Node("box", None, node.start, (node.start, node.start), (node.start, node.start), node.start)
            stack = stack[:1]
            _attach(box, stack, roots)
            stack.append(box)
        if stack and stack[-1].style == "box":
            box_item_styles.add(node.style)
        _attach(node, stack, roots)
        depth_of.setdefault(node.style, len(stack))
        stack.append(node)
    return roots


def _body_lines(heading: _Node, until: int, body_starts: list[int]) -> int:
    """How many unnumbered lines stand between a heading's own text and ``until``."""
    return max(0, bisect_left(body_starts, until) - bisect_left(body_starts, heading.body_start))


def _starts_lost_box(node: _Node, stack: list[_Node], body_starts: list[int]) -> bool:
    """A ``1.`` run after an item's own body text, in a document with boxes: a box without its heading."""
    if node.number != 1 or len(stack) < 2 or stack[-1].style == "box" or stack[-1].children:
        return False
    k = bisect_left(body_starts, stack[-1].body_start)
    return k < len(body_starts) and body_starts[k] < node.start


def _attach(node: _Node, stack: list[_Node], roots: list[_Node]) -> None:
    if stack:
        node.parent = stack[-1]
        stack[-1].children.append(node)
    else:
        roots.append(node)


def _flatten(roots: list[_Node]) -> list[_Node]:
    out: list[_Node] = []
    todo = list(reversed(roots))
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(reversed(node.children))
    return out


def _set_ends(flat: list[_Node], doc_end: int) -> None:
    """Each heading runs to the next heading at its depth or above (or to the document's end)."""
    open_nodes: list[_Node] = []
    for node in flat:
        while open_nodes and open_nodes[-1].depth >= node.depth:
            open_nodes.pop().end = node.start
        open_nodes.append(node)
    for node in open_nodes:
        node.end = doc_end
    for node in flat:
        node.end = max(node.start, min(node.end, doc_end, node.cap if node.cap is not None else doc_end))


def _document_end(text: str, lines: list[tuple[int, int]], nodes: list[_Node], r: Rules) -> int:
    """Where the numbered content stops: before a closing paragraph or the signature and date lines."""
    end = len(text)
    while end > 0 and text[end - 1].isspace():
        end -= 1
    after = nodes[-1].body_start if nodes else 0
    tail = [(a, b) for a, b in lines if a >= after and a < b]
    for a, b in tail:
        if any(text.startswith(opener, a, b) for opener in r.closing_openers):
            return a
    if tail and r.trailer_date.match(text[tail[-1][0]:tail[-1][1]]):
        k = len(tail) - 1
        while k > 0 and _is_signature(text[tail[k - 1][0]:tail[k - 1][1]], r):
            k -= 1
        end = tail[k][0]
        while end > 0 and text[end - 1].isspace():
            end -= 1
    return max(end, after)


def _is_signature(line: str, r: Rules) -> bool:
    return len(line) <= r.trailer_max_len and not any(c in line for c in r.title_stops + ",、")


# --- inline 一是…二是… items ----------------------------------------------------------------------

def _expand_enumerations(text: str, section: _Node, r: Rules) -> None:
    """Split a top-level section with no numbered items into its ``一是…`` items (and ``…方面`` groups)."""
    if section.children or section.style in ("box", "table_row"):
        return
    lo, hi = section.body_start, section.end
    events = sorted(
        [(m.start("num"), "item", m) for m in r.enumeration.finditer(text, lo, hi)]
        + [(m.start("label"), "group", m) for m in r.group.finditer(text, lo, hi)],
        key=lambda e: e[0],
    )
    items: list[_Node] = []
    group: _Node | None = None
    expected = 1
    for k, (pos, kind, m) in enumerate(events):
        if kind == "group":
            if _next_item_number(events, k) == 1:
                group = _make(text, "group", None, pos, m.end("label"), pos, m.end("label"), r)
                group.parent = section
                section.children.append(group)
                expected = 1
            continue
        number = cn_number(m.group("num"))
        if number != expected:
            continue
        node = _make(text, "enum", number, pos, m.end(), m.end(), _line_end(text, pos, hi), r)
        owner = group or section
        node.parent = owner
        owner.children.append(node)
        items.append(node)
        expected += 1
    if len(items) < 2:
        section.children.clear()


def _next_item_number(events, k: int) -> int | None:
    for _, kind, m in events[k + 1:]:
        if kind == "group":
            return None
        if kind == "item":
            return cn_number(m.group("num"))
    return None


def _line_end(text: str, pos: int, hi: int) -> int:
    nl = text.find("\n", pos, hi)
    return hi if nl < 0 else nl


# --- ids, exclusion, records ---------------------------------------------------------------------

def _assign_ids(src: SourceText, flat: list[_Node], r: Rules) -> None:
    """Label each heading as written; prefix the parent's id where a style's numbers restart."""
    for node in flat:
        a, b = node.label_span
        written = "".join(src.evidence(a, b).quote.split()) if b > a else ""
        node.label = written.rstrip("、.．:：") or node.default_label or (r.box_word if node.style == "box" else "")
        if node.style == "group":
            node.label = src.evidence(*node.title_span).quote
    standalone = _standalone_styles(flat)
    seen: set[str] = set()
    for node in flat:
        restarts = node.number is None or node.style not in standalone
        node.id = f"{node.parent.id}/{node.label}" if node.parent and restarts else node.label
        if node.id in seen and node.parent:
            node.id = f"{node.parent.id}/{node.label}"
        base, k = node.id, 2
        while node.id in seen:
            node.id, k = f"{base}#{k}", k + 1
        seen.add(node.id)


def _standalone_styles(flat: list[_Node]) -> set[str]:
    """Styles whose numbers identify a heading alone: they never repeat and run on across parents
    (``（一）…（二十六）`` through all sections), or they sit at the top level. Numbered boxes
    (专栏1, 专栏2) are numbered through the document, so they stand alone wherever they sit."""
    labels: dict[str, set[str]] = {}
    parents: dict[str, set[int]] = {}
    repeated: set[str] = set()
    for node in flat:
        if node.number is None:
            continue
        if node.label in labels.setdefault(node.style, set()):
            repeated.add(node.style)
        labels[node.style].add(node.label)
        parents.setdefault(node.style, set()).add(id(node.parent) if node.parent else 0)
    return {style for style, ps in parents.items()
            if style not in repeated and (len(ps) > 1 or ps == {0} or style == "box")}


def _mark_excluded(src: SourceText, flat: list[_Node], r: Rules) -> None:
    """Mark background, general-requirement and timetable sections (not tasks) and reviews of past
    work (neither tasks nor targets); a mark covers everything under the heading."""
    words = section_kinds.heading_words()
    for node in flat:
        title = src.text[node.title_span[0]:node.title_span[1]]
        inherited = node.parent is not None and node.parent.excluded
        node.review = node.style != "table_row" and (
            section_kinds.is_review(title, node.parent is None, words) or (node.parent is not None and node.parent.review))
        node.excluded = (node.review or section_kinds.is_excluded(title, words) or _is_phase(src.text, node, r)
                         or inherited)


def _is_phase(text: str, node: _Node, r: Rules) -> bool:
    """A timetable phase heading: …阶段 with a date range (启动部署阶段（2021年8月—9月）) is a step of
    the schedule, not a task."""
    start = node.title_span[0]
    return node.style != "table_row" and r.phase.match(text, start, _line_end(text, start, start + 40)) is not None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _emit(src: SourceText, flat: list[_Node]) -> tuple[list[Task], list[tuple[int, int]], list[Section]]:
    tasks, spans, sections = [], [], []
    for node in flat:
        title = src.evidence(*node.title_span).quote if node.title_span[1] > node.title_span[0] else ""
        parent_id = node.parent.id if node.parent else None
        if not _is_task(node):
            ev = src.evidence(node.start, max(node.title_span[1], node.label_span[1]))
            sections.append(Section(node.id, node.label, title, node.depth, parent_id, ev))
            continue
        span = _trimmed(src.text, node.start, node.end)
        ev = src.evidence(*span)
        tasks.append(Task(node.id, parent_id, title or _first_clause(src, *span), ev.quote, ev,
                          group=_group_of(src, node)))
        spans.append(span)
    return tasks, spans, sections


def _is_task(node: _Node) -> bool:
    return not (node.children or node.excluded or node.style == "box" and node.number is None)


def _ancestor_heads(node: _Node) -> list[tuple[int, int]]:
    """The own text of each enclosing heading (up to its first child), nearest first."""
    out = []
    parent = node.parent
    while parent is not None:
        out.append((parent.start, parent.children[0].start))
        parent = parent.parent
    return out


def _group_of(src: SourceText, node: _Node) -> str | None:
    parent = node.parent
    if parent is None or parent.style not in ("group", "box"):
        return None
    if parent.style == "group":
        return parent.label
    t0, t1 = parent.title_span
    return src.evidence(t0, t1).quote if t1 > t0 else parent.label


def _first_clause(src: SourceText, start: int, end: int) -> str:
    r = rules()
    stop = start
    while stop < end and not (is_stop(src.text, stop, r) or src.text[stop] in r.title_soft_stops + "\n"):
        stop += 1
    return src.evidence(start, stop).quote.strip() if stop > start else ""


def _fragment(src: SourceText, doc_end: int, r: Rules):
    """Text without numbering: one task spanning it (none if it is blank)."""
    start, end = 0, doc_end
    while start < end and src.text[start].isspace():
        start += 1
    if start >= end:
        return [], [], []
    ev = src.evidence(start, end)
    return [Task(r.fragment_id, None, _first_clause(src, start, end), ev.quote, ev)], [(start, end)], []
