"""Document metadata on invented documents in the shape of other provinces' policies."""
from __future__ import annotations

from loaders import metadata
from loaders.records import Level
from loaders.text import SourceText

COUNTY_NOTICE = """宁都县卫生健康委员会
关于印发《2021年全县卫生健康工作要点》的通知
宁卫发〔2021〕5号

各乡镇卫生院，县直各医疗卫生单位：
现将《2021年全县卫生健康工作要点》印发给你们，请认真贯彻执行。

宁都县卫生健康委员会
二〇二一年三月五日

2021年全县卫生健康工作要点
一、深化医药卫生体制改革
（一）推进紧密型县域医共体建设。
"""

PROVINCE_PLAN = """浙江省卫生健康事业发展“十四五”规划
为全面推进健康浙江建设，根据《“健康浙江2030”行动纲要》，制定本规划。
一、发展基础
全省卫生健康事业稳步发展。
"""

STATE_COUNCIL = """国务院关于实施健康中国行动的意见
国发〔2019〕13号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
人民健康是民族昌盛和国家富强的重要标志。湖北、江西等地开展试点。
国务院
2019年6月24日
"""

UNTITLED = """2022年是实施“十四五”规划承上启下的关键之年。全省卫生健康工作的总体思路是：全面推进健康江西建设。重点抓好以下工作：
一、全面推进健康江西行动
全省各地要加强组织领导。江西省各级卫生健康部门要……
"""


def _meta(text: str):
    return metadata.extract(SourceText.from_text(text, doc_id="t"))


def test_county_notice():
    meta = _meta(COUNTY_NOTICE)
    assert meta.title == "2021年全县卫生健康工作要点"
    assert meta.notice_title == "关于印发《2021年全县卫生健康工作要点》的通知"
    assert meta.issuer == "宁都县卫生健康委员会"
    assert meta.doc_number == "宁卫发〔2021〕5号"
    assert meta.date == "2021-03-05" and meta.year == 2021
    # the text writes 宁都县 alone, so the region is as written and the parent goes to parent_region
    assert (meta.region, meta.parent_region, meta.level) == ("宁都县", "赣州市", Level.COUNTY)
    assert meta.kind == "work points"
    assert meta.evidence["doc_number"].quote == "宁卫发〔2021〕5号"
    assert "title" not in meta.inferred and "issuer" not in meta.inferred


def test_province_five_year_plan_infers_its_issuer():
    meta = _meta(PROVINCE_PLAN)
    assert meta.title == "浙江省卫生健康事业发展“十四五”规划"
    assert (meta.region, meta.level, meta.parent_region) == ("浙江省", Level.PROVINCE, None)
    assert meta.kind == "five-year plan" and meta.period == (2021, 2025)
    assert meta.issuer == "浙江省卫生健康委员会" and "issuer" in meta.inferred


def test_state_council_document_is_national():
    meta = _meta(STATE_COUNCIL)
    assert meta.title == "国务院关于实施健康中国行动的意见"
    assert meta.issuer == "国务院" and meta.doc_number == "国发〔2019〕13号"
    assert meta.level is Level.NATIONAL and meta.date == "2019-06-24"


def test_untitled_text_gets_an_inferred_title_region_and_issuer():
    meta = _meta(UNTITLED)
    assert meta.title == "2022年全省卫生健康工作要点"
    assert meta.region == "江西省" and meta.level is Level.PROVINCE
    assert meta.issuer == "江西省卫生健康委员会"
    assert {"title", "issuer", "region", "year", "kind"} <= meta.inferred


def test_title_split_over_two_lines():
    meta = _meta("2020年全市卫生健康工作报告\n\n重点任务分工方案\n一、总体要求：坚持人民至上，推进健康株洲建设。\n")
    assert meta.title == "2020年全市卫生健康工作报告重点任务分工方案"
    assert meta.kind == "work report" and meta.year == 2020


