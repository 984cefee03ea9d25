"""Quantified targets: running-text goals, indicator tables, and what is not a target."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.records import Comparator, DocumentMeta
from loaders.structure import ParsedStructure
from loaders.targets import extract
from loaders.text import SourceText

NO_STRUCTURE = ParsedStructure(sections=(), tasks=(), spans=())
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def targets(text: str, year: int | None = None):
    src = SourceText.from_text(text, doc_id="t")
    return extract(src, NO_STRUCTURE, DocumentMeta(year=year))


def one(text: str, year: int | None = None):
    found = targets(text, year)
    assert len(found) == 1, [(t.indicator, t.value) for t in found]
    return found[0]


# ------------------------------------------------------------------ comparators and values

@pytest.mark.parametrize(("text", "value", "comparator"), [
    ("到2025年，全省孕产妇死亡率控制在12/10万以下。", "12/10万", Comparator.LE),
    ("到2025年,全省孕产妇死亡率不高于9.8/10万。", "9.8/10万", Comparator.LE),
    ("婴儿死亡率≤5‰，5岁以下儿童死亡率≤6.5‰。", "5‰", Comparator.LE),
    ("全县严重精神障碍患者规范管理率≥85%。", "85%", Comparator.GE),
    ("全区居民健康素养水平达到28%以上。", "28%", Comparator.GE),
    ("全市高血压患者规范管理率不低于65％。", "65％", Comparator.GE),
    ("个人卫生支出占卫生总费用的比重下降到26%左右。", "26%", Comparator.APPROX),
    ("总投资约2.3亿元。", "2.3亿元", Comparator.APPROX),
    ("每千常住人口医疗卫生机构床位数达到7.5张。", "7.5张", Comparator.GE),
    ("新建8所乡镇卫生院。", "8所", Comparator.EQ),
    ("每个县至少建成1家县级中医医院。", "1家", Comparator.GE),
    ("医疗费用增长幅度控制在8%以内。", "8%", Comparator.LE),
    ("全市学生体质健康达标率提高到92%以上。", "92%", Comparator.GE),
])
def test_value_and_comparator(text, value, comparator):
    target = targets(text)[0]
    assert (target.value, target.comparator) == (value, comparator)


def test_rate_per_hundred_thousand_written_with_backslash():
    target = one("到2025年，孕产妇死亡率不高于10.5\\10万。")
    assert target.number == 10.5 and target.unit == "/10万" and target.comparator is Comparator.LE


def test_percent_and_permille_keep_their_units():
    found = targets("婴儿死亡率控制在4‰以下，产前筛查率达到80%。")
    assert [(t.number, t.unit) for t in found] == [(4.0, "‰"), (80.0, "%")]


def test_full_coverage_at_100_percent_is_a_state_not_a_floor():
    assert one("全市村卫生室标准化建设覆盖率100%。").comparator is Comparator.EQ
    assert one("脱贫人口家庭医生签约率保持在100%。").comparator is Comparator.EQ


def test_reaching_100_percent_is_a_floor():
    assert one("全市村卫生室标准化建设覆盖率达到100%。").comparator is Comparator.GE
    assert one("发热门诊设置率达100%。").comparator is Comparator.GE


def test_value_list_shares_the_first_comparator():
    found = targets("社区卫生服务中心、乡镇卫生院提供中医药服务的比例分别达到100%、98%。")
    assert [(t.value, t.comparator) for t in found] == [("100%", Comparator.GE), ("98%", Comparator.GE)]


def test_enumerated_indicators_each_get_their_own_name():
    found = targets("至2025年末，新生儿听力筛查率≥95%、新生儿遗传代谢病筛查率≥97%。")
    assert [(t.indicator, t.value, t.year) for t in found] == [
        ("新生儿听力筛查率", "95%", 2025), ("新生儿遗传代谢病筛查率", "97%", 2025)]


def test_count_first_lists_name_the_following_noun():
    found = targets("建设2个省级重点专科、3个市级重点专科。")
    assert [(t.value, t.indicator) for t in found] == [("2个", "省级重点专科数"), ("3个", "市级重点专科数")]


def test_chinese_numeral_counts_after_a_verb():
    found = targets("每个县（市、区）建设一家县域医共体和一家城市医疗集团，每年至少开展两次督导检查。")
    assert [(t.value, t.number, t.comparator) for t in found] == [
        ("一家", 1.0, Comparator.EQ), ("一家", 1.0, Comparator.EQ), ("两次", 2.0, Comparator.GE)]


def test_population_ratio_is_one_value():
    target = one("院前急救救护车达到每2万人口配置1辆。")
    assert target.value == "每2万人口配置1辆" and target.comparator is Comparator.GE


# ------------------------------------------------------------------ trends

def test_numeric_trend_per_year():
    target = one("全省儿童青少年总体近视率力争每年降低1个百分点以上。")
    assert (target.comparator, target.value, target.indicator, target.per) == (
        Comparator.TREND, "1个百分点", "儿童青少年总体近视率", "每年")


def test_trend_against_last_year():
    target = one("居民健康素养水平比上年提高3个百分点。")
    assert (target.comparator, target.value) == (Comparator.TREND, "3个百分点")


def test_direction_phrase_splits_a_list_of_rates():
    found = targets("力争全市孕产妇死亡率、婴儿死亡率和5岁以下儿童死亡率保持下降态势。")
    assert [t.indicator for t in found] == ["孕产妇死亡率", "婴儿死亡率", "5岁以下儿童死亡率"]
    assert {t.comparator for t in found} == {Comparator.TREND}


# ------------------------------------------------------------------ years

@pytest.mark.parametrize(("text", "year"), [
    ("到2025年，全市每万人口全科医生数达到4名。", 2025),
    ("至2024年底，全县孕产妇系统管理率达到92%。", 2024),
    ("2023年底前，完成12所村卫生室改造。", 2023),
    ("到“十四五”末期，建成2个区域医疗中心。", 2025),
    ("到\"十五五\"末，建成3个区域医疗中心。", 2030),
    ("新建5个社区卫生服务中心。", None),
])
def test_year_from_the_sentence(text, year):
    assert one(text, year=2022).year == year


def test_year_end_takes_the_document_year():
    target = one("各县区年底前全部完成本级方案制定。", year=2021)
    assert target.year == 2021 and target.comparator is Comparator.EQ


def test_completion_state_needs_a_deadline():
    assert one("2024年在全市铺开。", year=2023).value == "铺开"
    assert targets("逐步在全市铺开。", year=2023) == []


# ------------------------------------------------------------------ not targets

@pytest.mark.parametrize("text", [
    "为65岁及以上老年人免费开展健康体检。",
    "为60岁以上贫困白内障患者实施手术。",
    "促进3岁以下婴幼儿照护服务发展。",
    "实施农村妇女“两癌”筛查，落实“三个一批”行动，开展十大行动。",
    "二级以上医院全面开展预约诊疗。",
    "从2015年的5.4张增加到2020年的6.7张。",
    "截至2020年底，全市已建成家庭医生团队320个。",
    "“十三五”期间，累计完成乡镇卫生院改造46所。",
    "按照《健康四川行动（2019-2030年）》要求推进工作。",
    "提出健康水平、健康服务等6类28个发展关键指标。",
])
def test_not_targets(text):
    assert targets(text, year=2022) == []


def test_background_section_is_history():
    text = "一、发展基础\n全市共有医疗卫生机构1200家，床位数达到9000张。\n二、主要目标\n到2025年，床位数达到9500张。\n"
    assert [t.value for t in targets(text, year=2021)] == ["9500张"]


def test_earlier_deadline_than_the_document_is_history():
    assert targets("到2020年末全市数字化接种门诊达75家。", year=2022) == []


# ------------------------------------------------------------------ achieved figures decided per clause

def test_goal_after_an_achievement_in_the_same_sentence_is_kept():
    found = targets("“十三五”期间全市累计救治大病患者3.2万人，本年度脱贫人口家庭医生签约率保持在95%以上。", year=2022)
    assert [(t.indicator, t.value, t.comparator) for t in found] == [("脱贫人口家庭医生签约率", "95%", Comparator.GE)]


def test_current_figure_with_a_past_year_is_not_a_goal():
    found = targets("2021年全市县域内就诊率为86.1%,2022年力争达到90%以上。", year=2022)
    assert [(t.indicator, t.value, t.year) for t in found] == [("县域内就诊率", "90%", 2022)]


def test_past_year_before_a_later_one_is_history_without_a_document_year():
    found = targets("2020年全区基层诊疗量占比为52%,2021年力争达到60%。")
    assert [(t.indicator, t.value, t.year) for t in found] == [("基层诊疗量占比", "60%", 2021)]


def test_history_carries_until_a_new_time_is_stated():
    text = "截至2021年底，全省人均预期寿命达到78.2岁，婴儿死亡率下降到4.1‰；到2025年，婴儿死亡率控制在4‰以下。"
    assert [t.value for t in targets(text, year=2022)] == ["4‰"]


# ------------------------------------------------------------------ baseline years

@pytest.mark.parametrize(("text", "year"), [
    ("全省重大慢性病过早死亡率比2020年下降12%。", None),
    ("布病新发病例数较2023年下降8%。", None),
    ("到2027年，全市心脑血管疾病死亡率较2022年下降5%。", 2027),
    ("门诊次均费用增幅与2021年相比下降3%。", None),
])
def test_baseline_year_is_never_the_target_year(text, year):
    target = one(text, year=2024)
    assert (target.year, target.comparator) == (year, Comparator.TREND)
    assert "20" not in target.indicator and not target.indicator.endswith(("比", "较", "与"))


# ------------------------------------------------------------------ more phrasings

@pytest.mark.parametrize(("text", "value", "number", "comparator"), [
    ("二级以上公立医院电子病历应用水平平均达到4级。", "4级", 4.0, Comparator.GE),
    ("三级医院电子病历系统应用水平达到6级以上。", "6级", 6.0, Comparator.GE),
    ("个人卫生支出占卫生总费用的比例降至26%以下。", "26%", 26.0, Comparator.LE),
    ("全市卫生总费用年均增长7%左右。", "7%", 7.0, Comparator.TREND),
    ("全市医护比达到1:1.3。", "1:1.3", 1.3, Comparator.GE),
    ("人均预期寿命较2020年提高1岁。", "1岁", 1.0, Comparator.TREND),
    ("全县适龄儿童免疫规划疫苗接种率达到百分之九十五。", "百分之九十五", 95.0, Comparator.GE),
])
def test_more_phrasings(text, value, number, comparator):
    target = one(text, year=2022)
    assert (target.value, target.number, target.comparator) == (value, number, comparator)


def test_grades_without_a_comparator_are_names_not_targets():
    assert targets("推动3级医院开展日间手术。") == []


def test_elided_subject_borrows_the_measure_of_the_previous_value():
    found = targets("三级医院电子病历系统应用水平达到5级，二级医院达到3级以上。")
    assert [(t.indicator, t.value, t.comparator) for t in found] == [
        ("三级医院电子病历系统应用水平", "5级", Comparator.GE), ("二级医院电子病历系统应用水平", "3级", Comparator.GE)]


def test_value_drops_the_direction_verb_and_records_per_year():
    target = one("全市家庭医生签约服务覆盖率每年提高3个百分点。")
    assert (target.value, target.comparator, target.per) == ("3个百分点", Comparator.TREND, "每年")


def test_yearly_count_does_not_make_a_following_rate_yearly():
    found = targets("每年新建标准化村卫生室40个，乡镇卫生院达标率不低于85%。")
    assert [(t.value, t.per) for t in found] == [("40个", "每年"), ("85%", None)]


# ------------------------------------------------------------------ coordinated indicators

def test_shared_value_gives_one_target_per_indicator():
    found = targets("全县高血压、糖尿病患者规范管理率均达到65%。")
    assert [(t.indicator, t.value) for t in found] == [("高血压患者规范管理率", "65%"), ("糖尿病患者规范管理率", "65%")]


def test_respectively_pairs_names_with_values():
    found = targets("每千人口执业（助理）医师数和注册护士数分别达到3.1人和3.6人。")
    assert [(t.indicator, t.value) for t in found] == [("每千人口执业(助理)医师数", "3.1人"), ("每千人口注册护士数", "3.6人")]


def test_value_first_share_with_respectively():
    found = targets("力争90%以上的省级和市级疾控中心分别达到甲等和乙等标准。")
    assert [(t.indicator, t.value, t.comparator) for t in found] == [
        ("达到甲等标准的省级疾控中心比例", "90%", Comparator.GE), ("达到乙等标准的市级疾控中心比例", "90%", Comparator.GE)]


def test_listed_values_pair_with_listed_subjects_in_order():
    found = targets("社区卫生服务中心、村卫生室开展家庭医生签约服务达到98%、70%。")
    assert [(t.indicator, t.value) for t in found] == [
        ("开展家庭医生签约服务的社区卫生服务中心比例", "98%"), ("开展家庭医生签约服务的村卫生室比例", "70%")]


def test_share_written_before_its_subject_without_de():
    target = one("到2025年，100%二级以上公立医院设立发热门诊。")
    assert (target.indicator, target.comparator, target.year) == ("设立发热门诊的二级以上公立医院比例", Comparator.EQ, 2025)


def test_coordinated_names_without_a_marker_stay_whole():
    assert one("孕产妇和儿童健康管理率达到92%。").indicator == "孕产妇和儿童健康管理率"


# ------------------------------------------------------------------ scope counts and names

def test_scope_count_before_each_is_not_a_target():
    found = targets("指导14个地市各遴选2家县级医院开展试点。")
    assert [t.value for t in found] == ["2家"]


@pytest.mark.parametrize(("text", "indicator"), [
    ("全市95%的县医院达到三级医院服务能力。", "达到三级医院服务能力的县医院比例"),
    ("100%的社区卫生服务中心能够提供中医药服务。", "能够提供中医药服务的社区卫生服务中心比例"),
    ("新生儿听力筛查达到90%。", "新生儿听力筛查率"),
    ("新增县级中医医院3家。", "新增县级中医医院数"),
    ("建设紧密型城市医联体2家。", "紧密型城市医联体数"),
    ("每个县至少建成1个县级疾控实验室。", "县级疾控实验室数"),
    ("以乡镇为单位适龄儿童免疫规划疫苗接种率达到95%。", "适龄儿童免疫规划疫苗接种率"),
    ("由县级医院牵头组建的医共体不少于10个。", "县级医院牵头组建的医共体数"),
])
def test_indicator_names_are_measures(text, indicator):
    assert targets(text, year=2022)[0].indicator == indicator


# ------------------------------------------------------------------ tables

TAB_TABLE = (
    "江苏省某市“十四五”卫生健康主要指标\n"
    "序号\t指标类别\t指标名称\t2020年基期值\t2025年目标值\t指标属性\n"
    "1\t健康水平\t人均预期寿命（岁）\t79.3\t≥80\t预期性\n"
    "2\t\t婴儿死亡率（‰）\t3.1\t＜3.5\t预期性\n"
    "3\t健康服务\t孕产妇死亡率\t8.2/10万\t≤9/10万\t约束性\n"
    "4\t\t每千人口执业（助理）医师数\t3.2人\t3.6人左右\t预期性\n"
    "5\t\t儿童青少年总体近视率\t52%\t力争每年降低0.5个百分点\t约束性\n"
    "二、主要任务\n"
)


def test_tab_per_row_table():
    found = [t for t in targets(TAB_TABLE, year=2021) if t.source == "indicator table"]
    assert [(t.indicator, t.value, t.comparator, t.nature, t.year) for t in found] == [
        ("人均预期寿命(岁)", "80", Comparator.GE, "预期性", 2025),
        ("婴儿死亡率(‰)", "3.5", Comparator.LE, "预期性", 2025),
        ("孕产妇死亡率", "9/10万", Comparator.LE, "约束性", 2025),
        ("每千人口执业(助理)医师数", "3.6人", Comparator.APPROX, "预期性", 2025),
        ("儿童青少年总体近视率", "0.5个百分点", Comparator.TREND, "约束性", 2025),
    ]
    assert found[4].per == "每年"
    assert found[1].baseline == "3.1"
    assert found[2].text == "孕产妇死亡率 | ≤9/10万 | 约束性"


def test_bar_separated_table_with_unit_column():
    text = "指标 | 单位 | 2020年 | 2025年 | 性质\n人均预期寿命 | 岁 | 78.6 | 79.5 | 预期性\n"
    target = one(text)
    assert (target.value, target.unit, target.baseline, target.year) == ("79.5岁", "岁", "78.6", 2025)


def test_stacked_cell_per_line_table():
    text = ("主要发展指标\n\t指标类别\n\t指标名称\n\t2025年目标值\n\t指标性质\n\n\t\n健康水平\n\n"
            "\t人均预期寿命\n\t≥79岁\n\t预期性\n\n\t\n\t婴儿死亡率\n\t≤5‰\n\t预期性\n\n\n三、重点任务\n")
    found = targets(text)
    assert [(t.indicator, t.value, t.comparator, t.nature) for t in found] == [
        ("人均预期寿命", "79岁", Comparator.GE, "预期性"), ("婴儿死亡率", "5‰", Comparator.LE, "预期性")]


def test_tab_ends_a_value_in_a_table_with_a_department_column():
    text = "指标名称\t2020年\t2025年\t牵头处室\n人均预期寿命（岁）\t77.3\t78.3\t规信处\n婴儿死亡率（‰）\t5\t≤4.5\t妇幼处\n"
    found = targets(text)
    assert [(t.indicator, t.value, t.comparator) for t in found] == [
        ("人均预期寿命(岁)", "78.3", Comparator.EQ), ("婴儿死亡率(‰)", "4.5", Comparator.LE)]


def test_tab_ends_a_value_when_a_column_is_not_a_unit():
    text = "指标名称\t现状值\t目标值\t单位\n人均预期寿命（岁）\t77.3\t78.3\t规信处\n"
    assert one(text).value == "78.3"


def test_tab_ends_a_clause_in_running_text():
    found = targets("4\t做实家庭医生签约服务，常住人口签约率达到40%以上\t基层卫生处\t妇幼处\n")
    assert [(t.indicator, t.value) for t in found] == [("常住人口签约率", "40%")]
    assert "\t" not in found[0].text


@pytest.mark.skipif(not (SAMPLES / "004_ded2a7bfeb3d78d6.txt").exists(), reason="sample documents not present")
def test_golden_scraped_indicator_table():
    src, _ = SourceText.from_bytes((SAMPLES / "004_ded2a7bfeb3d78d6.txt").read_bytes())
    rows = [t for t in extract(src, NO_STRUCTURE, DocumentMeta(year=2022)) if t.source == "indicator table"]
    assert len(rows) == 30
    assert {t.nature for t in rows} == {"约束性", "预期性"} and {t.year for t in rows} == {2025}
    by_name = {t.indicator: t for t in rows}
    assert by_name["艾滋病全人群感染率"].comparator is Comparator.LE
    assert by_name["健康预期寿命"].comparator is Comparator.TREND
    assert by_name["每千常住人口床位数"].value == "8张"


# ------------------------------------------------------------------ evidence and robustness

def test_evidence_quotes_the_original_full_width_text():
    text = "（三）到２０２５年，全区婴儿死亡率控制在５‰以下；"
    src = SourceText.from_text(text, doc_id="t")
    target = extract(src, NO_STRUCTURE, DocumentMeta())[0]
    assert target.evidence.quote == text[target.evidence.start:target.evidence.end]
    assert "５‰以下" in target.text and target.number == 5.0 and target.year == 2025


# ------------------------------------------------------------------ sentences, deadlines and norms

@pytest.mark.parametrize(("text", "value", "year"), [
    ("到2024年，全州卫生服务体系更加完善，门诊量增长到120万人次；病床使用率稳定在85%左右。", "85%", 2024),
    ("到2026年,孕产妇系统管理率达到92%;0-6岁儿童健康管理率不低于90%.", "90%", 2026),
    ("到“十四五”末，乡镇卫生院服务能力达标；每千人口执业医师数达到3.1人。", "3.1人", 2025),
])
def test_deadline_at_sentence_head_covers_its_semicolon_clauses(text, value, year):
    assert next(t for t in targets(text) if t.value == value).year == year


def test_deadline_does_not_cross_a_full_stop():
    found = targets("到2024年，病床使用率达到85%。孕产妇系统管理率达到92%。")
    assert [t.year for t in found] == [2024, None]


def test_history_state_stops_at_a_semicolon():
    found = targets("全市已建成社区医院12家；村卫生室规范化建设达标率达到95%。", year=2022)
    assert [t.value for t in found] == ["95%"]


@pytest.mark.parametrize(("text", "value", "year"), [
    ("2022年10月底前完成市急救中心迁建。", "完成市急救中心迁建", 2022),
    ("全面推行药品统一采购，2023年6月前完成县级消毒供应中心建设。", "完成县级消毒供应中心建设", 2023),
    ("到2024年底，区域检验结果互认机制基本建立。", "基本建立", 2024),
    ("到2023年底全民健康信息平台投入使用。", "投入使用", 2023),
    ("市妇幼保健院2024年创建成为三级妇幼保健院。", "创建成为三级妇幼保健院", 2024),
])
def test_completion_state_with_a_deadline(text, value, year):
    target = one(text)
    assert (target.value, target.comparator, target.year) == (value, Comparator.EQ, year)
    assert value in target.text and not target.indicator.startswith(("月", "创", "9"))


def test_completion_indicator_drops_the_completion_verb():
    assert one("2022年10月底前完成市急救中心迁建。").indicator == "市急救中心迁建"


def test_a_date_is_not_a_deadline():
    assert targets("2022年3月15日召开全市卫生健康工作会议，完成年度任务部署。") == []


def test_vision_statement_is_not_a_completion_target():
    assert targets("到2025年，基本建成覆盖城乡的整合型医疗卫生服务体系。") == []


@pytest.mark.parametrize(("text", "absent"), [
    ("10个区县人民医院全部建成胸痛中心。", "10个"),
    ("12个乡镇卫生院全部达到服务能力基本标准。", "12个"),
    ("每5万—8万常住人口设置1个急救站点。", "5万"),
    ("每5万—8万常住人口设置1个急救站点。", "8万"),
    ("每3个行政村配备1名乡村医生。", "3个"),
])
def test_scope_counts_and_norm_denominators_are_not_values(text, absent):
    assert absent not in [t.value for t in targets(text)]


@pytest.mark.parametrize(("text", "indicator", "value"), [
    ("全市肺癌发病率上升趋势得到有效遏制。", "全市肺癌发病率", "上升趋势得到有效遏制"),
    ("儿童肥胖率增长势头得到控制。", "儿童肥胖率", "增长势头得到控制"),
    ("力争全区传染病发病率保持下降态势。", "全区传染病发病率", "保持下降态势"),
])
def test_direction_target_without_a_number(text, indicator, value):
    target = one(text)
    assert (target.value, target.comparator) == (value, Comparator.TREND)
    assert target.indicator.endswith(indicator.removeprefix("全市").removeprefix("全区"))


@pytest.mark.parametrize(("text", "value", "comparator"), [
    ("中药材种植面积达到1.2万亩。", "1.2万亩", Comparator.GE),
    ("新建业务用房3000平方米。", "3000平方米", Comparator.EQ),
    ("新增救护车15辆。", "15辆", Comparator.EQ),
    ("培训乡村医生2000人次。", "2000人次", Comparator.EQ),
    ("市级财政投入不少于5000万元。", "5000万元", Comparator.GE),
    ("开展健康讲座120场。", "120场", Comparator.EQ),
    ("县级医院床医比提高至1:0.6。", "1:0.6", Comparator.GE),
    ("基层医护比提升到1:1.5.", "1:1.5", Comparator.GE),
])
def test_units_and_reach_verbs(text, value, comparator):
    target = one(text)
    assert (target.value, target.comparator) == (value, comparator)


def test_strict_greater_than_in_a_table_cell_reads_at_least():
    table = "指标名称\t单位\t2025年目标值\t指标性质\n儿童疫苗接种率\t%\t>95\t约束性\n"
    target = one(table)
    assert (target.value, target.comparator, target.year) == ("95%", Comparator.GE, 2025)


def test_half_width_full_stop_ends_a_sentence_and_quotes_skip_the_list_number():
    found = targets("2.加强慢病管理.高血压患者规范管理率达到70%,糖尿病患者规范管理率达到65%.\n"
                    "3.提升能力.2.5万张床位全部改造.")
    first = found[0]
    assert first.text == "高血压患者规范管理率达到70%" and first.indicator == "高血压患者规范管理率"
    assert [t.value for t in found] == ["70%", "65%"]


def test_count_written_first_with_a_reach_verb_after_it_is_a_plain_count():
    target = one("新增15个村卫生室达到甲级标准。")
    assert (target.value, target.comparator) == ("15个", Comparator.EQ)


ALPHABET = st.sampled_from(list("0123456789.%‰，,。；;、：到至年底前达到以上以下左右约不低于≥≤＜每万人口个家所名率"
                                "十四五末“”《》\t\n 一二三两力争每年下降个百分点保持下降态势指标名称目标值指标性质预期性约束性岁"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=200) | st.text(min_size=1, max_size=200))
def test_never_crashes_and_evidence_is_exact(text):
    src = SourceText.from_text(text, doc_id="h")
    for target in extract(src, NO_STRUCTURE, DocumentMeta(year=2022)):
        ev = target.evidence
        assert ev.quote == src.original[ev.start:ev.end]
        assert target.comparator in Comparator


# ------------------------------------------------------------------ durations and completions with a standard

@pytest.mark.parametrize(("text", "value"), [
    ("对口支援医师连续派驻时间不少于6个月。", "6个月"),
    ("进修学习时间不少于3个月，每次培训不少于40小时。", "3个月"),
])
def test_duration_norm_is_a_floor(text: str, value: str) -> None:
    found = [t for t in targets(text) if t.value == value]
    assert found and found[0].comparator is Comparator.GE


@pytest.mark.parametrize("text", ["各地要在3个月内完成整改。", "每周安排2天下沉基层。", "培训为期6个月。"])
def test_time_frame_without_a_comparator_is_no_target(text: str) -> None:
    assert not [t for t in targets(text) if t.unit in ("个月", "天", "周")]


def test_completion_whose_standard_holds_a_vague_word_counts() -> None:
    t = one("到2026年，各县级妇幼保健院全部达到国家基本建设标准。")
    assert (t.value, t.comparator, t.year) == ("全部达到国家基本建设标准", Comparator.EQ, 2026)


def test_completion_qualified_by_a_vague_word_is_no_target() -> None:
    assert targets("到2026年，各县级妇幼保健院基本达到建设标准。") == []
