"""Cited policies: titles, 文号, level and citation kind, on invented text."""
from __future__ import annotations

from loaders import levels, references
from loaders.records import CitationKind, DocumentMeta, Level
from loaders.structure import ParsedStructure
from loaders.text import SourceText

EMPTY = ParsedStructure(sections=(), tasks=(), spans=())
COUNTY = DocumentMeta(title="2021年全县卫生健康工作要点", region="赣州市宁都县", level=Level.COUNTY)


def _refs(text: str, meta: DocumentMeta = COUNTY, parsed: ParsedStructure = EMPTY):
    return references.extract(SourceText.from_text(text, doc_id="t"), parsed, meta)


def test_title_with_doc_number_and_basis():
    (ref,) = _refs("根据《国务院关于实施健康中国行动的意见》（国发〔2019〕13号）精神，制定本方案。")
    assert ref.title == "《国务院关于实施健康中国行动的意见》"
    assert ref.doc_number == "国发〔2019〕13号"
    assert ref.level is Level.NATIONAL and ref.citation is CitationKind.BASIS
    assert ref.evidence.quote.startswith("《国务院") and ref.evidence.quote.endswith("号）")


def test_levels_from_titles_and_issuers():
    text = ("认真贯彻落实《江西省基层卫生人才队伍建设实施方案》。落实县委、县政府《关于加快医养结合发展的意见》、"
            "《基层卫生人才引进办法》。全面落实国家《关于推进家庭医生签约服务的指导意见》。"
            "严格执行省、市《关于改革完善医疗卫生行业综合监管制度的实施意见》。贯彻实施新修订的《传染病防治法》。")
    got = {r.title: (r.level, r.citation) for r in _refs(text)}
    assert got["《江西省基层卫生人才队伍建设实施方案》"] == (Level.PROVINCE, CitationKind.IMPLEMENTS)
    assert got["《关于加快医养结合发展的意见》"][0] is Level.COUNTY
    assert got["《基层卫生人才引进办法》"][0] is Level.COUNTY  # listed after the county one
    assert got["《关于推进家庭医生签约服务的指导意见》"][0] is Level.NATIONAL
    assert got["《关于改革完善医疗卫生行业综合监管制度的实施意见》"][0] is None  # two levels named
    assert got["《传染病防治法》"] == (Level.NATIONAL, CitationKind.IMPLEMENTS)


def test_drafting_verb_gives_the_documents_own_level():
    (ref,) = _refs("制定出台《公立医院绩效考核办法》，规范管理。")
    assert ref.level is Level.COUNTY and ref.citation is CitationKind.MENTIONS


def test_nested_title_own_title_and_newspapers():
    text = ("现将《2021年全县卫生健康工作要点》印发给你们。制定《宁都县推进〈“健康江西2030”行动纲要〉实施方案》。"
            "在《健康报》刊发经验。")
    got = {r.title: r.level for r in _refs(text)}
    assert got == {"《宁都县推进〈“健康江西2030”行动纲要〉实施方案》": Level.COUNTY,
                   "《“健康江西2030”行动纲要》": Level.PROVINCE}


def test_task_ids_come_from_the_structure():
    text = "（一）推进改革。落实《湖南省深化医改实施方案》。\n"
    parsed = ParsedStructure(sections=(), tasks=(), spans=())
    assert _refs(text, parsed=parsed)[0].task_id is None


def test_doc_number_levels():
    assert levels.from_doc_number("国卫医发〔2020〕1号").level is Level.NATIONAL
    assert levels.from_doc_number("赣卫发〔2021〕3号").region.name == "江西省"
    assert levels.from_doc_number("株卫发〔2021〕3号").region.name == "株洲市"
    county = levels.from_doc_number("威环卫〔2019〕98号")
    assert county.level is Level.COUNTY and county.region.name == "环翠区"
    assert levels.from_doc_number("阜卫发〔2022〕35号", within="340000").region.name == "阜阳市"
