"""Render a decorated networkx graph as ONE self-contained interactive HTML page (pyvis + vis-network inlined).

The input contract, shared with ``graph/``: a ``networkx.MultiDiGraph`` whose nodes carry ``type`` (an ontology
node class), ``label``, ``level`` (national | province | city | county | None), ``props`` (dict shown on click),
``quote`` and ``doc`` (evidence for hover); edges carry ``type`` (a relation), optional ``props`` and an
optional ``label`` drawn on the line.
Builders in :mod:`viz.views` may add ``rank`` (row in a hierarchy), ``pos`` ((x, y), fixed placement) and
``owns`` (what a body owns); the graph attribute ``direction`` ("UD" | "LR") orients a hierarchy.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("o1", type="Organisation", label="卫健委", level="county", props={}, quote=None, doc=None)
>>> g.add_node("t1", type="Task", label="建设医共体", level=None, props={}, quote="由卫健委牵头", doc="某县方案")
>>> _ = g.add_edge("o1", "t1", type="LEADS")
>>> page = render(g, title="示例", kind="responsibility")
>>> page.startswith("<!DOCTYPE html>") and 'src="http' not in page
True
"""
from __future__ import annotations

import math
import random
from collections import Counter, deque
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
from pyvis.network import Network

from .assets import environment, script_json, vis_network_css, vis_network_js
from .style import LEVEL_ORDER, Style, style

BIG = 300           # above this many nodes: no smooth edges, no improved layout, bounded stabilisation
HUGE = 1000         # above this many nodes: hide edges while dragging/zooming
LABEL_MAX = 16
QUOTE_MAX = 240
OWNER_TYPES = ("LEADS", "SUPPORTS")


def render(graph: nx.MultiDiGraph, *, title: str, kind: str, hierarchy: bool = False, legend: bool = True,
           links: bool = False) -> str:
    """Return one HTML page (str) drawing ``graph``; nothing in it is fetched from the network.

    ``kind`` names the view (responsibility | inheritance | programme | region | cypher, or any word);
    ``hierarchy`` lays nodes out top-down by ``rank`` (or by level) with physics off; ``legend`` adds the
    colour legend beside the type/level filter; ``links`` adds links from entities to their own views
    (for pages served by the API, where ``/viz/...`` paths resolve).
    """
    sheet = style()
    ids = _ids(graph)
    fixed = len(graph) > 0 and all(d.get("pos") is not None for _, d in graph.nodes(data=True))
    mode = "fixed" if fixed else "hierarchy" if hierarchy else "force"
    ranks = _ranks(graph, sheet) if mode == "hierarchy" else {}
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for key, attrs in graph.nodes(data=True):
        owns = _owns(graph, key) if attrs.get("type") == "Organisation" else None
        net.add_node(ids[key], **_node(key, attrs, sheet, owns=owns, rank=ranks.get(key), links=links))
    for n, (src, dst, attrs) in enumerate(graph.edges(data=True)):
        net.add_edge(ids[src], ids[dst], **_edge(n, attrs, sheet))
    if mode == "force" and len(graph) > BIG:
        for key, (x, y) in _seed(graph).items():
            net.node_map[ids[key]].update(x=x, y=y)
    net.options = _options(len(graph), mode, str(graph.graph.get("direction", "UD")))
    return environment().get_template("view.html").render(
        title=title, kind=kind, kind_name=sheet.view_names.get(kind, kind), legend=legend,
        vis_js=vis_network_js(), vis_css=vis_network_css(),
        data=script_json({"nodes": net.nodes, "edges": net.edges, "options": net.options, "mode": mode}),
        node_rows=_node_rows(graph, sheet), level_rows=_level_rows(graph, sheet),
        edge_rows=_edge_rows(graph, sheet), n_nodes=len(graph), n_edges=graph.number_of_edges())


def _ids(graph: nx.MultiDiGraph) -> dict[Hashable, str]:
    """String ids for vis-network; the node key's text when that is unique."""
    texts = {key: str(key) for key in graph.nodes}
    if len(set(texts.values())) == len(texts):
        return texts
    return {key: f"n{i}" for i, key in enumerate(graph.nodes)}


def _owns(graph: nx.MultiDiGraph, key: Hashable) -> int:
    """What a body owns: its LEADS/SUPPORTS edges plus the targets those tasks set (or a given ``owns``)."""
    given = graph.nodes[key].get("owns")
    if given is not None:
        return int(given)
    tasks = {dst for _, dst, t in graph.out_edges(key, data="type") if t in OWNER_TYPES}
    roles = sum(1 for _, _, t in graph.out_edges(key, data="type") if t in OWNER_TYPES)
    targets = {dst for task in tasks for _, dst, t in graph.out_edges(task, data="type") if t == "SETS_TARGET"}
    return roles + len(targets)


