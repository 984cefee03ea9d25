"""Responsibility clauses: which bodies lead and which support a task, kept as written.

A clause is either a bracketed assignment inside a task — ``（X牵头，Y、Z配合）``, ``（X负责）``,
``（X、Y分别负责）`` (each owns its part: ``split``), ``（牵头单位：X；配合单位：Y）``, ``（X会同Y负责）`` —
or a label line of its own (``牵头单位：X`` / ``责任单位：`` + names on the next line, ``【牵头单位】X【配合单位】Y``).
Word lists live in ``data/responsibility.json``. A clause is accepted only when *every* name in it looks like
a body (ends in 处/局/委/股/… or starts with 各), so ordinary sentences are not read as assignments.

Three kinds of word name a role: lead words (牵头), support words (配合, 协助) and *responsible* words
(负责, 责任单位, 按职责分工负责). Responsible bodies lead, unless the clause also names an explicit lead
(then they support) or the document states that the first body listed leads (``列第一位的为牵头单位``:
then the first leads and the rest support). A body that only guides (``X指导``) has no role.

>>> [(a.org, a.role.value) for a in parse_clause("规信处牵头,体改处、医政医管处配合")]
[('规信处', 'lead'), ('体改处', 'support'), ('医政医管处', 'support')]
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .records import Responsibility, Role, Task
from .text import SourceText


@dataclass(frozen=True, slots=True)
class Assignment:
    """One body named in a clause: ``org`` is ``text[start:end]`` (offsets into the text parsed)."""

    org: str
    start: int
    end: int
    role: Role
    split: bool = False
    generic: bool = False  # named by a responsible word and not yet resolved against the first-listed rule


@dataclass(frozen=True, slots=True)
class Clause:
    """A responsibility clause found in normalised text: its span (brackets included) and assignments."""

    start: int
    end: int
    assignments: tuple[Assignment, ...]


_LEAD, _SUPPORT, _RESPONSIBLE = "lead", "support", "responsible"


@dataclass(frozen=True, slots=True)
class _Words:
    labels: tuple[tuple[str, str], ...]  # (word, kind), longest first
    verbs: tuple[tuple[str, str, bool], ...]  # (word, kind, split), longest first
    ignored: tuple[str, ...]
    first_listed: tuple[re.Pattern[str], ...]
    joint: tuple[str, ...]
    strip_prefixes: tuple[str, ...]
    separators: str
    conjunctions: str
    clause_separators: str
    trailing: tuple[str, ...]
    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    stop_words: tuple[str, ...]
    max_len: int
    label_line: re.Pattern[str]
    label_at: re.Pattern[str]  # label_line without its ``^``, for ``match(text, pos, endpos)``
    label_any: re.Pattern[str]  # any label word, anywhere
    verb_any: re.Pattern[str]  # any verb, anywhere
    verb_or_label_any: re.Pattern[str]  # any verb or label, anywhere


@lru_cache(maxsize=1)
def _words() -> _Words:
    raw = json.loads(resources.files("loaders").joinpath("data/responsibility.json").read_text(encoding="utf-8"))
    labels = ([(w, _LEAD) for w in raw["lead_labels"]] + [(w, _SUPPORT) for w in raw["support_labels"]]
              + [(w, _RESPONSIBLE) for w in raw["responsible_labels"]])
    labels.sort(key=lambda x: -len(x[0]))
    verbs = ([(w, _LEAD, True) for w in raw["split_verbs"]] + [(w, _SUPPORT, False) for w in raw["support_verbs"]]
             + [(w, _LEAD, False) for w in raw["lead_verbs"]]
             + [(w, _RESPONSIBLE, False) for w in raw["responsible_verbs"]])
    verbs.sort(key=lambda x: -len(x[0]))
    alternatives = "|".join(re.escape(w) for w, _ in labels)
    return _Words(
        labels=tuple(labels), verbs=tuple(verbs), ignored=tuple(sorted(raw["ignored_verbs"], key=len, reverse=True)),
        first_listed=tuple(re.compile(p) for p in raw["first_listed_rules"]), joint=tuple(raw["joint_words"]),
        strip_prefixes=tuple(raw["name_prefixes_to_strip"]), separators=raw["separators"],
        conjunctions=raw["conjunctions"], clause_separators=raw["clause_separators"],
        trailing=tuple(sorted(raw["trailing_words"], key=len, reverse=True)), suffixes=tuple(raw["org_suffixes"]),
        prefixes=tuple(raw["org_prefixes"]), stop_words=tuple(raw["name_stop_words"]), max_len=raw["max_name_len"],
        label_line=re.compile(rf"^[【\[]?(?:{alternatives})[】\]]?\s*:?"),
        label_at=re.compile(rf"[【\[]?(?:{alternatives})[】\]]?\s*:?"),
        label_any=_any_of(w for w, _ in labels),
        verb_any=_any_of(w for w, _, _ in verbs),
        verb_or_label_any=_any_of([w for w, _, _ in verbs] + [w for w, _ in labels]),
    )


def _any_of(words) -> re.Pattern[str]:
    """One pattern finding any of ``words`` (longest first, so a search answers like ``any(w in text)``)."""
    found = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, found)) if found else "(?!)")  # no words: never found


# --- parsing one clause ---------------------------------------------------------------------------

def parse_clause(text: str, start: int = 0, end: int | None = None) -> tuple[Assignment, ...] | None:
    """The assignments of the clause ``text[start:end]`` (brackets excluded), or None if it is not one.

    >>> [(a.org, a.role.value, a.split) for a in parse_clause("体改处、药政处分别负责")]
    [('体改处', 'lead', True), ('药政处', 'lead', True)]
    >>> parse_clause("以威海卫人民医院为牵头单位,将威海卫人民医院建成区域医疗中心") is None
    True
    """
    end = len(text) if end is None else end
    out: list[Assignment] = []
    for pa, pb in _label_pieces(text, start, end):
        for a, b in _split_top(text, pa, pb, _words().clause_separators):
            part = _part(text, a, b)
            if part is None:
                return None
            out.extend(part)
    return resolve_explicit(out) if out else None


def resolve_explicit(found: list[Assignment] | tuple[Assignment, ...]) -> tuple[Assignment, ...]:
    """Responsible bodies beside an explicit lead support it (``X牵头,Y按职责分工负责``: Y supports).

    Without an explicit lead they stay leads, marked ``generic`` for :func:`resolve_first_listed`.
    """
    if any(x.role is Role.LEAD and not x.generic for x in found):
        return tuple(replace(x, role=Role.SUPPORT, generic=False) if x.generic else x for x in found)
    return tuple(found)


def resolve_first_listed(found: tuple[Assignment, ...]) -> tuple[Assignment, ...]:
    """Under a stated first-listed rule, the first responsible body leads and the others support."""
    out, first = [], True
    for x in found:
        if x.generic and not x.split:
            out.append(replace(x, role=Role.LEAD if first else Role.SUPPORT, generic=False))
            first = False
        else:
            out.append(x)
    return tuple(out)


def states_first_listed_rule(text: str) -> bool:
    """Whether ``text`` states that the first body listed leads (``列第一位的为牵头单位``)."""
    return any(p.search(text) for p in _words().first_listed)


def _label_pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut ``text[a:b]`` before each label that opens a part: ``【牵头单位】X【配合单位】Y`` and
    ``牵头单位:X,配合单位:Y`` give two pieces each."""
    cuts = [a]
    for k in range(a + 1, b):
        if (text[k] in "【[" and _opens_label(text, k, b, "】]")) or (
                text[k - 1] in ", " and _opens_label(text, k, b, ":")):
            cuts.append(k)
    return list(zip(cuts, cuts[1:] + [b]))


