"""The region gazetteer: China's administrative divisions (GB/T 2260) as a tree of :class:`Region`.

Built from the adcode table shipped by the ``cpca`` package (12-digit codes, cut to the 6-digit
GB/T 2260 code), plus ``data/region_aliases.json`` for abbreviations the table lacks. Every region
also answers to its standard short form (辽宁省 → 辽宁, 鞍山市 → 鞍山, 岫岩满族自治县 → 岫岩 and 岫岩县).

>>> g = gazetteer()
>>> g.lookup("辽宁").name
'辽宁省'
>>> [r.name for r in g.ancestors(g.lookup("环翠区").code)]
['威海市', '山东省', '中国']
>>> g.lookup("阜蒙县").name
'阜新蒙古族自治县'
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

from ontology.errors import NotFound, PolicyGraphError

from .records import Level

ROOT_CODE = "100000"
_FOUND_KEPT = 4  # find_all answers kept (oldest dropped first): one document's stages share one scan
_RANK = {Level.NATIONAL: 0, Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3}
_GAP, _NEVER = "\x00", "\x01"  # scanned text: any character no name holds becomes _GAP; _NEVER never occurs


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division: 6-digit GB/T 2260 code, full name, level and parent code."""

    code: str
    name: str
    level: Level
    parent_code: str | None


class Gazetteer:
    """Name and code index over the region tree. Build it with :func:`gazetteer` (cached)."""

    def __init__(self, regions: dict[str, Region], names: dict[str, tuple[str, ...]],
                 text_names: frozenset[str]) -> None:
        self._regions = regions
        self._names = names  # written form → candidate codes, best first
        self._children: dict[str, list[str]] = {}
        for region in regions.values():
            if region.parent_code:
                self._children.setdefault(region.parent_code, []).append(region.code)
        self._text_names = text_names
        self._text_heads = frozenset(name[:2] for name in text_names)  # region_at reads names of 2+ characters
        self._automaton, self._scan_table = _scanner(text_names)
        self._lookups: dict[tuple[str, str | None], Region | None] = {}  # the tree never changes: answers keep
        self._short_names: dict[str, str] = {}
        self._found: dict[tuple[str, str | None], tuple[tuple[int, int, Region], ...]] = {}

    # -- by code -------------------------------------------------------------------------------
    def get(self, code: str) -> Region:
        """The region with this 6-digit code; raises :class:`NotFound` when there is none."""
        try:
            return self._regions[code]
        except KeyError:
            raise NotFound("region", code) from None

    def ancestors(self, code: str) -> list[Region]:
        """The chain of parents of ``code``, nearest first, ending with 中国 (code 100000)."""
        out: list[Region] = []
        parent = self.get(code).parent_code
        while parent is not None:
            region = self._regions[parent]
            out.append(region)
            parent = region.parent_code
        return out

    def children(self, code: str) -> list[Region]:
        """The regions directly under ``code``, by code."""
        self.get(code)
        return [self._regions[c] for c in sorted(self._children.get(code, ()))]

    def is_within(self, code: str, ancestor: str) -> bool:
        """True when ``ancestor`` is ``code`` itself or one of its ancestors."""
        return code == ancestor or any(r.code == ancestor for r in self.ancestors(code))

    # -- by name -------------------------------------------------------------------------------
    def candidates(self, name: str) -> tuple[Region, ...]:
        """Every region a written name may denote, best first (higher level, then lower code)."""
        return tuple(self._regions[c] for c in self._names.get(name, ()))

    def lookup(self, name: str, within: str | None = None) -> Region | None:
        """The region a written name denotes, or None when unknown or ambiguous.

        ``within`` (an ancestor's code) picks among same-named regions: ``lookup("海州区", "210900")``
        is 阜新's 海州区, not 连云港's. Without it a name that is one region's full or short form
        resolves when a single candidate has the highest level (阜新 → 阜新市, not 阜新蒙古族自治县).
        """
        if name not in self._names or (within is not None and within not in self._regions):
            return self._lookup(name, within)  # only known names and codes are remembered: the memo stays bounded
        key = (name, within)
        try:
            return self._lookups[key]
        except KeyError:
            found = self._lookups[key] = self._lookup(name, within)
            return found

    def _lookup(self, name: str, within: str | None) -> Region | None:
        found = self.candidates(name)
        if within is not None:
            found = tuple(r for r in found if self.is_within(r.code, within)) or found
        if len(found) == 1:
            return found[0]
        if len(found) > 1 and _RANK[found[0].level] < _RANK[found[1].level]:
            return found[0]
        return None

    def find_all(self, text: str, within: str | None = None) -> list[tuple[int, int, Region]]:
        """Region names in ``text`` as ``(start, end, region)``, longest match first, left to right.

        Names that stay ambiguous are resolved with ``within`` or, failing that, with the regions
        named unambiguously elsewhere in the same text; those still ambiguous are left out.
        """
        key = (text, within)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find_all(text, within)
            while len(self._found) > _FOUND_KEPT:
                del self._found[next(iter(self._found))]
        return list(found)

    def _find_all(self, text: str, within: str | None) -> tuple[tuple[int, int, Region], ...]:
        """:meth:`find_all` itself; the last few answers are kept in ``self._found``, because the
        mentions and programme stages both scan the same document."""
        scanned = text.translate(self._scan_table)
        hits = [(end + 1 - len(name), end + 1, name) for end, name in self._automaton.iter_long(scanned)]
        context = {r.code for _, _, n in hits if (r := self.lookup(n, within)) is not None}
        out: list[tuple[int, int, Region]] = []
        for start, end, name in hits:
            region = self.lookup(name, within)
            if region is None:
                near = [r for r in self.candidates(name)
                        if any(a.code in context for a in self.ancestors(r.code)[:-1])]
                region = near[0] if len(near) == 1 else None
            if region is not None:
                out.append((start, end, region))
        return tuple(out)

    def region_at(self, text: str, pos: int = 0, max_len: int = 12) -> tuple[int, Region] | None:
        """The longest region name starting at ``text[pos]`` that :meth:`find_all` would report.

        Returns ``(end, region)`` or None: ``region_at("健康辽宁建设", 2)`` gives ``(4, 辽宁省)``.
        """
        if text[pos:pos + 2] not in self._text_heads:
            return None
        for end in range(min(len(text), pos + max_len), pos + 1, -1):
            name = text[pos:end]
            if name in self._text_names and (region := self.lookup(name)) is not None:
                return end, region
        return None

    def short_name(self, code: str) -> str:
        """The standard short form of a region's name (辽宁省 → 辽宁); the name itself if it has none."""
        short = self._short_names.get(code)
        if short is None:
            name = self.get(code).name
            forms = _short_forms(name, _aliases_data())
            short = self._short_names[code] = forms[0] if forms else name
        return short

    def regions(self) -> list[Region]:
        """Every region, by code."""
        return [self._regions[c] for c in sorted(self._regions)]

    def __len__(self) -> int:
        return len(self._regions)


