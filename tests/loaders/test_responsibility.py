"""Responsibility clauses in the phrasings documents use, and the sentences that must not be read as them."""
from __future__ import annotations

import pytest

from loaders import structure
from loaders.records import Role
from loaders.responsibility import find_clauses, parse_clause
from loaders.text import SourceText


def roles(clause: str) -> list[tuple[str, str, bool]] | None:
    found = parse_clause(clause)
    return None if found is None else [(a.org, a.role.value, a.split) for a in found]


def task_of(text: str):
    parsed = structure.parse(SourceText.from_text(text, doc_id="t"))
    return parsed, parsed.tasks[0]


@pytest.mark.parametrize(("clause", "expected"), [
    ("规信处负责", [("规信处", "lead", False)]),
    ("规信处牵头,体改处、医政医管处配合", [("规信处", "lead", False), ("体改处", "support", False),
                                          ("医政医管处", "support", False)]),
    ("体改处、药政处分别负责", [("体改处", "lead", True), ("药政处", "lead", True)]),
    ("医政医管处负责,办公室配合", [("医政医管处", "lead", False), ("办公室", "support", False)]),
    ("牵头单位:省卫生健康委;配合单位:省发展改革委、省财政厅",
     [("省卫生健康委", "lead", False), ("省发展改革委", "support", False), ("省财政厅", "support", False)]),
    ("责任单位:省卫生健康委、省医保局", [("省卫生健康委", "lead", False), ("省医保局", "lead", False)]),
    ("责任单位:市卫健委牵头,市财政局配合", [("市卫健委", "lead", False), ("市财政局", "support", False)]),
    ("省卫生健康委牵头,各市政府按职责分工负责", [("省卫生健康委", "lead", False), ("各市政府", "support", False)]),
    ("省卫生健康委会同省财政厅负责", [("省卫生健康委", "lead", False), ("省财政厅", "support", False)]),
    ("省疾控局牵头,省教育厅、省体育局等参与", [("省疾控局", "lead", False), ("省教育厅", "support", False),
                                              ("省体育局", "support", False)]),
    ("省卫生健康委和省医保局负责", [("省卫生健康委", "lead", False), ("省医保局", "lead", False)]),
    ("省发展和改革委员会负责", [("省发展和改革委员会", "lead", False)]),
    ("由区卫健局牵头负责", [("区卫健局", "lead", False)]),
    ("各县(市、区)人民政府负责", [("各县(市、区)人民政府", "lead", False)]),
    ("自治区卫生健康委牵头,自治区医保局及自治区药监局等部门配合",
     [("自治区卫生健康委", "lead", False), ("自治区医保局", "support", False), ("自治区药监局", "support", False)]),
])
def test_clause_phrasings(clause, expected):
    assert roles(clause) == expected


@pytest.mark.parametrize("clause", [
    "以威海卫人民医院为牵头单位,将威海卫人民医院建成区域医疗中心",
    "以下简称省卫健委",
    "2019-2030年",
    "试行",
    "由三级公立医院牵头组建",
    "医院负责人",
])
def test_ordinary_text_is_not_a_clause(clause):
    assert parse_clause(clause) is None


def test_full_width_brackets_in_running_text_give_lead_support_and_evidence():
    text = "（一）加强监管。健全监管执法队伍。（省卫生健康委牵头，省市场监管局、省医保局等部门配合）\n"
    parsed, task = task_of(text)
    assert task.lead == ("省卫生健康委",)
    assert task.support == ("省市场监管局", "省医保局")
    assert task.responsibility_text == "（省卫生健康委牵头，省市场监管局、省医保局等部门配合）"
    quotes = [(r.org, r.role, r.evidence.quote) for r in parsed.responsibilities]
    assert quotes == [("省卫生健康委", Role.LEAD, "省卫生健康委"), ("省市场监管局", Role.SUPPORT, "省市场监管局"),
                      ("省医保局", Role.SUPPORT, "省医保局")]
    for r in parsed.responsibilities:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.quote


def test_split_assignment_marks_task_and_records():
    parsed, task = task_of("（五）协同改革。内容。(体改处、药政处分别负责)\n")
    assert task.split and task.lead == ("体改处", "药政处")
    assert all(r.split for r in parsed.responsibilities)


