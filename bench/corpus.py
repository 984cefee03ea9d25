"""A synthetic corpus at scale: the sample documents' sections recombined under real region names from the
gazetteer, as text files that go through the whole pipeline (extraction, bulk load).

Documents are built by recombining the top-level sections (一、…, 二、…) of the sample documents: each gets a
region (province, city or county), an issuing body, a title, a document number and four to eight sections whose
region names are rewritten to its own. Document ``i`` of seed ``s`` is always the same text and can be made on
its own, so a corpus can be written to disk or streamed:

    .venv/bin/python bench/corpus.py OUT_DIR --size 1000 [--seed 7]
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from loaders.gazetteer import ROOT_CODE, Region, gazetteer
from loaders.records import Level

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@lru_cache
def _regions_by_depth() -> tuple[tuple[Region, ...], ...]:
    g = gazetteer()
    provinces = tuple(g.children(ROOT_CODE))
    below = [c for p in provinces for c in g.children(p.code)]
    below += [c for city in below for c in g.children(city.code)]
    by_level = lambda level: tuple(r for r in below if r.level == level)  # noqa: E731
    return provinces, by_level(Level.CITY), by_level(Level.COUNTY)


SIZES = (1_000, 10_000, 100_000)

_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、", re.MULTILINE)
_NUMERALS = "一二三四五六七八九十"
# Title shapes of local health plans; {r} region, {y} year, {scope} 全省/全市/全县.
_TITLES = (
    "{y}年{scope}卫生健康工作要点",
    "{r}“十四五”卫生健康事业发展规划",
    "{r}卫生健康事业高质量发展三年行动计划（{y}—{y2}年）",
    "{r}{y}年深化医药卫生体制改革重点工作任务",
    "{y}年{scope}卫生健康工作任务分解和责任分工方案",
)
_SCOPE = {Level.PROVINCE: "全省", Level.CITY: "全市", Level.COUNTY: "全县"}
_BODY = {Level.PROVINCE: "卫生健康委员会", Level.CITY: "卫生健康委员会", Level.COUNTY: "卫生健康局"}


def _numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (up to 19, enough for section numbers)."""
    return _NUMERALS[n - 1] if n <= 10 else "十" + _NUMERALS[n - 11]


@dataclass(frozen=True, slots=True)
class SampleSection:
    """One top-level section of a sample: its heading's title (numbering removed) and its body."""

    title: str
    body: str
    names: tuple[str, ...]  # the sample's own region names (full and short), longest first


def split_sections(text: str, names: tuple[str, ...] = ()) -> list[SampleSection]:
    """The top-level sections of a document's text (``一、…`` up to the next one).

    >>> [s.title for s in split_sections("前言\\n一、目标\\n甲\\n二、任务\\n乙")]
    ['目标', '任务']
    """
    starts = [m.start() for m in _TOP_HEADING.finditer(text)]
    out = []
    for a, b in zip(starts, [*starts[1:], len(text)]):
        heading, _, body = text[a:b].strip().partition("\n")
        title = _TOP_HEADING.sub("", heading, count=1).strip()
        if title and body.strip():
            out.append(SampleSection(title, body.strip(), names))
    return out


class TextCorpus:
    """Deterministic synthetic document texts from a pool of sample sections and the gazetteer's regions.

    >>> c = TextCorpus.from_samples()
    >>> c.document(3) == c.document(3) and c.document(3) != c.document(4)
    True
    """

    def __init__(self, sections: list[SampleSection], seed: int = 7) -> None:
        if not sections:
            raise ValueError("no top-level sections (一、…) found in the samples")
        self.sections = sections
        self.seed = seed

    @classmethod
    def from_samples(cls, folder: Path = SAMPLES, seed: int = 7) -> TextCorpus:
        """Sections of every ``*.txt`` in ``folder``, each tagged with the region names its sample uses."""
        g = gazetteer()
        sections: list[SampleSection] = []
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            found = {r.code for _, _, r in g.find_all(text[:2000]) if r.level != Level.NATIONAL}
            names = sorted({n for code in found for n in (g.get(code).name, g.short_name(code))},
                           key=len, reverse=True)
            sections += split_sections(text, tuple(names))
        return cls(sections, seed)

    @cached_property
    def regions(self) -> list[Region]:
        """Every province, city and county of the gazetteer, in code order."""
        return sorted((r for level in _regions_by_depth() for r in level), key=lambda r: r.code)

    def document(self, i: int) -> str:
        """The text of document ``i`` (same seed and samples, same text)."""
        rng = random.Random(self.seed * 1_000_003 + i)
        g = gazetteer()
        region = rng.choice(self.regions)
        short = g.short_name(region.code)
        year = rng.randrange(2016, 2026)
        title = rng.choice(_TITLES).format(r=region.name, y=year, y2=year + 2,
                                           scope=_SCOPE.get(region.level, "全市"))
        issuer = region.name + _BODY.get(region.level, "卫生健康委员会")
        picked = rng.sample(self.sections, k=min(len(self.sections), rng.randint(4, 8)))
        lines = [issuer, f"关于印发《{title}》的通知", f"{short[:2]}卫发〔{year}〕{i % 997 + 1}号", "",
                 "各有关单位：", f"现将《{title}》印发给你们，请结合实际认真贯彻执行。", "",
                 issuer, f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "", title, ""]
        for n, s in enumerate(picked, start=1):
            body = s.body
            for name in s.names:
                full = len(name) > 2 and name.endswith(("省", "市", "区", "县"))
                body = body.replace(name, region.name if full else short)
            lines += [f"{_numeral(n)}、{s.title}", body, ""]
        return "\n".join(lines)

    def documents(self, n: int, start: int = 0) -> Iterator[tuple[str, str]]:
        """``(file name, text)`` of documents ``start`` … ``start + n - 1``."""
        for i in range(start, start + n):
            yield f"doc_{i:06d}.txt", self.document(i)

    def write(self, folder: Path, n: int) -> tuple[int, int]:
        """Write ``n`` documents into ``folder`` (keeping files already there); returns (files, bytes)."""
        folder.mkdir(parents=True, exist_ok=True)
        total = 0
        for name, text in self.documents(n):
            path = folder / name
            if not path.exists():
                path.write_text(text, encoding="utf-8")
            total += path.stat().st_size
        return n, total


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Write a synthetic corpus of text documents.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    files, size = TextCorpus.from_samples(seed=args.seed).write(args.out, args.size)
    print(f"{files} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
