"""The catalogue of key national health policies, and how local documents' citations resolve to it.

The facts (title, issuer, 文号, date, headline targets) come from ``data/national_policies.json``, each
with its sources; a ``None`` means "not verified", never "does not exist". :func:`match` resolves a
citation by 文号 first, then by normalised title; :func:`infer_level` guesses the level, region and
issuer of any cited document (catalogued or not) from its title and 文号.

>>> match("《健康中国行动（2019-2030年）》", None).id
'healthy-china-action-2019-2030'
>>> match(None, "国发〔2019〕13号").id
'state-council-opinion-healthy-china-action'
>>> match("关于印发健康中国行动组织实施和考核方案的通知", None).id
'healthy-china-action-implementation-assessment-plan'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from loaders.records import Level

from ._data import load_json
from .units import parse_value

if TYPE_CHECKING:
    from loaders.gazetteer import Region


@dataclass(frozen=True, slots=True)
class PolicyTarget:
    """A headline target a source states word for word. ``value`` is as written; number/unit parsed from it."""

    indicator: str
    value: str
    number: float | None
    unit: str | None
    comparator: str  # >= <= > < = ~ trend
    year: int | None
    source_quote: str
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    """One catalogued national policy. ``title`` is without 《》; ``doc_number``/``date`` are None when unverified."""

    id: str
    title: str
    short_titles: tuple[str, ...]
    variants: tuple[str, ...]
    issuer: str
    doc_number: str | None
    date: str | None
    kind: str | None
    level: Level
    programmes: tuple[str, ...]
    targets: tuple[PolicyTarget, ...]
    sources: tuple[str, ...]
    evidence: str | None = None
    verified: bool = False
    verified_note: str | None = None
    number_candidates: tuple[str, ...] = ()  # commonly quoted 文号 no source confirmed: matching only


class LevelGuess(NamedTuple):
    """What a citation's title and 文号 say about the cited document (each part None when unknown)."""

    level: Level | None
    region_hint: Region | None  # the gazetteer's region (中国, code 100000, for national documents)
    issuer_hint: str | None


# -- normalisation -----------------------------------------------------------------------------

_QUOTES = str.maketrans("", "", "《》〈〉“”\"'‘’「」『』 \t\r\n　、·")
_DASHES = re.compile(r"[—–‐‑‒―－~～]+|-{2,}")
_YEAR_RANGE = re.compile(r"\(?(\d{4})年?(?:-|至|到)(\d{4})年?\)?")
_NOTICE = re.compile(r"^(?P<issuer>.*?)(?:关于)?(?:印发|转发|下发|发布)(?P<title>.+?)的(?:通知|函)$")


def normalise_title(title: str) -> str:
    """The form titles are compared in: NFKC, no quotes or spaces, one dash, ``(2019—2030年)`` → ``2019-2030年``.

    >>> normalise_title("《健康中国行动（2019—2030年）》")
    '健康中国行动2019-2030年'
    """
    t = title
    for _ in range(4):  # removing a character can let NFKC compose its neighbours: repeat to a fixed point
        previous = t
        t = unicodedata.normalize("NFKC", t).translate(_QUOTES)
        t = _YEAR_RANGE.sub(r"\1-\2年", _DASHES.sub("-", t))
        if t == previous:
            break
    return t


def normalise_number(doc_number: str) -> str:
    """The form 文号 are compared in: NFKC, no spaces, year in 〔〕 (``国发(2019)13号`` → ``国发〔2019〕13号``)."""
    n = doc_number
    for _ in range(4):
        previous = n
        n = re.sub(r"\s+", "", unicodedata.normalize("NFKC", n))
        n = re.sub(r"[\[【(〈［](\d{4})[\]】)〉］]", r"〔\1〕", n)
        if n == previous:
            break
    return n


def unwrap_notice(title: str) -> tuple[str, str | None]:
    """Strip a covering-notice wrapper: ``X关于印发Y的通知`` → ``(Y, X)``; other titles come back unchanged."""
    m = _NOTICE.match(title)
    if m and m.group("title"):
        return m.group("title"), (m.group("issuer") or None)
    return title, None


@cache
def _title_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """National issuer prefixes (normalised, longest first) and generic titles (normalised), from the data file."""
    data = load_json("national_policies.json")
    prefixes = sorted((normalise_title(p) for p in data["national_issuer_prefixes"]), key=len, reverse=True)
    return tuple(prefixes), frozenset(normalise_title(g) for g in data["generic_titles"])


def _keys(title: str) -> set[str]:
    """Normalised lookup keys for a title: as is, unwrapped, and without a leading national issuer."""
    prefixes, generic = _title_words()
    base = normalise_title(title)
    unwrapped, _ = unwrap_notice(base)
    out = {base, unwrapped}
    for key in (base, unwrapped):
        for prefix in prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                out.add(key[len(prefix):])
                break
    return {k for k in out if k and k not in generic}