def test_label_lines_on_their_own_lines():
    text = "1.加强基层。内容。\n牵头单位：区卫健局\n配合单位：区财政局、区人社局\n2.强化监管。内容。\n责任单位：\n县卫健局、县医保局\n"
    parsed = structure.parse(SourceText.from_text(text, doc_id="t"))
    first, second = parsed.tasks
    assert first.lead == ("区卫健局",) and first.support == ("区财政局", "区人社局")
    assert second.lead == ("县卫健局", "县医保局") and second.support == ()


def test_bracketed_label_form_and_half_width_semicolon():
    parsed, task = task_of("（三）推进改革。内容。【牵头单位】市卫健委;【配合单位】市医保局\n")
    assert task.lead == ("市卫健委",) and task.support == ("市医保局",)


def test_sentences_naming_a_lead_hospital_are_not_responsibility_lines():
    text = "（一）加快推进医院集团建设。以威海卫人民医院为牵头单位，组建医院集团（由区卫健局统筹）。\n"
    parsed, task = task_of(text)
    assert task.lead == () and task.support == () and parsed.responsibilities == ()


def test_find_clauses_returns_spans_in_order():
    text = "加强监管。(体改处牵头,监督处配合)\n牵头单位:省卫生健康委"
    clauses = find_clauses(text)
    assert [text[c.start:c.end] for c in clauses] == ["(体改处牵头,监督处配合)", "牵头单位:省卫生健康委"]


def test_a_heading_clause_applies_to_items_without_their_own():
    text = ("一、加强基层能力建设（省卫生健康委牵头，省财政厅配合）\n1.培养全科医生。内容。\n"
            "2.改善设施条件。内容。（省发展改革委负责）\n")
    parsed = structure.parse(SourceText.from_text(text, doc_id="t"))
    first, second = parsed.tasks
    assert first.lead == ("省卫生健康委",) and first.support == ("省财政厅",)
    assert second.lead == ("省发展改革委",) and second.support == ()


def test_a_clause_in_the_heading_is_not_part_of_the_title():
    parsed, task = task_of("（一）加强基层（省卫健委负责）。内容。\n（二）强化监管。内容。\n")
    assert task.title == "加强基层" and task.lead == ("省卫健委",)


# --- phrasings from other provinces and counties (invented examples) ------------------------------

@pytest.mark.parametrize(("clause", "expected"), [
    # 【label】 after 【label】 on one line
    ("【牵头单位】医政科【配合单位】财务科、基层科",
     [("医政科", "lead", False), ("财务科", "support", False), ("基层科", "support", False)]),
    # an explicit lead beside a 责任单位 label: the responsible bodies support it
    ("牵头单位:县卫健局;责任单位:县医保局、县财政局",
     [("县卫健局", "lead", False), ("县医保局", "support", False), ("县财政局", "support", False)]),
    ("【牵头部门】县卫健局【责任单位】各乡镇卫生院", [("县卫健局", "lead", False), ("各乡镇卫生院", "support", False)]),
    # 按职责分工负责 with no lead word: every body leads; beside 牵头 they support
    ("市卫生健康委、市民政局按职责分工负责", [("市卫生健康委", "lead", False), ("市民政局", "lead", False)]),
    ("县卫健局牵头,县医保局、县财政局按职责分工负责",
     [("县卫健局", "lead", False), ("县医保局", "support", False), ("县财政局", "support", False)]),
    # county bodies: 股 / 室 / 站 / 中心 / 办 / 院, and 各X as one body
    ("医政医管股牵头,各乡镇卫生院配合", [("医政医管股", "lead", False), ("各乡镇卫生院", "support", False)]),
    ("疾控股牵头,各村卫生室、县疾控中心配合",
     [("疾控股", "lead", False), ("各村卫生室", "support", False), ("县疾控中心", "support", False)]),
    ("妇幼保健站负责", [("妇幼保健站", "lead", False)]),
    ("县医疗保障办、县人民医院负责", [("县医疗保障办", "lead", False), ("县人民医院", "lead", False)]),
    # 共同负责 / 具体负责 lead
    ("县卫健局、县民政局共同负责", [("县卫健局", "lead", False), ("县民政局", "lead", False)]),
    ("各乡镇卫生院具体负责", [("各乡镇卫生院", "lead", False)]),
    # a guiding body has no role
    ("县卫健局指导,各乡镇卫生院负责", [("各乡镇卫生院", "lead", False)]),
    # 协助 / 协同 support, 会同 names the lead first
    ("市卫生健康委负责,市医保局协助", [("市卫生健康委", "lead", False), ("市医保局", "support", False)]),
    ("市卫生健康委牵头,市医保局协同", [("市卫生健康委", "lead", False), ("市医保局", "support", False)]),
    ("县卫健局会同县医保局负责", [("县卫健局", "lead", False), ("县医保局", "support", False)]),
    # a role marked after a name in a list
    ("责任单位:市卫生健康委(牵头)、市医保局、市财政局",
     [("市卫生健康委", "lead", False), ("市医保局", "support", False), ("市财政局", "support", False)]),
])
def test_other_phrasings(clause, expected):
    assert roles(clause) == expected


