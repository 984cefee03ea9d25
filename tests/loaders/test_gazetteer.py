"""The region gazetteer: names, short forms, aliases, the code tree and mentions in text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import gazetteer as gz
from loaders.records import Level
from ontology.errors import NotFound


@pytest.fixture(scope="module")
def g() -> gz.Gazetteer:
    return gz.gazetteer()


@pytest.mark.parametrize(("name", "full", "level"), [
    ("江西", "江西省", Level.PROVINCE),
    ("广西", "广西壮族自治区", Level.PROVINCE),
    ("内蒙古", "内蒙古自治区", Level.PROVINCE),
    ("株洲", "株洲市", Level.CITY),
    ("延边州", "延边朝鲜族自治州", Level.CITY),
    ("长白县", "长白朝鲜族自治县", Level.COUNTY),
    ("宁都县", "宁都县", Level.COUNTY),
    ("喀左县", "喀喇沁左翼蒙古族自治县", Level.COUNTY),
])
def test_lookup_full_short_and_alias_forms(g, name, full, level):
    region = g.lookup(name)
    assert region is not None and region.name == full and region.level is level


def test_short_form_prefers_the_higher_level(g):
    assert g.lookup("阜新").name == "阜新市"  # not 阜新蒙古族自治县
    assert g.lookup("吉林").level is Level.PROVINCE


def test_within_disambiguates_same_named_districts(g):
    assert g.lookup("海州区") is None  # 阜新 and 连云港 both have one
    assert g.lookup("海州区", within="320700").code == "320706"
    assert g.lookup("海州区", within="210000").code == "210902"


def test_ancestors_end_at_china(g):
    chain = g.ancestors(g.lookup("宁都县").code)
    assert [r.name for r in chain] == ["赣州市", "江西省", "中国"]
    assert chain[-1].code == "100000" and chain[-1].level is Level.NATIONAL


def test_municipality_districts_and_province_administered_cities(g):
    assert g.get(g.lookup("海淀区").code).parent_code == "110000"
    xiantao = g.lookup("仙桃市")
    assert xiantao.level is Level.COUNTY and xiantao.parent_code == "420000"


def test_children_and_unknown_code(g):
    assert "阜新蒙古族自治县" in [r.name for r in g.children("210900")]
    assert all(r.level is Level.PROVINCE for r in g.children("100000"))
    with pytest.raises(NotFound):
        g.get("999999")


def test_find_all_takes_longest_matches_and_skips_ordinary_words(g):
    text = "株洲市芦淞区、赣州市宁都县，银龄安康，提高县级医院能力，延边州"
    found = [(text[a:b], r.name) for a, b, r in g.find_all(text)]
    assert ("株洲市", "株洲市") in found and ("芦淞区", "芦淞区") in found
    assert ("宁都县", "宁都县") in found and ("延边州", "延边朝鲜族自治州") in found
    assert not any(name in ("安康", "高县") for name, _ in found)


def test_find_all_resolves_ambiguous_names_from_context(g):
    found = g.find_all("连云港市海州区")
    assert [r.code for _, _, r in found] == ["320700", "320706"]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="省市县区江西宁都赣州安康中国健康湘潭株洲，。", max_size=30))
def test_find_all_spans_quote_a_name_of_their_region(text):
    g = gz.gazetteer()
    for start, end, region in g.find_all(text):
        assert region in g.candidates(text[start:end])


def test_find_all_answers_again_without_sharing_its_list():
    g = gz.gazetteer()
    text = "阜新市海州区"
    first = g.find_all(text)
    first.clear()
    again = g.find_all(text)
    assert [(a, b, r.code) for a, b, r in again] == [(0, 3, "210900"), (3, 6, "210902")]
    assert [r.code for _, _, r in g.find_all("海州区", within="320700")] == ["320706"]
