"""Extraction on held-out style documents: other provinces, other phrasings, other encodings.

tests/fixtures/heldout/ holds eight documents with gold in the dev-set gold shape (see bench/score_heldout.py
for the full scores). These tests pin the facts an analyst relies on: metadata, the lead and support bodies of
named tasks, target values and comparators, and that achieved figures are not read as targets. Known failures
are marked xfail(strict=True) with the failing phrasing, so a fix shows up as XPASS and the mark must go.
"""
from __future__ import annotations

import codecs
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from loaders import extract_file
from loaders.interchange import to_interchange

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.txt"))
STORED_AS = {"gx_2022_work_points": "gb18030", "jiangxi_14th_plan_excerpt": "gb18030",
             "yongning_2022_work_points": "utf-16"}


def known_bug(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


@lru_cache(maxsize=None)
def extracted(name: str) -> dict:
    return to_interchange(extract_file(FIXTURES / f"{name}.txt"))


@lru_cache(maxsize=None)
def gold(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def source(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_bytes().decode(STORED_AS.get(name, "utf-8"))


def task(name: str, key: str) -> dict:
    """The predicted task whose id or title is KEY."""
    found = [t for t in extracted(name)["tasks"] if key in (t["id"], t["title"])]
    assert found, f"no task {key} in {name}: {[(t['id'], t['title']) for t in extracted(name)['tasks']]}"
    return found[0]


def targets_in(name: str, clause: str) -> list[dict]:
    """Predicted targets whose source text lies inside CLAUSE or contains it."""
    return [t for t in extracted(name)["targets"] if t["text"] and (t["text"] in clause or clause in t["text"])]


def target(name: str, clause: str, value: str) -> dict:
    """The predicted target from CLAUSE whose value is VALUE (or ends with it: 每年提高2个百分点)."""
    found = [t for t in targets_in(name, clause) if t["value"] and t["value"].endswith(value)]
    assert found, f"no target {value} in «{clause}»: {targets_in(name, clause)}"
    return found[0]


def numbers_of_targets(name: str) -> set[str]:
    return {t["value"] for t in extracted(name)["targets"]}


# ---------------------------------------------------------------- the fixtures themselves

@pytest.mark.parametrize("name", NAMES)
def test_fixture_gold_quotes_its_source(name: str) -> None:
    raw = (FIXTURES / f"{name}.txt").read_bytes()
    if name == "yongning_2022_work_points":
        assert raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE)
    text, g = source(name), gold(name)
    quoted = [t["title"] for t in g["tasks"]] + [o for t in g["tasks"] for o in t["lead"] + t["support"]]
    quoted += [r["title"] for r in g["references"]]
    quoted += [t["text"] for t in g["targets"] if t.get("source") != "indicator table"]
    quoted += [a for p in g["programmes"] for a in p["aliases_seen"]]
    assert [q for q in quoted if q not in text] == []


@pytest.mark.parametrize("name", NAMES)
def test_evidence_quotes_the_original_text(name: str) -> None:
    text = source(name)

    def spans(node):
        if isinstance(node, dict):
            if {"start", "end", "quote"} <= node.keys():
                yield node
            for value in node.values():
                yield from spans(value)
        elif isinstance(node, list):
            for value in node:
                yield from spans(value)

    found = list(spans(extracted(name)))
    assert found
    assert [e for e in found if text[e["start"]:e["end"]] != e["quote"]] == []


# ---------------------------------------------------------------- aggregate floors (current levels)

def _bigrams(s: str) -> set[str]:
    s = re.sub(r"\W", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def _same_target(g: dict, p: dict) -> bool:
    gn, pn = re.search(r"\d+(?:\.\d+)?", g["value"] or ""), re.search(r"\d+(?:\.\d+)?", p["value"] or "")
    if not gn or not pn or float(gn.group()) != float(pn.group()):
        return False
    a, b = _bigrams(g["text"]), _bigrams(p["text"] or p["indicator"] or "")
    return g["text"] in (p["text"] or "") or (p["text"] or "") in g["text"] or 2 * len(a & b) / (len(a) + len(b)) >= 0.4


def test_target_recall_and_precision_floor() -> None:
    found = wanted = predicted = correct = 0
    for name in NAMES:
        g = [t for t in gold(name)["targets"] if not t.get("borderline")]
        borderline = [t for t in gold(name)["targets"] if t.get("borderline")]
        p = extracted(name)["targets"]
        wanted += len(g)
        found += sum(any(_same_target(t, q) for q in p) for t in g)
        usable = [q for q in p if not any(_same_target(t, q) for t in borderline)]
        predicted += len(usable)
        correct += sum(any(_same_target(t, q) for t in g) for q in usable)
    assert found / wanted >= 0.88, (found, wanted)
    assert correct / predicted >= 0.95, (correct, predicted)


# ---------------------------------------------------------------- 广西: 牵头处室/配合处室 and 【牵头单位】

GX = "gx_2022_work_points"


def test_gx_metadata() -> None:
    d = extracted(GX)["document"]
    assert (d["doc_number"], d["date"], d["level"], d["region"]) == (
        "桂卫办发〔2022〕3号", "2022-02-18", "province", "广西壮族自治区")
    assert d["issuer"] == "广西壮族自治区卫生健康委员会"
    assert d["title"] == "2022年全区卫生健康工作要点"


def test_gx_lead_and_support_in_chushi_brackets() -> None:
    t = task(GX, "（一）")
    assert (t["lead"], t["support"]) == (["疾病预防控制处"], ["医政医管处", "应急办"])


def test_gx_split_leads() -> None:
    t = task(GX, "（九）")
    assert sorted(t["lead"]) == ["中医药医政处", "中医药综合处"] and t["split"]


def test_gx_lead_and_support_in_lenticular_labels() -> None:
    t = task(GX, "（三）")
    assert (t["lead"], t["support"]) == (["基层卫生健康处"], ["体制改革处", "财务处"])


def test_gx_mortality_targets() -> None:
    assert target(GX, "全区孕产妇死亡率控制在12/10万以下", "12/10万")["comparator"] == "<="
    assert target(GX, "婴儿死亡率控制在5‰以下", "5‰")["comparator"] == "<="


def test_gx_target_after_achievement_in_same_sentence() -> None:
    assert target(GX, "农村低收入人口家庭医生签约率保持在95%以上", "95%")["comparator"] == ">="


def test_gx_achievement_is_not_a_target() -> None:
    assert "12.6万人" not in numbers_of_targets(GX)


# ---------------------------------------------------------------- 内蒙古: 一、/（一）/1. and label lines

NMG = "nmg_2023_work_points"


def test_nmg_metadata_with_two_line_notice() -> None:
    d = extracted(NMG)["document"]
    assert (d["doc_number"], d["date"], d["issuer"], d["level"]) == (
        "内卫字〔2023〕12号", "2023-03-06", "内蒙古自治区卫生健康委员会", "province")


def test_nmg_three_level_items_are_tasks() -> None:
    titles = [t["title"] for t in extracted(NMG)["tasks"]]
    assert "保障母婴安全" in titles and len(titles) == 12


def test_nmg_lead_and_support_label_lines() -> None:
    t = task(NMG, "深化公立医院薪酬制度改革")
    assert (t["lead"], t["support"]) == (["人事处"], ["财务处", "体制改革处"])


def test_nmg_single_body_responsibility_label_line() -> None:
    assert task(NMG, "保障母婴安全")["lead"] == ["妇幼健康处"]


def test_nmg_first_listed_body_leads() -> None:
    t = task(NMG, "推进医养结合发展")
    assert (t["lead"], t["support"]) == (["老龄健康处"], ["基层卫生健康处"])


def test_nmg_change_against_baseline_year_is_a_trend() -> None:
    assert target(NMG, "布病新发病例数较2022年下降5%", "5%")["comparator"] == "trend"


def test_nmg_baseline_year_is_not_the_target_year() -> None:
    assert target(NMG, "布病新发病例数较2022年下降5%", "5%")["year"] != 2022


def test_nmg_emr_level_target() -> None:
    assert target(NMG, "二级以上公立医院电子病历应用水平平均达到4级", "4级")["comparator"] == ">="


def test_nmg_scope_count_is_not_a_target() -> None:
    assert "12个" not in numbers_of_targets(NMG)


def test_nmg_achievement_is_not_a_target() -> None:
    assert "86家" not in numbers_of_targets(NMG)


# ---------------------------------------------------------------- 宝鸡: half-width, 第一章/第一节, TAB table

BJ = "baoji_2021_action_plan"


def test_bj_metadata() -> None:
    d = extracted(BJ)["document"]
    assert (d["doc_number"], d["date"], d["level"], d["region"], d["issuer"]) == (
        "宝政办发〔2021〕18号", "2021-06-28", "city", "宝鸡市", "宝鸡市人民政府办公室")


def test_bj_halfwidth_lead_with_support_by_division_of_duties() -> None:
    t = task(BJ, "(1)")
    assert (t["lead"], t["support"]) == (["市卫生健康委"], ["市发展改革委", "市财政局"])


def test_bj_huitong_gives_lead_and_support() -> None:
    t = task(BJ, "(2)")
    assert (t["lead"], t["support"]) == (["市卫生健康委"], ["市医保局"])


def test_bj_deng_is_not_a_body() -> None:
    t = task(BJ, "(6)")
    assert (t["lead"], t["support"]) == (["市卫生健康委"], ["市大数据局", "市工信局"])


def test_bj_joint_responsibility_without_lead_word() -> None:
    assert sorted(task(BJ, "(7)")["lead"]) == sorted(["市民政局", "市卫生健康委"])


def test_bj_indicator_table_rows() -> None:
    rows = {t["indicator"]: t for t in extracted(BJ)["targets"] if t.get("source") == "indicator table"}
    mmr = next(t for k, t in rows.items() if k.startswith("孕产妇死亡率"))
    assert (float(mmr["number"]), mmr["comparator"], mmr["year"], mmr["nature"]) == (10.0, "<=", 2023, "约束性")
    life = next(t for k, t in rows.items() if k.startswith("人均预期寿命"))
    assert (float(life["number"]), life["comparator"]) == (78.0, "~")
    assert len(rows) == 8


def test_bj_baseline_column_is_not_a_target() -> None:
    numbers = {float(t["number"]) for t in extracted(BJ)["targets"] if t.get("number") is not None}
    assert not numbers & {11.2, 4.1, 85.0, 45.0, 20.5, 6.9}


def test_bj_emr_level_targets() -> None:
    assert target(BJ, "三级医院电子病历系统应用水平达到5级", "5级")["comparator"] == ">="


def test_bj_per_year_trend() -> None:
    assert target(BJ, "家庭医生签约服务覆盖率每年提高2个百分点", "2个百分点")["comparator"] == "trend"


def test_bj_per_year_is_recorded() -> None:
    assert target(BJ, "家庭医生签约服务覆盖率每年提高2个百分点", "2个百分点")["per"] == "每年"


# ---------------------------------------------------------------- 永宁县: UTF-16 notice, Chinese-numeral date

YN = "yongning_2022_work_points"


def test_yn_metadata_from_utf16_notice() -> None:
    doc = extracted(YN)
    d = doc["document"]
    assert doc["encoding"].lower().replace("_", "-").startswith("utf-16")
    assert (d["doc_number"], d["date"], d["year"], d["level"]) == ("永卫发[2022]7号", "2022-03-15", 2022, "county")
    assert d["issuer"] == "永宁县卫生健康局" and d["title"] == "永宁县2022年卫生健康工作要点"
    assert d["parent_region"] == "银川市"


def test_yn_county_section_leads() -> None:
    t = task(YN, "二/（一）")
    assert (t["lead"], t["support"]) == (["医政医管股"], ["各乡镇卫生院"])


def test_yn_shared_value_gives_two_targets() -> None:
    assert len([t for t in targets_in(YN, "高血压、糖尿病患者规范管理率均达到70%") if t["value"] == "70%"]) == 2


def test_yn_about_comparator() -> None:
    assert target(YN, "县域内就诊率稳定在90%左右", "90%")["comparator"] == "~"


def test_yn_achieved_zero_is_not_a_target() -> None:
    assert not targets_in(YN, "2021年全县孕产妇死亡率为0")


# ---------------------------------------------------------------- 江西: 十四五 plan excerpt in GB18030

JX = "jiangxi_14th_plan_excerpt"


def test_jx_metadata() -> None:
    d = extracted(JX)["document"]
    assert (d["region"], d["level"]) == ("江西省", "province")
    assert d["title"].startswith("江西省“十四五”卫生健康发展规划")


def test_jx_background_and_goals_are_not_tasks() -> None:
    assert [t["title"] for t in extracted(JX)["tasks"]] == [t["title"] for t in gold(JX)["tasks"]]


@pytest.mark.parametrize(("clause", "value", "comparator"), [
    ("人均预期寿命达到79岁左右", "79岁", "~"),
    ("孕产妇死亡率控制在10/10万以下", "10/10万", "<="),
    ("婴儿死亡率≤5‰", "5‰", "<="),
    ("每千人口执业（助理）医师数达到3.2人", "3.2人", ">="),
    ("每万人口全科医生数不少于3.5人", "3.5人", ">="),
    ("家庭医生签约服务覆盖率稳定在75%以上", "75%", ">="),
    ("15岁以上人群吸烟率降低到20%以下", "20%", "<="),
])
def test_jx_target_phrasings(clause: str, value: str, comparator: str) -> None:
    assert target(JX, clause, value)["comparator"] == comparator


def test_jx_change_against_baseline_is_a_trend() -> None:
    assert target(JX, "重大慢性病过早死亡率比2020年下降10%", "10%")["comparator"] == "trend"


def test_jx_baseline_year_is_not_the_target_year() -> None:
    assert target(JX, "重大慢性病过早死亡率比2020年下降10%", "10%")["year"] != 2020


def test_jx_jiangzhi_target() -> None:
    assert target(JX, "个人卫生支出占卫生总费用的比例降至27%以下", "27%")["comparator"] == "<="


def test_jx_average_growth_target() -> None:
    assert target(JX, "全省卫生总费用年均增长8%左右", "8%")


def test_jx_achievements_are_not_targets() -> None:
    assert not numbers_of_targets(JX) & {"77.6岁", "8.86/10万", "4.03‰", "2.37人", "42个"}


# ---------------------------------------------------------------- 四川: task-division table

SC = "sichuan_2022_task_table"


def test_sc_metadata() -> None:
    d = extracted(SC)["document"]
    assert (d["doc_number"], d["date"], d["level"], d["issuer"]) == (
        "川卫发〔2022〕21号", "2022-04-02", "province", "四川省卫生健康委员会")


def test_sc_targets_inside_table_cells() -> None:
    assert target(SC, "常住人口家庭医生签约服务覆盖率达到35%以上", "35%")["comparator"] == ">="
    assert target(SC, "由县级中医医院牵头组建的县域医共体不少于20个", "20个")["comparator"] == ">="


def test_sc_table_rows_are_tasks() -> None:
    assert [t["id"] for t in extracted(SC)["tasks"]] == [str(i) for i in range(1, 10)]


def test_sc_table_lead_column() -> None:
    t = task(SC, "8")
    assert t["lead"] == ["各市（州）卫生健康委"]


# ---------------------------------------------------------------- fragments

FC, FY = "frag_city_basic_care", "frag_county_payment"


def test_fragment_city_responsibility_and_targets() -> None:
    t = task(FC, "（三）")
    assert (t["lead"], t["support"]) == (["市卫生健康委"], ["市发展改革委", "市财政局", "市人力资源社会保障局"])
    assert target(FC, "家庭医生签约服务覆盖率不低于40%", "40%")["year"] == 2023


def test_fragment_city_level() -> None:
    assert extracted(FC)["document"]["level"] == "city"


def test_fragment_county_huitong_halfwidth() -> None:
    t = task(FY, "2")
    assert (t["lead"], t["support"]) == (["县卫生健康局"], ["县医疗保障局"])
    t = target(FY, "2022年力争达到88%以上", "88%")
    assert (t["comparator"], t["year"]) == (">=", 2022)


def test_fragment_county_past_figure_is_not_a_target() -> None:
    assert "82.6%" not in numbers_of_targets(FY)