def _opens_label(text: str, k: int, b: int, closers: str) -> bool:
    m = _words().label_at.match(text, k, b)
    return bool(m) and m.end() > k and text[m.end() - 1] in closers


def _kind_role(kind: str) -> tuple[Role, bool]:
    """A word's kind as (role, generic)."""
    return (Role.SUPPORT, False) if kind == _SUPPORT else (Role.LEAD, kind == _RESPONSIBLE)


def _part(text: str, a: int, b: int) -> list[Assignment] | None:
    """One ``;``-separated part: ``牵头单位:X、Y`` or ``X牵头,Y配合``."""
    w = _words()
    a, b = _strip(text, a, b)
    if a >= b:
        return []
    m = w.label_at.match(text, a, b)
    if m and m.end() > a and text[m.end() - 1] in ":】]":
        kind = next(k for word, k in w.labels if word in m.group())
        rest = m.end()
        if _has_verb(text, rest, b):
            return _verb_segments(text, rest, b, kind)
        return _names(text, rest, b, *_kind_role(kind), split=False)
    return _verb_segments(text, a, b, None)


def _has_verb(text: str, a: int, b: int) -> bool:
    return _words().verb_any.search(text, a, b) is not None


def _verb_segments(text: str, a: int, b: int, default: str | None) -> list[Assignment] | None:
    w = _words()
    out: list[Assignment] = []
    for sa, sb in _split_top(text, a, b, ","):
        sa, sb = _strip(text, sa, sb)
        if sa >= sb:
            continue
        ignored = next((v for v in w.ignored if text.endswith(v, sa, sb)), None)
        if ignored is not None:  # X指导: the names must still be bodies, but they take no role
            if _names(text, sa, sb - len(ignored), Role.LEAD) is None:
                return None
            continue
        verb = next(((v, k, s) for v, k, s in w.verbs if text.endswith(v, sa, sb)), None)
        if verb is None:
            if default is None:
                return None
            found = _names(text, sa, sb, *_kind_role(default))
        else:
            found = _joint(text, sa, sb - len(verb[0]), verb[1], verb[2])
        if found is None:
            return None
        out.extend(found)
    return out


