"""Store DDL derived from :mod:`ontology.schema`: Neo4j 5 constraints and indexes, and the embedded store's indexes.

Each node type gets a uniqueness constraint on its key (which also indexes it); every other property marked
``indexed`` gets a range index; names and titles share one full-text index with the CJK analyser so Chinese
names match on characters. Statements are idempotent (``IF NOT EXISTS``); labels and property names come only
from the schema, never from user input.

>>> neo4j_statements()[0]
'CREATE CONSTRAINT document_id_unique IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE'
>>> ("Task", "id") in kglite_indexes()
True
"""
from __future__ import annotations

from .schema import NODE_TYPES

FULLTEXT_INDEX = "policygraph_names"
FULLTEXT_PROPERTIES: tuple[str, ...] = ("name", "title", "aliases")


def _snake(label: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in label).lstrip("_")


def constraint_statements() -> list[str]:
    """One ``REQUIRE n.<key> IS UNIQUE`` constraint per node type."""
    return [f"CREATE CONSTRAINT {_snake(t.name)}_{t.key}_unique IF NOT EXISTS "
            f"FOR (n:{t.name}) REQUIRE n.{t.key} IS UNIQUE" for t in NODE_TYPES.values()]


def index_statements() -> list[str]:
    """A range index per indexed, non-key property."""
    return [f"CREATE INDEX {_snake(t.name)}_{p.name} IF NOT EXISTS FOR (n:{t.name}) ON (n.{p.name})"
            for t in NODE_TYPES.values() for p in t.properties if p.indexed and p.name != t.key]


def fulltext_statement() -> str:
    """One full-text index (CJK analyser) over the names, titles and aliases of every type that has them."""
    labels = [t.name for t in NODE_TYPES.values()
              if any(p.name in FULLTEXT_PROPERTIES for p in t.properties)]
    props = [p for p in FULLTEXT_PROPERTIES
             if any(p == q.name for t in NODE_TYPES.values() for q in t.properties)]
    return (f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{'|'.join(labels)}) "
            f"ON EACH [{', '.join(f'n.{p}' for p in props)}] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}")


def neo4j_statements(*, fulltext: bool = True) -> list[str]:
    """All Neo4j 5 schema statements, constraints first; run each in its own auto-commit transaction."""
    return constraint_statements() + index_statements() + ([fulltext_statement()] if fulltext else [])


def kglite_indexes() -> list[tuple[str, str]]:
    """``(label, property)`` pairs the embedded store should index: each key, then each indexed property."""
    pairs: list[tuple[str, str]] = []
    for t in NODE_TYPES.values():
        pairs.append((t.name, t.key))
        pairs += [(t.name, p.name) for p in t.properties if p.indexed and p.name != t.key]
    return pairs
