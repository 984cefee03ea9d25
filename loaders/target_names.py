"""Indicator names for quantified targets: what a value in a sentence is the value of.

``县域内就诊率达到90%`` names 县域内就诊率 (the words before the value); ``新建12个县级中医药技术推广基地`` names
新建县级中医药技术推广基地数 (the noun after a count, with 数); ``80%以上的乡镇卫生院达到服务能力基本标准`` names
达到服务能力基本标准的乡镇卫生院比例; coordinated names share one value (高血压、糖尿病患者规范管理率均达到70%) or
pair with a list of values (医师数和注册护士数分别达到3.3人和3.8人). Word lists live in ``data/targets.json``.

:class:`IndicatorNaming` is mixed into the sentence reader of :mod:`loaders.targets`, which supplies the sentence
``s``, the lexicon ``lex``, its clauses (``_clause_of``) and the values found in it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .targets import _Lexicon, _Value

_PUNCT = " ,、:;。\n\t"
_ORDINAL_AT = re.compile(r"(?:[一二三四五六七八九十]+是|\(?[一二三四五六七八九十\d]+\)|\d+[.、](?!\d))")
_ORDINAL = re.compile("^" + _ORDINAL_AT.pattern)  # a list number at the start of a name (1. / (二) / 三是)


class IndicatorNaming:
    """Naming methods of a sentence reader; they memoise per value index in the reader's dicts."""

    s: str
    lex: _Lexicon
    _name_memo: dict[int, str]
    _raw_memo: dict[int, str]
    _split_names: dict[int, str]

    def _clause_of(self, pos: int) -> tuple[int, int]:  # supplied by the reader
        raise NotImplementedError

    def _indicator(self, k: int, values: list[_Value]) -> str:
        """Name the indicator of ``values[k]``: the words before it (县域内就诊率达到90%) or, for a count
        written first, the noun after it (新建12个县级…基地); a bare value in a list borrows the first's."""
        memo = self._name_memo
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
            raw = before
            name = self._elliptic(self._measured(before, v), k, values)
        elif after:
            verb = next((w for w in self.lex.words("count_verbs_kept") if before.endswith(w)), "")
            raw = f"{verb}{after}"
            name = self._measured(raw, v, subject_first=False)
        elif k > 0:  # 2021年…占比为82.6%,2022年力争达到88%以上: the value of the indicator named before
            name = self._indicator(k - 1, values)
            raw = self._raw_memo[k - 1]
        else:
            raw = name = before or s[ca:cb].strip(_PUNCT)
        memo[k], self._raw_memo[k] = name, raw
        return name

    def _elliptic(self, name: str, k: int, values: list[_Value]) -> str:
        """Complete a bare subject from the previous value's name: ``三级医院电子病历系统应用水平达到5级,
        二级医院达到3级以上`` names the second 二级医院电子病历系统应用水平."""
        measure = tuple(self.lex.words("measure_suffixes"))
        if k == 0 or name.endswith(measure) or values[k - 1].unit != values[k].unit:
            return name
        prev = self._indicator(k - 1, values)
        if len(prev) > len(name) >= 2 and prev[len(name) - 1] == name[-1] and prev.endswith(measure):
            return name + prev[len(name):]
        return name

    def _measured(self, name: str, v: _Value, subject_first: bool = True) -> str:
        """``name`` ending in what is measured: a count's noun takes 数 (县级壮医医院 → 县级壮医医院数), a rate's
        verb takes 率 (新生儿听力筛查 → 新生儿听力筛查率); leading build verbs go (建成…中心 → …中心数)."""
        lex = self.lex
        for verb in sorted(lex.words("count_verbs_dropped"), key=len, reverse=True):
            if name.startswith(verb) and len(name) > len(verb) + 1:
                name = name[len(verb):]
                break
        if name.endswith(tuple(lex.words("measure_suffixes"))):
            return name
        if v.rate and v.unit in ("%", "‰"):  # 村卫生室提供中医药服务 → 提供中医药服务的村卫生室比例
            hits = [i for w in lex.words("predicate_verbs") if (i := name.find(w)) >= 2]
            if hits:
                return f"{name[min(hits):]}的{name[:min(hits)]}比例"
        if subject_first and v.rate and v.unit in ("%", "‰") and name.endswith(tuple(lex.words("rate_verbs"))):
            return f"{name}率"
        if not v.rate and v.unit in lex.words("count_units"):
            return f"{name}次数" if v.unit == "次" else f"{name}数"
        return name

    def _names_of(self, k: int, values: list[_Value]) -> list[str]:
        """Every indicator ``values[k]`` is the value of: one, or one per coordinated name when 均/分别
        follows them (高血压、糖尿病患者规范管理率均达到70%), or paired in order with a list of values
        (医师数和注册护士数分别达到3.3人和3.8人)."""
        if k in self._split_names:
            return [self._split_names[k]]
        v = values[k]
        ca, cb = self._clause_of(v.start)
        first = self._value_first(v, cb)
        if first:
            return first
        name = self._indicator(k, values)
        in_clause = k > 0 and values[k - 1].start >= ca
        raw = self.s[values[k - 1].comp_end if in_clause else ca:v.comp_start].rstrip(_PUNCT)
        for word in self.lex.words("fluff_prefixes"):
            raw = raw.removesuffix(word)
        marker = next((m for m in self.lex.words("coordination_markers") if raw.endswith(m)), None)
        run = [k]
        while run[-1] + 1 < len(values) and values[run[-1] + 1].start < cb \
                and self.s[values[run[-1]].comp_end:values[run[-1] + 1].comp_start].strip() in ("、", "和", "及", "与"):
            run.append(run[-1] + 1)
        if marker is None and len(run) == 1:
            return [name]
        self._indicator(k, values)
        parts = self._coordinated(self._raw_memo[k])
        if len(parts) < 2:
            return [name]
        parts = [self._measured(p, v) for p in parts]
        if len(run) == 1:
            return parts
        if len(run) == len(parts):
            self._split_names.update(zip(run[1:], parts[1:]))
            return [parts[0]]
        return [name]

    def _value_first(self, v: _Value, cb: int) -> list[str] | None:
        """Names for a share written first: ``80%以上的乡镇卫生院达到服务能力基本标准`` →
        ``达到服务能力基本标准的乡镇卫生院比例`` (one per subject when 分别/均 follows a list of them)."""
        s = self.s
        if not v.rate or s[v.comp_end:v.comp_end + 1] != "的":
            return None
        rest = s[v.comp_end + 1:cb]
        hits = [(i, w) for w in self.lex.words("predicate_verbs") if (i := rest.find(w)) > 0]
        if not hits:
            return None
        i, verb = min(hits, key=lambda h: (h[0], -len(h[1])))
        subject, predicate = rest[:i].strip(_PUNCT), rest[i:].strip(_PUNCT)
        marker = next((m for m in self.lex.words("coordination_markers") if subject.endswith(m)), None)
        subject = subject.removesuffix(marker) if marker else subject
        subjects = self._coordinated(subject) if marker else [subject]
        predicates = [predicate] * len(subjects)
        if marker == "分别" and len(subjects) > 1:
            objects = self._coordinated(predicate[len(verb):])
            if len(objects) == len(subjects):
                predicates = [verb + o for o in objects]
        return [f"{p}的{x}比例" for x, p in zip(subjects, predicates)]

    def _coordinated(self, name: str) -> list[str]:
        """Split coordinated names, each completed with the shared head or per-capita prefix:
        ``高血压、糖尿病患者规范管理率`` → 高血压患者规范管理率, 糖尿病患者规范管理率; ``市级和县级妇幼保健机构`` →
        市级妇幼保健机构, 县级妇幼保健机构; ``每千人口医师数和注册护士数`` → 每千人口医师数, 每千人口注册护士数.
        A name whose shared head cannot be found stays whole."""
        lex = self.lex
        splitter = "|".join(re.escape(w) for w in lex.words("coordination_splits"))
        parts = [p for p in re.split(splitter, name) if p]
        if len(parts) < 2:
            return [name]
        shared = lex.per_capita.match(parts[0])
        if shared:
            parts = [parts[0]] + [p if p.startswith("每") else shared.group() + p for p in parts[1:]]
        measure = tuple(lex.words("measure_suffixes"))
        if all(p.endswith(measure) for p in parts):
            return parts
        first, last = parts[0], parts[-1]
        verbs = [i for w in lex.words("predicate_verbs") if (i := last.find(w)) >= 1]
        if verbs and not any(w in first for w in lex.words("predicate_verbs")):
            tail = last[min(verbs):]  # 社区服务中心、村卫生室提供中医药服务
        elif len(last) > len(first) >= 2 and last[len(first) - 1] == first[-1]:
            tail = last[len(first):]  # 市级 / 县级妇幼保健机构
        else:
            hits = [i for h in lex.words("shared_heads") if (i := last.find(h)) >= 1]
            if not hits:
                return [name]
            tail = last[min(hits):]  # 高血压 / 糖尿病患者规范管理率
        return [p if p.endswith(measure) or p.endswith(tail) else p + tail for p in parts[:-1]] + [last]

    def _clean(self, text: str) -> str:
        """``text`` without deadlines, baselines, ordinals, scope words and leading/trailing verbs."""
        lex = self.lex
        text = lex.name_noise.sub("", text)
        text = _ORDINAL.sub("", text.strip(_PUNCT))
        text = lex.trim_pattern.sub("", text)
        while text:
            stripped = lex.trim_tail.sub("", lex.trim_head.sub("", text.strip(_PUNCT), count=1), count=1)
            if stripped == text:
                break
            text = stripped
        return text
