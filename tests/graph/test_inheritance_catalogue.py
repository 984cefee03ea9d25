"""The national-policy catalogue: its facts match the reference file, and citations resolve strictly."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.inheritance.catalogue import infer_level, load_catalogue, match, normalise_number, normalise_title
from loaders.records import Level

REFERENCE = Path("/work/shared/reference/national-policies.json")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def by_id(policy_id: str):
    return next(p for p in load_catalogue() if p.id == policy_id)


# -- facts ----------------------------------------------------------------------------------------

def test_every_policy_names_its_sources_and_is_national():
    policies = load_catalogue()
    assert len(policies) >= 20
    assert len({p.id for p in policies}) == len(policies)
    for p in policies:
        assert p.sources, p.id
        assert p.level is Level.NATIONAL
        assert p.issuer
        for t in p.targets:
            assert t.sources and t.source_quote, (p.id, t.indicator)


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference data not present on this machine")
def test_facts_are_copied_from_the_reference_unchanged():
    reference = {row["id"]: row for row in json.loads(REFERENCE.read_text(encoding="utf-8"))}
    for p in load_catalogue():
        row = reference[p.id]
        assert "《" + p.title + "》" == row["title"]
        assert (p.issuer, p.doc_number, p.date, p.verified) == (row["issuer"], row["doc_number"], row["date"], row["verified"])
        assert list(p.sources) == row["sources"]
        assert [t.source_quote for t in p.targets] == [t["source_quote"] for t in row["targets"]]


def test_unverified_numbers_match_but_are_not_facts():
    plan = by_id("14th-fyp-national-health-plan")
    assert plan.doc_number is None
    assert match(None, "国办发〔2022〕11号") is plan


def test_targets_are_parsed_with_units():
    outline = by_id("13th-fyp-health-plan")
    mmr = next(t for t in outline.targets if t.indicator == "孕产妇死亡率")
    assert (mmr.number, mmr.unit, mmr.comparator, mmr.year) == (18.0, "/10万", "<", 2020)
    trend = next(t for t in by_id("14th-fyp-national-health-plan").targets if t.comparator == "trend")
    assert trend.number is None


# -- matching -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "number", "expected"), [
    ("《健康中国行动（2019—2030年）》", None, "healthy-china-action-2019-2030"),
    ("健康中国行动(2019-2030年)", None, "healthy-china-action-2019-2030"),
    ("健康中国行动（2019年—2030年）", None, "healthy-china-action-2019-2030"),
    ("健康中国行动", None, "healthy-china-action-2019-2030"),
    ("《健康中国人行动计划（2019-2030年）》", None, "healthy-china-action-2019-2030"),  # as sample 000 writes it
    ("国务院关于实施健康中国行动的意见", None, "state-council-opinion-healthy-china-action"),
    ("关于实施健康中国行动的意见", None, "state-council-opinion-healthy-china-action"),
    ("国务院办公厅关于印发健康中国行动组织实施和考核方案的通知", None, "healthy-china-action-implementation-assessment-plan"),
    ("健康中国行动组织实施和考核方案", None, "healthy-china-action-implementation-assessment-plan"),
    ("“十四五”国民健康规划", None, "14th-fyp-national-health-plan"),
    ("关于促进中医药传承创新发展的意见", None, "cpc-sc-opinion-tcm-inheritance-innovation"),  # as sample 001 writes it
    ("基本医疗卫生与健康促进法", None, "basic-healthcare-and-health-promotion-law"),  # sample 004
    ("疫苗管理法", None, "vaccine-administration-law"),  # samples 000, 001
    ("某个标题", "国发〔2019〕13号", "state-council-opinion-healthy-china-action"),  # 文号 decides
    (None, "国发(2016)77号", "13th-fyp-health-plan"),
    (None, "国卫基层函〔2019〕121号", "close-county-medical-community-notice-2019"),
])
def test_citations_resolve(title, number, expected):
    found = match(title, number)
    assert found is not None and found.id == expected


@pytest.mark.parametrize("title", [
    "辽宁省“十四五”卫生与健康发展规划",
    "辽宁省健康中国行动实施方案",
    "关于改革完善医疗卫生行业综合监管制度的实施意见",  # a local 实施意见, not the national 指导意见
    "规划", "《纲要》", "《意见》",  # generic short titles identify nothing
    "关于传承发展中医药事业的意见",  # a possible variant no source confirmed
    "健康中国行动实施方案",
])
def test_local_and_generic_titles_do_not_match(title):
    assert match(title, None) is None


def test_the_three_healthy_china_documents_stay_apart():
    ids = {match(t, None).id for t in ("健康中国行动", "国务院关于实施健康中国行动的意见", "健康中国行动组织实施和考核方案")}
    assert len(ids) == 3


def test_sample_citations_resolve_where_catalogued():
    text = (SAMPLES / "000_e4dd95c232bc7188.txt").read_text(encoding="utf-8")
    assert "落实《健康中国人行动计划（2019-2030年）》" in text
    assert match("健康中国人行动计划（2019-2030年）", None).id == "healthy-china-action-2019-2030"


_dashes = st.sampled_from(["-", "—", "–", "－", "～", "至"])
_quotes = st.sampled_from([("", ""), ("《", "》"), ("〈", "〉")])


@given(_dashes, _quotes, st.booleans(), st.booleans())
def test_matching_ignores_dashes_quotes_and_brackets(dash, quotes, year_on_start, brackets):
    start = "2019年" if year_on_start else "2019"
    inner = f"{start}{dash}2030年"
    title = f"{quotes[0]}健康中国行动{'（' + inner + '）' if brackets else inner}{quotes[1]}"
    assert match(title, None).id == "healthy-china-action-2019-2030"


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(text):
    once = normalise_title(text)
    assert normalise_title(once) == once
    assert normalise_number(normalise_number(text)) == normalise_number(text)


# -- level, region and issuer of cited documents --------------------------------------------------

@pytest.mark.parametrize(("title", "number", "level", "region", "issuer"), [
    ("国务院关于实施健康中国行动的意见", "国发〔2019〕13号", Level.NATIONAL, "100000", "国务院"),
    ("健康中国行动", None, Level.NATIONAL, "100000", "健康中国行动推进委员会"),
    ("辽宁省“十四五”卫生与健康发展规划", None, Level.PROVINCE, "210000", None),
    ("关于印发阜新市“十四五”卫生与健康发展规划的通知", "阜卫发〔2022〕35号", Level.CITY, "210900", None),
    ("湖南省人民政府办公厅关于推进医养结合的实施意见", "湘政办发〔2020〕3号", Level.PROVINCE, "430000", "湖南省人民政府办公厅"),
    ("山东省预防接种规范管理三年行动计划（2018-2020年）", None, Level.PROVINCE, "370000", None),
])
def test_infer_level(title, number, level, region, issuer):
    guess = infer_level(title, number)
    assert guess.level is level
    assert guess.region_hint is not None and guess.region_hint.code == region
    assert guess.issuer_hint == issuer


def test_infer_level_says_nothing_when_nothing_shows():
    assert infer_level("关于加强严重精神障碍患者救治救助与服务管理工作的实施意见", None).level is None
