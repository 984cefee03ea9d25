"""Lineage and target cascades over a loaded store: the sample corpus and an invented county plan."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.inheritance.mentions import find_named
from graph.inheritance.service import indicator_trace, lineage
from graph.kglite_store import KGLiteStore
from graph.load import load_paths
from ontology.errors import NotFound

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
COUNTY = Path(__file__).parent / "fixtures" / "county_plan.txt"

needs_samples = pytest.mark.skipif(not (SAMPLES / "004_ded2a7bfeb3d78d6.txt").exists(),
                                   reason="the sample corpus (samples/*.txt) is not present")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> KGLiteStore:
    store = KGLiteStore(tmp_path_factory.mktemp("corpus") / "g.kgl")
    store.ensure_schema()
    summary = load_paths(store, [SAMPLES])
    assert not summary.failed, summary.failed
    return store


def _doc(store: KGLiteStore, prefix: str) -> str:
    rows = store.fetch("MATCH (d:Document) WHERE d.source ENDS WITH $name RETURN d.id AS id", {"name": prefix})
    assert rows, prefix
    return rows[0]["id"]


def _titles(chain) -> list[str]:
    return [link.parent.title for link in chain]


@needs_samples
def test_fuxin_traces_through_the_liaoning_plan_to_national_level(corpus):
    result = lineage(corpus, _doc(corpus, "004_ded2a7bfeb3d78d6.txt"))
    best = result.best
    assert best[0].parent.title == "辽宁省“十四五”卫生与健康发展规划"
    assert best[0].basis == "citation" and best[0].citation == "basis"
    assert "《辽宁省“十四五”卫生与健康发展规划》" in best[0].quotes
    assert best[0].parent.level == "province" and best[0].parent.region_code == "210000" and best[0].parent.stub
    assert result.reaches_national and best[-1].parent.level == "national"
    assert best[-1].basis == "co-citation" and best[-1].co_cited_by[0].title == "阜新市“十四五”卫生与健康发展规划"
    assert all(link.evidence for chain in result.chains for link in chain)


@needs_samples
@pytest.mark.parametrize("source", ["000_e4dd95c232bc7188.txt", "001_81666edb039b5196.txt"])
def test_provincial_plans_trace_to_the_healthy_china_action(corpus, source):
    result = lineage(corpus, _doc(corpus, source))
    links = [c[0] for c in result.chains if c[0].parent.title == "健康中国行动（2019—2030年）"]
    assert links and links[0].parent.level == "national" and links[0].citation in ("implements", "mentions")
    assert links[0].quotes  # the words that name it: a 《》 variant (辽宁) or the bare name in a task (湖南)


@needs_samples
def test_huancui_work_points_trace_to_the_shandong_documents_they_cite(corpus):
    result = lineage(corpus, _doc(corpus, "002_01bdced4e8deef8f.txt"))
    shandong = {link.parent.title for link in result.parents if link.parent.region_code == "370000"}
    assert shandong == {"山东省优待老年人规定", "山东省预防接种规范管理三年行动计划(2018-2020年)"}
    assert result.best[0].parent.region_code == "370000" and result.best[0].citation == "implements"
    # documents of the district itself are cited but are not its parents
    assert not any(link.parent.region_code == "371002" for link in result.parents)


@needs_samples
def test_county_hospital_rate_cascade_is_lined_up_and_classified(corpus):
    trace = indicator_trace(corpus, "县域就诊率")
    assert trace.indicator == "县域内就诊率"
    regions = [(t.region, t.number) for t in trace.targets]
    assert regions[0] == ("辽宁省", 90.0) and {("鞍山市", 90.0), ("阜新市", 90.0)} <= set(regions)
    links = {(k.higher.region, k.lower.region): k for k in trace.links if k.lower}
    assert links[("辽宁省", "鞍山市")].status == "consistent" and links[("辽宁省", "阜新市")].status == "consistent"
    assert "90" in links[("辽宁省", "阜新市")].reason
    leads = {b.function for b in trace.targets[0].bodies if b.role == "lead"}
    assert leads == {"primary-care"}  # 辽宁's 基层卫生健康处 carries it
    narrowed = indicator_trace(corpus, "县域内就诊率", region="阜新市")
    assert {t.region for t in narrowed.targets} == {"辽宁省", "阜新市"}


@pytest.fixture()
def county(tmp_path) -> KGLiteStore:
    store = KGLiteStore(tmp_path / "c.kgl")
    store.ensure_schema()
    assert not load_paths(store, [COUNTY]).failed
    return store


def test_invented_county_plan_citing_by_title_and_number_gets_the_full_chain(county):
    result = lineage(county, "抚松县“十四五”卫生健康事业发展规划")
    assert [link.parent.level for link in result.best] == ["city", "province", "national"]
    assert _titles(result.best) == ["白山市“十四五”卫生健康事业发展规划", "吉林省“十四五”卫生健康事业发展规划",
                                    "国务院关于实施健康中国行动的意见"]
    city, province, national = result.best
    assert city.citation == "basis" and "白山政办发〔2021〕15号" in city.quotes[0]
    assert (city.parent.region, province.parent.region, national.parent.region) == ("白山市", "吉林省", "中国")
    assert province.basis == "co-citation" and national.basis == "co-citation"


def test_catalogued_national_stub_carries_catalogue_facts(county):
    rows = county.fetch("MATCH (d:Document {stub: true}) WHERE d.doc_number = '国发〔2019〕13号' "
                        "MATCH (d)-[:COVERS]->(r:Region) RETURN d.issuer AS issuer, d.level AS level, r.code AS code")
    assert rows == [{"issuer": "国务院", "level": "national", "code": "100000"}]


def test_catalogue_targets_are_target_nodes_with_their_source(tmp_path):
    text = ("某县卫生健康局\n某县2020年卫生健康工作要点\n根据《“健康中国2030”规划纲要》，制定本要点。\n"
            "一、重点工作\n（一）人均预期寿命达到78岁。\n")
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    store = KGLiteStore(tmp_path / "x.kgl")
    store.ensure_schema()
    load_paths(store, [path])
    rows = store.fetch("MATCH (d:Document {stub: true})-[:SETS_TARGET]->(g:Target)-[:MEASURES]->(i:Indicator) "
                       "RETURN i.name AS indicator, g.number AS number, g.year AS year, g.ev_doc AS source, "
                       "g.ev_quote AS quote ORDER BY indicator")
    life = next(r for r in rows if r["indicator"] == "人均预期寿命")
    assert life["number"] == 79 and life["year"] == 2030 and life["source"].startswith("http")
    assert "79" in life["quote"]


def test_unknown_document_and_indicator_raise_not_found(county):
    with pytest.raises(NotFound):
        lineage(county, "no such plan")
    with pytest.raises(NotFound):
        indicator_trace(county, "no such indicator")


def test_bare_policy_names_are_found_outside_book_title_marks():
    found = find_named("按照健康中国行动(2019-2030年)要求，落实《健康中国行动（2019—2030年）》和“健康中国2030”规划纲要。")
    assert [(n.policy.id, n.text) for n in found] == [
        ("healthy-china-action-2019-2030", "健康中国行动(2019-2030年)"),
        ("healthy-china-2030-outline", "“健康中国2030”规划纲要")]
    assert find_named("编制规划纲要和实施方案") == []


def test_loading_the_cited_city_plan_turns_its_stub_into_the_document(county, tmp_path):
    city = tmp_path / "city.txt"
    city.write_text("白山市人民政府办公室\n白山市“十四五”卫生健康事业发展规划\n白山政办发〔2021〕15号\n"
                    "一、主要目标\n到2025年，县域内就诊率达到90%。\n", encoding="utf-8")
    assert not load_paths(county, [city]).failed
    rows = county.fetch("MATCH (d:Document) WHERE d.title = '白山市“十四五”卫生健康事业发展规划' "
                        "RETURN d.id AS id, d.stub AS stub")
    assert len(rows) == 1 and rows[0]["stub"] is False
    result = lineage(county, "抚松县“十四五”卫生健康事业发展规划")
    assert result.best[0].parent.id == rows[0]["id"] and not result.best[0].parent.stub
    trace = indicator_trace(county, "县域内就诊率")
    statuses = {(k.higher.region, k.lower.region): k.status for k in trace.links if k.lower}
    assert statuses[("白山市", "抚松县")] == "stricter"  # 92% asked of the county against the city's 90%


@needs_samples
def test_lineage_reads_only_the_neighbourhood_so_other_provinces_change_nothing(county):
    alone = lineage(county, "抚松县“十四五”卫生健康事业发展规划")
    assert not load_paths(county, [SAMPLES]).failed  # Liaoning, Hunan and Shandong: other provinces' documents
    crowded = lineage(county, "抚松县“十四五”卫生健康事业发展规划")
    assert crowded.best == alone.best and set(alone.parents) <= set(crowded.parents)
    # national policies the other documents cite are candidates everywhere; nothing of another province is
    assert {p.parent.level for p in set(crowded.parents) - set(alone.parents)} <= {"national"}


def test_region_candidates_are_capped_to_the_nearest_in_time(monkeypatch):
    from graph.inheritance import service

    monkeypatch.setattr(service, "REGION_CANDIDATES", 2)
    hood = service._Neighbourhood(store=None, ancestors=lambda code: ())
    hood.rows = {"me": {"period_start": 2021, "period_end": 2025}, "old": {"year": 2010},
                 "near": {"period_start": 2026, "period_end": 2030}, "same": {"period_start": 2021, "period_end": 2025},
                 "undated": {}}
    assert hood.nearest("me", ["old", "undated", "near", "same"]) == ["same", "near"]
    assert hood.nearest("me", ["old", "same"]) == ["old", "same"]  # under the cap: all, in their order


def test_lineage_reads_each_region_once_per_answer(county):
    """The chain's steps share their upper regions (the county's line and its city's both end in the province
    and the nation): each region's documents are read once, and the answer is the same when read again."""
    from graph.queries import named

    asked: list[str] = []
    fetch = county.fetch

    def counting(cypher, params=None):
        if cypher == named("lineage_documents_in_regions").cypher:
            asked.extend(params["region_codes"])
        return fetch(cypher, params)

    county.fetch = counting
    first = lineage(county, "抚松县“十四五”卫生健康事业发展规划")
    assert asked and len(asked) == len(set(asked))
    assert {"220600", "220000"} <= set(asked)  # 白山市 and 吉林省, above 抚松县
    assert lineage(county, "抚松县“十四五”卫生健康事业发展规划") == first


