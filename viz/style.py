"""The visual vocabulary of every PolicyGraph view: colours, shapes and line styles by node type, level and
relation, read once from ``viz/static/style.json`` (data, not code).

>>> style().node("Task").label_zh
'任务'
>>> style().edge("SUPPORTS").dashes
(6, 5)
>>> style().view_url("Document", "doc-1")
'/viz/lineage/doc-1'
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

LEVEL_ORDER: tuple[str, ...] = ("national", "province", "city", "county")


@dataclass(frozen=True, slots=True)
class NodeStyle:
    name: str
    label_zh: str
    color: str
    shape: str
    size: int
    font: str | None = None


@dataclass(frozen=True, slots=True)
class LevelStyle:
    name: str
    label_zh: str
    color: str
    rank: int | None


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    name: str
    label_zh: str
    color: str
    width: float
    dashes: tuple[int, ...] | None  # None: a solid line

    def vis_dashes(self) -> bool | list[int]:
        """The ``dashes`` option vis-network expects."""
        return list(self.dashes) if self.dashes else False


@dataclass(frozen=True, slots=True)
class Style:
    node_types: dict[str, NodeStyle]
    other_node: NodeStyle
    levels: dict[str, LevelStyle]
    no_level: LevelStyle
    edge_types: dict[str, EdgeStyle]
    other_edge: EdgeStyle
    views: dict[str, tuple[tuple[str, str], ...]]  # node type -> ((view kind, path pattern), ...)
    view_names: dict[str, str]

    def node(self, type_: str | None) -> NodeStyle:
        return self.node_types.get(type_ or "", self.other_node)

    def level(self, level: str | None) -> LevelStyle:
        return self.levels.get(level or "", self.no_level)

    def edge(self, type_: str | None) -> EdgeStyle:
        return self.edge_types.get(type_ or "", self.other_edge)

    def view_url(self, type_: str | None, key: str) -> str | None:
        """The API path of the view centred on an entity of this type, or None when there is none."""
        patterns = self.views.get(type_ or "")
        return patterns[0][1].format(id=quote(str(key), safe="")) if patterns else None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready copy for pages that style nodes in the browser (the explorer's query graph)."""
        return _raw()


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("viz").joinpath("static/style.json").read_text(encoding="utf-8")
    return json.loads(text)


def _dashes(value: Any) -> tuple[int, ...] | None:
    return tuple(value) if value else None


@cache
def style() -> Style:
    """The parsed style sheet (cached)."""
    raw = _raw()
    return Style(
        node_types={k: NodeStyle(k, **v) for k, v in raw["node_types"].items()},
        other_node=NodeStyle("Other", **raw["other_node"]),
        levels={k: LevelStyle(k, **v) for k, v in raw["levels"].items()},
        no_level=LevelStyle("none", rank=None, **raw["no_level"]),
        edge_types={k: EdgeStyle(k, v["label_zh"], v["color"], v["width"], _dashes(v["dashes"]))
                    for k, v in raw["edge_types"].items()},
        other_edge=EdgeStyle("Other", raw["other_edge"]["label_zh"], raw["other_edge"]["color"],
                             raw["other_edge"]["width"], _dashes(raw["other_edge"]["dashes"])),
        views={k: tuple((kind, path) for kind, path in v) for k, v in raw["views"].items()},
        view_names=dict(raw["view_names"]),
    )