def _joint(text: str, a: int, b: int, kind: str, split: bool) -> list[Assignment] | None:
    """``X会同Y`` → X leading, Y supporting; otherwise all names in ``kind``'s role."""
    role, generic = _kind_role(kind)
    for word in _words().joint:
        k = text.find(word, a, b)
        if k > a:
            left = _names(text, a, k, role, split=split)
            right = _names(text, k + len(word), b, Role.SUPPORT)
            return None if left is None or right is None else left + right
    return _names(text, a, b, role, generic, split)


def _names(text: str, a: int, b: int, role: Role, generic: bool = False,
           split: bool = False) -> list[Assignment] | None:
    """Split a list of bodies; None unless every item looks like a body."""
    out: list[Assignment] = []
    for na, nb in _split_names(text, a, b):
        na, nb = _clean_name(text, na, nb)
        if not _is_body(text[na:nb]):
            return None
        marked = _role_marker(text, na, nb)
        if marked is not None:
            nb, kind = marked
            out.append(Assignment(text[na:nb], na, nb, *_kind_role(kind)[:1], split))
            continue
        out.append(Assignment(text[na:nb], na, nb, role, split, generic))
    if split and len(out) < 2:
        out = [replace(x, split=False) for x in out]
    return out or None if a < b else None


def _role_marker(text: str, a: int, b: int) -> tuple[int, str] | None:
    """A name marked with its role (``市卫生健康委(牵头)``): the name's end and the marker's kind."""
    if b - a < 4 or text[b - 1] != ")":
        return None
    k = text.rfind("(", a, b)
    inner = text[k + 1:b - 1] if k > a else ""
    for word, kind, _ in _words().verbs:
        if inner == word:
            return k, kind
    for word, kind in _words().labels:
        if inner == word:
            return k, kind
    return None


def _split_names(text: str, a: int, b: int) -> list[tuple[int, int]]:
    w = _words()
    pieces: list[tuple[int, int]] = []
    for pa, pb in _split_top(text, a, b, w.separators):
        cut = pa
        for k in range(pa + 1, pb - 1):
            if text[k] in w.conjunctions and _is_body(text[cut:k].strip()) and k + 1 < pb:
                pieces.append((cut, k))
                cut = k + 1
        pieces.append((cut, pb))
    return pieces


def _clean_name(text: str, a: int, b: int) -> tuple[int, int]:
    w = _words()
    a, b = _strip(text, a, b)
    for prefix in w.strip_prefixes:
        if text.startswith(prefix, a, b) and b - a > len(prefix) + 1:
            a += len(prefix)
    for word in w.trailing:
        if text.endswith(word, a, b) and b - a > len(word) + 1:
            b -= len(word)
            break
    return _strip(text, a, b)


def _is_body(name: str) -> bool:
    w = _words()
    core = re.sub(r"\([^()]*\)$", "", name).strip()
    if not core or len(name) > w.max_len or any(s in name for s in w.stop_words):
        return False
    if re.search(r"[。,;:!?\s\d]", core):
        return False
    return core.endswith(w.suffixes) or (core.startswith(w.prefixes) and len(core) >= 2)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",、;。:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",、;。:"):
        b -= 1
    return a, b


def _split_top(text: str, a: int, b: int, chars: str) -> list[tuple[int, int]]:
    """Split ``text[a:b]`` on any of ``chars`` outside brackets."""
    out, depth, cut = [], 0, a
    for k in range(a, b):
        ch = text[k]
        if ch in "([【":
            depth += 1
        elif ch in ")]】":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in chars:
            out.append((cut, k))
            cut = k + 1
    out.append((cut, b))
    return out


# --- table cells ----------------------------------------------------------------------------------

