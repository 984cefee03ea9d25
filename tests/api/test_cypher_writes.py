"""POST /cypher is read-only: write attempts, however dressed up, come back as 4xx and change nothing."""
from __future__ import annotations

import pytest

WRITES = [
    "CREATE (n:Document {id: 'x'})",
    "MERGE (n:Task {id: 'x'}) RETURN n",
    "MATCH (n:Document) SET n.title = 'x'",
    "MATCH (n:Document) SET n:Hacked",
    "MATCH (n:Task) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Document) REMOVE n.title",
    "MATCH (n:Document) REMOVE n:Document",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1/x.csv' AS row CREATE (:Document {id: row.id})",
    "CALL db.createLabel('Hacked')",
    "CALL apoc.create.node(['Document'], {id: 'x'})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL db.labels()",
    "MATCH (n:Document) FOREACH (x IN [1] | SET n.title = 'x')",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
    "DROP INDEX doc_title IF EXISTS",
    "CREATE INDEX hack FOR (n:Document) ON (n.hack)",
    # mixed case
    "match (n) detach delete n",
    "CrEaTe (n:Document {id: 'x'})",
    "mErGe (n:Task {id: 'x'})",
    "MATCH (n:Document) sEt n.title = 'x'",
    # hidden behind comments and strings
    "MATCH (n) // just reading\nDETACH DELETE n",
    "/* read only */ CREATE (n:Document {id: 'x'})",
    "MATCH (n:Document) WHERE n.title = 'RETURN' SET n.title = 'CREATE'",
    "MATCH (n) WITH n, \"MATCH\" AS s DELETE n",
    "RETURN 1 AS x // harmless\n; CREATE (n:Document {id: 'x'})",
    "RETURN 1 AS x; MATCH (n) DETACH DELETE n",
    "MATCH (n) WHERE n.title CONTAINS '*/' DETACH DELETE n",
    "CRE/**/ATE (n:Document {id: 'x'})",
    # unicode whitespace between words and around clauses
    "MATCH (n)\u00a0DETACH\u00a0DELETE n",
    "MATCH (n)\u3000DETACH\u3000DELETE\u3000n",
    "LOAD\u2003CSV FROM 'file:///x' AS row RETURN row",
    "\ufeffCREATE (n:Document {id: 'x'})",
    "MATCH (n:Document)\u2028SET n.title = 'x'",
    "MATCH (n:Document)\tSET\tn.title = 'x'",
    # backticked identifiers and parameters do not smuggle writes
    "MATCH (`n`) DETACH DELETE `n`",
    "UNWIND $rows AS r CREATE (:Document {id: r})",
]


@pytest.fixture(scope="module")
def before(sample_store):
    return sample_store.counts(), sample_store.run_read("MATCH (d:Document) RETURN d.id AS id, d.title AS t "
                                                        "ORDER BY id", row_cap=100000).rows


@pytest.mark.parametrize("query", WRITES)
def test_write_attempt_is_rejected_and_changes_nothing(client, sample_store, before, query):
    response = client.post("/cypher", json={"query": query, "params": {"rows": ["x"]}})
    assert 400 <= response.status_code < 500, (query, response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"]
    counts, titles = before
    assert sample_store.counts() == counts
    assert sample_store.run_read("MATCH (d:Document) RETURN d.id AS id, d.title AS t ORDER BY id",
                                 row_cap=100000).rows == titles


@pytest.mark.parametrize("query", [
    "MATCH (n:Document) WHERE n.title CONTAINS 'CREATE' RETURN count(n) AS n",
    "MATCH (n:Task) WHERE n.text CONTAINS '配合' RETURN count(n) AS n",
    "MATCH (d:Document) RETURN d.title AS title ORDER BY title LIMIT 3",
])
def test_reads_that_mention_write_words_still_run(client, query):
    response = client.post("/cypher", json={"query": query})
    assert response.status_code == 200, response.text


def test_engine_refuses_writes_even_when_the_guard_is_bypassed(client, sample_store, before, monkeypatch):
    monkeypatch.setattr("graph.kglite_store.reject_writes", lambda query: query)
    for query in ("MATCH (n:Document) SET n.title = 'x'", "CREATE (n:Document {id: 'x'})", "MATCH (n) DETACH DELETE n"):
        response = client.post("/cypher", json={"query": query})
        assert 400 <= response.status_code < 500, (query, response.text)
    assert sample_store.counts() == before[0]
