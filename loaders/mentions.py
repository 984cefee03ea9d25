"""Regions and named organisations mentioned in the text (best effort, as written).

Organisations are found by the suffix words of ``data/metadata.json`` (医院, 大学, 协会, …委员会),
extended to the left up to a stop character or verb; generic bodies (各级医院, 县级医院) and the party
and government leadership (省委, 省政府) are left out. Regions are the gazetteer's matches that do not
fall inside an organisation name (孙家疃 in 孙家疃社区卫生服务中心 is not a region mention).

>>> src = SourceText.from_text("以威海卫人民医院为牵头单位，支持阜新市中心医院建设，辐射彰武县。", doc_id="d")
>>> regions, orgs = extract(src)
>>> [m.name for m in orgs], [m.name for m in regions]
(['威海卫人民医院', '阜新市中心医院'], ['彰武县'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import gazetteer
from .metadata import rules as _rules
from .records import Level, Mention
from .text import SourceText


@dataclass(frozen=True, slots=True)
class _OrgRules:
    """The ``organisations`` rules of ``data/metadata.json``, in the shapes the scan uses."""

    last_stop: re.Pattern[str]  # everything up to the last stop character: a name never reaches past one
    any_verb: re.Pattern[str]  # any left verb
    verbs_by_first: dict[str, tuple[str, ...]]  # the left verbs by their first character
    min_len: int
    excluded: frozenset[str]
    generic_prefixes: tuple[str, ...]
    named_prefixes: tuple[str, ...]
    named_pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _org_rules() -> _OrgRules:
    rules = _rules()["organisations"]
    verbs = tuple(rules["left_verbs"])
    return _OrgRules(
        last_stop=re.compile("(?s).*[" + re.escape(rules["stop_chars"]) + "]" if rules["stop_chars"] else "(?!)"),
        any_verb=re.compile("|".join(map(re.escape, sorted(set(verbs), key=len, reverse=True)))),
        verbs_by_first={c: tuple(v for v in verbs if v[0] == c) for c in {v[0] for v in verbs if v}},
        min_len=rules["min_len"], excluded=frozenset(rules["excluded"]),
        generic_prefixes=tuple(rules["generic_prefixes"]), named_prefixes=tuple(rules["named_prefixes"]),
        named_pattern=re.compile(rules["named_pattern"]),
    )


def _is_named(name: str, rules: _OrgRules) -> bool:
    """A specific body: opens with a place or a level word, or carries a distinguishing pattern."""
    return (name.startswith(rules.named_prefixes) or gazetteer().region_at(name, 0) is not None
            or rules.named_pattern.search(name) is not None)


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    suffixes = sorted(_rules()["organisations"]["suffixes"], key=len, reverse=True)
    one = "(?:" + "|".join(map(re.escape, suffixes)) + ")"
    # ``one one*`` matches exactly as ``one+``, but opens with the alternation, whose first characters the
    # regex engine then scans for directly instead of trying every position
    return re.compile(one + one + "*")


def _organisations(text: str) -> list[tuple[int, int]]:
    """Spans of named organisations: a run of suffix words (…医院, …大学附属第一医院) and the name before it."""
    rules = _org_rules()
    spans: list[tuple[int, int]] = []
    for match in _suffix_pattern().finditer(text):
        pos, end = match.span()
        lo = max(0, pos - 20)  # the name reaches back at most 20 characters, and never past a stop character
        stop = rules.last_stop.match(text, lo, pos)
        start = stop.end() if stop else lo
        if rules.any_verb.search(text, start, end):  # the name starts after the last verb before the suffix
            name = text[start:end]
            verbs = {v for c in set(name) for v in rules.verbs_by_first.get(c, ())}  # only these can occur
            start += max((name.rfind(v) + len(v) for v in verbs if 0 <= name.rfind(v) < pos - start), default=0)
        if start >= pos or end - start < rules.min_len:
            continue
        name = text[start:end]
        if (name not in rules.excluded and not name.startswith(rules.generic_prefixes)
                and _is_named(name, rules)):
            spans.append((start, end))
    return spans


def extract(src: SourceText) -> tuple[list[Mention], list[Mention]]:
    """``(regions, organisations)`` named in ``src``, one Mention per occurrence, in text order."""
    text = src.text
    orgs = _organisations(text)
    inside = {k for a, b in orgs for k in range(a, b)}
    regions = [Mention(text[a:b], src.evidence(a, b)) for a, b, region in gazetteer().find_all(text)
               if region.level is not Level.NATIONAL and text[max(a - 2, 0):a] != "健康"
               and a not in inside]
    organisations = [Mention(text[a:b], src.evidence(a, b)) for a, b in orgs]
    return regions, organisations