def _seed(graph: nx.MultiDiGraph, spacing: float = 220.0) -> dict[Hashable, tuple[float, float]]:
    """Starting positions for a big force layout, so a few physics iterations finish it: hubs on a sunflower
    spiral, every other node near its placed neighbours (breadth first from the hubs), a little jitter."""
    rnd = random.Random(7)
    undirected = graph.to_undirected(as_view=True)
    hubs = sorted(graph.nodes, key=lambda k: -undirected.degree(k))[: max(len(graph) // 25, 1)]
    pos: dict[Hashable, tuple[float, float]] = {}
    for i, hub in enumerate(hubs):
        r, a = spacing * math.sqrt(i + 0.5), i * 2.399963
        pos[hub] = (r * math.cos(a), r * math.sin(a))
    queue = deque(hubs)
    while queue:
        key = queue.popleft()
        for other in undirected.neighbors(key):
            if other not in pos:
                x, y = pos[key]
                pos[other] = (x + rnd.uniform(-60, 60), y + rnd.uniform(-60, 60))
                queue.append(other)
    side = math.ceil(math.sqrt(len(graph))) or 1
    for i, key in enumerate(k for k in graph.nodes if k not in pos):
        pos[key] = (spacing * (i % side - side / 2), spacing * (side + i // side))
    return pos


def _ranks(graph: nx.MultiDiGraph, sheet: Style) -> dict[Hashable, int]:
    """Rows of a top-down layout: a node's ``rank``, else its level's rank, else one below its ranked parent."""
    ranks: dict[Hashable, int] = {}
    for key, attrs in graph.nodes(data=True):
        if attrs.get("rank") is not None:
            ranks[key] = int(attrs["rank"])
        elif attrs.get("level") in sheet.levels:
            ranks[key] = int(sheet.levels[attrs["level"]].rank or 0)
    pending = [k for k in graph.nodes if k not in ranks]
    for _ in range(len(pending) + 1):
        if not pending:
            break
        left = []
        for key in pending:
            parents = [ranks[p] for p in graph.predecessors(key) if p in ranks]
            children = [ranks[c] for c in graph.successors(key) if c in ranks]
            if parents:
                ranks[key] = max(parents) + 1
            elif children:
                ranks[key] = max(min(children) - 1, 0)
            else:
                left.append(key)
        if len(left) == len(pending):
            ranks.update({k: 0 for k in left})
            break
        pending = left
    return ranks


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hover(attrs: Mapping[str, Any], type_zh: str, label: str, owns: int | None) -> str:
    lines = [f"{type_zh} · {label}"]
    if owns is not None:
        lines.append(f"负责 owns: {owns}")
    if attrs.get("quote"):
        lines.append(f"“{_short(str(attrs['quote']), QUOTE_MAX)}”")
    if attrs.get("doc"):
        lines.append(f"——《{attrs['doc']}》")
    return "\n".join(lines)


def _node(key: Hashable, attrs: Mapping[str, Any], sheet: Style, *, owns: int | None, rank: int | None,
          links: bool) -> dict[str, Any]:
    look = sheet.node(attrs.get("type"))
    level = sheet.level(attrs.get("level"))
    label = str(attrs.get("label") or key)
    props = dict(attrs.get("props") or {})
    size = look.size if owns is None else min(12 + 6 * math.sqrt(owns), 54)
    border = level.color if attrs.get("level") in sheet.levels else _darker(look.color)
    node: dict[str, Any] = {
        "label": _short(label, LABEL_MAX), "shape": look.shape, "size": size,
        "color": {"background": look.color, "border": border,
                  "highlight": {"background": look.color, "border": "#111111"}},
        "borderWidth": 3 if attrs.get("level") in sheet.levels else 1,
        "title": _hover(attrs, look.label_zh, label, owns),
        "ptype": attrs.get("type") or "Other", "plevel": attrs.get("level") or "none",
        "full": label, "props": props, "quote": attrs.get("quote"), "doc": attrs.get("doc"),
    }
    if look.font:
        node["font"] = {"color": look.font}
    if attrs.get("focus"):
        node["size"] = size * 1.5
        node["borderWidth"] = 5
        node["font"] = {**node.get("font", {}), "size": 16}
    if owns is not None:
        node["owns"] = owns
    if rank is not None:
        node["level"] = rank  # vis-network's hierarchical row, not the administrative level
    if attrs.get("pos") is not None:
        node["x"], node["y"] = (float(v) for v in attrs["pos"])
    if links:
        href = sheet.view_url(attrs.get("type"), str(props.get("id") or props.get("code") or key))
        if href:
            node["href"] = href
    return node


def _darker(color: str, factor: float = 0.7) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * factor) for c in (r, g, b)))


def _edge(n: int, attrs: Mapping[str, Any], sheet: Style) -> dict[str, Any]:
    look = sheet.edge(attrs.get("type"))
    props = dict(attrs.get("props") or {})
    extra = "".join(f"\n{k}: {v}" for k, v in props.items() if v not in (None, ""))
    edge: dict[str, Any] = {
        "id": f"e{n}", "etype": attrs.get("type") or "Other", "props": props,
        "color": {"color": look.color, "highlight": "#111111"},
        "width": look.width, "dashes": look.vis_dashes(),
        "title": f"{look.label_zh} {attrs.get('type') or ''}{extra}",
    }
    if attrs.get("smooth"):
        edge["smooth"] = attrs["smooth"]
    if attrs.get("label"):
        edge["label"] = str(attrs["label"])
        edge["font"] = {"size": 10, "color": look.color, "strokeWidth": 3, "strokeColor": "#ffffff",
                        "align": "horizontal"}
    return edge


def _options(n: int, mode: str, direction: str) -> dict[str, Any]:
    """vis-network options: physics only for force layouts, bounded for big graphs."""
    big = n > BIG
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {"font": {"size": 13, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
                  "widthConstraint": {"maximum": 180}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2},
        "interaction": {"hover": not big, "tooltipDelay": 150, "navigationButtons": False,
                        "hideEdgesOnDrag": n > HUGE, "hideEdgesOnZoom": n > HUGE, "multiselect": False},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
    }
    if mode == "force":
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "springConstant": 0.06,
                                 "avoidOverlap": 0.4, "damping": 0.6},
            "stabilization": {"enabled": True, "iterations": 40 if n > HUGE else 120 if big else 300,
                              "updateInterval": 20,
                              "fit": True},
            "minVelocity": 1.0, "timestep": 0.5,
        }
    else:
        options["physics"] = {"enabled": False}
    if mode == "hierarchy":
        horizontal = direction in ("LR", "RL")
        options["layout"]["hierarchical"] = {
            "enabled": True, "direction": direction, "sortMethod": "directed", "shakeTowards": "roots",
            "levelSeparation": 230 if horizontal else 130, "nodeSpacing": 95 if horizontal else 200,
            "treeSpacing": 120, "blockShifting": True, "edgeMinimization": n <= BIG, "parentCentralization": True,
        }
        options["edges"]["smooth"] = False if big else {"enabled": True, "type": "cubicBezier",
                                                        "forceDirection": "horizontal" if horizontal
                                                        else "vertical", "roundness": 0.4}
    return options


