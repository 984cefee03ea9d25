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
FIRST_COLUMN = 300.0
CELL_STEP = 42.0


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


def _level_rank(level: str | None) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def responsibility(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """Who owns what around an indicator, programme or body: bodies → tasks → targets/programmes → indicators.

    Laid out left to right; LEADS and SUPPORTS edges keep their own styles and a body's size follows
    what it owns (computed when rendering).
    """
    view = _prepared(graph, RESPONSIBILITY_RANKS, focus)
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
        return f"{value}（{year}）" if year else str(value)
    return str(attrs.get("label"))


def inheritance(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A document's lineage as a grid: one row per document from national down to county, one column per
    indicator, so the targets each level sets on the same indicator stand side by side.

    Keeps Documents, Targets and Indicators; a target set through a task is drawn from its document
    (the task is named in the edge's ``via``). Positions are fixed, so no physics runs.
    """
    view = _prepared(graph, ("Document", "Target", "Indicator"), focus)
    docs = {n for n, t in view.nodes(data="type") if t == "Document"}
    targets = [n for n, t in view.nodes(data="type") if t == "Target"]
    owner = {t: _owning_document(graph, t, docs) for t in targets}
    for target, doc in owner.items():
        if doc is not None and not view.has_edge(doc, target):
            via = [graph.nodes[p].get("label") for p, _, t in graph.in_edges(target, data="type")
                   if t == "SETS_TARGET"]
            view.add_edge(doc, target, type="SETS_TARGET", props={"via": "；".join(map(str, via))})
    measured: dict[NodeKey, NodeKey | None] = {
        t: next((i for _, i, r in view.out_edges(t, data="type") if r == "MEASURES"), None) for t in targets}
    rows = sorted(docs, key=lambda d: (_level_rank(view.nodes[d]["level"]),
                                       str((view.nodes[d]["props"]).get("year", "")), view.nodes[d]["label"]))
    row_of = {d: r for r, d in enumerate(rows)}
    column_key: dict[NodeKey, Any] = {
        t: measured[t] if measured[t] is not None else ("text", (view.nodes[t]["props"]).get("indicator") or t)
        for t in targets}
    setters: dict[Any, set[NodeKey]] = defaultdict(set)
    for t, key in column_key.items():
        setters[key].add(owner[t])
    indicators = [n for n, t in view.nodes(data="type") if t == "Indicator"]
    for ind in indicators:
        setters.setdefault(ind, set())
    columns = sorted(setters, key=lambda k: (-len(setters[k] - {None}), str(view.nodes[k]["label"])
                                             if k in view else str(k[1])))
    col_of = {k: c for c, k in enumerate(columns)}
    for d in rows:
        lv = view.nodes[d]["level"]
        view.nodes[d]["pos"] = (0.0, row_of[d] * ROW_HEIGHT)
        view.nodes[d]["rank"] = row_of[d] + 1
        view.nodes[d]["label"] = f"【{_LEVEL_ZH.get(lv, '—')}】{view.nodes[d]['label']}"
    for ind in indicators:
        view.nodes[ind]["pos"] = (FIRST_COLUMN + col_of[ind] * COLUMN_WIDTH, -ROW_HEIGHT)
        view.nodes[ind]["rank"] = 0
    stacked: dict[tuple[int, int], int] = defaultdict(int)
    unplaced_row = len(rows)
    for t in sorted(targets, key=lambda t: str(view.nodes[t]["props"].get("year", ""))):
        row = row_of.get(owner[t], unplaced_row)
        col = col_of[column_key[t]]
        k = stacked[(row, col)]
        stacked[(row, col)] += 1
        view.nodes[t]["pos"] = (FIRST_COLUMN + col * COLUMN_WIDTH, row * ROW_HEIGHT + k * CELL_STEP)
        view.nodes[t]["rank"] = row + 1
        view.nodes[t]["label"] = _target_label(view.nodes[t])
        view.nodes[t]["level"] = view.nodes[owner[t]]["level"] if owner[t] is not None else None
    for src, dst, attrs in view.edges(data=True):
        if attrs.get("type") == "SETS_TARGET":
            attrs["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18}
        elif attrs.get("type") == "REFERENCES":
            attrs["smooth"] = {"enabled": True, "type": "curvedCCW", "roundness": 0.35}
    view.graph["direction"] = "UD"
    return view


_LEVEL_ZH = {"national": "国家", "province": "省", "city": "市", "county": "县"}


def programme(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A programme's neighbourhood: the tasks and documents that name it, their bodies and targets, broader
    and narrower programmes. Sections are dropped; the layout is force-directed and then frozen."""
    keep = ("Programme", "Task", "Document", "Organisation", "Target", "Indicator", "Region")
    return _prepared(graph, keep, focus)


def region(graph: nx.MultiDiGraph, *, focus: NodeKey | None = None) -> nx.MultiDiGraph:
    """A region's neighbourhood top-down: regions by level (national → county), each followed by the
    documents that cover it and the bodies located in it."""
    keep = ("Region", "Document", "Organisation", "Programme", "Indicator", "Target")
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
}
ALIASES: dict[str, str] = {"owners": "responsibility", "lineage": "inheritance"}
