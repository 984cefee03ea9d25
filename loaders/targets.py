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
from .target_names import _ORDINAL_AT, _PUNCT, IndicatorNaming
from .text import SourceText

_CN_DIGITS = "一二两三四五六七八九十百千"
_HAS_NUMBER = re.compile(rf"[\d{_CN_DIGITS}]")
_DEADLINE_LEAD = r"(?:到|至|截至|截止|截止到|在|于)?"
_BOOK_TITLE = re.compile(r"《[^《》\n]{0,120}》")
_TOP_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分])")
_CLAUSE_END = re.compile(r",(?!\d{3}(?!\d))|(?<!\d):|:(?!\d)|\t|;")  # 1:1.25 is a value, a tab ends a cell
# 。!? and line ends close a sentence, and so does a half-width '.' after CJK text or a closing mark (not 3.5 nor the
# list number 1.): a sentence runs on across its ;-separated clauses, so a deadline at its head covers all of them.
# 。!? or a line end; a ``.`` after CJK text (not before a digit) or at a line's end. Written to open with one
# character class (the checks on a ``.`` look back), so the regex engine scans for those characters directly.
_SENTENCE_END = re.compile(r"[。!?\n.](?:(?<=[。!?\n])|(?<=[\u3400-\u9fff)\]”\"》%‰]\.)(?!\d)|(?<=\.)(?=[ \t]*(?:\n|$)))")
_MONTH_DEADLINE = re.compile(r"\d{1,2}月(?:份)?(?:底|末|中旬|下旬|上旬)?(?:前|以前|之前)|\d{1,2}月(?:份)?(?:底|末)")
_WINDOW = 16  # longest comparator / verb / lead word looked for next to a value, with room for spaces
_DATE = re.compile(r"\d{1,2}月")
_QUOTE_MAX = 160  # a target's quoted clause reaches at most this far either side of its value


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
    trend_phrase: re.Pattern[str]  # 保持下降态势, 上升趋势得到遏制: a direction without a number
    completion: re.Pattern[str]
    from_to: re.Pattern[str]
    trend_lead: re.Pattern[str]  # a trailing 力争每年降低 / 比上年再提高, cut from indicator names
    trend_span: re.Pattern[str]  # 每年下降 / 比上年再提高 right before a number
    baseline: re.Pattern[str]  # 比2020年 / 较2022年 / 2020年基础上: a change's baseline year
    percent_words: re.Pattern[str]  # 百分之八十五
    proportion: re.Pattern[str]  # 1:1.25
    per_denominator: re.Pattern[str]  # 每3万—10万(居民): the denominator of a norm, never a value
    per_capita: re.Pattern[str]  # 每千人口, shared by coordinated names
    history_cue: re.Pattern[str]
    name_noise: re.Pattern[str]  # deadlines and baselines inside a name (到2025年, 比2020年, 年底前)
    trim_pattern: re.Pattern[str]  # 以乡镇为单位
    trim_head: re.Pattern[str]  # one scope word / verb at the start of a name (全市, 力争)
    trim_tail: re.Pattern[str]  # one verb / particle at the end (达到, 均)
    prefixes: tuple[tuple[str, Comparator], ...]
    suffixes: tuple[tuple[str, Comparator], ...]
    prefix_words: tuple[str, ...]  # the words of ``prefixes`` / ``suffixes`` alone, to test for any at once
    suffix_words: tuple[str, ...]

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
    baseline_before = _alternation(raw["baseline_before"])
    baseline = rf"(?:(?:{baseline_before})20\d\d\s*年(?:底|末)?(?:相比)?|20\d\d\s*年(?:底|末)?(?:{_alternation(raw['baseline_after'])}))"
    year = re.compile(r"(?<![\d\-—~])(20\d\d)\s*年(底|末|年底|年末)?(前|以前)?")
    plan_end = re.compile(rf"[“\"]?({plan})[”\"]?(?:{_alternation(raw['plan_end_words'])})")
    this_year = re.compile(rf"(?<![\d年])(?:{_alternation(raw['this_year_words'])})")
    leads = rf"{_alternation(raw['trend_leads'])}|(?:{baseline_before})20\d\d\s*年(?:底|末)?(?:相比)?"
    directions = _alternation([w for ws in raw["trend_directions"].values() for w in ws])
    trend_lead = re.compile(rf"(?:{_alternation(raw['fluff_prefixes'])})?(?:(?:{leads})再?)?(?:{directions})?$")
    return _Lexicon(
        raw=raw,
        trend_lead=trend_lead,
        trend_span=re.compile(rf"(?:{leads})再?(?:{directions})$"),
        baseline=re.compile(baseline),
        percent_words=re.compile(raw["percent_words_pattern"]),
        proportion=re.compile(raw["proportion_pattern"]),
        per_denominator=re.compile(raw["per_denominator_pattern"]),
        per_capita=re.compile(raw["per_capita_prefix"]),
        history_cue=re.compile(_alternation(raw["history_cues"])),
        name_noise=re.compile("|".join((baseline, _DEADLINE_LEAD + year.pattern + f"(?:{_MONTH_DEADLINE.pattern})?", _DEADLINE_LEAD + plan_end.pattern,
                                        this_year.pattern))),
        trim_pattern=re.compile(raw["indicator_trim_head_pattern"]),
        trim_head=re.compile(f"^(?:{_alternation(raw['indicator_trim_head'] + raw['fluff_prefixes'])})"),
        trim_tail=re.compile(f"(?:{_alternation(raw['indicator_trim_tail'])})$"),
        value=value,
        cn_count=cn_count,
        ratio=re.compile(raw["ratio_pattern"]),
        year=year,
        plan_end=plan_end,
        this_year=this_year,
        trend_phrase=re.compile("|".join([*raw["trend_phrase_patterns"], _alternation(raw["trend_phrases"])])),
        completion=re.compile(_alternation(raw["completion_words"])),
        from_to=re.compile(rf"(?:{_alternation(raw['history_from_to'])})[^,;。]{{0,24}}?\d[^,;。]{{0,30}}?(?:到|至)[^,;。]{{0,10}}?\d"),
        prefixes=prefixes,
        suffixes=suffixes,
        prefix_words=tuple(w for w, _ in prefixes),
        suffix_words=tuple(w for w, _ in suffixes),
    )


