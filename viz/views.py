"""Pure view builders: take the networkx neighbourhood a query returned and decorate it for one view.

Each builder copies its input (never mutates it), keeps the node types the view is about, and adds layout
hints that :func:`viz.render.render` understands: ``rank`` (row of a hierarchy), ``pos`` (fixed x, y),
``focus`` (the entity the view is centred on) and the graph attribute ``direction``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("o", type="Organisation", label="卫健委")
>>> g.add_node("t", type="Task", label="任务")
>>> _ = g.add_edge("o", "t", type="LEADS")
>>> v = responsibility(g, focus="o")
>>> v.nodes["o"]["rank"], v.nodes["t"]["rank"], v.nodes["o"]["focus"], v.graph["direction"]
(0, 1, True, 'LR')
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .style import LEVEL_ORDER

NodeKey = Hashable

RESPONSIBILITY_RANKS: dict[str, int] = {"Organisation": 0, "Task": 1, "Programme": 2, "Target": 2, "Indicator": 3}
ROW_HEIGHT = 150.0
COLUMN_WIDTH = 210.0
CELL_STEP = 46.0
DOC_STEP = 60.0
DOC_WIDTH = 230.0
DOC_GAP = 80.0
ROW_GAP = 110.0
OWNER_EDGES = frozenset({"LEADS", "SUPPORTS"})
LINEAGE_EDGES = frozenset({"CITES", "CO_CITED", "SHARES", "REFERENCES"})
CASCADE_EDGES = frozenset({"CONSISTENT", "STRICTER", "LOOSER", "INCOMPARABLE", "NOT_TRANSMITTED"})


def _prepared(graph: nx.MultiDiGraph, keep: Iterable[str] | None = None,
              focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A copy holding only nodes of the ``keep`` types, every contract attribute present."""
    wanted = set(keep) if keep is not None else None
    nodes = [n for n, t in graph.nodes(data="type") if wanted is None or t in wanted]
    view = nx.MultiDiGraph(graph.subgraph(nodes))
    for key, attrs in view.nodes(data=True):
        attrs.setdefault("type", None)
        attrs["label"] = attrs.get("label") or str(key)
        attrs.setdefault("level", None)
        attrs["props"] = dict(attrs.get("props") or {})
        attrs.setdefault("quote", None)
        attrs.setdefault("doc", None)
        attrs["focus"] = key == focus
    view.graph = dict(graph.graph)
    return view


def _drop_isolated(view: nx.MultiDiGraph, focus: NodeKey | None) -> None:
    view.remove_nodes_from([n for n in list(view) if n != focus and view.degree(n) == 0])


