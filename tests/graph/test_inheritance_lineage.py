"""Document lineage: ranking candidate parents and walking chains up to national level."""
from __future__ import annotations

from pathlib import Path

from graph.inheritance.catalogue import infer_level, match
from graph.inheritance.lineage import DocReference, LineageDoc, ParentLink, chain, rank_parents
from loaders.gazetteer import gazetteer
from loaders.records import CitationKind, Level

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASIS, IMPLEMENTS, MENTIONS = CitationKind.BASIS, CitationKind.IMPLEMENTS, CitationKind.MENTIONS


def quote(name: str, text: str) -> str:
    assert text in (SAMPLES / name).read_text(encoding="utf-8"), text
    return text


def stub(title: str, number: str | None = None) -> LineageDoc:
    """A cited document not loaded: a catalogued policy's id, else its level and region from title and 文号."""
    policy = match(title, number)
    guess = infer_level(title, number)
    return LineageDoc(policy.id if policy else f"stub:{title}", guess.level,
                      guess.region_hint.code if guess.region_hint else None, title=title)


def parents_from(docs: dict[str, LineageDoc]):
    g = gazetteer()

    def parents_of(doc_id: str) -> list[ParentLink]:
        doc = docs[doc_id]
        return rank_parents(doc, docs.values(), g.ancestors, co_cited=docs.values())

    return parents_of


# -- the sample corpus ----------------------------------------------------------------------------

def test_fuxin_traces_to_liaoning_plan_and_national_level():
    liaoning = stub("辽宁省“十四五”卫生与健康发展规划")
    action = stub("健康中国行动（2019—2030年）")
    assert liaoning.region_code == "210000" and action.id == "healthy-china-action-2019-2030"
    fuxin = LineageDoc("004", Level.CITY, "210900", (2021, 2025), references=(
        DocReference(liaoning.id, BASIS, quote("004_ded2a7bfeb3d78d6.txt", "根据《辽宁省“十四五”卫生与健康发展规划》")),
        DocReference(action.id, BASIS, quote("004_ded2a7bfeb3d78d6.txt", "按照健康中国行动（2019—2030年）和我省卫生发展关键指标")),
    ))
    docs = {d.id: d for d in (fuxin, liaoning, action)}
    ranked = parents_from(docs)("004")
    assert [p.parent_id for p in ranked] == [liaoning.id, action.id]  # same kind: the nearer region first
    assert ranked[0].quotes == ("根据《辽宁省“十四五”卫生与健康发展规划》",) and ranked[0].rank == 1
    best = chain("004", parents_from(docs))[0]
    assert [p.parent_id for p in best] == [liaoning.id, action.id]
    assert best[1].basis == "co-citation" and best[1].co_cited_by == ("004",)
    assert best[-1].parent_level is Level.NATIONAL


def test_liaoning_report_traces_to_healthy_china_action():
    action = stub("健康中国人行动计划（2019-2030年）")
    report = LineageDoc("000", Level.PROVINCE, "210000", (2019, 2019), references=(
        DocReference(action.id, IMPLEMENTS, quote("000_e4dd95c232bc7188.txt", "落实《健康中国人行动计划（2019-2030年）》")),))
    [[only]] = chain("000", parents_from({d.id: d for d in (report, action)}))
    assert only.parent_id == "healthy-china-action-2019-2030" and only.citation is IMPLEMENTS


def test_huancui_traces_to_shandong_documents_it_cites():
    shandong = stub("山东省预防接种规范管理三年行动计划（2018-2020年）")
    own = stub("环翠区健康扶贫三年（2018-2020年）行动工作方案")
    huancui = LineageDoc("002", Level.COUNTY, "371002", (2019, 2019), references=(
        DocReference(shandong.id, IMPLEMENTS, quote("002_01bdced4e8deef8f.txt", "认真贯彻落实《山东省预防接种规范管理三年行动计划（2018-2020年）》")),
        DocReference(own.id, IMPLEMENTS, quote("002_01bdced4e8deef8f.txt", "落实《环翠区健康扶贫三年（2018-2020年）行动工作方案》")),
    ))
    ranked = parents_from({d.id: d for d in (huancui, shandong, own)})("002")
    assert [p.parent_id for p in ranked] == [shandong.id]  # its own county's document is no parent


# -- held out (invented document; numbers are illustrative): a county plan citing only by title and 文号 --

