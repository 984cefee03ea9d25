"""Catalogued national policies named in running text without 《》 (按照健康中国行动（2019—2030年）…).

The extractor emits a citation only for a title in 《》 (the annotation convention), so a policy named
bare is no Reference. The catalogue still knows it: :func:`find_named` finds the catalogue's titles,
short titles and corpus variants in a text, tolerating the usual spelling differences (full- or
half-width brackets, any dash, quotes or none), and skips anything inside 《…》 (those are the
extractor's). The graph records each find as a ``mentions`` citation quoting the words found.

Only forms of at least ``MIN_FORM`` characters that are not generic titles (规划纲要, 实施方案 …) are
looked for, so a bare 纲要 or 意见 never counts.

>>> [(n.policy.id, n.text) for n in find_named("按照健康中国行动（2019—2030年）和我省卫生发展要求")]
[('healthy-china-action-2019-2030', '健康中国行动（2019—2030年）')]
>>> find_named("落实《健康中国行动（2019—2030年）》")
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from ._data import load_json
from .catalogue import Policy, load_catalogue, normalise_title

#: The shortest form (in normalised characters) looked for in running text.
MIN_FORM = 6

_OPEN, _CLOSE = "([（〔", ")]）〕"
_DASH = "—–‐‑‒―－~～-"
_QUOTE = "“”\"'‘’「」『』"
_MARKS = re.compile("[《》]")


@dataclass(frozen=True, slots=True)
class NamedPolicy:
    """A catalogued policy named in a text at ``[start, end)``; ``text`` is the words as written."""

    policy: Policy
    start: int
    end: int
    text: str


def _pattern(form: str) -> str:
    """A regex for ``form`` as written anywhere: any bracket width, any dash, quotes optional."""
    out = []
    for ch in form.strip("《》"):
        if ch in _OPEN:
            out.append(f"[{re.escape(_OPEN)}]")
        elif ch in _CLOSE:
            out.append(f"[{re.escape(_CLOSE)}]")
        elif ch in _DASH:
            out.append(f"[{re.escape(_DASH)}]{{1,2}}")
        elif ch in _QUOTE:
            out.append(f"[{re.escape(_QUOTE)}]?")
        elif ch.isspace():
            out.append(r"\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _anchor(form: str) -> str:
    """The longest run of ``form`` that :func:`_pattern` matches literally: every match contains it."""
    runs, run = [], []
    for ch in form.strip("《》"):
        if ch in _OPEN or ch in _CLOSE or ch in _DASH or ch in _QUOTE or ch.isspace():
            runs.append("".join(run))
            run = []
        else:
            run.append(ch)
    runs.append("".join(run))
    return max(runs, key=len)


@dataclass(frozen=True, slots=True)
class _Forms:
    """Every searchable form as (pattern, policy, anchor), longest first, and an automaton of the anchors."""

    forms: tuple[tuple[re.Pattern[str], Policy, str], ...]
    anchors: ahocorasick.Automaton

    def present(self, text: str) -> set[str]:
        """The anchors that occur in ``text`` (one pass): only their forms can match."""
        if self.anchors.kind != ahocorasick.AHOCORASICK:
            return set()
        return {anchor for _, anchor in self.anchors.iter(text)}


@cache
def _forms() -> _Forms:
    """The searchable forms, longest first, with their anchors."""
    generic = {normalise_title(g) for g in load_json("national_policies.json")["generic_titles"]}
    pairs: dict[str, Policy] = {}
    for policy in load_catalogue():
        for form in (policy.title, *policy.short_titles, *policy.variants):
            key = normalise_title(form)
            if len(key) >= MIN_FORM and key not in generic:
                pairs.setdefault(form.strip("《》"), policy)
    ordered = sorted(pairs.items(), key=lambda p: -len(normalise_title(p[0])))
    forms = tuple((re.compile(_pattern(form)), policy, _anchor(form)) for form, policy in ordered)
    automaton = ahocorasick.Automaton()
    for _, _, anchor in forms:
        if anchor:
            automaton.add_word(anchor, anchor)
    automaton.make_automaton()
    return _Forms(forms, automaton)


def _bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 (titles the extractor already cites)."""
    spans, stack = [], []
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "《":
            stack.append(i)
        elif stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


def find_named(text: str) -> list[NamedPolicy]:
    """Catalogued policies named outside 《》 in ``text``, in reading order, longest form first where forms
    overlap."""
    taken = _bracketed(text)
    found: list[NamedPolicy] = []
    forms = _forms()
    present = forms.present(text)
    for pattern, policy, anchor in forms.forms:
        if anchor and anchor not in present:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(NamedPolicy(policy, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda n: n.start)
