"""Counterpart bodies: the same function recognised at national, province, city and county level."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.inheritance.counterparts import classify, explain, functions

REFERENCE = Path("/work/shared/reference/departments.json")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize(("name", "function"), [
    # national (listed), province abbreviations (listed, from sample 000), city 科 and county 股 (keyword rules)
    ("基层卫生健康司", "primary-care"), ("基层处", "primary-care"), ("基层卫生科", "primary-care"), ("基层卫生股", "primary-care"),
    ("医政司", "medical-administration"), ("医政医管处", "medical-administration"), ("医政医管科", "medical-administration"),
    ("医政股", "medical-administration"),
    ("疾控处", "disease-control"), ("疾病预防控制科", "disease-control"), ("卫生与免疫规划司", "disease-control"),
    ("妇幼处", "maternal-child"), ("妇幼健康科", "maternal-child"), ("县妇幼保健院", "maternal-child"),
    ("中医医疗处", "tcm"), ("中医药科", "tcm"), ("中蒙医科", "tcm"),
    ("规信处", "planning-information"), ("规划信息科", "planning-information"), ("规划财务与法规司", "planning-information"),
    ("体改处", "reform"), ("体制改革科", "reform"), ("医改办", "reform"),
    ("老龄处", "ageing"), ("老龄健康科", "ageing"),
    ("职业健康处", "occupational-health"), ("职业健康股", "occupational-health"),
    ("科教处", "science-education"), ("科技教育科", "science-education"),
    ("药政处", "drug-policy"), ("药物政策与基本药物制度司", "drug-policy"),
    ("食品处", "food-safety"), ("人口家庭处", "population-family"), ("计生办", "population-family"),
    ("监督处", "supervision"), ("卫生监督所", "supervision"), ("应急办", "emergency"), ("卫生应急科", "emergency"),
    ("财务股", "finance"), ("人事科", "personnel"), ("法规处", "legal"), ("宣传科", "publicity"),
    ("办公室", "general-office"), ("保健处", "health-care-cadres"),
])
def test_classify(name, function):
    assert classify(name) == function


def test_parent_body_prefix_does_not_decide():
    assert classify("辽宁省卫生健康委员会规信处") == "planning-information"
    assert classify("国家疾病预防控制局综合司") == "general-office"  # not disease-control
    assert classify("阜新市卫生健康委员会基层卫生科") == "primary-care"
    assert classify("阜新市卫生健康委员会") is None
    assert classify("") is None and classify("区政府") is None


def test_explain_gives_the_evidence():
    listed = explain("基层处")
    assert listed.via == "reference" and listed.sources
    by_rule = explain("某县卫生健康局医政股")
    assert (by_rule.via, by_rule.matched, by_rule.function) == ("keyword", "医政", "medical-administration")


def test_sample_bodies_are_classified():
    text = (SAMPLES / "000_e4dd95c232bc7188.txt").read_text(encoding="utf-8")
    for name in ("体改处", "医政医管处", "规信处"):
        assert name in text
        assert classify(name) is not None


def test_every_rule_names_a_known_function():
    known = set(functions())
    assert {"primary-care", "tcm", "reform", "ageing"} <= known
    data = json.loads((Path(__file__).resolve().parents[2] / "graph/inheritance/data/functions.json").read_text("utf-8"))
    assert {r["function"] for r in data["rules"]} <= known


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference data not present on this machine")
def test_listed_names_keep_the_reference_function():
    for body in json.loads(REFERENCE.read_text(encoding="utf-8")):
        for dep in body.get("departments") or []:
            for name in [dep["name"], *(a["form"] for a in dep["abbreviations"])]:
                if name:
                    assert classify(name) == dep["function"], name