def column_kind(header: str) -> Role | None:
    """The role a table column's header names: ``牵头单位`` → LEAD, ``配合单位`` → SUPPORT, else None.

    A responsible header (``责任单位``) also gives LEAD; :func:`cell_assignments` marks its bodies generic.

    >>> column_kind("牵头单位"), column_kind("配合单位（部门）"), column_kind("完成时限")
    (<Role.LEAD: 'lead'>, <Role.SUPPORT: 'support'>, None)
    """
    kind = _header_kind(header)
    return None if kind is None else _kind_role(kind)[0]


def _header_kind(header: str) -> str | None:
    core = re.sub(r"\([^()]*\)|\s", "", unicodedata.normalize("NFKC", header)).strip("【】[]:")
    for word, kind in _words().labels:
        if core == word or (core.startswith(word) and len(core) - len(word) <= 2):
            return kind
    return None


def cell_assignments(text: str, a: int, b: int, header: str) -> list[Assignment]:
    """The bodies in the table cell ``text[a:b]`` under the column headed ``header``.

    A cell written as a clause (``X牵头,Y配合``) is read as one; otherwise each name that looks like a
    body takes the column's role (names separated by 、 , / or spaces; other words are skipped).

    >>> [(x.org, x.role.value) for x in cell_assignments("体改处、财务处等", 0, 8, "配合单位")]
    [('体改处', 'support'), ('财务处', 'support')]
    """
    kind = _header_kind(header)
    if kind is None or a >= b:
        return []
    if _has_verb(text, a, b):
        found = parse_clause(text, a, b)
        if found:
            return list(found)
    role, generic = _kind_role(kind)
    out: list[Assignment] = []
    for pa, pb in _split_top(text, a, b, " \t"):
        for na, nb in _split_names(text, pa, pb):
            na, nb = _clean_name(text, na, nb)
            if na >= nb or not _is_body(text[na:nb]):
                continue
            marked = _role_marker(text, na, nb)
            if marked is not None:
                out.append(Assignment(text[na:marked[0]], na, marked[0], _kind_role(marked[1])[0]))
            else:
                out.append(Assignment(text[na:nb], na, nb, role, False, generic))
    return out


# --- finding clauses in a task --------------------------------------------------------------------

def find_clauses(text: str, start: int = 0, end: int | None = None, first_listed: bool = False) -> list[Clause]:
    """Responsibility clauses in ``text[start:end]``: bracketed assignments and label lines.

    ``first_listed``: the document states that the first body listed leads (see
    :func:`states_first_listed_rule`).

    >>> [c.assignments[0].org for c in find_clauses("加强监管。(体改处牵头,监督处配合)\\n牵头单位:省卫生健康委")]
    ['体改处', '省卫生健康委']
    """
    end = len(text) if end is None else end
    clauses = sorted(_bracketed(text, start, end) + _label_lines(text, start, end), key=lambda c: c.start)
    if first_listed:
        clauses = [replace(c, assignments=resolve_first_listed(c.assignments)) for c in clauses]
    return clauses


_BRACKETING = re.compile(r"[()\n]")
_LABEL_OPENERS = re.compile(r"[【\[。;]")


def _bracketed(text: str, start: int, end: int) -> list[Clause]:
    out: list[Clause] = []
    depth, opened = 0, -1
    for found_at in _BRACKETING.finditer(text, start, end):
        k = found_at.start()
        ch = text[k]
        if ch == "(":
            if depth == 0:
                opened = k
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0 and _has_verb_or_label(text, opened + 1, k):
                found = parse_clause(text, opened + 1, k)
                if found:
                    out.append(Clause(opened, k + 1, found))
        elif ch == "\n":
            depth = 0
    return out


def _has_verb_or_label(text: str, a: int, b: int) -> bool:
    return _words().verb_or_label_any.search(text, a, b) is not None


def _label_lines(text: str, start: int, end: int) -> list[Clause]:
    """Lines opening with a label (``牵头单位:X``); a bare ``责任单位:`` takes the next line's names."""
    w = _words()
    out: list[Clause] = []
    pos = start
    while pos < end:
        word = w.label_any.search(text, pos, end)
        if word is None:  # no label word left, so no line below opens with a label
            break
        pos = text.rfind("\n", pos, word.start()) + 1 or pos  # the line holding the word
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        at = _label_start(text, pos, line_end)
        m = w.label_at.match(text, at, line_end) if at is not None else None
        if m:
            label_end = m.end()
            clause_end = line_end
            if not text[label_end:line_end].strip() and line_end < end:
                nxt = text.find("\n", line_end + 1, end)
                clause_end = end if nxt < 0 else nxt
            for stop in _stops(text, label_end, clause_end):  # 责任单位:X。完成时限:… ends at the 。
                found = _label_block(text, at, stop)
                if found:
                    out.append(Clause(at, stop, found))
                    break
        pos = line_end + 1
    return out


