"""Store DDL derived from the schema: Neo4j 5 statements and the embedded store's indexes."""
from __future__ import annotations

import os
import re

import pytest

from ontology.ddl import kglite_indexes, neo4j_statements
from ontology.schema import NODE_TYPES

NAME = r"[a-z][a-z0-9_]*"
CONSTRAINT = re.compile(rf"CREATE CONSTRAINT ({NAME}) IF NOT EXISTS FOR \(n:([A-Z][A-Za-z]*)\) "
                        rf"REQUIRE n\.([a-z_]+) IS UNIQUE")
INDEX = re.compile(rf"CREATE INDEX ({NAME}) IF NOT EXISTS FOR \(n:([A-Z][A-Za-z]*)\) ON \(n\.([a-z_]+)\)")
FULLTEXT = re.compile(rf"CREATE FULLTEXT INDEX ({NAME}) IF NOT EXISTS FOR \(n:([A-Za-z|]+)\) "
                      r"ON EACH \[(n\.[a-z_]+(?:, n\.[a-z_]+)*)\] "
                      r"OPTIONS \{indexConfig: \{`fulltext.analyzer`: 'cjk'\}\}")


def _declared(label: str, prop: str) -> bool:
    return label in NODE_TYPES and any(p.name == prop for p in NODE_TYPES[label].properties)


def test_every_statement_is_well_formed_and_names_only_schema_terms() -> None:
    names = []
    for statement in neo4j_statements():
        if m := CONSTRAINT.fullmatch(statement) or INDEX.fullmatch(statement):
            name, label, prop = m.groups()
            assert _declared(label, prop), statement
        else:
            m = FULLTEXT.fullmatch(statement)
            assert m, f"malformed: {statement}"
            name, labels, props = m.groups()
            assert all(label in NODE_TYPES for label in labels.split("|"))
        names.append(name)
    assert len(names) == len(set(names)), "index and constraint names must be unique"


@pytest.mark.parametrize("label", list(NODE_TYPES))
def test_each_node_type_has_a_unique_key_constraint(label: str) -> None:
    matches = [CONSTRAINT.fullmatch(s) for s in neo4j_statements()]
    keys = [m.group(3) for m in matches if m and m.group(2) == label]
    assert keys == [NODE_TYPES[label].key]


def test_indexed_properties_get_an_index_and_constraints_come_first() -> None:
    statements = neo4j_statements(fulltext=False)
    indexed = {(m.group(2), m.group(3)) for s in statements if (m := INDEX.fullmatch(s))}
    expected = {(t.name, p.name) for t in NODE_TYPES.values() for p in t.properties
                if p.indexed and p.name != t.key}
    assert indexed == expected
    kinds = ["constraint" if CONSTRAINT.fullmatch(s) else "index" for s in statements]
    assert kinds == sorted(kinds)  # 'constraint' < 'index': every constraint before any index


def test_kglite_indexes_start_with_each_key() -> None:
    pairs = kglite_indexes()
    assert len(pairs) == len(set(pairs))
    assert all(_declared(label, prop) for label, prop in pairs)
    for label, t in NODE_TYPES.items():
        assert [p for lbl, p in pairs if lbl == label][0] == t.key


@pytest.mark.neo4j
@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j 5 to run the DDL on")
def test_statements_run_on_neo4j_twice() -> None:
    from neo4j import GraphDatabase

    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        for _ in range(2):  # IF NOT EXISTS: idempotent
            for statement in neo4j_statements():
                driver.execute_query(statement)
        records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes RETURN labelsOrTypes")
        labels = {label for r in records for label in r["labelsOrTypes"]}
        assert set(NODE_TYPES) <= labels
