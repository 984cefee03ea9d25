"""Every Cypher statement PolicyGraph ships runs on the embedded store (KGLite) and answers correctly."""
from __future__ import annotations

import pytest
from conftest import fuxin, liaoning, query_params

from graph import queries as q
from graph.load import load_extractions
from graph.store import reject_writes
from ontology.errors import QueryRejected
from ontology.schema import NODE_TYPES, RELATIONS


@pytest.fixture
def loaded(store):
    load_extractions(store, [liaoning(), fuxin()])
    return store


@pytest.mark.parametrize("name", sorted(q.NAMED))
def test_named_query_runs_and_answers(loaded, name):
    query = q.named(name)
    result = loaded.run_read(query.cypher, query_params(query.params))
    assert result.rows, f"{name} returned nothing on the sample graph"


def test_search_tasks_finds_task_text_and_names_targets_by_indicator(loaded):
    rows = loaded.run_read(q.named("search_tasks").cypher, {"text": "县域内就诊率"}).rows
    assert {(r["label"], r["name"]) for r in rows} >= {("Task", "推进紧密型县域医共体建设")}  # found in its text
    assert all(r["name"] == "县域内就诊率" for r in rows if r["label"] == "Target")
    assert all("县域内就诊率" in r["text"] or "县域内就诊率" in r["name"] for r in rows)


def test_target_owners_reach_departments_below_the_region(loaded):
    rows = loaded.run_read(q.named("target_owners").cypher, {"indicator": "县域内就诊率", "region_code": "100000"}).rows
    assert {(r["organisation"], r["role"]) for r in rows} == {
        ("规划发展与信息化处", "LEADS"), ("医药卫生体制改革处", "SUPPORTS"), ("基层卫生健康处", "SUPPORTS")}


def test_inherited_documents_climb_the_region_chain(loaded):
    rows = loaded.run_read(q.named("inherited_documents").cypher, {"region_code": "210900"}).rows
    assert {r["region"] for r in rows} == {"阜新市", "辽宁省", "中国"}  # cited national policies cover 中国


def test_department_ranking_counts_targets(loaded):
    rows = loaded.run_read(q.named("department_ranking").cypher).rows
    top = {r["organisation"]: r["targets"] for r in rows}
    assert top["规划发展与信息化处"] == 1 and top["妇幼处"] == 1


def test_lineage_follows_references_through_loaded_documents(loaded):
    rows = loaded.run_read(q.named("lineage").cypher, {"doc_id": fuxin().doc_id}).rows
    assert max(r["hops"] for r in rows) == 2


@pytest.mark.parametrize("label", sorted(NODE_TYPES))
def test_write_builders_run(store, label):
    key = NODE_TYPES[label].key
    store._graph.cypher(q.merge_nodes(label), params={"rows": [{"key": "k1", "props": {}}]})
    assert store.run_read(f"MATCH (n:{label} {{{key}: 'k1'}}) RETURN count(*) AS c").rows[0]["c"] == 1


@pytest.mark.parametrize("relation,source,target", sorted(
    (r.name, s, t) for r in RELATIONS.values() for s, t in r.patterns))
def test_edge_builders_run(store, relation, source, target):
    g = store._graph
    g.cypher(q.merge_nodes(source), params={"rows": [{"key": "a", "props": {}}]})
    g.cypher(q.merge_nodes(target), params={"rows": [{"key": "b", "props": {}}]})
    g.cypher(q.merge_edges(relation, source, target),
             params={"rows": [{"source": "a", "target": "b", "props": {"ev_doc": "d"}}]})
    g.cypher(q.merge_edges(relation, source, target),
             params={"rows": [{"source": "a", "target": "b", "props": {"ev_doc": "d"}}]})
    assert store.counts()["relations"] == {relation: 1}


def test_bookkeeping_and_export_queries_run(loaded):
    g = loaded._graph
    for stmt in (q.ALL_DOCUMENTS, q.COUNT_NODES, q.COUNT_RELATIONS, q.ALL_NODES, q.ALL_RELATIONS):
        assert g.cypher(stmt).to_list()
    assert g.cypher(q.DOCUMENT_STATE, params={"doc_id": fuxin().doc_id}).to_list()
    nodes = g.cypher(q.neighbourhood_nodes("Indicator"), params={"key": "ind:县域内就诊率"}).to_list()
    assert len(nodes) > 3
    eids = [n["eid"] for n in nodes]
    assert g.cypher(q.RELATIONS_AMONG, params={"ids": eids}).to_list()


def test_schema_statements_cover_every_class():
    statements = q.schema_statements()
    assert len([s for s in statements if "CONSTRAINT" in s]) == len(NODE_TYPES)
    assert all(f"n:{label}" in " ".join(statements) for label in NODE_TYPES)
    assert all("IF NOT EXISTS" in s for s in statements)


def test_unknown_names_are_refused():
    from ontology.errors import SchemaViolation

    with pytest.raises(SchemaViolation):
        q.merge_nodes("Person")
    with pytest.raises(SchemaViolation):
        q.merge_edges("LEADS", "Document", "Task")


@pytest.mark.parametrize("query", [
    "MATCH (n) DETACH DELETE n", "CREATE (n:Document {id: 'x'})", "MATCH (n) SET n.x = 1",
    "MERGE (n:Task {id: 'x'})", "MATCH (n) REMOVE n.title", "CALL db.labels()", "LOAD CSV FROM 'x' AS row RETURN row",
])
def test_write_clauses_are_rejected_before_dispatch(loaded, query):
    with pytest.raises(QueryRejected):
        loaded.run_read(query)


def test_engine_refuses_writes_the_guard_misses(loaded, monkeypatch):
    monkeypatch.setattr("graph.kglite_store.reject_writes", lambda query: query)
    with pytest.raises(QueryRejected):
        loaded.run_read("MATCH (n:Document) SET n.title = 'x'")
    assert not loaded.run_read("MATCH (n:Document) WHERE n.title = 'x' RETURN n.id").rows


def test_words_inside_strings_are_not_writes():
    assert reject_writes("MATCH (n) WHERE n.title CONTAINS 'CREATE' RETURN n.start AS start")


def test_row_cap_truncates_and_says_so(loaded):
    result = loaded.run_read("MATCH (n) RETURN n.id AS id", row_cap=2)
    assert len(result.rows) == 2 and result.truncated


def test_bad_cypher_is_a_rejected_query(loaded):
    with pytest.raises(QueryRejected):
        loaded.run_read("MATCH (n RETURN n")


def test_target_owners_of_a_province_and_of_the_nation_agree(loaded):
    """A national question starts from the indicator's targets, a provincial one from the regions' documents:
    both read the same answer from the Liaoning and Fuxin documents, and a region without them has none."""
    cypher = q.named("target_owners").cypher
    national = loaded.run_read(cypher, {"indicator": "县域就诊率", "region_code": "100000"}).rows
    province = loaded.run_read(cypher, {"indicator": "ind:县域内就诊率", "region_code": "210000"}).rows
    assert national and province == national
    assert not loaded.run_read(cypher, {"indicator": "县域内就诊率", "region_code": "110000"}).rows
