"""Hypothesis strategies for property-graph nodes and edges that fit the PolicyGraph schema."""
from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from ontology.schema import NODE_TYPES, RELATIONS, Property

# Any text a policy document may hold: Chinese, quotes, backslashes, newlines, tabs, emoji, controls.
_ALPHABET = st.one_of(
    st.sampled_from(list("卫健委医共体牵头配合“”‘’《》（）、。\"'\\\n\r\t #%/:<>{}&?") + ["\u3000", "\x00", "\x7f"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
TEXT = st.text(alphabet=_ALPHABET, max_size=20)
KEY = st.text(alphabet=_ALPHABET, min_size=1, max_size=12)


def value_for(prop: Property) -> st.SearchStrategy[Any]:
    if prop.values:
        return st.sampled_from(prop.values)
    return {
        "string": TEXT,
        "integer": st.integers(min_value=-(2**70), max_value=2**70),
        "decimal": st.one_of(st.integers(-10**6, 10**6),
                             st.floats(allow_nan=False, allow_infinity=False, width=64)),
        "boolean": st.booleans(),
        "date": st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    }[prop.datatype]


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    quote = draw(TEXT)
    start = draw(st.integers(0, 10**7))
    return {"ev_doc": draw(KEY), "ev_start": start, "ev_end": start + len(quote), "ev_quote": quote}


@st.composite
def props_for(draw: st.DrawFn, properties: tuple[Property, ...], *, evidenced: bool | None) -> dict[str, Any]:
    """Some of ``properties`` with values; evidence always (True), never (False) or maybe (None)."""
    props = {p.name: draw(value_for(p)) for p in properties if draw(st.booleans())}
    if evidenced or (evidenced is None and draw(st.booleans())):
        props |= draw(evidence())
    return props


@st.composite
def graphs(draw: st.DrawFn, *, strict_evidence: bool = False, max_nodes: int = 12) -> tuple[list, list]:
    """``(nodes, edges)``: unique keys per label, edges only on allowed patterns between drawn nodes.

    With ``strict_evidence`` extracted node types always carry evidence (as SHACL requires).
    """
    nodes: list[dict[str, Any]] = []
    keys: dict[str, list[str]] = {}
    for label in draw(st.lists(st.sampled_from(sorted(NODE_TYPES)), max_size=max_nodes)):
        t = NODE_TYPES[label]
        key = draw(KEY)
        if key in keys.get(label, []):
            continue
        keys.setdefault(label, []).append(key)
        others = tuple(p for p in t.properties if p.name != t.key)
        evidenced = (True if t.evidenced else None) if strict_evidence else None
        props = draw(props_for(others, evidenced=evidenced))
        if t.quote != "ev_quote" and "ev_quote" in props:  # stored as the graph stores it: the quote once
            props[t.quote] = props.pop("ev_quote")
        nodes.append({"label": label, "props": {t.key: key, **props}})
    patterns = [(r.name, s, t) for r in RELATIONS.values() for s, t in r.patterns if keys.get(s) and keys.get(t)]
    edges: list[dict[str, Any]] = []
    if patterns:
        for name, source, target in draw(st.lists(st.sampled_from(patterns), max_size=2 * max_nodes)):
            rel = RELATIONS[name]
            edges.append({
                "type": name,
                "source": (source, draw(st.sampled_from(keys[source]))),
                "target": (target, draw(st.sampled_from(keys[target]))),
                "props": draw(props_for(rel.properties, evidenced=None)),
            })
    return nodes, edges


def canonical(nodes: list, edges: list) -> tuple[list, list]:
    """Nodes and edges as sorted, comparable lists (decimals as floats, endpoints as tuples)."""
    def norm(props: dict[str, Any]) -> dict[str, Any]:
        return {k: float(v) if isinstance(v, int) and not isinstance(v, bool) and k == "number" else v
                for k, v in props.items() if v is not None}

    n = sorted((x["label"], sorted(norm(x["props"]).items())) for x in nodes)
    e = sorted((x["type"], tuple(x["source"]), tuple(x["target"]), sorted(norm(x.get("props") or {}).items()))
               for x in edges)
    return n, e