def test_scraped_source_line_completes_a_short_signature():
    text = "株洲市卫生健康三年行动计划(2021—2023年)\n时间:2021-05-04 11:37来源:株洲市卫生健康委员会作者:点击:\n" \
           "为推进健康株洲建设，制定本计划。\n市卫生健康委员会\n2021年4月19日\n"
    meta = _meta(text)
    assert meta.issuer == "株洲市卫生健康委员会"
    assert meta.kind == "action plan" and meta.period == (2021, 2023)
    assert meta.year == 2021 and meta.region == "株洲市" and meta.parent_region == "湖南省"


def test_dates_and_bracket_forms():
    assert metadata.parse_date("二〇一九年七月九日") == "2019-07-09"
    assert metadata.parse_date("2019年13月9日") is None
    for number in ("湘卫发[2019]8号", "湘卫发(2019)8号"):
        meta = _meta(f"关于印发湖南省2019年卫生健康工作要点的通知\n{number}\n正文。\n")
        assert meta.doc_number == number and meta.level is Level.PROVINCE


def test_region_takes_the_qualified_form_only_where_the_text_writes_it():
    meta = _meta("北京市朝阳区卫生健康委员会关于印发《朝阳区卫生健康工作要点》的通知\n正文。\n")
    assert (meta.region, meta.parent_region, meta.level) == ("北京市朝阳区", "北京市", Level.COUNTY)
    meta = _meta("长汀县人民政府办公室关于印发长汀县医共体建设实施方案的通知\n汀政办〔2021〕3号\n正文。\n")
    assert (meta.region, meta.parent_region) == ("长汀县", "龙岩市")


def test_notice_heading_broken_over_two_lines():
    text = ("湖北省卫生健康委员会办公室关于印发\n2022年全省妇幼健康重点工作任务分工方案的通知\n鄂卫办发〔2022〕3号\n"
            "正文。\n")
    meta = _meta(text)
    assert meta.title == "2022年全省妇幼健康重点工作任务分工方案"
    assert meta.notice_title == "湖北省卫生健康委员会办公室关于印发2022年全省妇幼健康重点工作任务分工方案的通知"
    assert meta.issuer == "湖北省卫生健康委员会办公室" and meta.kind == "work points"
    assert meta.evidence["title"].quote == "2022年全省妇幼健康重点工作任务分工方案"


def test_doc_number_after_a_page_label_and_not_the_index_number():
    text = ("漳州市卫生健康委员会关于印发2022年全市卫生健康工作要点的通知\n"
            "索引号:ZZ00312-0200-2022-00041  发文字号:漳卫〔2022〕21号\n正文。\n")
    meta = _meta(text)
    assert meta.doc_number == "漳卫〔2022〕21号"
    assert meta.evidence["doc_number"].quote == "漳卫〔2022〕21号"
    assert _meta("某某通知\n索引号:ZZ00312-0200-2022-00041\n正文。\n").doc_number is None


def test_kinds_map_to_the_shared_vocabulary():
    assert _meta("长汀县医共体建设实施方案\n正文。\n").kind == "action plan"
    assert _meta("2022年全省重点工作任务分工方案\n正文。\n").kind == "work points"
    assert _meta("关于加强基层医疗卫生服务的意见\n正文。\n").kind == "opinions"


def test_fragment_level_from_scope_words_and_bodies():
    city = "(三)提升能力。全市80%以上的卫生院达标。(市卫生健康委牵头,市财政局配合)\n"
    assert _meta(city).level is Level.CITY and _meta(city).region is None
    assert _meta("(二)推进改革。全县推开。(县卫生健康局负责)\n").level is Level.COUNTY
    assert _meta("(二)推进改革。全市推开。(县卫生健康局负责)\n").level is None  # two levels: left open
    assert _meta("(一)加强监管。市场监管部门负责。\n").level is None


def test_summary_and_plan_title_takes_the_plan_year_and_is_a_work_report():
    meta = _meta("某市卫生健康局2020年工作总结暨2021年工作要点\n正文。\n某市卫生健康局\n2021年2月3日\n")
    assert (meta.year, meta.kind) == (2021, "work report")
    assert _meta("关于做好2024年基层卫生重点工作的通知\n正文。\n").kind == "work points"