def test_citing_documents_are_remembered_only_while_the_store_is_unchanged(county):
    from graph.inheritance import service

    memo = service._memo(county, "citing")
    memo["x"] = (("a",), 1)
    assert service._memo(county, "citing") is memo and service._memo(county, "region") is not memo
    county.mark_dirty()  # any write moves the generation: what was remembered is dropped
    assert "x" not in service._memo(county, "citing")

    class NoGeneration:
        pass

    store = NoGeneration()
    service._memo(store, "citing")["x"] = (("a",), 1)
    assert "x" not in service._memo(store, "citing")


def test_a_stub_covering_several_regions_keeps_its_own_region(county):
    """A stub cited from several regions COVERS each of them; lineage places it by its own ``region_code``
    (here 白山市, not the 吉林省 it also covers), whichever read meets it first."""
    stub = county.fetch("MATCH (d:Document {stub: true}) WHERE d.title = '白山市“十四五”卫生健康事业发展规划' "
                        "RETURN d.id AS id, d.region_code AS code")
    assert stub and stub[0]["code"] == "220600"
    county.fetch("MATCH (d:Document {id: $id}) MATCH (r:Region {code: '220000'}) CREATE (d)-[:COVERS]->(r)",
                 {"id": stub[0]["id"]})
    county.mark_dirty()
    assert len(county.fetch("MATCH (d:Document {id: $id})-[:COVERS]->(r:Region) RETURN r.code AS code",
                            {"id": stub[0]["id"]})) == 2
    itself = lineage(county, stub[0]["id"]).document  # read by id first
    assert (itself.region_code, itself.region) == ("220600", "白山市")
    county.mark_dirty()  # forget what was remembered: read through its region's documents first this time
    best = lineage(county, "抚松县“十四五”卫生健康事业发展规划").best
    assert best[0].parent.id == stub[0]["id"]
    assert (best[0].parent.region_code, best[0].parent.region) == ("220600", "白山市")


def test_an_answer_leaves_no_reference_cycles(county):
    """Each answer's neighbourhood is freed as soon as the answer is returned, not by the cyclic collector."""
    import gc

    lineage(county, "抚松县“十四五”卫生健康事业发展规划")  # caches filled once (gazetteer, resolver)
    gc.collect()
    gc.disable()
    try:
        county.mark_dirty()
        lineage(county, "抚松县“十四五”卫生健康事业发展规划")
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_nearest_candidates_of_a_line_are_remembered_per_period(county, monkeypatch):
    from graph.inheritance import service

    monkeypatch.setattr(service, "REGION_CANDIDATES", 1)
    hood = service._Neighbourhood(county, service._gazetteer_ancestors())
    plan = county.fetch("MATCH (d:Document) WHERE d.title = '抚松县“十四五”卫生健康事业发展规划' "
                        "RETURN d.id AS id")[0]["id"]
    hood.load_rows([plan])
    line = ("220600", "220000", "100000")
    chosen = hood.nearest_in(plan, line)
    assert chosen == hood.nearest(plan, hood.in_regions(line)) and len(chosen) == 1
    assert service._memo(county, "nearest")[(line, hood.period(plan))] == chosen
