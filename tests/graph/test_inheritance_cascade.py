"""Target cascades: linking lower targets to the higher ones they answer, and classifying each link."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.inheritance.cascade import CascadeTarget, LinkStatus, compare, line_up, link
from loaders.gazetteer import gazetteer

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# A small region tree of our own: county 999901 in city 999900 in province 990000.
TREE = {"990000": ["100000"], "999900": ["990000", "100000"], "999901": ["999900", "990000", "100000"],
        "880000": ["100000"], "100000": []}


def tree(code: str) -> list[str]:
    return TREE[code]


def target(id, number, unit, comparator, region, level, year=2025, indicator="i", period_end=None, text=None):
    return CascadeTarget(id, indicator, number, unit, comparator, year, period_end, region, level, f"doc-{id}",
                         None, text or f"{comparator}{number}{unit}")


def sample_quote(name: str, quote: str) -> str:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    assert quote in text, f"{quote!r} not in {name}"
    return quote


# -- the sample corpus: 县域内就诊率 in Liaoning, Anshan and Fuxin ---------------------------------

def test_county_treatment_rate_cascade_in_liaoning_is_consistent():
    liaoning = CascadeTarget("ln", "county-treatment-rate", 90, "%", ">=", None, 2020, "210000", "province", "000",
                             "2019年全省卫生健康工作报告",
                             sample_quote("000_e4dd95c232bc7188.txt", "实现县域内就诊率达到90%的工作目标"))
    anshan = CascadeTarget("as", "county-treatment-rate", 90, "%", "=", 2025, 2025, "210300", "city", "003",
                           "鞍山市卫生健康全面振兴新突破三年行动计划(2023年—2025年)",
                           sample_quote("003_de9819be6dc67c16.txt", "实现90%的患者在县域内就诊任务目标"))
    fuxin = CascadeTarget("fx", "county-treatment-rate", 90, "%", ">=", 2025, 2025, "210900", "city", "004",
                          "阜新市“十四五”卫生与健康发展规划",
                          sample_quote("004_ded2a7bfeb3d78d6.txt", "县域就诊率平均达到 90%以上"))
    links = link([anshan, fuxin, liaoning], gazetteer().ancestors)
    assert [(k.lower.id, k.higher.id, k.status) for k in links] == [
        ("as", "ln", LinkStatus.CONSISTENT), ("fx", "ln", LinkStatus.CONSISTENT)]
    assert all(k.higher_text == liaoning.text and k.lower_text for k in links)
    assert [t.id for t in line_up([fuxin, anshan, liaoning])] == ["ln", "as", "fx"]


# -- classification -------------------------------------------------------------------------------

def test_stricter_maternal_mortality_than_national():
    national = target("n", 12, "/10万", "<=", "100000", "national", indicator="mmr")
    province = target("p", 10, "/10万", "<=", "990000", "province", indicator="mmr")
    [only] = link([national, province], tree)
    assert only.status is LinkStatus.STRICTER
    assert "<=10/10万" in only.reason and "<=12/10万" in only.reason


def test_looser_when_a_rate_to_raise_is_set_lower():
    assert compare(target("n", 90, "%", ">=", "100000", "national"),
                   target("p", 85, "%", ">=", "990000", "province"))[0] is LinkStatus.LOOSER


@pytest.mark.parametrize(("high", "low", "status"), [
    ((5, "‰", "<="), (0.5, "%", "<="), LinkStatus.CONSISTENT),  # 0.5% = 5‰
    ((5, "‰", "<="), (0.4, "%", "<="), LinkStatus.STRICTER),
    ((5, "‰", "<="), (0.6, "%", "<="), LinkStatus.LOOSER),
    ((12, "/10万", "<="), (1.2, "/万", "<="), LinkStatus.CONSISTENT),
    ((12, "/10万", "<="), (0.1, "‰", "<="), LinkStatus.STRICTER),  # 0.1‰ = 10/10万
    ((18, "/10万", "<"), (18, "例/10万活产", "<="), LinkStatus.CONSISTENT),
    ((79, "岁", ">="), (79.5, "岁", ">="), LinkStatus.STRICTER),
    ((90, "%", "~"), (91, "%", "~"), LinkStatus.CONSISTENT),  # within the ~ tolerance
    ((90, "%", "="), (95, "%", "="), LinkStatus.INCOMPARABLE),  # differ, and no direction
    ((90, "%", ">="), (10, "岁", ">="), LinkStatus.INCOMPARABLE),
    ((90, "%", ">="), (90, None, ">="), LinkStatus.INCOMPARABLE),
    ((90, "%", ">="), (90, "%", "<="), LinkStatus.INCOMPARABLE),
    ((90, "%", ">="), (90, "%", "trend"), LinkStatus.INCOMPARABLE),
])
def test_units_and_comparators(high, low, status):
    got, reason = compare(target("h", *high, "100000", "national"), target("l", *low, "990000", "province"))
    assert got is status, reason
    assert reason


def test_incomparable_units_say_why():
    _, reason = compare(target("h", 90, "%", ">=", "100000", "national"), target("l", 10, "岁", ">=", "990000", "province"))
    assert "%" in reason and "岁" in reason


@given(st.floats(min_value=0.01, max_value=1000, allow_nan=False), st.floats(min_value=0.01, max_value=1000))
def test_percent_and_permille_agree(h, low):
    """Writing a ‰ value as % (÷10) never changes the classification."""
    high_t = target("h", h, "‰", "<=", "100000", "national")
    as_permille = compare(high_t, target("l", low, "‰", "<=", "990000", "province"))[0]
    as_percent = compare(high_t, target("l", low / 10, "%", "<=", "990000", "province"))[0]
    assert as_permille is as_percent


# -- linking --------------------------------------------------------------------------------------

def test_each_target_links_to_the_nearest_level_and_the_chain_reaches_national():
    n = target("n", 12, "/10万", "<=", "100000", "national")
    p = target("p", 10, "/10万", "<=", "990000", "province")
    c = target("c", 10, "/10万", "<=", "999900", "city")
    k = target("k", 9, "/10万", "<=", "999901", "county")
    pairs = {(x.lower.id, x.higher.id): x.status for x in link([k, c, p, n], tree)}
    assert pairs == {("p", "n"): LinkStatus.STRICTER, ("c", "p"): LinkStatus.CONSISTENT, ("k", "c"): LinkStatus.STRICTER}


def test_same_year_preferred_then_nearest_year():
    old = target("old", 80, "%", ">=", "990000", "province", year=2020)
    new = target("new", 85, "%", ">=", "990000", "province", year=2025)
    county = target("k", 85, "%", ">=", "999901", "county", year=2025)
    [only] = [x for x in link([old, new, county], tree) if x.lower is not None]
    assert only.higher.id == "new" and only.year_gap == 0
    later = target("k2", 85, "%", ">=", "999901", "county", year=2024)
    [only] = [x for x in link([old, new, later], tree) if x.lower is not None]
    assert only.higher.id == "new" and only.year_gap == 1


def test_other_indicators_and_unrelated_regions_do_not_link():
    national = target("n", 12, "/10万", "<=", "100000", "national", indicator="mmr")
    other_indicator = target("x", 5, "‰", "<=", "990000", "province", indicator="imr")
    other_province = target("y", 10, "/10万", "<=", "880000", "province", indicator="mmr")
    county = target("k", 9, "/10万", "<=", "999901", "county", indicator="mmr")
    links = link([national, other_indicator, other_province, county], tree)
    assert {(x.lower.id, x.higher.id) for x in links if x.lower} == {("y", "n"), ("k", "n")}


def test_targets_not_transmitted_to_examined_regions():
    national = target("n", 12, "/10万", "<=", "100000", "national")
    province = target("p", 10, "/10万", "<=", "990000", "province")
    links = link([national, province], tree, lower_regions=["990000", "999900", "880000"])
    missing = {(x.higher.id, x.region_code) for x in links if x.status is LinkStatus.NOT_TRANSMITTED}
    assert missing == {("p", "999900"), ("n", "880000")}
    assert all(x.lower is None and x.higher_text for x in links if x.status is LinkStatus.NOT_TRANSMITTED)


def test_without_lower_regions_only_the_targets_own_regions_count():
    national = target("n", 12, "/10万", "<=", "100000", "national")
    assert link([national], tree) == []


def test_max_year_gap():
    province = target("p", 90, "%", ">=", "990000", "province", year=2015)
    county = target("k", 90, "%", ">=", "999901", "county", year=2025)
    assert [x for x in link([province, county], tree, max_year_gap=5) if x.lower] == []
    assert len([x for x in link([province, county], tree) if x.lower]) == 1


def test_ancestors_may_return_region_objects():
    n = target("n", 12, "/10万", "<=", "100000", "national")
    fx = target("fx", 15, "/10万", "<=", "210900", "city")
    [only] = link([n, fx], gazetteer().ancestors)
    assert only.status is LinkStatus.LOOSER
