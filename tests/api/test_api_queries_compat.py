"""The named queries the API added to graph/queries.py run on KGLite and answer correctly on the sample corpus."""
from __future__ import annotations

from graph import queries as q

from .conftest import FUXIN_PLAN, LIAONING_2019, doc_id

LIAONING_GUIXIN = "org:210000:卫生健康委员会/规划发展与信息化处"


def rows(store, query_name, /, **params):
    return store.run_read(q.named(query_name).cypher, params, row_cap=100000).rows


def test_owners_query_filters_region_year_and_descendants(sample_store):
    base = dict(indicator="县域内就诊率", region_code="210000", year=None, offset=0, limit=100)
    assert {r["region"] for r in rows(sample_store, "owners", descendants=True, **base)} >= {"辽宁省", "阜新市"}
    only = rows(sample_store, "owners", descendants=False, **base)
    assert {r["region"] for r in only} == {"辽宁省"}
    assert {b["as_written"] for b in only[0]["support"]} >= {"体改处", "规信处"}
    assert not rows(sample_store, "owners", descendants=True, **{**base, "year": 1990})
    everything = rows(sample_store, "owners", indicator=None, region_code=None, descendants=True, year=None,
                      offset=0, limit=1000)
    assert len(everything) > len(only)


def test_document_queries(sample_store):
    fuxin = doc_id(sample_store, FUXIN_PLAN)
    assert rows(sample_store, "document_by_title", name=FUXIN_PLAN)[0]["id"] == fuxin
    assert rows(sample_store, "document_sections", doc_id=fuxin)
    assert rows(sample_store, "document_targets", doc_id=fuxin)
    refs = rows(sample_store, "document_references", doc_id=fuxin)
    assert all(r["as_written"] for r in refs)
    loaded = rows(sample_store, "documents_total", include_stubs=False)[0]["total"]
    page = rows(sample_store, "documents_page", include_stubs=False, offset=0, limit=100)
    assert loaded == len(page) == 5 and not any(r["stub"] for r in page)


def test_organisation_programme_region_indicator_search_queries(sample_store):
    [cand] = rows(sample_store, "organisation_candidates", organisation="规信处")
    assert cand["id"] == LIAONING_GUIXIN
    tasks = rows(sample_store, "organisation_tasks", ids=[LIAONING_GUIXIN], role="LEADS", offset=0, limit=100)
    assert tasks and {r["role"] for r in tasks} == {"LEADS"}
    assert {r["document"] for r in tasks} == {LIAONING_2019}
    detail = rows(sample_store, "programme_detail", programme="中蒙医药")
    assert {r["region"] for r in detail} == {"阜新市"}
    assert rows(sample_store, "programme_lookup", programme="中、蒙医药")[0]["name"] == "中蒙医药"
    assert rows(sample_store, "region_documents", region_code="210900")[0]["title"] == FUXIN_PLAN
    [ind] = rows(sample_store, "indicator_lookup", indicator="县域就诊率")
    assert {r["region_code"] for r in rows(sample_store, "indicator_targets", indicator_id=ind["id"])} >= {"210000", "210900"}
    found = rows(sample_store, "search", text="基层处") + rows(sample_store, "search_tasks", text="基层处")
    assert found and all(r["label"] in ("Task", "Organisation", "Target") for r in found)
    assert any(r["label"] == "Organisation" and "基层处" in r["text"] for r in found)  # matched on an alias


def test_region_first_owners_agree_with_the_general_query(sample_store):
    from api.services import _region_codes

    general = rows(sample_store, "owners", indicator="县域内就诊率", region_code="210000", descendants=True,
                   year=None, offset=0, limit=100)
    regional = rows(sample_store, "owners_in_regions", region_codes=_region_codes("210000"),
                    indicator_id="ind:县域内就诊率", year=None, offset=0, limit=100)
    assert regional and [r["target_id"] for r in regional] == [r["target_id"] for r in general]
