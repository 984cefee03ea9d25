"""Programme mentions and the programme taxonomy."""
from __future__ import annotations

from loaders import programmes
from loaders.structure import ParsedStructure
from loaders.text import SourceText

EMPTY = ParsedStructure(sections=(), tasks=(), spans=())


def _found(text: str) -> list[tuple[str, str]]:
    src = SourceText.from_text(text, doc_id="t")
    return [(m.programme, m.alias) for m in programmes.extract(src, EMPTY)]


def test_longest_alias_wins_and_is_kept_as_written():
    assert _found("推进县域紧密整合型医共体建设，完善医共体考核。") == [
        ("县域医共体", "县域紧密整合型医共体"), ("县域医共体", "医共体")]


def test_healthy_region_family_resolves_places_through_the_gazetteer():
    got = _found("全面实施健康江西行动，推进健康株洲建设，落实健康中国行动，创建健康城市。")
    assert got == [("健康江西", "健康江西行动"), ("健康株洲", "健康株洲建设"), ("健康中国行动", "健康中国行动")]


def test_core_programmes_in_other_wording():
    got = {name for name, _ in _found(
        "做实家庭医生签约服务，完善分级诊疗制度，巩固健康脱贫成果，发展“互联网+医疗健康”，推进医养康养相结合，"
        "加强中、蒙医药服务，组建城市医疗集团和专科联盟。")}
    assert got == {"家庭医生签约", "分级诊疗", "健康扶贫", "互联网+医疗健康", "医养结合", "中蒙医药",
                   "城市医疗集团", "专科联盟"}


def test_evidence_quotes_the_original_text():
    src = SourceText.from_text("发展互联网＋医疗健康。", doc_id="t")
    (mention,) = programmes.extract(src, EMPTY)
    assert mention.alias == "互联网+医疗健康" and mention.evidence.quote == "互联网＋医疗健康"


def test_taxonomy_is_well_formed():
    tax = programmes.taxonomy()
    ids = set(tax.concepts)
    for concept in tax.concepts.values():
        assert concept.broader is None or concept.broader in ids
        assert set(concept.related) <= ids
    assert tax.concepts["chinese_mongolian_medicine"].broader == "tcm"
    core = {c.pref_label for c in tax.concepts.values() if c.core}
    assert {"县域医共体", "医联体", "医养结合", "中医药", "家庭医生签约", "分级诊疗", "健康扶贫",
            "互联网+医疗健康", "健康中国行动"} <= core
    assert tax.by_label("医疗共同体").pref_label == "县域医共体"


def test_district_campaign_counts_in_a_text_about_that_district():
    names = _names("滨江区卫生健康局\n深入实施健康滨江行动，推进健康滨江建设。\n")
    assert "健康滨江" in names
    # the short form alone, in a text that never names the district, is not a campaign
    assert "健康滨江" not in _names("深入实施健康滨江行动。\n")
    # a county's short form that is an ordinary phrase (长寿区) stays a phrase without the place named
    assert not any(n.startswith("健康长寿") for n in _names("促进健康长寿，提升生活质量。\n"))


def test_generic_service_category_is_not_a_programme_when_listed_or_qualifying():
    assert "基本公共卫生服务" not in _names("基层机构承担常见病诊疗和基本公共卫生服务等职责。\n")
    assert "基本公共卫生服务" not in _names("人均基本公共卫生服务经费补助标准提高至89元。\n")
    assert "基本公共卫生服务" in _names("规范实施基本公共卫生服务，提升服务质量。\n")
    assert "国家基本公共卫生服务项目" in _names("落实国家基本公共卫生服务项目。\n")


def _names(text: str) -> set[str]:
    return {name for name, _ in _found(text)}


def test_programme_word_inside_a_body_name_is_no_mention():
    names = _names("会同国家中医药局、省中医药管理局和中医药大学开展评估，推进中医药传承创新。")
    assert names == {"中医药"}
    assert [alias for _, alias in _found("省中医药管理局牵头，国家中医药管理局指导。")] == []
