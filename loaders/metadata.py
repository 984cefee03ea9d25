"""Document metadata: title, issuer, 文号, date, year, region, level, kind and period.

Stated facts come from the heading block (covering notice 关于印发《…》的通知, 文号 line, title lines),
the signature block (issuer above a date line) and a scraped page's 来源: line; each carries Evidence.
What the text does not state is inferred from what it does say (全省 + 健康辽宁 → 辽宁省, the health
commission of that region as issuer, a composed title) and named in ``DocumentMeta.inferred``.

>>> src = SourceText.from_text("威海市环翠区卫生健康局\\n关于印发《2019年全区卫生健康工作要点》的通知\\n"
...                            "威环卫〔2019〕98号\\n正文。\\n威海市环翠区卫生健康局\\n2019年7月9日\\n", doc_id="d")
>>> meta = extract(src)
>>> meta.title, meta.doc_number, meta.date, meta.region, meta.level.value, meta.kind
('2019年全区卫生健康工作要点', '威环卫〔2019〕98号', '2019-07-09', '威海市环翠区', 'county', 'work points')
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import levels
from .gazetteer import Region, gazetteer
from .records import DocumentMeta, Evidence, Level
from .text import SourceText

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
DATE = re.compile(rf"(?P<y>(?:19|20)\d{{2}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])")
_HEAD_LINES = 12


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def rules() -> dict:
    """The word lists of ``data/metadata.json``."""
    return json.loads(resources.files("loaders").joinpath("data/metadata.json").read_text(encoding="utf-8"))


def _lines(src: SourceText) -> list[_Line]:
    out, pos = [], 0
    for raw in src.text.split("\n"):
        if raw.strip():
            out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in text))


def parse_date(text: str) -> str | None:
    """``2019年7月9日`` or ``二〇一九年七月九日`` → ``2019-07-09``; None when no valid date is found.

    >>> parse_date("二〇二二年十二月三十日")
    '2022-12-30'
    """
    match = DATE.search(text)
    if not match:
        return None
    y, m, d = (_cn_int(match.group(k)) for k in "ymd")
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None


def _is_issuer(text: str) -> bool:
    cfg = rules()
    return (len(text) <= cfg["issuer_max_len"] and not any(c in text for c in cfg["title_stop"])
            and text.endswith(tuple(cfg["issuer_suffixes"])))


def _is_title_like(line: _Line) -> bool:
    cfg, text = rules(), line.text
    return (len(text) <= cfg["title_max_len"] and not any(c in text for c in cfg["title_stop"])
            and len(re.findall(r"[\u4e00-\u9fff]", text)) >= 4 and not _HEADING.match(text)
            and not levels.DOC_NUMBER.fullmatch(text) and not DATE.fullmatch(text) and not _is_issuer(text))


def _quote(src: SourceText, start: int, end: int) -> tuple[str, Evidence]:
    ev = src.evidence(start, end)
    return src.text[start:end].strip(), ev


class _Builder:
    """Collects values, evidence and inferred field names while the extraction proceeds."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.evidence: dict[str, Evidence] = {}
        self.inferred: set[str] = set()

    def state(self, field: str, value: object, evidence: Evidence | None = None) -> None:
        if value is not None and self.values.get(field) is None:
            self.values[field] = value
            if evidence is not None:
                self.evidence[field] = evidence

    def infer(self, field: str, value: object) -> None:
        if value is not None and self.values.get(field) is None:
            self.values[field] = value
            self.inferred.add(field)


def extract(src: SourceText) -> DocumentMeta:
    """The document-level facts of ``src``, with Evidence for what is stated and ``inferred`` for the rest."""
    lines = _lines(src)
    b = _Builder()
    _heading(src, lines, b)
    _signature(src, lines, b)
    _source_line(src, b)
    _doc_number(src, lines, b)
    region = _region(src, b)
    if region is not None:
        _set_region(region, src, b)
    else:
        _level_from_scope(src, b)
    _year_kind_period(src, b)
    _inferred_title_issuer(src, region, b)
    v = b.values
    return DocumentMeta(
        title=v.get("title"), issuer=v.get("issuer"), doc_number=v.get("doc_number"), date=v.get("date"),
        year=v.get("year"), region=v.get("region"), parent_region=v.get("parent_region"), level=v.get("level"),
        kind=v.get("kind"), period=v.get("period"), notice_title=v.get("notice_title"),
        inferred=frozenset(b.inferred), evidence=b.evidence)