def _stops(text: str, a: int, b: int) -> list[int]:
    """``b``, then each sentence end in ``text[a:b]``, last first."""
    return [b] + [k for k in range(b - 1, a, -1) if text[k] == "。"]


def _label_start(text: str, a: int, b: int) -> int | None:
    """Where a label opens in the line: at its start (``牵头单位:``), after a sentence end
    (``…。责任单位:X``), or at a bracketed ``【牵头单位】``."""
    label_at = _words().label_at
    m = label_at.match(text, a, b)
    if m and m.end() > a and text[m.end() - 1] in ":】]":
        return a
    for opener in _LABEL_OPENERS.finditer(text, a, b):
        j = opener.start()
        if text[j] in "【[":  # a bracketed label at j
            m = label_at.match(text, j, b)
            if m and text[m.end() - 1] in "】]":
                return j
        elif j + 1 < b and text[j + 1] not in "【[":  # a label right after the sentence end at j
            m = label_at.match(text, j + 1, b)
            if m and m.end() > j + 1 and text[m.end() - 1] == ":":
                return j + 1
    return None


def _label_block(text: str, a: int, b: int) -> tuple[Assignment, ...] | None:
    """A label line (with the names possibly on the next line): the label, then ``;``-parts."""
    flat = text[a:b].replace("\n", " ")
    found = parse_clause(flat)
    if not found:
        return None
    return tuple(replace(x, start=x.start + a, end=x.end + a) for x in found)


# --- attaching clauses to tasks -------------------------------------------------------------------

def assign(src: SourceText, tasks: list[Task], spans: list[tuple[int, int]],
           inherited: list[list[tuple[int, int]]] | None = None,
           given: list[list[Clause]] | None = None) -> tuple[list[Task], list[Responsibility]]:
    """Fill each task's lead/support/split/responsibility_text and emit one record per body and role.

    ``inherited[i]`` lists the own text of task i's enclosing headings, nearest first: a task with no
    clause of its own takes the nearest heading's clause (``三、…（省卫生健康委牵头）`` over its items).
    ``given[i]``, when not empty, are task i's clauses already read (the cells of a task-division table row).
    """
    first_listed = states_first_listed_rule(src.text)
    out_tasks: list[Task] = []
    records: list[Responsibility] = []
    for i, (task, (start, end)) in enumerate(zip(tasks, spans)):
        if given and given[i]:
            clauses = given[i]
            if first_listed:
                clauses = [replace(c, assignments=resolve_first_listed(c.assignments)) for c in clauses]
        else:
            clauses = find_clauses(src.text, start, end, first_listed)
        for head in (inherited[i] if inherited else []):
            if clauses:
                break
            clauses = find_clauses(src.text, *head, first_listed=first_listed)
        if not clauses:
            out_tasks.append(task)
            continue
        clauses = [_as_written(src, c) for c in clauses]
        lead, support, split = _roles(clauses)
        quotes = [src.evidence(c.start, c.end).quote for c in clauses]
        title = _title_without(task.title, quotes)
        out_tasks.append(replace(task, title=title, lead=lead, support=support, split=split,
                                 responsibility_text=" ".join(quotes)))
        records.extend(_records(src, task.id, clauses))
    return out_tasks, records


def _as_written(src: SourceText, clause: Clause) -> Clause:
    """The clause with each body named as the original text writes it (``各市（州）卫生健康委``)."""
    return replace(clause, assignments=tuple(replace(x, org=src.evidence(x.start, x.end).quote)
                                             for x in clause.assignments))


def _title_without(title: str, quotes: list[str]) -> str:
    """A heading that carries its clause (``加强基层（省卫健委负责）``) is titled without it."""
    for quote in quotes:
        if quote in title and title.replace(quote, "").strip():
            title = title.replace(quote, "").strip()
    return title


def _roles(clauses: list[Clause]) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    lead: dict[str, None] = {}
    support: dict[str, None] = {}
    split = False
    for clause in clauses:
        for x in clause.assignments:
            (lead if x.role is Role.LEAD else support)[x.org] = None
            split = split or x.split
    return tuple(lead), tuple(s for s in support if s not in lead), split


def _records(src: SourceText, task_id: str, clauses: list[Clause]) -> list[Responsibility]:
    seen: set[tuple[str, Role]] = set()
    out: list[Responsibility] = []
    for clause in clauses:
        for x in clause.assignments:
            if (x.org, x.role) in seen:
                continue
            seen.add((x.org, x.role))
            out.append(Responsibility(task_id, x.org, x.role, x.split, src.evidence(x.start, x.end)))
    return out