def extract(src: SourceText, parsed: ParsedStructure, meta: DocumentMeta) -> list[Target]:
    """Every target in ``src``: indicator-table rows first, then goals stated in running text.

    ``parsed`` gives each target its task (by the clause's position) and marks the sections that review
    past work, whose running text states achievements, not goals; ``meta.year`` resolves 年底前 and tells
    achieved figures (an earlier year) from goals. An indicator table is read wherever it stands (its
    target column states goals).
    """
    lex = _lexicon()
    text = src.text
    tables = find_tables(text, lex.raw["table_headers"], lex.raw["natures"], lex.raw["table_cell_max"])
    out = [_table_target(src, row, parsed, lex) for table in tables for row in table.rows]
    skip = [(t.start, t.end) for t in tables] + _history_sections(text, lex) + list(parsed.review_spans)
    books = [m.span() for m in _BOOK_TITLE.finditer(text)]
    book_starts = [a for a, _ in books]
    for start, end in _sentences(text, skip):
        if not _worth_reading(text[start:end], lex):
            continue
        near = books[max(0, bisect_left(book_starts, start) - 1):bisect_left(book_starts, end)]
        out.extend(_SentenceReader(src, start, end, parsed, meta, lex, near).read())
    return out


# ---------------------------------------------------------------- tables

def _table_target(src: SourceText, row: TableRow, parsed: ParsedStructure, lex: _Lexicon) -> Target:
    cell = row.value.text
    comparator, (i, j), number, unit = _read_cell(cell, lex)
    value = src.evidence(row.value.start + i, row.value.start + j).quote if j > i else cell
    written_unit = row.unit.text.strip("()") if row.unit is not None else None
    if written_unit in lex.words("units") and unit is None and number is not None:
        unit = written_unit  # only a real unit: a tab ends the value (78.3 | 规信处 is not 78.3规信处)
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
        if match and _direction_before(body, match.start(), lex):  # 每年降低0.5个百分点 → 0.5个百分点
            i, j = i + match.start(), i + match.end()
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
        if match.group() == "\n":  # ``last`` (the last character written since ``start``) only matters here
            piece = text[seg:end].rstrip()
            last = piece[-1:] if piece else last
            seg = match.end()
            if last in (",", "、"):
                continue
        seg = match.end()
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
    comp_word: str | None = None  # the comparator word before the value (达到, 控制在 …)