def _node_rows(graph: nx.MultiDiGraph, sheet: Style) -> list[dict[str, Any]]:
    counts = Counter(t or "Other" for _, t in graph.nodes(data="type"))
    order = [*sheet.node_types, "Other"]
    return [{"key": k, "label_zh": sheet.node(k).label_zh, "color": sheet.node(k).color,
             "shape": sheet.node(k).shape, "count": counts[k]}
            for k in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))]


def _level_rows(graph: nx.MultiDiGraph, sheet: Style) -> list[dict[str, Any]]:
    counts = Counter(lv if lv in sheet.levels else "none" for _, lv in graph.nodes(data="level"))
    order = [*LEVEL_ORDER, "none"]
    return [{"key": k, "label_zh": sheet.level(k if k != "none" else None).label_zh,
             "color": sheet.level(k if k != "none" else None).color, "count": counts[k]}
            for k in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))]


def _edge_rows(graph: nx.MultiDiGraph, sheet: Style) -> list[dict[str, Any]]:
    counts = Counter(t or "Other" for _, _, t in graph.edges(data="type"))
    order = [*sheet.edge_types, "Other"]
    rows = []
    for k in sorted(counts, key=lambda k: order.index(k) if k in order else len(order)):
        look = sheet.edge(k)
        rows.append({"key": k, "label_zh": look.label_zh, "color": look.color, "width": look.width,
                     "dash": " ".join(map(str, look.dashes)) if look.dashes else "", "count": counts[k]})
    return rows
