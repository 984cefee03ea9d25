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