@pytest.mark.parametrize("clause", ["县卫健局指导", "加强业务指导", "以县人民医院为指导", "控股公司股东负责"])
def test_guidance_and_ordinary_text_give_no_clause(clause):
    assert parse_clause(clause) is None


@pytest.mark.parametrize("rule", ["各项任务责任单位中,列第一位的为牵头单位。", "责任单位排在首位的为牵头单位。",
                                  "所列单位中第一个单位为牵头单位。", "(排名第一的为牵头单位,其余为配合单位)"])
def test_a_stated_first_listed_rule_makes_the_first_responsible_body_lead(rule):
    text = (f"{rule}\n（一）加强基层。内容。\n责任单位：县卫健局、县医保局、县财政局\n"
            "（二）推进医养。内容。（县民政局、县卫健局负责）\n（三）强化改革。内容。（县卫健局、县医保局分别负责）\n"
            "（四）改善服务。内容。（县卫健局牵头，县医保局配合）\n")
    first, second, third, fourth = structure.parse(SourceText.from_text(text, doc_id="t")).tasks
    assert (first.lead, first.support) == (("县卫健局",), ("县医保局", "县财政局"))
    assert (second.lead, second.support) == (("县民政局",), ("县卫健局",))
    assert (third.lead, third.support, third.split) == (("县卫健局", "县医保局"), (), True)
    assert (fourth.lead, fourth.support) == (("县卫健局",), ("县医保局",))


def test_without_a_stated_rule_every_responsible_body_leads():
    text = "（一）加强基层。内容。\n责任单位：县卫健局、县医保局、县财政局\n（二）推进医养。内容。\n"
    task = structure.parse(SourceText.from_text(text, doc_id="t")).tasks[0]
    assert (task.lead, task.support) == (("县卫健局", "县医保局", "县财政局"), ())


def test_responsibility_label_after_a_sentence_and_before_a_deadline():
    text = ("（一）加强基层。内容。责任单位：县卫健局、县医保局。完成时限：2023年底\n"
            "（二）强化监管。内容。责任单位：县市场监管局（牵头）、县卫健局\n")
    first, second = structure.parse(SourceText.from_text(text, doc_id="t")).tasks
    assert (first.lead, first.support) == (("县卫健局", "县医保局"), ())
    assert (second.lead, second.support) == (("县市场监管局",), ("县卫健局",))


def test_bodies_are_named_as_written_with_evidence():
    text = "（一）加强基层。内容。（各市（州）卫生健康委牵头，委机关各处室配合）\n"
    parsed, task = task_of(text)
    assert task.lead == ("各市（州）卫生健康委",) and task.support == ("委机关各处室",)
    first = parsed.responsibilities[0]
    assert (first.org, first.evidence.quote) == ("各市（州）卫生健康委", "各市（州）卫生健康委")


@pytest.mark.parametrize(("clause", "expected"), [
    ("牵头单位:县卫健局,配合单位:县医保局、县财政局",
     [("县卫健局", "lead", False), ("县医保局", "support", False), ("县财政局", "support", False)]),
    ("县卫健局牵头,各乡镇政府落实", [("县卫健局", "lead", False), ("各乡镇政府", "support", False)]),
    ("各县区政府负责落实", [("各县区政府", "lead", False)]),
    ("县卫健局牵头,县医保局配合实施", [("县卫健局", "lead", False), ("县医保局", "support", False)]),
    ("主办单位:县卫健局;协办单位:县教育局", [("县卫健局", "lead", False), ("县教育局", "support", False)]),
])
def test_labels_after_commas_and_carrying_out_verbs(clause, expected):
    assert roles(clause) == expected


@pytest.mark.parametrize("clause", ["按要求落实", "2019年实施", "逐步落实"])
def test_carrying_out_without_bodies_is_not_a_clause(clause):
    assert parse_clause(clause) is None
