"""Quantified targets from running text and indicator tables.

A target is a goal with a value: ``县域内就诊率达到90%`` (>= 90%), ``孕产妇死亡率不高于10.5/10万`` (<=),
``新建12个县级中医药技术推广基地`` (= 12个), ``每年下降0.5个百分点`` (trend), or a completion state with
an explicit deadline (``2020年在全省铺开``). Achieved figures, eligibility thresholds (60岁以上) and numbers
inside names (两癌, 三个一批) are not targets. Word lists live in ``data/targets.json``.

>>> from loaders.structure import ParsedStructure
>>> src = SourceText.from_text("到2025年，全市居民健康素养水平不低于30%。", doc_id="d")
>>> [(t.indicator, t.value, t.comparator.value, t.year) for t in extract(src, ParsedStructure((), (), ()), DocumentMeta())]
[('居民健康素养水平', '30%', '>=', 2025)]
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import cn2an

from .records import Comparator, DocumentMeta, Target
from .structure import ParsedStructure
from .tables import TableRow, find_tables
from .text import SourceText

_CN_DIGITS = "一二两三四五六七八九十百千"
_BOOK_TITLE = re.compile(r"《[^《》\n]{0,120}》")
_TOP_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分])")
_CLAUSE_END = re.compile(r",(?!\d{3}(?!\d))|:")
_SENTENCE_END = re.compile(r"[。;!?\n]")
_PUNCT = " ,、:;。\n"
_WINDOW = 16  # longest comparator / verb / lead word looked for next to a value, with room for spaces
_DATE = re.compile(r"\d{1,2}月")
_QUOTE_MAX = 160  # a target's quoted clause reaches at most this far either side of its value
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|\(?[一二三四五六七八九十\d]+\)|\d+[.、](?!\d))")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Lexicon:
    raw: dict
    value: re.Pattern[str]
    cn_count: re.Pattern[str]
    ratio: re.Pattern[str]
    year: re.Pattern[str]
    plan_end: re.Pattern[str]
    this_year: re.Pattern[str]
    trend_phrase: re.Pattern[str]
    completion: re.Pattern[str]
    from_to: re.Pattern[str]
    trend_lead: re.Pattern[str]  # a trailing 力争每年降低 / 比上年再提高, cut from indicator names
    trend_span: re.Pattern[str]  # 每年下降 / 比上年再提高 right before a number
    prefixes: tuple[tuple[str, Comparator], ...]
    suffixes: tuple[tuple[str, Comparator], ...]

    def words(self, key: str) -> list[str]:
        return self.raw[key]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = json.loads(resources.files("loaders").joinpath("data/targets.json").read_text(encoding="utf-8"))
    units = _alternation(raw["units"]).replace("/", r"[/\\]")
    number = r"\d+(?:,\d{3})*(?:\.\d+)?"
    value = re.compile(rf"(?<![\d.A-Za-z第])({number}(?:\s*[-~至—]\s*{number})?)\s?({units})")
    cn_count = re.compile(rf"([{_CN_DIGITS}]+)({_alternation(raw['cn_count_units'])})(?![“\"{_CN_DIGITS}])")
    plan = _alternation(raw["plan_period_ends"])
    prefixes = tuple(sorted(((w, Comparator(c)) for c, ws in raw["comparator_prefix"].items() for w in ws),
                            key=lambda p: -len(p[0])))
    suffixes = tuple(sorted(((w, Comparator(c)) for c, ws in raw["comparator_suffix"].items() for w in ws),
                            key=lambda p: -len(p[0])))
    leads = _alternation(raw["trend_leads"])
    directions = _alternation([w for ws in raw["trend_directions"].values() for w in ws])
    trend_lead = re.compile(rf"(?:{_alternation(raw['fluff_prefixes'])})?(?:(?:{leads})再?)?(?:{directions})?$")
    return _Lexicon(
        raw=raw,
        trend_lead=trend_lead,
        trend_span=re.compile(rf"(?:{leads})再?(?:{directions})$"),
        value=value,
        cn_count=cn_count,
        ratio=re.compile(raw["ratio_pattern"]),
        year=re.compile(r"(?<![\d\-—~])(20\d\d)\s*年(底|末|年底|年末)?(前|以前)?"),
        plan_end=re.compile(rf"[“\"]?({plan})[”\"]?(?:{_alternation(raw['plan_end_words'])})"),
        this_year=re.compile(rf"(?<![\d年])(?:{_alternation(raw['this_year_words'])})"),
        trend_phrase=re.compile(_alternation(raw["trend_phrases"])),
        completion=re.compile(_alternation(raw["completion_words"])),
        from_to=re.compile(rf"(?:{_alternation(raw['history_from_to'])})[^,;。]{{0,24}}?\d[^,;。]{{0,30}}?(?:到|至)[^,;。]{{0,10}}?\d"),
        prefixes=prefixes,
        suffixes=suffixes,
    )


def extract(src: SourceText, parsed: ParsedStructure, meta: DocumentMeta) -> list[Target]:
    """Every target in ``src``: indicator-table rows first, then goals stated in running text.

    ``parsed`` gives each target its task (by the clause's position); ``meta.year`` resolves 年底前 and
    tells achieved figures (an earlier year) from goals.
    """
    lex = _lexicon()
    text = src.text
    tables = find_tables(text, lex.raw["table_headers"], lex.raw["natures"], lex.raw["table_cell_max"])
    out = [_table_target(src, row, parsed, lex) for table in tables for row in table.rows]
    skip = [(t.start, t.end) for t in tables] + _history_sections(text, lex)
    books = [m.span() for m in _BOOK_TITLE.finditer(text)]
    book_starts = [a for a, _ in books]
    for start, end in _sentences(text, skip):
        near = books[max(0, bisect_left(book_starts, start) - 1):bisect_left(book_starts, end)]
        out.extend(_SentenceReader(src, start, end, parsed, meta, lex, near).read())
    return out


# ---------------------------------------------------------------- tables

def _table_target(src: SourceText, row: TableRow, parsed: ParsedStructure, lex: _Lexicon) -> Target:
    cell = row.value.text
    comparator, (i, j), number, unit = _read_cell(cell, lex)
    value = src.evidence(row.value.start + i, row.value.start + j).quote if j > i else cell
    if row.unit is not None and unit is None and number is not None:
        unit = row.unit.text
        value = f"{value}{unit}"
    nature = row.nature.text if row.nature is not None and row.nature.text in lex.words("natures") else None
    last = row.nature or row.value
    evidence = src.evidence(row.name.start, last.end)
    text = " | ".join(src.evidence(c.start, c.end).quote for c in (row.name, row.value, row.nature) if c is not None)
    return Target(indicator=row.name.text, value=value, number=number, unit=unit, comparator=comparator,
                  year=row.year, nature=nature, task_id=parsed.task_at(row.name.start), text=text,
                  evidence=evidence, baseline=row.baseline.text if row.baseline else None, source="indicator table",
                  per="每年" if "每年" in cell else None)


def _read_cell(cell: str, lex: _Lexicon) -> tuple[Comparator, tuple[int, int], float | None, str | None]:
    """A table cell such as ``≥80岁``, ``27%左右``, ``力争每年下降0.5个百分点`` → comparator, the value's
    ``[start, end)`` within the cell (comparator words cut off), number and unit."""
    i, j = 0, len(cell)
    for word in lex.words("fluff_prefixes"):
        if cell.startswith(word, i):
            i += len(word)
    comparator = None
    for word, comp in lex.prefixes:
        if cell.startswith(word, i):
            i, comparator = i + len(word), comp
            break
    for word, comp in lex.suffixes:
        if cell[i:j].endswith(word):
            j, comparator = j - len(word), comp
            break
    while i < j and cell[i].isspace():
        i += 1
    while j > i and cell[j - 1].isspace():
        j -= 1
    body = cell[i:j]
    match = lex.value.search(body)
    bare = match or re.search(r"\d+(?:\.\d+)?", body)
    number = _to_float(bare.group(1) if match else bare.group()) if bare else None
    unit = match.group(2).replace("\\", "/") if match else None
    trendy = lex.trend_phrase.search(body) or (match and (match.group(2) in lex.words("trend_units")
                                                         or _direction_before(body, match.start(), lex)))
    if trendy:
        comparator = Comparator.TREND
    elif comparator is None:
        comparator = Comparator.EQ
    return comparator, (i, j), number, unit


# ---------------------------------------------------------------- sentences and sections

def _history_sections(text: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Spans of background sections (一、规划背景 … up to the next top-level heading)."""
    spans, start, pos = [], None, 0
    cues = lex.words("history_sections")
    for line in text.split("\n"):
        if _TOP_HEADING.match(line):
            if start is not None:
                spans.append((start, pos))
                start = None
            if len(line) <= 30 and any(c in line for c in cues):
                start = pos
        pos += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _sentences(text: str, skip: list[tuple[int, int]]):
    """Sentence spans: ended by 。;!? or a line end, except a line ending in , or 、 runs on."""
    skip = sorted(skip)
    start, k, last, seg = 0, 0, "", 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        piece = text[seg:end].rstrip()
        last = piece[-1:] if piece else last
        seg = match.end()
        if match.group() == "\n" and last in (",", "、"):
            continue
        last = ""
        while k < len(skip) and skip[k][1] <= start:
            k += 1
        if end > start and not (k < len(skip) and skip[k][0] <= start < skip[k][1]):
            yield start, end
        start = match.end()
    if start < len(text):
        yield start, len(text)


# ---------------------------------------------------------------- one sentence

@dataclass
class _Value:
    start: int  # within the sentence
    end: int
    value: str
    number: float | None
    unit: str | None
    comparator: Comparator | None
    comp_start: int  # where the comparator word (if any) before the value begins
    comp_end: int  # where a suffix comparator word ends
    rate: bool


class _SentenceReader:
    """Targets of one sentence ``src.text[start:end]``."""

    def __init__(self, src, start, end, parsed, meta, lex, books) -> None:
        self.src, self.base, self.s = src, start, src.text[start:end]
        self.parsed, self.meta, self.lex = parsed, meta, lex
        self.books = [(a - start, b - start) for a, b in books if a < end and b > start]
        self._book_starts = [a for a, _ in self.books]
        self.clauses = self._clauses()
        self._clause_ends = [b for _, b in self.clauses]
        self._names: dict[int, str] = {}
        self._clause_cues: dict[int, tuple[bool, int]] = {}
        self.years: list[tuple[int, int, int, bool]] = []
        self._year_starts: list[int] = []

    def read(self) -> list[Target]:
        s = self.s
        if not any(ch.isdigit() for ch in s) and not any(ch in _CN_DIGITS for ch in s) \
                and not self.lex.trend_phrase.search(s) and not self.lex.completion.search(s):
            return []
        self.years = years = self._years()
        self._year_starts = [a for a, _, _, _ in years]
        if self._is_history(years):
            return []
        values = self._values()
        out = [self._numeric(k, values) for k in range(len(values))]
        out += self._trends(values)
        out += self._completions(values)
        return [t for t in out if t is not None]

    # -- structure

    def _clauses(self) -> list[tuple[int, int]]:
        spans, pos = [], 0
        for m in _CLAUSE_END.finditer(self.s):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(self.s)))
        out = []
        for a, b in spans:
            while a < b and self.s[a].isspace():
                a += 1
            out.append((a, b))
        return out

    def _clause_of(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self._clause_ends, pos)
        return self.clauses[i] if i < len(self.clauses) else (0, len(self.s))

    def _in_book(self, pos: int) -> bool:
        i = bisect_right(self._book_starts, pos) - 1
        return i >= 0 and self.books[i][0] <= pos < self.books[i][1]

    def _target(self, v_span, number, unit, comp, year, start, end, indicator, per=None) -> Target:
        """``v_span`` is the value's span in the sentence; the value is quoted as written in the original."""
        v_text = self.src.evidence(self.base + v_span[0], self.base + v_span[1]).quote.strip()
        ev = self.src.evidence(self.base + start, self.base + end)
        return Target(indicator=indicator, value=v_text, number=number, unit=unit, comparator=comp, year=year,
                      nature=None, task_id=self.parsed.task_at(self.base + start), text=ev.quote, evidence=ev,
                      per=per)

    # -- years and history

    def _years(self) -> list[tuple[int, int, int, bool]]:
        """(start, end, year, is_deadline) for every year expression outside 《》."""
        lex, s, out = self.lex, self.s, []
        reject = tuple(lex.words("year_reject_after"))
        for m in lex.year.finditer(s):
            if self._in_book(m.start()) or (s.startswith(reject, m.end()) and not m.group(2) and not m.group(3)):
                continue
            if _DATE.match(s, m.end()):
                continue
            lead = s[max(0, m.start() - 2):m.start()]
            deadline = bool(m.group(2) or m.group(3) or re.search("到|至|截至|截止|在|于", lead))
            out.append((m.start(), m.end(), int(m.group(1)), deadline))
        for m in lex.plan_end.finditer(s):
            out.append((m.start(), m.end(), lex.raw["plan_period_ends"][m.group(1)], True))
        if self.meta.year:
            for m in lex.this_year.finditer(s):
                out.append((m.start(), m.end(), self.meta.year, True))
        return sorted(out)

    def _is_history(self, years) -> bool:
        lex, s, doc_year = self.lex, self.s, self.meta.year
        if any(cue in s for cue in lex.words("history_cues")):
            return True
        future = doc_year is not None and any(y > doc_year for _, _, y, _ in years)
        if doc_year is not None and any(y < doc_year and dl for _, _, y, dl in years) and not future:
            return True
        if lex.from_to.search(s) and not future:
            return True
        for period, end_year in lex.raw["plan_period_ends"].items():
            if period in s and (doc_year is None or doc_year > end_year) \
                    and any(period + a in s.replace("”", "").replace("“", "") for a in lex.words("history_period_after")):
                return True
        return False

    def _year_for(self, pos: int) -> int | None:
        """The last year stated before ``pos`` in the sentence, else the first one later in its clause."""
        years = self.years
        i = bisect_left(self._year_starts, pos)
        if i > 0:
            return years[i - 1][2]
        a, b = self._clause_of(pos)
        return years[i][2] if i < len(years) and a <= years[i][0] < b else None

    # -- values

    def _values(self) -> list[_Value]:
        lex, s = self.lex, self.s
        found: list[_Value] = []
        taken: list[tuple[int, int]] = []
        for m in lex.ratio.finditer(s):
            if not self._in_book(m.start()):
                num = re.findall(r"\d+(?:\.\d+)?", m.group())
                found.append(self._make(m.start(), m.end(), m.group(), _to_float(num[-1]), None, rate=True))
                taken.append(m.span())
        taken_starts = [a for a, _ in taken]

        def is_taken(pos: int) -> bool:
            i = bisect_right(taken_starts, pos) - 1
            return i >= 0 and taken[i][0] <= pos < taken[i][1]

        non_target = tuple(lex.words("non_target_after"))
        for m in lex.value.finditer(s):
            a, b = m.span()
            if self._in_book(a) or is_taken(a) or s[b:b + 1] in ("年", "月"):
                continue
            if s.startswith(non_target, b) or self._scope_count(b):
                continue
            unit = m.group(2).replace("\\", "/")
            v = self._make(a, b, m.group().strip(), _to_float(m.group(1)), unit,
                           rate=unit in lex.words("rate_units"))
            if unit in lex.words("guarded_units") and v.comp_start == v.start:
                continue
            found.append(v)
        prev_end = None
        for m in lex.cn_count.finditer(s):
            a, b = m.span()
            if self._in_book(a) or is_taken(a) or not self._cn_cue(a, prev_end):
                continue
            number = _cn_number(m.group(1))
            if number is None:
                continue
            found.append(self._make(a, b, m.group(), number, m.group(2), rate=False))
            prev_end = b
        found.sort(key=lambda v: v.start)
        return found

    def _scope_count(self, end: int) -> bool:
        """A count whose noun is a list of indicators or the like (6类30个发展关键指标)."""
        _, b = self._clause_of(end)
        tail = re.split(r"[、和]", self.s[end:min(b, end + 4 * _WINDOW)], maxsplit=1)[0]
        return any(w in tail for w in self.lex.words("non_target_after"))

    def _cn_cue(self, pos: int, prev_end: int | None) -> bool:
        before = self.s[max(0, pos - _WINDOW):pos]
        if prev_end is not None and before[-1:] in ("和", "、", "及", "与") \
                and self._clause_of(prev_end) == self._clause_of(pos):
            return True
        for lead in self.lex.words("cn_count_lead"):
            if before.endswith(lead):
                before = before[: -len(lead)]
                break
        return before.endswith(tuple(self.lex.words("cn_count_verbs"))) or self.s[max(0, pos - 2):pos] == "至少"

    def _make(self, a, b, text, number, unit, rate) -> _Value:
        s, comp, comp_start, comp_end = self.s, None, a, b
        lo = max(0, a - _WINDOW)
        head = s[lo:a].rstrip()
        for word, c in self.lex.prefixes:
            if head.endswith(word):
                comp, comp_start = c, lo + len(head) - len(word)
                break
        for word, c in self.lex.suffixes:
            if s.startswith(word, b):
                comp, comp_end = c, b + len(word)
                break
        return _Value(a, b, text, number, unit, comp, comp_start, comp_end, rate)

    def _numeric(self, k: int, values: list[_Value]) -> Target | None:
        lex, s, v = self.lex, self.s, values[k]
        ca, cb = self._clause_of(v.start)
        prev = values[k - 1] if k > 0 and values[k - 1].start >= ca else None
        comp, span = v.comparator, (v.start, v.end)
        if v.unit in lex.words("trend_units") or (v.rate and _direction_before(s, v.comp_start, lex)):
            comp = Comparator.TREND
            lo = max(ca, v.start - _WINDOW)
            lead = lex.trend_span.search(s[lo:v.start])
            if lead and s.startswith(("每年", "年均", "逐年"), lo + lead.start()):
                span = (lo + lead.start(), v.end)
        elif v.rate and v.number == 100 and comp is not Comparator.LE and v.comp_end == v.end:
            comp = Comparator.EQ
        elif comp is None:
            if prev is not None and s[prev.comp_end:v.start].strip() in ("、", "和", "及"):
                comp = prev.comparator or self._default(prev, ca, cb)
            else:
                comp = self._default(v, ca, cb)
        indicator = self._indicator(k, values)
        if comp is Comparator.TREND:
            indicator = lex.trend_lead.sub("", indicator) or indicator
        per = "每年" if comp is not Comparator.TREND and self._per_year(k, values) else None
        start = max(min(ca, v.comp_start), v.comp_start - _QUOTE_MAX)
        end = min(cb, v.comp_end + _QUOTE_MAX)
        return self._target(span, v.number, v.unit, comp, self._year_for(v.start), start, end, indicator, per)

    def _per_year(self, k: int, values: list[_Value]) -> bool:
        """每年 in the value's clause, or carried from the previous value's yearly clause just before."""
        v = values[k]
        ca, _ = self._clause_of(v.start)
        if -1 < self.s.find("每年", ca, v.start):
            return True
        if k == 0 or bisect_left(self._year_starts, ca) < bisect_left(self._year_starts, v.start):
            return False  # a clause with its own deadline is not a yearly figure
        prev = values[k - 1]
        pa, pb = self._clause_of(prev.start)
        next_clause = bisect_left(self._clause_ends, pb) + 1
        return next_clause < len(self.clauses) and self.clauses[next_clause][0] == ca \
            and -1 < self.s.find("每年", pa, prev.start)

    def _default(self, v: _Value, ca: int, cb: int) -> Comparator:
        if v.rate and v.number == 100:
            return Comparator.EQ
        if ca not in self._clause_cues:  # once per clause: is there a 达到 / 实现…目标, where is the first 至少
            clause = self.s[ca:cb]
            ge = any(all(word in clause for word in cue) for cue in self.lex.words("ge_clause_cues"))
            hits = [i for i in (clause.find(w) for w in self.lex.words("at_least_cues")) if i >= 0]
            self._clause_cues[ca] = (ge, ca + min(hits) if hits else cb)
        ge, at_least = self._clause_cues[ca]
        return Comparator.GE if ge or at_least < v.start else Comparator.EQ

    def _indicator(self, k: int, values: list[_Value]) -> str:
        """Name the indicator of ``values[k]``: the words before it (县域内就诊率达到90%) or, for a count
        written first, the noun after it (新建12个县级…基地); a bare value in a list borrows the first's."""
        memo = self._names
        if k in memo:
            return memo[k]
        s, v = self.s, values[k]
        ca, cb = self._clause_of(v.start)
        in_clause = k > 0 and values[k - 1].start >= ca
        seg_start = values[k - 1].comp_end if in_clause else ca
        before = self._clean(s[seg_start:v.comp_start])
        nxt = values[k + 1].start if k + 1 < len(values) and values[k + 1].start < cb else cb
        after = re.split(r"[、,]", s[v.comp_end:nxt], maxsplit=1)[0]
        after = self._clean(after.lstrip("的"))
        for tail in self.lex.words("indicator_drop_after"):
            if after.endswith(tail):
                after = after[: -len(tail)].rstrip("的")
                break
        if before and (not after or v.rate):
            name = before
        elif after:
            verb = next((w for w in self.lex.words("cn_count_verbs") if before.endswith(w)), "")
            name = f"{verb}{after}"
        elif in_clause:
            name = self._indicator(k - 1, values)
        else:
            name = before or s[ca:cb].strip(_PUNCT)
        memo[k] = name
        return name

    def _clean(self, text: str) -> str:
        lex = self.lex
        lead = r"(?:到|至|截至|截止|截止到|在|于)?"
        text = re.sub(lead + lex.year.pattern, "", text)
        text = re.sub(lead + lex.plan_end.pattern, "", text)
        text = lex.this_year.sub("", text)
        text = _ORDINAL.sub("", text.strip(_PUNCT))
        heads = tuple(sorted(lex.words("indicator_trim_head") + lex.words("fluff_prefixes"), key=len, reverse=True))
        tails = tuple(sorted(lex.words("indicator_trim_tail"), key=len, reverse=True))
        changed = True
        while changed and text:
            changed = False
            stripped = text.strip(_PUNCT)
            for h in heads:
                if stripped.startswith(h):
                    stripped, changed = stripped[len(h):], True
                    break
            for t in tails:
                if stripped.endswith(t):
                    stripped, changed = stripped[: -len(t)], True
                    break
            changed = changed or stripped != text
            text = stripped
        return text

    # -- trends without a number

    def _trends(self, values: list[_Value]) -> list[Target]:
        out = []
        starts = [v.start for v in values]
        last_end = 0
        for m in self.lex.trend_phrase.finditer(self.s):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and values[i].start <= m.start() < values[i].end:
                continue
            ca, cb = self._clause_of(m.start())
            lo = max(ca, last_end, values[i].comp_end if i >= 0 else 0, m.start() - 8 * _WINDOW)
            last_end = m.end()
            subject = self._clean(self.s[lo:m.start()])
            if not subject:
                continue
            parts = [p for p in re.split(r"[、和及]", subject) if p]
            if len(parts) < 2 or not all(p.endswith(("率", "数", "水平", "比例", "寿命", "比")) for p in parts):
                parts = [subject]
            for part in parts:
                out.append(self._target(m.span(), None, None, Comparator.TREND, None, ca, cb, part))
        return out

    # -- completion states with a deadline

    def _completions(self, values: list[_Value]) -> list[Target]:
        """Completion states (2020年在全省铺开, 年底前全部出台…) in clauses without a number, after a deadline."""
        lex, s, out = self.lex, self.s, []
        if not self.years:
            return out
        starts = [v.start for v in values]
        for ca, cb in self.clauses:
            if bisect_left(starts, ca) < bisect_left(starts, cb):
                continue
            year = self._year_for(cb)
            if year is None:
                continue
            clause = s[ca:cb]
            m = lex.completion.search(clause)
            if not m or any(w in clause for w in lex.words("completion_vague")):
                continue
            value = clause[m.start():].rstrip(_PUNCT)
            indicator = self._clean(clause[: m.start()]) or value
            if len(value) < 2:
                continue
            span = (ca + m.start(), ca + m.start() + len(value))
            out.append(self._target(span, None, None, Comparator.EQ, year, ca, cb, indicator))
        return out


# ---------------------------------------------------------------- numbers

def _direction_before(text: str, pos: int, lex: _Lexicon) -> bool:
    """True when a direction verb (提高/下降 …) sits right before ``pos`` (提高2个百分点, not 提高到)."""
    head = text[:pos].rstrip()
    return any(head.endswith(w) for ws in lex.raw["trend_directions"].values() for w in ws)


def _to_float(text: str) -> float | None:
    match = re.match(r"\d+(?:,\d{3})*(?:\.\d+)?", text)
    return float(match.group().replace(",", "")) if match else None


def _cn_number(text: str) -> float | None:
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