def _heading(src: SourceText, lines: list[_Line], b: _Builder) -> None:
    """Covering notice, header issuer and title lines in the first lines of the text."""
    notice = re.compile(rules()["notice_title"])
    head = lines[:_HEAD_LINES]
    for i, line in enumerate(head):
        parts = [line]
        match = notice.match(line.text)
        if match is None and i + 1 < len(head) and _broken_notice(line.text):
            parts = [line, head[i + 1]]
            match = notice.match(line.text + head[i + 1].text)
        if match:
            _notice(src, parts, match, head[:i], b)
            return
    block: list[_Line] = []
    for line in head:
        if _is_title_like(line):
            block.append(line)
            if len(block) == 3:
                break
        elif block or not (_is_issuer(line.text) or levels.DOC_NUMBER.fullmatch(line.text)):
            break
    kind_words = tuple(rules()["title_kind_words"])
    if block and any(w in line.text for line in block for w in kind_words):
        title = "".join(src.text[line.start:line.end].strip() for line in block)
        b.state("title", title, src.evidence(block[0].start, block[-1].end))


def _notice(src: SourceText, parts: list[_Line], match: re.Match[str], before: list[_Line], b: _Builder) -> None:
    """Notice title, inner title and issuer from a covering-notice heading (one line or two)."""
    text = "".join(part.text for part in parts)
    at = _position_map(parts)

    def state(field: str, start: int, end: int) -> None:
        b.state(field, text[start:end].strip(), src.evidence(at(start), at(end - 1) + 1))

    state("notice_title", 0, len(text))
    inner_start, inner_end = match.start("title"), match.end("title")
    if text[inner_start] == "《" and text[inner_end - 1] == "》":
        inner_start, inner_end = inner_start + 1, inner_end - 1
    state("title", inner_start, inner_end)
    org = text[:text.find("关于")]
    if org and _is_issuer(org):
        state("issuer", 0, len(org))
    for prev in reversed(before):
        if _is_issuer(prev.text):
            b.state("issuer", *_quote(src, prev.start, prev.end))
            break


def _broken_notice(text: str) -> bool:
    """A notice heading cut after its verb or inside its title: …关于印发 / …关于印发2021年…"""
    return bool(re.search(rules()["broken_notice"], text))


def _position_map(parts: list[_Line]) -> Callable[[int], int]:
    """Offset in the lines' joined text → position in the normalised text."""
    def at(k: int) -> int:
        for part in parts[:-1]:
            if k < len(part.text):
                return part.start + k
            k -= len(part.text)
        return parts[-1].start + k
    return at


def _signature(src: SourceText, lines: list[_Line], b: _Builder) -> None:
    """Issuer and date from a signature block: an issuer line directly above a date line."""
    for i, line in enumerate(lines):
        if DATE.fullmatch(line.text) and parse_date(line.text):
            b.state("date", parse_date(line.text), src.evidence(line.start, line.end))
            if i and _is_issuer(lines[i - 1].text):
                b.state("issuer", *_quote(src, lines[i - 1].start, lines[i - 1].end))
            return


def _source_line(src: SourceText, b: _Builder) -> None:
    """A scraped page's 来源: line (removed as page furniture, still readable in ``src.noise``)."""
    pattern = re.compile(rules()["source_line"])
    for noise in src.noise:
        match = pattern.search(noise.evidence.quote)
        if not match or not _is_issuer(match.group("source")):
            continue
        source = match.group("source")
        ev = noise.evidence
        a = ev.start + match.start("source")
        ev = Evidence(ev.doc_id, a, a + len(source), source)
        issuer = b.values.get("issuer")
        if issuer is None or (issuer != source and source.endswith(str(issuer))):
            b.values.pop("issuer", None)
            b.evidence.pop("issuer", None)
            b.state("issuer", source, ev)
        return


