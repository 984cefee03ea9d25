"""Units of target values: parse ``"18/10万"`` into a number and a unit, and convert to a dimension's base.

>>> parse_value("18/10万")
(18.0, '/10万')
>>> to_base(1.0, "%") == to_base(10.0, "‰")
True
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ._data import load_json

_LEADING_NUMBER = re.compile(r"([-+]?\d+(?:\.\d+)?)(.*)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value converted to its dimension's base unit (proportions as fractions, durations in days, …)."""

    dimension: str
    value: float


@cache
def _table() -> dict[str, tuple[str, float]]:
    table: dict[str, tuple[str, float]] = {}
    for row in load_json("units.json")["units"]:
        for form in (row["unit"], *row["aliases"]):
            table[unicodedata.normalize("NFKC", form)] = (row["dimension"], float(row["factor"]))
    return table


def tolerance(approx: bool) -> float:
    """Relative tolerance for comparing two base values: loose for ``~`` targets, tight otherwise."""
    data = load_json("units.json")
    return float(data["approx_tolerance"] if approx else data["exact_tolerance"])


def canonical_unit(unit: str | None) -> str | None:
    """Normalise a unit as written (``"例/10万活产"`` → ``"/10万"``); ``None`` stays ``None``."""
    if unit is None:
        return None
    data = load_json("units.json")
    u = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit))
    if "/" in u:
        head, _, tail = u.partition("/")
        if head in data["count_prefixes"]:
            head = ""
        for suffix in data["denominator_suffixes"]:
            if tail.endswith(suffix) and len(tail) > len(suffix):
                tail = tail[: -len(suffix)]
                break
        u = f"{head}/{tail}"
    return u


def to_base(number: float | None, unit: str | None) -> Quantity | None:
    """Convert ``number`` in ``unit`` to its dimension's base unit, or ``None`` if the unit is unknown.

    A missing unit (``None``) is unknown, not dimensionless: callers report such pairs as incomparable.
    """
    if number is None or unit is None or math.isnan(number):
        return None
    entry = _table().get(canonical_unit(unit) or "")
    if entry is None:
        return None
    dimension, factor = entry
    return Quantity(dimension, number * factor)


def parse_value(text: str) -> tuple[float | None, str | None]:
    """Split a value as written (``"79岁"``, ``"7.5‰"``, ``"0.55张"``) into number and unit.

    Text with no number, or more than one (``"在2020年基础上继续提高1岁左右"``), gives ``(None, None)``.
    """
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    m = _LEADING_NUMBER.match(t)
    if m is None:
        return None, None
    unit = m.group(2)
    for word in ("及以上", "及以下", "以上", "以下", "左右"):
        unit = unit.removesuffix(word)
    if re.search(r"\d", unit.partition("/")[0]):
        return None, None
    return float(m.group(1)), canonical_unit(unit)
