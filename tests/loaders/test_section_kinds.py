"""Sections that hold no tasks: reviews of past work (no targets either) beside background sections."""
from __future__ import annotations

import pytest

from loaders import extract_text, structure
from loaders.section_kinds import is_excluded, is_review
from loaders.text import SourceText

SUMMARY_PLAN = (
    "某市卫生健康局2021年工作总结及2022年工作安排\n"
    "一、2021年工作开展情况\n"
    "（一）医疗资源持续扩容。全市每千人口床位数达到6.2张，新建社区卫生服务中心3个。\n"
    "（二）疾病防控有力有效。居民健康素养水平提升至25.6%。\n"
    "二、主要问题与不足\n"
    "一是基层服务能力偏弱；二是人才队伍结构不优。\n"
    "三、2022年工作安排\n"
    "1.提升基层能力。年内新建社区卫生服务中心2个，居民健康素养水平达到27%以上。\n"
    "2.加强人才建设。引进紧缺人才不少于20名。\n"
    "某市卫生健康局\n2022年1月6日\n"
)


@pytest.mark.parametrize("title", ["2021年工作开展情况", "一年来取得的成绩", "“十三五”时期主要成就", "存在的问题",
                                   "2021年度全市卫生健康工作总结", "过去五年的工作回顾", "问题和不足"])
def test_review_headings(title: str) -> None:
    assert is_review(title, top_level=True)


@pytest.mark.parametrize(("title", "top_level"), [
    ("2021年工作总结和2022年工作计划", True),  # names the plan too
    ("存在的问题及下一步工作打算", True),
    ("加强督导总结", False),  # a task heading further down
    ("深化医药卫生体制改革", True),
    ("推广典型经验", False),
])
def test_not_review_headings(title: str, top_level: bool) -> None:
    assert not is_review(title, top_level)


def test_short_review_word_counts_only_at_the_top() -> None:
    assert is_review("上半年工作成效", top_level=True)
    assert not is_review("巩固拓展工作成效", top_level=False)
    assert not is_review("做好年度总结", top_level=False)


def test_background_headings_stay_excluded_not_review() -> None:
    assert is_excluded("总体要求") and not is_review("总体要求", top_level=True)


def test_review_sections_yield_no_tasks_and_are_marked() -> None:
    src = SourceText.from_text(SUMMARY_PLAN, doc_id="t")
    parsed = structure.parse(src)
    assert [t.id for t in parsed.tasks] == ["三/1", "三/2"]
    assert len(parsed.review_spans) == 2
    first = src.text.index("一、2021年")
    assert parsed.in_review(first) and parsed.in_review(src.text.index("一是基层"))
    assert not parsed.in_review(src.text.index("1.提升基层"))


def test_review_sections_yield_no_targets_and_the_plan_year_dates_the_document() -> None:
    ext = extract_text(SUMMARY_PLAN)
    assert ext.meta.year == 2022
    assert ext.meta.kind == "work report"
    assert {(t.value, t.year) for t in ext.targets} == {("2个", 2022), ("27%", 2022), ("20名", None)}


def test_review_sections_keep_their_indicator_table() -> None:
    text = ("一、发展现状\n全省人均预期寿命达到77.8岁。\n"
            "指标名称\t2020年\t2025年\t指标性质\n人均预期寿命(岁)\t77.8\t79\t预期性\n"
            "二、重点任务\n（一）加强基层。内容。\n")
    ext = extract_text(text)
    assert [t.value for t in ext.targets if t.source == "indicator table"]
    assert "77.8岁" not in {t.value for t in ext.targets}
