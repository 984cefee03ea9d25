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
from functools import lru_cache

from .gazetteer import gazetteer
from .metadata import rules as _rules
from .records import Level, Mention
from .text import SourceText


def _is_named(name: str, rules: dict) -> bool:
    """A specific body: opens with a place or a level word, or carries a distinguishing pattern."""
    return (name.startswith(tuple(rules["named_prefixes"])) or gazetteer().region_at(name, 0) is not None
            or re.search(rules["named_pattern"], name) is not None)


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    suffixes = sorted(_rules()["organisations"]["suffixes"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")+")


def _organisations(text: str) -> list[tuple[int, int]]:
    """Spans of named organisations: a run of suffix words (…医院, …大学附属第一医院) and the name before it."""
    rules = _rules()["organisations"]
    stops, verbs = set(rules["stop_chars"]), rules["left_verbs"]
    spans: list[tuple[int, int]] = []
    for match in _suffix_pattern().finditer(text):
        pos, end = match.span()
        start = pos
        while start > 0 and text[start - 1] not in stops and pos - start < 20:
            start -= 1
        name = text[start:end]
        cut = max((name.rfind(v) + len(v) for v in verbs if 0 <= name.rfind(v) < pos - start), default=0)
        start += cut
        name = text[start:end]
        if (len(name) >= rules["min_len"] and name not in rules["excluded"] and start < pos
                and not name.startswith(tuple(rules["generic_prefixes"])) and _is_named(name, rules)):
            spans.append((start, end))
    return spans


def extract(src: SourceText) -> tuple[list[Mention], list[Mention]]:
    """``(regions, organisations)`` named in ``src``, one Mention per occurrence, in text order."""
    text = src.text
    orgs = _organisations(text)
    inside = [range(a, b) for a, b in orgs]
    regions = [Mention(text[a:b], src.evidence(a, b)) for a, b, region in gazetteer().find_all(text)
               if region.level is not Level.NATIONAL and text[max(a - 2, 0):a] != "健康"
               and not any(a in r for r in inside)]
    organisations = [Mention(text[a:b], src.evidence(a, b)) for a, b in orgs]
    return regions, organisations