# -- the catalogue -----------------------------------------------------------------------------

def _target(row: dict) -> PolicyTarget:
    number, unit = parse_value(row["value"])
    return PolicyTarget(
        indicator=row["indicator"], value=row["value"], number=number, unit=unit,
        comparator=row["comparator"], year=row.get("year"), source_quote=row["source_quote"],
        sources=(row["quote_source"],), note=row.get("note"))


def _candidate_numbers(row: dict) -> tuple[str, ...]:
    raw = (row.get("unverified_candidates") or {}).get("doc_number")
    return (normalise_number(raw.split(" (")[0]),) if raw else ()


def _policy(row: dict) -> Policy:
    return Policy(
        id=row["id"], title=row["title"].strip("《》"), short_titles=tuple(row.get("short_titles", ())),
        variants=tuple(v["form"] for v in row.get("variants", ())), issuer=row["issuer"],
        doc_number=row.get("doc_number"), date=row.get("date"), kind=row.get("kind"),
        level=Level(row.get("level", "national")), programmes=tuple(row.get("programmes", ())),
        targets=tuple(_target(t) for t in row.get("targets", ())), sources=tuple(row.get("sources", ())),
        evidence=row.get("evidence"), verified=bool(row.get("verified")), verified_note=row.get("verified_note"),
        number_candidates=_candidate_numbers(row))


@cache
def load_catalogue() -> tuple[Policy, ...]:
    """Every catalogued national policy, in file order."""
    return tuple(_policy(row) for row in load_json("national_policies.json")["policies"])


@cache
def _index() -> tuple[dict[str, Policy], dict[str, Policy]]:
    by_number: dict[str, Policy] = {}
    by_title: dict[str, Policy] = {}
    ambiguous: set[str] = set()
    for policy in load_catalogue():
        for number in (policy.doc_number, *policy.number_candidates):
            if number:
                by_number[normalise_number(number)] = policy
        for title in (policy.title, *policy.short_titles, *policy.variants):
            for key in _keys(title):
                if by_title.get(key, policy) is not policy:
                    ambiguous.add(key)
                by_title[key] = policy
    for key in ambiguous:  # a key two policies share identifies neither
        del by_title[key]
    return by_number, by_title


def match(title: str | None, doc_number: str | None) -> Policy | None:
    """The catalogued policy a citation refers to, or None.

    The 文号 decides when it is catalogued; otherwise the whole normalised title must equal a catalogued
    title, short title or corpus variant (no substring matching: 健康中国行动 never matches
    国务院关于实施健康中国行动的意见). Titles naming a local region never match a national policy.
    """
    by_number, by_title = _index()
    if doc_number:
        found = by_number.get(normalise_number(doc_number))
        if found is not None:
            return found
    if title:
        for key in sorted(_keys(title), key=len, reverse=True):
            if key in by_title:
                return by_title[key]
    return None


# -- level, region and issuer of any cited document -------------------------------------------

_ISSUER = re.compile(r"^(?P<issuer>.+?)关于")


def infer_level(title: str | None, doc_number: str | None, *, within: str | None = None) -> LevelGuess:
    """Guess a cited document's level, region and issuer from its title and 文号.

    A catalogued policy is national, issued by its recorded issuer. Otherwise the loaders' level
    rules decide (:mod:`loaders.levels`): the 文号 first (国发 → national, 辽政办发 → 辽宁省, 阜卫发 →
    阜新市), then the title's leading region or national words. ``within`` is a region code the
    citing document belongs to; it settles abbreviations shared by several places. The issuer hint
    is the part of the title before 关于 (or before 印发 in a covering notice).

    >>> infer_level("国务院关于实施健康中国行动的意见", "国发〔2019〕13号").issuer_hint
    '国务院'
    >>> guess = infer_level("辽宁省“十四五”卫生与健康发展规划", None)
    >>> guess.level, guess.region_hint.name
    (<Level.PROVINCE: 'province'>, '辽宁省')
    """
    from loaders import levels  # the loaders' gazetteer is built on first use, not at import

    issuer = None
    if title:
        body, issuer = unwrap_notice(normalise_title(title))
        if issuer is None and (m := _ISSUER.match(body)):
            issuer = m.group("issuer")
    policy = match(title, doc_number)
    if policy is not None:
        return LevelGuess(Level.NATIONAL, levels.gazetteer().get("100000"), policy.issuer)
    guess = levels.from_doc_number(doc_number, within) if doc_number else None
    by_title = levels.from_title(title, within) if title else None
    if guess is None:
        guess = by_title
    elif guess.region is None and by_title is not None and by_title.level is guess.level:
        guess = by_title  # 阜卫发 says "a city"; the title names it (阜新市…)
    if guess is None:
        return LevelGuess(None, None, issuer)
    return LevelGuess(guess.level, guess.region, issuer)