def test_county_plan_citing_by_title_and_number_chains_to_national():
    county_plan = LineageDoc("county", Level.COUNTY, "210921", (2021, 2025), references=(
        DocReference("city", BASIS, "根据《阜新市“十四五”卫生与健康发展规划》（阜卫发〔2022〕35号）"),
        DocReference("province", BASIS, "《辽宁省“十四五”卫生与健康发展规划》（辽政办发〔2021〕29号）"),
        DocReference("sc", IMPLEMENTS, "为贯彻落实《国务院关于实施健康中国行动的意见》（国发〔2019〕13号）"),
    ))
    cited = {"city": ("阜新市“十四五”卫生与健康发展规划", "阜卫发〔2022〕35号"),
             "province": ("辽宁省“十四五”卫生与健康发展规划", "辽政办发〔2021〕29号"),
             "sc": ("国务院关于实施健康中国行动的意见", "国发〔2019〕13号")}
    docs = {"county": county_plan}
    for key, (title, number) in cited.items():
        guess = infer_level(title, number, within="210921")
        docs[key] = LineageDoc(key, guess.level, guess.region_hint.code, title=title)
    assert [docs[k].region_code for k in cited] == ["210900", "210000", "100000"]
    best = chain("county", parents_from(docs))[0]
    assert [(p.doc_id, p.parent_id) for p in best] == [("county", "city"), ("city", "province"), ("province", "sc")]
    assert best[0].citation is BASIS and "阜卫发〔2022〕35号" in best[0].quotes[0]
    assert best[1].co_cited_by == ("county",) and "辽政办发" in best[1].quotes[0]
    assert best[2].parent_level is Level.NATIONAL


# -- ranking --------------------------------------------------------------------------------------

TREE = {"999901": ["999900", "990000", "100000"], "999900": ["990000", "100000"], "990000": ["100000"],
        "100000": [], "880000": ["100000"]}


def test_citation_outranks_shared_items_and_basis_outranks_implements():
    doc = LineageDoc("d", Level.COUNTY, "999901", (2021, 2025), frozenset({"医共体", "分级诊疗"}), frozenset({"i1"}),
                     references=(DocReference("impl", IMPLEMENTS, "贯彻落实《甲》"), DocReference("basis", BASIS, "根据《乙》"),
                                 DocReference("ment", MENTIONS, "《丙》")))
    shared = LineageDoc("shared", Level.CITY, "999900", (2021, 2025), frozenset({"医共体", "分级诊疗"}), frozenset({"i1"}))
    candidates = [shared, LineageDoc("impl", Level.PROVINCE, "990000"), LineageDoc("basis", Level.NATIONAL, "100000"),
                  LineageDoc("ment", Level.CITY, "999900")]
    ranked = rank_parents(doc, candidates, TREE.__getitem__)
    assert [p.parent_id for p in ranked] == ["basis", "impl", "ment", "shared"]
    assert ranked[-1].basis == "shared" and ranked[-1].shared_programmes == ("分级诊疗", "医共体")
    assert ranked[-1].period_overlap == (2021, 2025)


def test_shared_items_and_period_order_the_uncited():
    doc = LineageDoc("d", Level.COUNTY, "999901", (2021, 2025), frozenset({"医共体", "医养结合"}), frozenset({"i1"}))
    two = LineageDoc("two", Level.PROVINCE, "990000", None, frozenset({"医共体", "医养结合"}))
    one_long = LineageDoc("one_long", Level.CITY, "999900", (2021, 2025), frozenset({"医共体"}), frozenset({"i1"}))
    one_short = LineageDoc("one_short", Level.CITY, "999900", (2024, 2026), frozenset({"医共体"}), frozenset({"i1"}))
    period_only = LineageDoc("period_only", Level.CITY, "999900", (2021, 2025))
    elsewhere = LineageDoc("elsewhere", Level.PROVINCE, "880000", (2021, 2025), frozenset({"医共体", "医养结合"}))
    ranked = rank_parents(doc, [one_short, period_only, elsewhere, two, one_long], TREE.__getitem__)
    assert [p.parent_id for p in ranked] == ["two", "one_long", "one_short"]


def test_cited_document_of_unknown_region_is_kept_but_uncited_is_not():
    doc = LineageDoc("d", Level.CITY, "999900", references=(DocReference("s", MENTIONS, "《某规定》"),))
    ranked = rank_parents(doc, [LineageDoc("s", None, None), LineageDoc("u", None, None, programmes=frozenset())],
                          TREE.__getitem__)
    assert [p.parent_id for p in ranked] == ["s"]


# -- cycles ---------------------------------------------------------------------------------------

def test_citation_cycle_terminates():
    def link(a, b, level=Level.PROVINCE):
        return ParentLink(a, b, level, MENTIONS, (f"{a} cites {b}",), (), (), None, (1,), 1)

    parents = {"a": [link("a", "b")], "b": [link("b", "c")], "c": [link("c", "a"), link("c", "n", Level.NATIONAL)]}
    chains = chain("a", lambda d: parents.get(d, []))
    assert [[p.parent_id for p in c] for c in chains] == [["b", "c", "n"]]


def test_cycle_among_stubs_of_unknown_region():
    a = LineageDoc("a", None, None, references=(DocReference("b", MENTIONS, "《乙》"),))
    b = LineageDoc("b", None, None, references=(DocReference("a", MENTIONS, "《甲》"),))
    docs = {"a": a, "b": b}
    chains = chain("a", lambda d: rank_parents(docs[d], docs.values(), TREE.__getitem__))
    assert [[p.parent_id for p in c] for c in chains] == [["b"]]