def _doc_number(src: SourceText, lines: list[_Line], b: _Builder) -> None:
    """A 文号 alone on a head or tail line, or after a label (发文字号：…) in a page's metadata block."""
    label = re.compile(rules()["doc_number_label"])
    for line in lines[:_HEAD_LINES] + lines[-_HEAD_LINES:]:
        match = levels.DOC_NUMBER.search(line.text)
        if match and len(line.text) - len(match.group()) <= 4:
            b.state("doc_number", *_quote(src, line.start + match.start(), line.start + match.end()))
            return
    for line in lines[:_HEAD_LINES]:
        for tag in label.finditer(line.text):
            match = levels.DOC_NUMBER.match(line.text, tag.end())
            if match:
                b.state("doc_number", *_quote(src, line.start + match.start(), line.start + match.end()))
                return


def _deepest(regions: list[Region]) -> Region | None:
    rank = {Level.NATIONAL: 0, Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3}
    return max(regions, key=lambda r: rank[r.level], default=None)


def _region(src: SourceText, b: _Builder) -> Region | None:
    """The document's own region: from the issuer, the title, the 文号, else from the text's scope words."""
    g = gazetteer()
    issuer = b.values.get("issuer")
    if issuer:
        found = _deepest([r for _, _, r in g.find_all(str(issuer))])
        if found is not None:
            return found
    for field in ("title", "notice_title"):
        title = b.values.get(field)
        lead = levels.leading_region(str(title).lstrip("《“\"")) if title else None
        if lead is not None and lead[1].level is not Level.NATIONAL:
            return lead[1]
    number = b.values.get("doc_number")
    by_number = levels.from_doc_number(str(number)) if number else None
    titles = [str(b.values[f]) for f in ("title", "notice_title") if b.values.get(f)]
    by_title = [(t, levels.from_title(t)) for t in titles]
    if (by_number is not None and by_number.level is Level.NATIONAL) or any(
            guess is not None and guess.level is Level.NATIONAL and t.startswith(guess.cue) for t, guess in by_title):
        return g.get("100000")  # a central document: 国发〔…〕, or a title opening with 国务院/国家…
    region = _region_from_text(src)
    if number:
        guess = levels.from_doc_number(str(number), within=region.code if region else None)
        if guess is not None and guess.region is not None and (
                region is None or g.is_within(guess.region.code, region.code)):
            return guess.region
    if region is not None:
        b.inferred.add("region")
    return region


def _region_from_text(src: SourceText) -> Region | None:
    """The most named region at the level the scope words (全省/全市/全区…) point to."""
    g, cfg = gazetteer(), rules()
    scopes = Counter({word: src.text.count(word) for word in cfg["scope_words"] if word != "全国"})
    mentioned = Counter(r.code for _, _, r in g.find_all(src.text) if r.level is not Level.NATIONAL)
    if not mentioned:
        return None
    if scopes and max(scopes.values()) > 0:
        word = scopes.most_common(1)[0][0]
        level = Level(cfg["scope_words"][word])
        fits = [(n, c) for c, n in mentioned.items() if g.get(c).level is level
                or (word == "全区" and g.get(c).level is Level.PROVINCE and g.get(c).name.endswith("自治区"))]
        if fits:
            return g.get(max(fits)[1])
    return g.get(mentioned.most_common(1)[0][0])


def display_name(region: Region) -> str:
    """A region's name qualified by its parent: counties by their city or 直辖市 (威海市环翠区, 北京市海淀区)."""
    g = gazetteer()
    if region.level is Level.COUNTY and region.parent_code and g.get(region.parent_code).level in (
            Level.CITY, Level.PROVINCE):
        return g.get(region.parent_code).name + region.name
    return region.name


def written_name(region: Region, src: SourceText) -> str:
    """The region's name in the form the text writes it: qualified by its parent where the text
    writes it so anywhere (威海市环翠区), else the name alone (尤溪县); cities and provinces are
    always named alone.

    >>> g = gazetteer()
    >>> written_name(g.lookup("尤溪县"), SourceText.from_text("尤溪县人民政府办公室", doc_id="d"))
    '尤溪县'
    >>> written_name(g.lookup("海淀区"), SourceText.from_text("北京市海淀区卫生健康委员会", doc_id="d"))
    '北京市海淀区'
    """
    qualified = display_name(region)
    if qualified == region.name:
        return region.name
    texts = [src.text, *(n.evidence.quote for n in src.noise)]
    if any(qualified in t for t in texts) or not any(region.name in t for t in texts):
        return qualified
    return region.name


