"""References to other policies: 《titles》 (and titles nested in 〈〉), their 文号, level and citation kind.

A title's level is read, in order, from its 文号, a region name opening the title, the issuer named
just before it (国家《…》, 区委、区政府《…》), a drafting verb right before it (制定出台《…》: the
document's own level), national words or 健康+place in the title, the title it is listed with (《A》和《B》), a
law-like ending (…法, …条例), and a national cue earlier in the sentence. The citation kind comes from the
nearest verb before the title: 根据/依据/按照 → basis, 贯彻/落实/执行 → implements, else mentions.

>>> from .structure import ParsedStructure
>>> src = SourceText.from_text("根据《国务院关于实施健康中国行动的意见》（国发〔2019〕13号），制定本方案。", doc_id="d")
>>> [(r.title, r.doc_number, r.level.value, r.citation.value)
...  for r in extract(src, ParsedStructure((), (), ()), DocumentMeta())]
[('《国务院关于实施健康中国行动的意见》', '国发〔2019〕13号', 'national', 'basis')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import levels
from .records import CitationKind, DocumentMeta, Level, Reference
from .structure import ParsedStructure
from .text import SourceText

TITLE = re.compile(r"《(?P<inner>[^《》\n]{1,150})》")
NESTED = re.compile(r"〈(?P<inner>[^〈〉\n]{1,150})〉")
_CLAUSE_END = "。;；,，:：!！?？\n"
_SENTENCE_END = "。;；!！?？\n"
_SPACE_DROP = re.compile(r"[\s《》〈〉“”\"'()（）]")


@dataclass(frozen=True, slots=True)
class _Cited:
    start: int  # position of 《 (or 〈) in src.text
    end: int  # position after 》 (and after the 文号 parentheses, if any)
    title: str
    doc_number: str | None
    nested: bool


def _key(title: str | None) -> str:
    return _SPACE_DROP.sub("", title or "")


def _find(src: SourceText) -> list[_Cited]:
    text, out = src.text, []
    for match in TITLE.finditer(text):
        inner = match.group("inner")
        end, number = match.end(), None
        after = re.match(r"\s*[(（](?P<body>[^()（）\n]{1,40})[)）]", text[end:])
        if after and (num := levels.DOC_NUMBER.search(after.group("body"))):
            number, end = num.group(), end + after.end()
        out.append(_Cited(match.start(), end, f"《{inner}》", number, False))
        for nested in NESTED.finditer(inner):
            a = match.start("inner") + nested.start()
            out.append(_Cited(a, a + len(nested.group()), f"《{nested.group('inner')}》", None, True))
    return out


def _nearest_verb(prefix: str) -> tuple[str | None, int, bool]:
    """The verb nearest the end of ``prefix``: (kind, end position, drafting?). Drafting verbs count
    only right before the title (制定出台《…》), not inside a phrase (新修订的《…》)."""
    rules = levels.rules()
    best: tuple[int, int, str | None, bool] = (-1, 0, None, False)
    for kind, verbs in rules["citation_verbs"].items():
        for verb in verbs:
            pos = prefix.rfind(verb)
            if pos >= 0:
                best = max(best, (pos + len(verb), len(verb), kind, False))
    for verb in rules["drafting_verbs"]:
        pos = prefix.rfind(verb)
        if pos >= 0 and prefix[pos + len(verb):] in rules["drafting_adjacent"]:
            best = max(best, (pos + len(verb), len(verb), None, True))
    return best[2], max(best[0], 0), best[3]


def extract(src: SourceText, parsed: ParsedStructure, meta: DocumentMeta) -> list[Reference]:
    """Every cited policy title in ``src`` except the document's own, in text order."""
    rules, text = levels.rules(), src.text
    own = {_key(meta.title), _key(meta.notice_title)} - {""}
    lead = levels.leading_region(meta.region) if meta.region else None
    within = lead[1].code if lead else None
    out: list[Reference] = []
    prev: _Cited | None = None
    prev_level: Level | None = None
    prev_kind = CitationKind.MENTIONS
    for cited in _find(src):
        inner = cited.title[1:-1]
        if _key(cited.title) in own or inner.endswith(tuple(rules["not_policy_endings"])):
            continue
        if cited.nested:
            guess = levels.from_title(cited.title, within)
            out.append(Reference(cited.title, None, guess.level if guess else None, CitationKind.MENTIONS,
                                 parsed.task_at(cited.start), src.evidence(cited.start, cited.end)))
            continue
        clause_start = max(text.rfind(c, 0, cited.start) for c in _CLAUSE_END) + 1
        if prev is not None and prev.end > clause_start:
            clause_start = prev.end
        prefix = text[clause_start:cited.start]
        listed = prev is not None and prev.end == clause_start and prefix.strip() in rules["list_separators"]
        kind, verb_end, drafting = _nearest_verb(prefix)
        citation = (prev_kind if listed else CitationKind.MENTIONS) if kind is None else CitationKind(kind)
        level = _level(src, cited, prefix[verb_end:], drafting, listed, prev_level, meta, within)
        out.append(Reference(cited.title, cited.doc_number, level, citation, parsed.task_at(cited.start),
                             src.evidence(cited.start, cited.end)))
        prev, prev_level, prev_kind = cited, level, citation
    return out


def _level(src: SourceText, cited: _Cited, zone: str, drafting: bool, listed: bool,
           prev_level: Level | None, meta: DocumentMeta, within: str | None) -> Level | None:
    """The cited policy's level, from the most to the least direct cue (see the module docstring)."""
    if cited.doc_number and (guess := levels.from_doc_number(cited.doc_number, within)):
        return guess.level
    guess = levels.from_title(cited.title, within)
    bare = cited.title[1:-1].lstrip("“\"")
    if guess is not None and levels.leading_region(bare, within) is not None:
        return guess.level
    named = levels.issuer_cue_levels(zone)
    if named:
        return named.pop() if len(named) == 1 else None
    if drafting and meta.level is not None:
        return meta.level
    weak = guess is not None and guess.cue in levels.rules()["national_law_endings"]
    if guess is not None and not weak:
        return guess.level
    if listed and prev_level is not None:
        return prev_level  # 《A》、《B》 after one issuer: B shares A's level
    if guess is not None:
        return guess.level
    sentence_start = max(src.text.rfind(c, 0, cited.start) for c in _SENTENCE_END) + 1
    sentence = src.text[sentence_start:cited.start]
    if any(word in sentence for word in levels.rules()["issuer_cues"]["national"]):
        return Level.NATIONAL
    return None
