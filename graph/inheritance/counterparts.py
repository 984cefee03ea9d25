"""Counterpart bodies: classify a health-authority body by the work it does, at any level.

A province's 基层处, a city's 基层卫生科 and a county's 医政股 carry the same kinds of work as the
national 基层卫生健康司 or 医政司; :func:`classify` names that work (``primary-care``,
``medical-administration``, …) from ``data/functions.json``: first the bodies and abbreviations a
source lists, then keyword rules.

>>> classify("基层处"), classify("阜新市卫生健康委员会基层卫生科"), classify("医政股")
('primary-care', 'primary-care', 'medical-administration')
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ._data import load_json


@dataclass(frozen=True, slots=True)
class Classification:
    """A body's function and why: ``via`` is ``reference`` (a listed name) or ``keyword``; ``matched`` the
    name or keyword that decided; ``sources`` the sources of a listed name."""

    name: str
    function: str
    via: str
    matched: str
    sources: tuple[str, ...] = ()


def _clean(name: str) -> str:
    return re.sub(r"[\s　]+", "", unicodedata.normalize("NFKC", name))


@cache
def _reference() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Listed department names and abbreviations → (function, sources)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for body in load_json("functions.json")["bodies"]:
        for dep in body["departments"]:
            if dep["name"]:
                out.setdefault(_clean(dep["name"]), (dep["function"], tuple(dep["sources"])))
            for abbr in dep["abbreviations"]:
                out.setdefault(_clean(abbr["form"]), (dep["function"], (abbr["source"],)))
    return out


@cache
def _rules() -> tuple[tuple[str, str], ...]:
    """(keyword, function) pairs, longer keywords first."""
    pairs = [(k, r["function"]) for r in load_json("functions.json")["rules"] for k in r["keywords"]]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _by_keyword(name: str) -> tuple[str, str] | None:
    best: tuple[int, int, str, str] | None = None
    for keyword, function in _rules():
        pos = name.find(keyword)
        if pos >= 0 and (best is None or (pos, -len(keyword)) < best[:2]):
            best = (pos, -len(keyword), keyword, function)
    return (best[3], best[2]) if best else None


def _own_part(name: str) -> str:
    """The body's own name after its parent body's (辽宁省卫生健康委员会基层处 → 基层处), or the name."""
    markers = load_json("functions.json")["parent_markers"]
    cut = max((name.rfind(m) + len(m) for m in markers if m in name), default=0)
    return name[cut:] or name


def explain(name: str) -> Classification | None:
    """Classify ``name`` with the evidence for it; None when no listed name or keyword fits."""
    full = _clean(name)
    if not full:
        return None
    for candidate in dict.fromkeys((_own_part(full), full)):
        listed = _reference().get(candidate)
        if listed:
            return Classification(name, listed[0], "reference", candidate, listed[1])
        found = _by_keyword(candidate)
        if found:
            return Classification(name, found[0], "keyword", found[1])
    return None


def classify(name: str) -> str | None:
    """The function class of a body name (``"primary-care"``, ``"tcm"``, …), or None when unknown."""
    found = explain(name)
    return found.function if found else None


def functions() -> tuple[str, ...]:
    """Every function class, in the data file's order."""
    return tuple(load_json("functions.json")["functions"])
