"""The administrative level (and, where it shows, the region) of a policy, from its 文号 or its title.

>>> from_doc_number("国办发〔2019〕13号").level
<Level.NATIONAL: 'national'>
>>> guess = from_doc_number("阜卫发〔2022〕35号", within="210000")
>>> guess.level, guess.region.name
(<Level.CITY: 'city'>, '阜新市')
>>> from_doc_number("威环卫〔2019〕98号").region.name
'环翠区'
>>> from_title("《辽宁省计划生育条例》").level
<Level.PROVINCE: 'province'>
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .gazetteer import Gazetteer, Region, gazetteer
from .records import Level

DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?)\s*[〔\[(【［（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\])】］）]\s*(?P<no>\d{1,5})\s*号")
"""A 文号: issuer prefix, bracketed year (〔2019〕, [2019], (2019)), serial number and 号."""


@dataclass(frozen=True, slots=True)
class LevelGuess:
    """An inferred level, the region when it could be told, and the cue it came from."""

    level: Level
    region: Region | None
    cue: str


@lru_cache(maxsize=1)
def rules() -> dict:
    """The cue lists of ``data/levels.json``."""
    return json.loads(resources.files("loaders").joinpath("data/levels.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, tuple[str, ...]]:
    """One-character place abbreviation → region codes: province 简称 from data, cities and counties
    from the first character of their short names."""
    g = gazetteer()
    out: dict[str, list[str]] = {}
    for code, chars in rules()["province_abbreviations"].items():
        for char in chars:
            out.setdefault(char, []).append(code)
    for province in g.children("100000"):
        for city in g.children(province.code):
            for region in [city, *g.children(city.code)]:
                out.setdefault(g.short_name(region.code)[0], []).append(region.code)
    return {k: tuple(v) for k, v in out.items()}


def _organ_follows(rest: str) -> bool:
    return rest == "" or rest.startswith(tuple(rules()["organ_markers"]))


def _pick(g: Gazetteer, codes: list[str], within: str | None) -> Region | None:
    if within is not None:
        inside = [c for c in codes if g.is_within(c, within) or g.is_within(within, c)]
        codes = inside or codes
    return g.get(codes[0]) if len(codes) == 1 else None


def from_doc_number(number: str, within: str | None = None) -> LevelGuess | None:
    """Level (and region) of the issuer from a 文号 such as ``辽卫发〔2019〕12号``.

    ``within`` is a region code the document is known to belong to (its own province or city); it
    decides between places sharing an abbreviation (阜 is 阜新 in 辽宁 and 阜阳 in 安徽).
    """
    match = DOC_NUMBER.search(number)
    prefix = match.group("prefix") if match else number.strip()
    if not prefix:
        return None
    data = rules()
    if prefix.startswith(tuple(data["national_prefixes"])):
        return LevelGuess(Level.NATIONAL, gazetteer().get("100000"), prefix)
    g, abbr = gazetteer(), _abbreviations()
    codes = list(abbr.get(prefix[0], ()))
    provinces = [c for c in codes if g.get(c).level is Level.PROVINCE]
    rest = prefix[1:]
    if provinces and _organ_follows(rest):
        return LevelGuess(Level.PROVINCE, _pick(g, provinces, within), prefix)
    # a city (阜卫发), or a city then one of its counties (威环卫); one- or two-character city part
    for head_len in (1, 2):
        head, rest = prefix[:head_len], prefix[head_len:]
        found = abbr.get(head, ()) if head_len == 1 else tuple(r.code for r in g.candidates(head))
        cities = [c for c in found if g.get(c).level is Level.CITY]
        if not cities:
            continue
        if _organ_follows(rest):
            return LevelGuess(Level.CITY, _pick(g, cities, within), prefix)
        counties = [c for c in abbr.get(rest[:1], ()) if g.get(c).parent_code in cities]
        if counties and _organ_follows(rest[1:]):
            return LevelGuess(Level.COUNTY, _pick(g, counties, within), prefix)
    counties = [c for c in codes if g.get(c).level is Level.COUNTY]
    if counties and within is not None and _organ_follows(prefix[1:]):
        inside = [c for c in counties if g.is_within(c, within)]
        if len(inside) == 1:
            return LevelGuess(Level.COUNTY, g.get(inside[0]), prefix)
    return None


def _bare(title: str) -> str:
    title = title.strip().strip("《》")
    return re.sub(r"^关于(印发|转发|下发)?", "", title).lstrip("“\"")


def leading_region(text: str, within: str | None = None) -> tuple[int, Region] | None:
    """The region named at the start of ``text`` as ``(end, region)``, following a chain of nested
    names to the deepest (``威海市环翠区…`` → 环翠区); None when the text does not open with a place."""
    g = gazetteer()
    hit = g.region_at(text, 0)
    if hit is None:
        return None
    end, region = hit
    region = g.lookup(text[:end], within) or region
    while (nxt := g.region_at(text, end)) is not None:
        child = g.lookup(text[end:nxt[0]], region.code)
        if child is None or child.code == region.code or not g.is_within(child.code, region.code):
            break
        end, region = nxt[0], child
    return end, region


def from_title(title: str, within: str | None = None) -> LevelGuess | None:
    """Level of a policy from its title: a leading region name, national words, a 健康+place
    campaign, or a law-like ending (…法, …条例) with no region named. None when the title says nothing.
    """
    g, data = gazetteer(), rules()
    bare = _bare(title)
    lead = leading_region(bare, within)
    if lead is not None:
        return LevelGuess(lead[1].level, lead[1], bare[:lead[0]])
    for word in data["national_title_words"]:
        if word in bare:
            return LevelGuess(Level.NATIONAL, g.get("100000"), word)
    for m in re.finditer("健康", bare):
        hit = g.region_at(bare, m.end())
        if hit is not None:
            return LevelGuess(hit[1].level, hit[1], bare[m.start():hit[0]])
    stem = re.sub(r"[(（][^)）]*[)）]$", "", bare.rstrip("》”\""))
    for ending in data["national_law_endings"]:
        if stem.endswith(ending):
            return LevelGuess(Level.NATIONAL, g.get("100000"), ending)
    return None


def issuer_cue_levels(text: str) -> set[Level]:
    """Every level a short issuer phrase before a title names: ``国家`` → {national},
    ``区委、区政府`` → {county}, ``省、市`` → {province, city}; empty when it names none."""
    g, cues = gazetteer(), rules()["issuer_cues"]
    named = {r.level for _, _, r in g.find_all(text)}
    if named:
        return named
    rest = text
    for word in sorted(cues["national"], key=len, reverse=True):
        rest = rest.replace(word, "")
    found = {Level.NATIONAL} if rest != text else set()
    for level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        if any(word in rest for word in cues[level.value]):
            found.add(level)
    return found


def from_issuer_cue(text: str) -> Level | None:
    """The one level a short issuer phrase names (see :func:`issuer_cue_levels`), else None."""
    found = issuer_cue_levels(text)
    return found.pop() if len(found) == 1 else None