def _scanner(names: frozenset[str]) -> tuple[ahocorasick.Automaton, tuple[int, ...]]:
    """The automaton :meth:`Gazetteer.find_all` scans with, and the table its text is translated by first.

    pyahocorasick looks a character up among a state's transitions one by one, and the start state has one
    per first character of a name (hundreds), so a character that starts no name costs a full pass. The scan
    finds exactly what a plain automaton of ``names`` finds with ``iter_long``, only faster:

    - the table turns every character no name holds into ``_GAP``, which can neither match nor continue a
      match, just like the character it replaces;
    - ``_GAP`` and every name character that starts no name lead from the start state to a dead end (a state
      whose only transition is on ``_NEVER``, which the translated text never holds), so the scan falls back
      to the start state at the next character exactly as the plain automaton does, without reporting;
    - the start state's transitions are added commonest character first (by how often each appears in the
      packaged word lists, a stand-in for policy text), so the usual lookup ends early.
    """
    alphabet = {c for name in names for c in name}
    if _GAP in alphabet or _NEVER in alphabet:  # never for real names; then scan plainly
        plain = ahocorasick.Automaton()
        for name in names:
            plain.add_word(name, name)
        plain.make_automaton()
        return plain, tuple(range(0x10000))
    firsts: dict[str, list[str]] = {}
    for name in sorted(names):
        firsts.setdefault(name[0], []).append(name)
    common = _character_counts()
    automaton = ahocorasick.Automaton()
    automaton.add_word(_GAP + _NEVER, None)
    for c in sorted(alphabet, key=lambda c: (-common[c], c)):
        for name in firsts.get(c, ()):
            automaton.add_word(name, name)
        if c not in firsts:
            automaton.add_word(c + _NEVER, None)
    automaton.make_automaton()
    table = tuple(i if chr(i) in alphabet else ord(_GAP) for i in range(0x10000))
    return automaton, table


