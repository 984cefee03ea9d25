"""Programme mentions, resolved through the SKOS-style taxonomy in ``data/programmes.json``.

Every alias of every concept is matched in the normalised text (longest match wins, so 紧密型县域医共体
is one mention of 县域医共体, not also of 医共体). The open family 健康X行动 is matched by pattern:
健康 followed by a place the gazetteer resolves — 健康辽宁, 健康阜新, and 健康中国 for the national one.

>>> from .structure import ParsedStructure
>>> src = SourceText.from_text("推进紧密型县域医共体建设，全面实施健康湖南行动。", doc_id="d")
>>> [(m.programme, m.alias) for m in extract(src, ParsedStructure((), (), ()))]
[('县域医共体', '紧密型县域医共体'), ('健康湖南', '健康湖南行动')]
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from .gazetteer import Region, gazetteer
from .records import Level, ProgrammeMention
from .structure import ParsedStructure
from .text import SourceText


@dataclass(frozen=True, slots=True)
class Concept:
    """One programme of the taxonomy (SKOS: prefLabel, altLabel, broader, related)."""

    id: str
    pref_label: str
    alt_labels: tuple[str, ...]
    broader: str | None
    related: tuple[str, ...]
    core: bool
    family: str | None
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The concepts by id, the alias index, and the pattern families."""

    concepts: dict[str, Concept]
    families: tuple[dict, ...]
    automaton: ahocorasick.Automaton
    generic_not_before: tuple[str, ...] = ()
    organisation_suffixes: tuple[str, ...] = ()  # after a name form: a body's name (国家中医药局), no mention

    def by_label(self, label: str) -> Concept | None:
        """The concept whose prefLabel or altLabel is ``label``."""
        return next((c for c in self.concepts.values() if label == c.pref_label or label in c.alt_labels), None)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The programme taxonomy, loaded once from ``data/programmes.json``."""
    raw = json.loads(resources.files("loaders").joinpath("data/programmes.json").read_text(encoding="utf-8"))
    concepts = {
        c["id"]: Concept(c["id"], c["prefLabel"], tuple(c.get("altLabels", ())), c.get("broader"),
                         tuple(c.get("related", ())), bool(c.get("core")), c.get("family"), bool(c.get("generic")))
        for c in raw["concepts"]
    }
    automaton = ahocorasick.Automaton()
    for concept in concepts.values():
        for label in (concept.pref_label, *concept.alt_labels):
            automaton.add_word(label, (label, concept.id))
    automaton.make_automaton()
    return Taxonomy(concepts, tuple(raw.get("families", ())), automaton, tuple(raw.get("generic_not_before", ())),
                    tuple(raw.get("organisation_suffixes", ())))


def extract(src: SourceText, parsed: ParsedStructure) -> list[ProgrammeMention]:
    """One :class:`ProgrammeMention` per programme occurrence in ``src``, in text order."""
    tax, text = taxonomy(), src.text
    found: list[tuple[int, int, str]] = []  # (start, end, canonical name)
    for end, (label, concept_id) in tax.automaton.iter_long(text):
        concept = tax.concepts[concept_id]
        if concept.generic and label == concept.pref_label and text.startswith(tax.generic_not_before, end + 1):
            continue  # a service category listed or qualifying a noun (…等职责, …经费), not the programme
        if text.startswith(tax.organisation_suffixes, end + 1):
            continue  # part of a body's name: 国家中医药局, 中医药大学
        found.append((end + 1 - len(label), end + 1, concept.pref_label))
    for family in tax.families:
        found.extend(_family_matches(text, family, tax))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[ProgrammeMention] = []
    last_end = -1
    for start, end, name in found:
        if start < last_end:  # overlapped by a longer, earlier match
            continue
        last_end = end
        out.append(ProgrammeMention(name, text[start:end], parsed.task_at(start), src.evidence(start, end)))
    return out


def _family_matches(text: str, family: dict, tax: Taxonomy) -> list[tuple[int, int, str]]:
    """健康+place campaigns: canonical 健康<short place name>, or the national concept for 健康中国.

    The place is a name the gazetteer finds in running text, or a district or county's short form
    (健康思明, 健康海淀) when the text is about that place: it names the district or county itself,
    or its city and calls the campaign 行动/建设.
    """
    g, prefix, out = gazetteer(), family["prefix"], []
    pos = text.find(prefix)
    named: set[str] | None = None
    while pos >= 0:
        hit = g.region_at(text, pos + len(prefix))
        if hit is None:
            if named is None:
                named = {r.code for _, _, r in g.find_all(text)}
            hit = _county_at(text, pos + len(prefix), family, named)
        if hit is not None:
            end, region = hit
            for suffix in family["suffixes"]:
                if text.startswith(suffix, end):
                    end += len(suffix)
                    break
            if region.level is Level.NATIONAL:
                name = tax.concepts[family["national"]].pref_label
            else:
                name = prefix + g.short_name(region.code)
            out.append((pos, end, name))
        pos = text.find(prefix, pos + 1)
    return out


@lru_cache(maxsize=1)
def _county_heads() -> frozenset[str]:
    """The first two characters of every county-level region's short name."""
    g = gazetteer()
    return frozenset(g.short_name(r.code)[:2] for r in g.regions() if r.level is Level.COUNTY)


def _county_at(text: str, pos: int, family: dict, named: set[str]) -> tuple[int, Region] | None:
    """A county-level short name at ``text[pos]`` (海淀 for 海淀区) of a place the text is about:
    the county itself is named in the text, or its parent is and a family suffix follows."""
    g = gazetteer()
    if text[pos:pos + 2] not in _county_heads():  # every short name read here has 2+ characters
        return None
    for end in range(min(len(text), pos + family["county_max_len"]), pos + 1, -1):
        counties = [r for r in g.candidates(text[pos:end])
                    if r.level is Level.COUNTY and g.short_name(r.code) == text[pos:end]]
        for region in counties:
            if region.code in named or (region.parent_code in named
                                        and text.startswith(tuple(family["suffixes"]), end)):
                return end, region
    return None