def _level_rank(level: str | None) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def responsibility(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """Who owns what around an indicator, programme or body: bodies → tasks → targets/programmes → indicators.

    Laid out left to right; LEADS and SUPPORTS edges keep their own styles and a body's size follows
    what it owns (computed when rendering).
    """
    view = _prepared(graph, RESPONSIBILITY_RANKS, focus)
    idle = [n for n, t in view.nodes(data="type") if t == "Organisation" and n != focus
            and not any(r in OWNER_EDGES for *_, r in view.out_edges(n, data="type"))]
    view.remove_nodes_from(idle)  # bodies that own nothing here (a department's sibling units)
    _drop_isolated(view, focus)
    for _, attrs in view.nodes(data=True):
        attrs["rank"] = RESPONSIBILITY_RANKS[attrs["type"]]
        if attrs["type"] == "Target":
            attrs["label"] = _target_label(attrs)
    view.graph["direction"] = "LR"
    return view


def _owning_document(graph: nx.MultiDiGraph, target: NodeKey, docs: set[NodeKey]) -> NodeKey | None:
    """The document that sets a target: directly, through the task that sets it, or by its ``doc_id``."""
    frontier = [p for p, _, t in graph.in_edges(target, data="type") if t == "SETS_TARGET"]
    seen: set[NodeKey] = set()
    while frontier:
        node = frontier.pop(0)
        if node in docs:
            return node
        if node in seen:
            continue
        seen.add(node)
        frontier.extend(p for p, _, t in graph.in_edges(node, data="type") if t == "CONTAINS")
    doc_id = (graph.nodes[target].get("props") or {}).get("doc_id")
    by_id = {str((graph.nodes[d].get("props") or {}).get("id", d)): d for d in docs}
    return by_id.get(str(doc_id)) if doc_id is not None else None


def _target_label(attrs: dict[str, Any]) -> str:
    props = attrs.get("props") or {}
    value = props.get("value")
    year = props.get("year")
    if value:
        text = f"{value}（{year}）" if year else str(value)
        return f"{props['region']} {text}" if props.get("region") else text
    return str(attrs.get("label"))


def inheritance(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A document's lineage top-down, national → county, with the targets each level sets side by side.

    One row per level (national, province, city, county; then unplaced): the lineage's documents stand on
    the left (one level's documents side by side, the chain's own first), linked child → parent by their basis (CITES, CO_CITED, SHARES, or REFERENCES); to the
    right, one column per indicator holds the targets (and ``Gap`` nodes: a region that set none) each level
    sets on it, cascade links between them. A target's level is its own ``level``, else its document's.
    Positions are fixed, so no physics runs.
    """
    view = _prepared(graph, ("Document", "Target", "Indicator", "Gap"), focus)
    docs = [n for n, t in view.nodes(data="type") if t == "Document"]
    cells = [n for n, t in view.nodes(data="type") if t in ("Target", "Gap")]
    doc_set = set(docs)
    for n in cells:
        if view.nodes[n]["level"] is None and view.nodes[n]["type"] == "Target":
            owner = _owning_document(graph, n, doc_set)
            view.nodes[n]["level"] = view.nodes[owner]["level"] if owner is not None else None
    measured = {t: next((i for _, i, r in view.out_edges(t, data="type") if r == "MEASURES"), None) for t in cells}
    column_key: dict[NodeKey, Any] = {
        t: measured[t] if measured[t] is not None else ("text", view.nodes[t]["props"].get("indicator") or t)
        for t in cells}
    indicators = [n for n, t in view.nodes(data="type") if t == "Indicator"]
    levels_of: dict[Any, set[Any]] = defaultdict(set)
    for t, key in column_key.items():
        levels_of[key].add(view.nodes[t]["level"])
    for ind in indicators:
        levels_of.setdefault(ind, set())
    columns = sorted(levels_of, key=lambda k: (-len(levels_of[k]), str(view.nodes[k]["label"]) if k in view
                                               else str(k[1])))
    col_of = {k: c for c, k in enumerate(columns)}
    row_keys = sorted({_level_rank(view.nodes[n]["level"]) for n in (*docs, *cells)})
    by_row: dict[int, list[NodeKey]] = defaultdict(list)
    for d in sorted(docs, key=lambda d: (view.nodes[d]["props"].get("chain_step") is None,
                                         view.nodes[d]["props"].get("chain_step") or 0,
                                         str(view.nodes[d]["props"].get("year", "")), view.nodes[d]["label"])):
        by_row[_level_rank(view.nodes[d]["level"])].append(d)
    stack: dict[tuple[int, int], list[NodeKey]] = defaultdict(list)
    for t in sorted(cells, key=lambda t: (view.nodes[t]["type"] == "Gap", not view.nodes[t]["props"].get("in_lineage"),
                                          str(view.nodes[t]["props"].get("year", "")), view.nodes[t]["label"])):
        stack[(_level_rank(view.nodes[t]["level"]), col_of[column_key[t]])].append(t)
    first = DOC_WIDTH * max([len(v) for v in by_row.values()] + [1]) + DOC_GAP
    top = 0.0
    for r, row in enumerate(row_keys):
        height = max([DOC_STEP] + [CELL_STEP * len(v) for (rr, _), v in stack.items() if rr == row])
        for k, d in enumerate(by_row[row]):  # documents of one level side by side, the first one leftmost
            view.nodes[d]["pos"] = (k * DOC_WIDTH, top)
            view.nodes[d]["rank"] = r + 1
            view.nodes[d]["label"] = f"【{_LEVEL_ZH.get(view.nodes[d]['level'], '—')}】{view.nodes[d]['label']}"
        for (rr, col), members in stack.items():
            if rr != row:
                continue
            for k, t in enumerate(members):
                view.nodes[t]["pos"] = (first + col * COLUMN_WIDTH, top + k * CELL_STEP)
                view.nodes[t]["rank"] = r + 1
                if view.nodes[t]["type"] == "Target" and not view.nodes[t]["props"].get("region"):
                    view.nodes[t]["label"] = _target_label(view.nodes[t])
        top += height + ROW_GAP
    for ind in indicators:
        view.nodes[ind]["pos"] = (first + col_of[ind] * COLUMN_WIDTH, -ROW_HEIGHT * 0.6)
        view.nodes[ind]["rank"] = 0
    depth = {t: k for members in stack.values() for k, t in enumerate(members)}
    for _, dst, attrs in view.edges(data=True):
        if attrs.get("type") in LINEAGE_EDGES:
            attrs["smooth"] = {"enabled": True, "type": "curvedCCW", "roundness": 0.25}
        elif attrs.get("type") in CASCADE_EDGES:  # bend more for targets further down a cell: no overlaps
            attrs["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 + 0.2 * depth.get(dst, 0)}
    # the column says what a target measures
    view.remove_edges_from([(u, v, k) for u, v, k, t in view.edges(keys=True, data="type") if t == "MEASURES"])
    view.graph["direction"] = "UD"
    return view


def trace(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """One indicator's cascade as a top-down tree: the indicator, then its targets row by level
    (national → county), each cascade link typed by its classification; ``Gap`` nodes where a region set none."""
    view = _prepared(graph, ("Indicator", "Target", "Gap"), focus)
    for _, attrs in view.nodes(data=True):
        attrs["rank"] = 0 if attrs["type"] == "Indicator" else 1 + _level_rank(attrs["level"])
    view.remove_edges_from([(u, v, k) for u, v, k, t in view.edges(keys=True, data="type") if t == "MEASURES"
                            and any(r in CASCADE_EDGES for *_, r in view.in_edges(u, data="type"))])
    view.graph["direction"] = "UD"
    return view


_LEVEL_ZH = {"national": "国家", "province": "省", "city": "市", "county": "县"}


def programme(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A programme's neighbourhood: the tasks and documents that name it, their bodies and targets, broader
    and narrower programmes. Sections, and targets not set by a task shown, are dropped; the layout is
    force-directed and then frozen."""
    keep = ("Programme", "Task", "Document", "Organisation", "Target", "Indicator", "Region")
    view = _prepared(graph, keep, focus)
    unrelated = [n for n, t in view.nodes(data="type") if t == "Target"
                 and not any(view.nodes[p]["type"] == "Task" for p in view.predecessors(n))]
    view.remove_nodes_from(unrelated)  # targets a document sets elsewhere, not through a task on the programme
    _drop_isolated(view, focus)
    return view


def region(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A region's neighbourhood top-down: regions by level (national → county), each followed by the
    documents that cover it and the bodies located in it (programmes are the programme view's)."""
    keep = ("Region", "Document", "Organisation")
    view = _prepared(graph, keep, focus)
    for _, attrs in view.nodes(data=True):
        step = 2 * _level_rank(attrs["level"])
        if attrs["type"] == "Region":
            attrs["rank"] = step
        elif attrs["type"] in ("Document", "Organisation"):
            attrs["rank"] = step + 1
    view.graph["direction"] = "UD"
    return view


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """One view: its builder and whether it is drawn as a hierarchy."""
    kind: str
    build: Callable[..., nx.MultiDiGraph]
    hierarchy: bool


VIEWS: dict[str, ViewSpec] = {
    "responsibility": ViewSpec("responsibility", responsibility, True),
    "inheritance": ViewSpec("inheritance", inheritance, True),
    "programme": ViewSpec("programme", programme, False),
    "region": ViewSpec("region", region, True),
    "trace": ViewSpec("trace", trace, True),
}
ALIASES: dict[str, str] = {"owners": "responsibility", "lineage": "inheritance"}
