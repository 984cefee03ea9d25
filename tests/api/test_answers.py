"""Every JSON endpoint on the sample corpus: the answers analysts ask for, and clear problems for bad input."""
from __future__ import annotations

import pytest

from .conftest import FUXIN_PLAN, LIAONING_2019, doc_id

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert PROBLEM_KEYS <= body.keys() and body["status"] == status
    return body


def test_healthz_counts_the_graph(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["documents"] >= 5 and body["nodes"]["Task"] > 0


def test_owners_of_the_liaoning_county_visit_target(client):
    body = client.get("/owners", params={"indicator": "县域内就诊率", "region": "辽宁", "year": 2019,
                                         "descendants": "false"}).json()
    assert body["query"]["region_code"] == "210000"
    [target] = [t for t in body["items"] if t["document"]["title"] == LIAONING_2019]
    assert target["value"] == "90%" and target["comparator"] == ">="
    assert [b["name"] for b in target["lead"]] == ["基层卫生健康处"]
    assert target["lead"][0]["as_written"] == "基层处"
    assert {b["as_written"] for b in target["support"]} == {"医政医管处", "体改处", "规信处", "科教处", "中医医疗处"}
    assert "90%" in target["evidence"]["quote"] and target["region"]["code"] == "210000"


def test_owners_match_aliases_and_descend_the_region_tree(client):
    with_cities = client.get("/owners", params={"indicator": "县域就诊率", "region": "210000"}).json()["items"]
    only_province = client.get("/owners", params={"indicator": "县域就诊率", "region": "210000",
                                                  "descendants": False}).json()["items"]
    assert {t["region"]["name"] for t in with_cities} >= {"辽宁省", "阜新市"}
    assert {t["region"]["name"] for t in only_province} == {"辽宁省"}
    assert client.get("/owners", params={"indicator": "县域就诊率", "region": "山东"}).json()["items"] == []


def test_owners_paginate(client):
    first = client.get("/owners", params={"region": "辽宁", "limit": 2}).json()
    second = client.get("/owners", params={"region": "辽宁", "limit": 2, "offset": 2}).json()
    assert len(first["items"]) == 2 and first["has_more"]
    assert {t["target_id"] for t in first["items"]}.isdisjoint(t["target_id"] for t in second["items"])


@pytest.mark.parametrize("params,status,kind", [
    ({"indicator": "没有这个指标"}, 404, "indicator"),
    ({"region": "火星"}, 404, "region"),
    ({"year": "next"}, 422, None),
    ({"year": 99999}, 422, None),
    ({"limit": 0}, 422, None),
    ({"offset": -1}, 422, None),
])
def test_owners_bad_parameters_are_problems(client, params, status, kind):
    body = problem(client.get("/owners", params=params), status)
    if kind:
        assert body["kind"] == kind and "matches" in body["detail"]


def test_organisation_tasks_by_alias_within_a_region(client):
    body = client.get("/organisations/规信处/tasks", params={"within": "辽宁", "role": "lead"}).json()
    assert [o["name"] for o in body["organisations"]] == ["规划发展与信息化处"]
    assert body["items"] and all(i["role"] == "lead" for i in body["items"])
    assert {i["organisation"]["as_written"] for i in body["items"]} == {"规信处"}
    by_id = client.get(f"/organisations/{body['organisations'][0]['id']}/tasks").json()
    assert {i["role"] for i in by_id["items"]} == {"lead", "support"}


def test_organisation_tasks_problems(client):
    problem(client.get("/organisations/不存在的处/tasks"), 404)
    problem(client.get("/organisations/规信处/tasks", params={"within": "山东"}), 404)
    problem(client.get("/organisations/规信处/tasks", params={"role": "owner"}), 422)


def test_documents_list_and_detail(client, sample_store):
    page = client.get("/documents", params={"limit": 2}).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    with_stubs = client.get("/documents", params={"include_stubs": True}).json()
    assert with_stubs["total"] > page["total"]
    detail = client.get(f"/documents/{doc_id(sample_store, LIAONING_2019)}").json()
    assert detail["title"] == LIAONING_2019 and detail["year"] == 2019
    assert detail["sections"] and detail["tasks"] and detail["targets"] and detail["references"]
    assert len(detail["tasks"]) == detail["counts"]["tasks"]
    task7 = next(t for t in detail["tasks"] if t["number"] == "（七）")
    assert task7["lead"] == ["基层卫生健康处"]
    by_title = client.get(f"/documents/《{FUXIN_PLAN}》").json()
    assert by_title["doc_number"] == "阜卫发〔2022〕35号"


def test_unknown_document_is_a_404_naming_it(client):
    body = problem(client.get("/documents/no-such-doc"), 404)
    assert body["kind"] == "document" and body["key"] == "no-such-doc"
    problem(client.get("/documents/no-such-doc/lineage"), 404)


def test_fuxin_lineage_reaches_the_provincial_plan(client):
    body = client.get(f"/documents/{FUXIN_PLAN}/lineage").json()
    titles = {p["title"] for p in body["policies"]}
    assert any("辽宁省" in t and "十四五" in t and "卫生与健康发展规划" in t for t in titles)
    assert all(c["steps"][0]["title"] == FUXIN_PLAN for c in body["chains"])


def test_indicator_trace_across_levels(client):
    body = client.get("/indicators/县域就诊率/trace").json()
    assert body["indicator"]["name"] == "县域内就诊率"
    assert {i["level"] for i in body["items"]} >= {"province", "city"}
    fuxin = client.get("/indicators/县域内就诊率/trace", params={"region": "阜新"}).json()
    regions = {i["region"]["name"] for i in fuxin["items"]}
    assert "阜新市" in regions and "鞍山市" not in regions  # its own line: above and below, not siblings
    problem(client.get("/indicators/nothing/trace"), 404)


def test_programme_by_name(client):
    body = client.get("/programmes/中蒙医药").json()
    assert body["id"] and "中医药" in body["broader"]
    assert {r["name"] for r in body["regions"]} == {"阜新市"}
    assert any("issuer" in b["roles"] and b["name"] == "阜新市卫生健康委员会" for b in body["bodies"])
    assert client.get(f"/programmes/{body['id']}").json()["name"] == "中蒙医药"
    problem(client.get("/programmes/不存在"), 404)


def test_region_by_code_and_name(client):
    by_name = client.get("/regions/阜新").json()
    assert by_name["code"] == "210900" and by_name["parent"]["name"] == "辽宁省"
    assert by_name["in_graph"] and by_name["documents"][0]["title"] == FUXIN_PLAN
    assert any(c["name"] == "阜新蒙古族自治县" for c in by_name["children"])
    assert client.get("/regions/210000").json()["name"] == "辽宁省"
    assert client.get("/regions/210100").json()["in_graph"] is False
    problem(client.get("/regions/999999"), 404)
    problem(client.get("/regions/不存在的地方"), 404)


def test_search_shape_and_pagination(client):
    body = client.get("/search", params={"q": "医共体", "limit": 3}).json()
    assert set(body) == {"items", "total", "limit", "offset"} and body["total"] > 3
    assert all(set(i) == {"kind", "id", "name", "snippet"} for i in body["items"])
    kinds = {i["kind"] for i in client.get("/search", params={"q": "医共体", "limit": 200}).json()["items"]}
    assert {"Task", "Programme"} <= kinds
    assert "基层处" in client.get("/search", params={"q": "基层处"}).json()["items"][0]["snippet"]
    problem(client.get("/search"), 422)
    problem(client.get("/search", params={"q": " "}), 400)


def test_cypher_returns_columns_rows_and_node_objects(client):
    body = client.post("/cypher", json={"query": "MATCH (r:Region {code: $code}) RETURN r, r.name AS name",
                                        "params": {"code": "210000"}}).json()
    assert body["columns"] == ["r", "name"] and body["truncated"] is False
    node, name = body["rows"][0]
    assert name == "辽宁省" and node["_labels"] == ["Region"] and node["code"] == "210000" and "_id" in node
    rel = client.post("/cypher", json={"query": "MATCH (:Organisation)-[l:LEADS]->(:Task) RETURN l LIMIT 1"}).json()
    assert rel["rows"][0][0]["_type"] == "LEADS"


def test_cypher_row_cap_truncates(client, app, settings):
    from api.deps import get_settings

    app.dependency_overrides[get_settings] = lambda: settings.model_copy(update={"cypher_row_cap": 3})
    try:
        body = client.post("/cypher", json={"query": "MATCH (t:Task) RETURN t.id AS id"}).json()
    finally:
        app.dependency_overrides[get_settings] = lambda: settings
    assert len(body["rows"]) == 3 and body["truncated"] is True


@pytest.mark.parametrize("payload", [
    {"query": "MATCH (n RETURN n"}, {"query": ""}, {"query": "RETURN $x AS x", "params": {"x": 10 ** 30}},
    {"query": "MATCH (n) RETURN n", "params": "not a map"}, {}, {"query": "RETURN 1 +"},
])
def test_bad_cypher_is_a_4xx_problem(client, payload):
    response = client.post("/cypher", json=payload)
    assert 400 <= response.status_code < 500, response.text
    problem(response, response.status_code)


def test_unknown_route_is_a_problem(client):
    problem(client.get("/nowhere"), 404)
