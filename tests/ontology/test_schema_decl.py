"""The schema's declarations are consistent, and the examples in the ontology modules' docstrings hold."""
from __future__ import annotations

import doctest
import importlib
from collections import Counter

import pytest

from ontology.errors import SchemaViolation
from ontology.owl import LINK_PROPERTIES, datatype_properties, ontology_graph, relation_iri
from ontology.schema import EVIDENCE_PROPERTIES, NODE_TYPES, RDF_CLASSES, RELATIONS, allowed, camel, check, node_type
from ontology.vocab import PG


def test_patterns_name_declared_classes_and_keys_are_string_properties() -> None:
    for rel in RELATIONS.values():
        for source, target in rel.patterns:
            assert source in NODE_TYPES and target in NODE_TYPES, rel.name
    for t in NODE_TYPES.values():
        assert t.property(t.key).datatype == "string"
        names = [p.name for p in t.properties]
        assert len(names) == len(set(names)) and not set(names) & set(EVIDENCE_PROPERTIES)


def test_every_pg_term_has_one_meaning() -> None:
    """Classes, relations, properties, individuals and link properties never share a pg: local name."""
    locals_ = [*NODE_TYPES, *RDF_CLASSES, *(relation_iri(r).fragment for r in RELATIONS),
               *(iri.fragment for iri in datatype_properties()), *(link[0] for link in LINK_PROPERTIES),
               *(i.iri for c in RDF_CLASSES.values() for i in c.individuals)]
    clashes = [name for name, n in Counter(locals_).items() if n > 1]
    assert not clashes
    declared = {s.fragment for s in ontology_graph().subjects() if str(s).startswith(str(PG))}
    assert set(locals_) == declared


def test_camel_case_names() -> None:
    assert camel("SETS_TARGET") == "setsTarget" and camel("ev_doc") == "evDoc" and camel("LEADS") == "leads"


def test_allowed_and_check() -> None:
    assert allowed("Organisation", "LEADS", "Task") and not allowed("Task", "LEADS", "Organisation")
    with pytest.raises(SchemaViolation, match="not an allowed pattern"):
        check("Task", "LEADS", "Organisation")
    with pytest.raises(SchemaViolation, match="unknown node class"):
        node_type("Policy")


@pytest.mark.parametrize("module", ["schema", "vocab", "owl", "rdf", "shapes", "ddl"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"ontology.{module}"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