def _worth_reading(s: str, lex: _Lexicon) -> bool:
    """False when the sentence ``s`` can hold no target: no trend phrase, no completion word, and no match
    of any pattern :meth:`_SentenceReader._values` reads a value with."""
    return bool(lex.trend_phrase.search(s) or lex.completion.search(s) or (_HAS_NUMBER.search(s) and (
        lex.ratio.search(s) or ("百分之" in s and lex.percent_words.search(s))
        or (":" in s and lex.proportion.search(s)) or lex.value.search(s) or lex.cn_count.search(s))))


class _SentenceReader(IndicatorNaming):
    """Targets of one sentence ``src.text[start:end]``."""

    def __init__(self, src, start, end, parsed, meta, lex, books) -> None:
        self.src, self.base, self.s = src, start, src.text[start:end]
        self.parsed, self.meta, self.lex = parsed, meta, lex
        self.books = [(a - start, b - start) for a, b in books if a < end and b > start]
        self._book_starts = [a for a, _ in self.books]
        self.clauses: list[tuple[int, int]] = []
        self._fresh: list[bool] = []
        self._clause_ends: list[int] = []
        self._name_memo: dict[int, str] = {}
        self._raw_memo: dict[int, str] = {}  # the name as written, before a measure word is added
        self._split_names: dict[int, str] = {}  # 医师数和注册护士数分别达到3.3人和3.8人: one name per value
        self._clause_cues: dict[int, tuple[bool, int]] = {}
        self.years: list[tuple[int, int, int, bool]] = []
        self._year_starts: list[int] = []

    def read(self) -> list[Target]:
        s = self.s
        if not _worth_reading(s, self.lex):
            return []
        self.clauses = self._clauses()
        self._clause_ends = [b for _, b in self.clauses]
        values = self._values()  # needs only the clauses: without a value, trend or completion there is nothing
        if not values and not self.lex.trend_phrase.search(s) and not self.lex.completion.search(s):
            return []
        self.years = self._years()
        self._year_starts = [a for a, _, _, _ in self.years]
        self._history = self._history_flags()
        if all(self._history):
            return []
        out = [t for k, v in enumerate(values) if not self._past(v.start) for t in self._numeric(k, values)]
        out += self._trends(values)
        out += self._completions(values)
        return out

    # -- structure

    def _clauses(self) -> list[tuple[int, int]]:
        """Clause spans (ended by , : ; or a tab), each without leading space or list number (1. / 二是).

        Records in ``self._fresh`` the clauses that open after a ``;``: the history state does not run past one.
        """
        spans, pos, fresh = [], 0, [False]
        for m in _CLAUSE_END.finditer(self.s):
            spans.append((pos, m.start()))
            pos = m.end()
            fresh.append(m.group() == ";")
        spans.append((pos, len(self.s)))
        out = []
        for a, b in spans:
            while a < b and self.s[a].isspace():
                a += 1
            number = _ORDINAL_AT.match(self.s, a, b)
            if number and number.end() < b:
                a = number.end()
            out.append((a, b))
        self._fresh = fresh
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
        bases = [m.span() for m in lex.baseline.finditer(s)]
        for m in lex.year.finditer(s):
            if any(a <= m.start() < b for a, b in bases):
                continue  # 比2020年下降10%: a baseline, never the target year
            if self._in_book(m.start()) or (s.startswith(reject, m.end()) and not m.group(2) and not m.group(3)):
                continue
            by_month = _MONTH_DEADLINE.match(s, m.end())  # 2021年9月底前: a deadline; 2021年9月1日 a date
            if _DATE.match(s, m.end()) and not by_month:
                continue
            lead = s[max(0, m.start() - 2):m.start()]
            deadline = bool(m.group(2) or m.group(3) or by_month or re.search("到|至|截至|截止|在|于", lead))
            out.append((m.start(), m.end(), int(m.group(1)), deadline))
        for m in lex.plan_end.finditer(s):
            out.append((m.start(), m.end(), lex.raw["plan_period_ends"][m.group(1)], True))
        if self.meta.year:
            for m in lex.this_year.finditer(s):
                out.append((m.start(), m.end(), self.meta.year, True))
        return sorted(out)

    def _history_flags(self) -> list[bool]:
        """One flag per clause: does it state an achieved figure rather than a goal?

        A clause is history when it holds a history cue (已建成, 累计), an ended plan period (“十三五”期间) or a
        from-to change (从…增加到…), or when its time anchor is a year before the document's. The state carries
        on to the next clauses until one states a current or future time (…期间累计救治12.6万人,本年度…保持在95%).
        """
        lex, s, doc_year = self.lex, self.s, self.meta.year
        cue_at = [m.start() for m in lex.history_cue.finditer(s)]
        periods = any(p in s for p in lex.raw["plan_period_ends"])
        future = doc_year is not None and any(y > doc_year for _, _, y, _ in self.years)
        # without a document year, a year before a later one in the sentence is history (2021年…为82.6%,2022年力争…)
        ref = doc_year if doc_year is not None else max((y for _, _, y, _ in self.years), default=None)
        flags, state, i = [], False, 0
        for (a, b), fresh in zip(self.clauses, self._fresh):
            state = state and not fresh
            anchors = []
            while i < len(self.years) and self.years[i][0] < b:
                if self.years[i][0] >= a:
                    anchors.append(self.years[i][2])
                i += 1
            if anchors:
                state = ref is not None and all(y < ref for y in anchors)
            clause = s[a:b]
            if any(a <= c < b for c in cue_at) or (periods and self._ended_period(clause)) \
                    or (lex.from_to.search(clause) and not future):
                state = True
            flags.append(state)
        return flags

    def _ended_period(self, clause: str) -> bool:
        """``“十三五”期间`` / ``十三五以来`` in a document written after that plan period ended."""
        doc_year, plain = self.meta.year, None
        for period, end_year in self.lex.raw["plan_period_ends"].items():
            if period in clause and (doc_year is None or doc_year > end_year):
                plain = plain or clause.replace("”", "").replace("“", "").replace('"', "")
                if any(period + a in plain for a in self.lex.words("history_period_after")):
                    return True
        return False

    def _past(self, pos: int) -> bool:
        """Is the clause holding ``pos`` an achieved figure (see :meth:`_history_flags`)?"""
        i = bisect_left(self._clause_ends, pos)
        return self._history[min(i, len(self._history) - 1)]

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
        for m in lex.percent_words.finditer(s) if "百分之" in s else ():  # 百分之八十五
            number = _cn_number(m.group(1))
            if number is not None and not self._in_book(m.start()):
                found.append(self._make(m.start(), m.end(), m.group(), number, "%", rate=True))
                taken.append(m.span())
        for m in lex.proportion.finditer(s) if ":" in s else ():  # 医护比达到1:1.25 (a comparator word is required: not a time)
            v = self._make(m.start(), m.end(), m.group(), _to_float(m.group().split(":")[-1]), None, rate=True)
            if v.comp_start < v.start and not self._in_book(m.start()):
                found.append(v)
                taken.append(m.span())
        if "每" in s:  # 每3万—10万居民: a norm's denominator is no value
            taken.extend(m.span() for m in lex.per_denominator.finditer(s))
        taken.sort()
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
            if unit in lex.words("guarded_units") and v.comp_start == v.start and not _direction_before(s, a, lex):
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
        """A count whose noun is a list of indicators or the like (6类30个发展关键指标), or the scope of a
        goal for each of them (指导12个盟市各确定1家…)."""
        _, b = self._clause_of(end)
        tail = re.split(r"[、和]", self.s[end:min(b, end + 4 * _WINDOW)], maxsplit=1)[0]
        if any(w in tail for w in self.lex.words("non_target_after")):
            return True
        head = re.split(r"\d", self.s[end:min(b, end + _WINDOW)], maxsplit=1)[0]
        return any(w in head[:_WINDOW // 2] for w in self.lex.words("scope_count_after")) \
            or any(w in head for w in self.lex.words("scope_all_after"))

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
        s, comp, comp_start, comp_end, comp_word = self.s, None, a, b, None
        lo = max(0, a - _WINDOW)
        head = s[lo:a].rstrip()
        if head.endswith(self.lex.prefix_words):
            for word, c in self.lex.prefixes:
                if head.endswith(word):
                    comp, comp_start, comp_word = c, lo + len(head) - len(word), word
                    break
        if s.startswith(self.lex.suffix_words, b):
            for word, c in self.lex.suffixes:
                if s.startswith(word, b):
                    comp, comp_end = c, b + len(word)
                    break
        return _Value(a, b, text, number, unit, comp, comp_start, comp_end, rate, comp_word)

    def _numeric(self, k: int, values: list[_Value]) -> list[Target]:
        """The target(s) of ``values[k]``: one per indicator it is the value of (高血压、糖尿病患者规范管理率
        均达到70% gives two)."""
        lex, s, v = self.lex, self.s, values[k]
        ca, cb = self._clause_of(v.start)
        prev = values[k - 1] if k > 0 and values[k - 1].start >= ca else None
        comp, per = v.comparator, None
        if v.unit in lex.words("trend_units") or (v.rate and _direction_before(s, v.comp_start, lex)) \
                or (v.unit in lex.words("guarded_units") and _direction_before(s, v.start, lex)):
            comp = Comparator.TREND
            lo = max(ca, v.start - _WINDOW)
            lead = lex.trend_span.search(s[lo:v.start])
            if lead and s.startswith(("每年", "逐年"), lo + lead.start()):
                per = "每年"
        elif v.rate and v.number == 100 and comp is not Comparator.LE and v.comp_end == v.end \
                and v.comp_word not in lex.words("reach_words"):
            comp = Comparator.EQ  # 覆盖率100%, 保持在100%: a full-coverage state; 达到100% stays >=
        elif comp is None:
            if prev is not None and s[prev.comp_end:v.start].strip() in ("、", "和", "及"):
                comp = prev.comparator or self._default(prev, ca, cb)
            else:
                comp = self._default(v, ca, cb)
        if comp is not Comparator.TREND and not v.rate and self._per_year(k, values):
            per = "每年"
        start = max(min(ca, v.comp_start), v.comp_start - _QUOTE_MAX)
        end = min(cb, v.comp_end + _QUOTE_MAX)
        year = self._year_for(v.start)
        out = []
        for name in self._names_of(k, values):
            if comp is Comparator.TREND:
                name = lex.trend_lead.sub("", name) or name
            out.append(self._target((v.start, v.end), v.number, v.unit, comp, year, start, end, name, per))
        return out

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
            # where a cue such as 达到 / 实现…目标 starts: after a count written first (新增30个卫生院达到…标准) it
            # names what is counted, not a floor
            ge = [clause.find(cue[0]) for cue in self.lex.words("ge_clause_cues") if all(w in clause for w in cue)]
            hits = [i for i in (clause.find(w) for w in self.lex.words("at_least_cues")) if i >= 0]
            self._clause_cues[ca] = (ca + min(ge) if ge else cb, ca + min(hits) if hits else cb)
        ge_at, at_least = self._clause_cues[ca]
        if ge_at < v.start or (v.rate and ge_at < cb) or at_least < v.start:
            return Comparator.GE
        floor = not v.rate and re.search(rf"(?:{_alternation(self.lex.words('floor_verbs'))})$", self.s[ca:v.start]) \
            and not re.search(r"[-~至—]", v.value)
        return Comparator.GE if floor else Comparator.EQ  # 配备2名全科医生: a staffing floor; 配备3至5名 a band

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
            if not m:
                continue
            # a vague word qualifies the completion before it or right after it (基本建立 is itself a state);
            # inside the object it names a standard (全部达到国家基本建设标准)
            vague = lex.words("completion_vague")
            if any(w in clause[:m.start()] for w in vague) or clause.startswith(tuple(vague), m.end()) \
                    or any(w in clause for w in lex.words("completion_vision")):
                continue
            value = clause[m.start():].rstrip(_PUNCT)
            subject = self._clean(clause[: m.start()])
            if len(value) < 2:
                continue
            span = (ca + m.start(), ca + m.start() + len(value))
            floor = m.group() in lex.words("completion_floor_words") \
                and subject.endswith(tuple(lex.words("measure_suffixes")))
            indicator = subject or value[len(m.group()):].strip(_PUNCT) or value  # 完成县总医院挂牌 → 县总医院挂牌
            comp = Comparator.GE if floor else Comparator.EQ  # 薪酬水平达到…水平 is a floor; 配置达到省要求 a state
            out.append(self._target(span, None, None, comp, year, ca, cb, indicator))
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