def _character_counts() -> Counter[str]:
    """How often each character appears in the packaged word lists (``loaders/data``)."""
    counts: Counter[str] = Counter()
    for entry in sorted(resources.files("loaders").joinpath("data").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            counts.update(entry.read_text(encoding="utf-8"))
    return counts


@lru_cache(maxsize=1)
def _aliases_data() -> dict:
    return json.loads(resources.files("loaders").joinpath("data/region_aliases.json").read_text(encoding="utf-8"))


def _cpca_resource(name: str) -> str:
    """A data file shipped by ``cpca``, read without importing cpca itself (which pulls in pandas)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise PolicyGraphError("the cpca package (GB/T 2260 region data) is missing; run: pip install cpca==0.5.5")
    return (Path(spec.submodule_search_locations[0]) / "resources" / name).read_text(encoding="utf-8-sig")


def _adcode_rows() -> list[tuple[str, str]]:
    table = _cpca_resource("adcodes.csv")
    return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(table.splitlines())]


@lru_cache(maxsize=1)
def _autonomy_pattern() -> re.Pattern[str]:
    """``(peoples)自治(州|县|旗)$`` from cpca's list of the 56 peoples (族 may be omitted on the last)."""
    data = _aliases_data()
    table = _cpca_resource("56_nations.csv")
    peoples = sorted({line.strip().removesuffix("族") for line in table.splitlines() if line.strip()},
                     key=len, reverse=True)
    alt = "|".join(map(re.escape, peoples))
    kinds = "|".join(map(re.escape, data["autonomy_kinds"]))
    return re.compile(f"(?:(?:{alt})族)*(?:{alt})族?自治(?P<kind>{kinds})$")


def _short_forms(name: str, data: dict) -> list[str]:
    """Standard short forms of a full name: suffix stripped, and 'X县/州/旗' for autonomous ones.

    >>> _short_forms("岫岩满族自治县", _aliases_data())
    ['岫岩', '岫岩县']
    """
    match = _autonomy_pattern().search(name)
    if match:
        base = name[:match.start()]
        return [base, base + match.group("kind")] if len(base) >= data["min_short_len"] else []
    for suffix in data["suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= data["min_short_len"]:
            return [name[: -len(suffix)]]
    return []


def _build_regions(rows: list[tuple[str, str]], data: dict) -> dict[str, Region]:
    placeholders = set(data["placeholders"])
    real = {code: name for code, name in rows if name not in placeholders}
    regions = {ROOT_CODE: Region(ROOT_CODE, data["root"]["name"], Level.NATIONAL, None)}
    for code, name in sorted(real.items()):
        province, city = code[:2] + "0000", code[:4] + "00"
        if code == province:
            regions[code] = Region(code, name, Level.PROVINCE, ROOT_CODE)
        elif code == city:
            regions[code] = Region(code, name, Level.CITY, province)
        else:  # a county-level unit; under its city, or straight under the province (直辖 / 省直辖)
            regions[code] = Region(code, name, Level.COUNTY, city if city in real else province)
    return regions


def _build_names(regions: dict[str, Region], data: dict) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    names: dict[str, set[str]] = {}
    in_text: set[str] = set()
    stop = set(data["not_in_text"])

    def add(name: str, code: str, text: bool) -> None:
        names.setdefault(name, set()).add(code)
        if text and name not in stop:
            in_text.add(name)

    for region in regions.values():
        # two-character county names (和县, 高县) hide inside ordinary words (提高县级…)
        add(region.name, region.code, region.level is not Level.COUNTY or len(region.name) > 2)
        for short in _short_forms(region.name, data):
            # county short forms (环翠, 彰武) are too often ordinary words to look for in running text
            add(short, region.code, region.level is not Level.COUNTY or short.endswith(("县", "州", "旗")))
    for short in data["root"]["short"]:
        add(short, ROOT_CODE, False)
    for alias in data["aliases"]:
        if alias["code"] in regions:
            add(alias["alias"], alias["code"], True)

    def rank(code: str) -> tuple[int, str]:
        return _RANK[regions[code].level], code

    return {name: tuple(sorted(codes, key=rank)) for name, codes in names.items()}, frozenset(in_text)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded once from the packaged data."""
    data = _aliases_data()
    regions = _build_regions(_adcode_rows(), data)
    names, in_text = _build_names(regions, data)
    return Gazetteer(regions, names, in_text)


# Module-level conveniences over the cached gazetteer.
def lookup(name: str, within: str | None = None) -> Region | None:
    """See :meth:`Gazetteer.lookup`."""
    return gazetteer().lookup(name, within)


def get(code: str) -> Region:
    """See :meth:`Gazetteer.get`."""
    return gazetteer().get(code)


def ancestors(code: str) -> list[Region]:
    """See :meth:`Gazetteer.ancestors`."""
    return gazetteer().ancestors(code)


def children(code: str) -> list[Region]:
    """See :meth:`Gazetteer.children`."""
    return gazetteer().children(code)


def find_all(text: str, within: str | None = None) -> list[tuple[int, int, Region]]:
    """See :meth:`Gazetteer.find_all`."""
    return gazetteer().find_all(text, within)