def _set_region(region: Region, src: SourceText, b: _Builder) -> None:
    """Region (as written), level and parent region; the parent comes from the gazetteer, so it is
    always inferred."""
    g = gazetteer()
    b.values["region"] = written_name(region, src)
    b.values["level"] = region.level
    if "region" in b.inferred:
        b.inferred.add("level")
    if region.parent_code and region.parent_code != "100000":
        b.infer("parent_region", g.get(region.parent_code).name)


def scope_levels(text: str) -> set[Level]:
    """The levels a text's scope words (全市, 全县) and bare-prefixed bodies (市卫生健康委, 县医疗保障局)
    point to; 全区 and 区… are left out, as they name a district or an autonomous region alike.

    >>> sorted(l.value for l in scope_levels("全市推进。（市卫生健康委牵头，市财政局配合）"))
    ['city']
    """
    cfg = rules()
    found = {Level(level) for word, level in cfg["scope_words"].items()
             if word not in cfg["ambiguous_scope_words"] and word in text}
    for match in re.finditer(cfg["level_body_pattern"], text):
        found.add(Level(cfg["level_body_prefixes"][match.group("prefix")]))
    return found


def _level_from_scope(src: SourceText, b: _Builder) -> None:
    """A text naming no region (a fragment): its level when its scope words and bodies agree on one."""
    found = scope_levels(src.text)
    if len(found) == 1:
        b.infer("level", found.pop())


def _year_kind_period(src: SourceText, b: _Builder) -> None:
    cfg = rules()
    title = str(b.values.get("title") or "")
    span = re.search(r"(?P<a>(?:19|20)\d{2})\s*年?\s*[-—–~至]+\s*(?P<b>(?:19|20)\d{2})", title)
    plan = re.search(cfg["five_year_plan"], title)
    if span:
        b.state("period", (int(span.group("a")), int(span.group("b"))))
    elif plan:
        n = 10 + ("一二三四五六七八九".index(plan.group("n")) + 1 if plan.group("n") else 0)
        start = 1966 + 5 * (n - 3)
        b.state("period", (start, start + 4))
    # a title naming several years (2022年工作总结和2023年工作计划) is dated by the latest: the year planned
    years = [int(m.group("y")) for m in re.finditer(
        r"(?<![\d\-—–~至])(?P<y>(?:19|20)\d{2})\s*年(?![\s\d]*[\-—–~至])", title)] if not span else []
    if years:
        b.state("year", max(years))
    elif b.values.get("date"):
        b.state("year", int(str(b.values["date"])[:4]))
    elif b.values.get("doc_number"):
        b.state("year", int(levels.DOC_NUMBER.search(str(b.values["doc_number"])).group("year")))
    else:
        head = src.text[:600]
        for cue in cfg["year_cues"]:
            match = re.search(cue, head)
            if match:
                b.infer("year", int(match.group("year")))
                break
    for source in (title, str(b.values.get("notice_title") or "")):
        for rule in cfg["kinds"]:
            if source and re.search(rule["pattern"], source):
                b.state("kind", rule["kind"])
                return
    for rule in cfg["untitled_kinds"]:
        if re.search(rule["pattern"], src.text[:1000]):
            b.infer("kind", rule["kind"])
            return


def _inferred_title_issuer(src: SourceText, region: Region | None, b: _Builder) -> None:
    cfg, v = rules(), b.values
    if region is None:
        return
    level = region.level.value
    if v.get("issuer") is None and cfg["health_cue"] in src.text and level in cfg["inferred_issuer"]:
        b.infer("issuer", str(v.get("region") or region.name) + cfg["inferred_issuer"][level])
    if v.get("issuer") and str(v["issuer"])[0] in "省市区县" and not str(v["issuer"]).startswith(region.name):
        v["issuer"] = region.name + str(v["issuer"])[1:] if str(v["issuer"])[0] == region.name[-1] \
            else region.name + str(v["issuer"])
        b.inferred.add("issuer")
    template = cfg["inferred_title"].get(str(v.get("kind")))
    if v.get("title") is None and template and v.get("year"):
        scope = cfg["scope_by_level"][level]
        if region.level is Level.COUNTY:
            scope = "全" + region.name[-1]
        b.infer("title", template.format(year=v["year"], scope=scope))
