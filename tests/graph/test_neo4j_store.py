"""The same loads and shipped queries against a real Neo4j 5 (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).

WARNING: the tests delete every node with a PolicyGraph label from the database at NEO4J_URI; point it at a
throw-away database (``docker compose up -d neo4j``).
"""
from __future__ import annotations

import os

import pytest
from conftest import fuxin, liaoning, query_params

from graph import queries as q
from graph.load import load_extractions
from ontology.errors import QueryRejected
from ontology.schema import NODE_TYPES

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                       reason="NEO4J_URI is not set: Neo4j 5 tests SKIPPED (start one with `docker compose up -d "
                              "neo4j` and export NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=…)"),
]


@pytest.fixture
def neo4j_store():
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(os.environ["NEO4J_URI"], (os.environ.get("NEO4J_USER", "neo4j"),
                                                 os.environ.get("NEO4J_PASSWORD", "")),
                       database=os.environ.get("NEO4J_DATABASE"))
    with store._session() as session:
        for label in NODE_TYPES:
            session.run(f"MATCH (n:{label}) DETACH DELETE n").consume()
    store.ensure_schema()
    yield store
    store.close()


def test_load_is_idempotent(neo4j_store):
    first = load_extractions(neo4j_store, [liaoning(), fuxin()])
    counts = neo4j_store.counts()
    second = load_extractions(neo4j_store, [liaoning(), fuxin()])
    assert first.documents == 2 and second.documents == 0 and neo4j_store.counts() == counts


@pytest.mark.parametrize("name", sorted(q.NAMED))
def test_named_queries_answer(neo4j_store, name):
    load_extractions(neo4j_store, [liaoning(), fuxin()])
    query = q.named(name)
    assert neo4j_store.run_read(query.cypher, query_params(query.params)).rows


def test_read_transactions_refuse_writes(neo4j_store, monkeypatch):
    monkeypatch.setattr("graph.neo4j_store.reject_writes", lambda query: query)
    with pytest.raises(QueryRejected):
        neo4j_store.run_read("CREATE (n:Document {id: 'x'})")


def test_row_cap(neo4j_store):
    load_extractions(neo4j_store, [liaoning()])
    assert neo4j_store.run_read("MATCH (n) RETURN n.id AS id", row_cap=2).truncated
