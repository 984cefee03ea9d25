"""What the inheritance layer computes reaches the HTTP answers: each lineage step's evidence, each trace
target's bodies and the classified links between levels."""
from __future__ import annotations

from .conftest import FUXIN_PLAN


def test_lineage_steps_say_how_each_link_is_evidenced(client):
    body = client.get(f"/documents/{FUXIN_PLAN}/lineage").json()
    assert body["level"] == "city" and body["region"]["code"] == "210900" and body["reaches_national"]
    root = body["chains"][0]["steps"][0]
    assert root["title"] == FUXIN_PLAN and root["basis"] is None and root["region"]["name"] == "阜新市"
    first = next(c["steps"][1] for c in body["chains"] if c["hops"] == 1
                 and c["steps"][1]["title"] == "辽宁省“十四五”卫生与健康发展规划")
    assert first["basis"] == "citation" and first["citation"] == "basis" and first["rank"] == 1
    assert first["level"] == "province" and first["region"]["code"] == "210000" and first["stub"]
    assert "《辽宁省“十四五”卫生与健康发展规划》" in first["quotes"] and first["evidence"].startswith("basis:")
    best = next(c["steps"] for c in body["chains"] if c["steps"][-1]["level"] == "national")
    assert best[-1]["level"] == "national" and best[-1]["basis"] == "co-citation"
    assert best[-1]["co_cited_by"][0]["title"] == FUXIN_PLAN and best[-1]["quotes"]
    shared = [s for c in body["chains"] for s in c["steps"][1:] if s["basis"] == "shared"]
    assert shared and all(s["citation"] is None and (s["shared_programmes"] or s["shared_indicators"])
                          for s in shared)


def test_trace_items_name_their_bodies_and_links_are_classified(client):
    body = client.get("/indicators/县域内就诊率/trace").json()
    assert "县域就诊率" in body["indicator"]["aliases"]
    province = body["items"][0]
    assert province["region"]["name"] == "辽宁省" and province["level"] == "province"
    lead = [(b["name"], b["as_written"], b["function"]) for b in province["bodies"] if b["role"] == "lead"]
    assert lead == [("基层卫生健康处", "基层处", "primary-care")]
    assert {b["as_written"] for b in province["bodies"] if b["role"] == "support"} >= {"体改处", "规信处"}
    items = {i["target_id"]: i for i in body["items"]}
    links = {(items[k["higher"]]["region"]["name"], items[k["lower"]]["region"]["name"]): k
             for k in body["links"] if k["lower"]}
    fuxin = links[("辽宁省", "阜新市")]
    assert fuxin["status"] == "consistent" and "90" in fuxin["reason"] and fuxin["year_gap"] == 6
    assert fuxin["region"] == {"code": "210900", "name": "阜新市", "level": "city"}
    assert body["counts"]["consistent"] == sum(k["status"] == "consistent" for k in body["links"]) >= 2
