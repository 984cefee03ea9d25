"""Analyst curation: merge or split entities by id, from a TOML file, without code.

``[[merge]] kind="Organisation" into="org:…" from=["org:…", …]`` makes every listed id (or name) one node;
``[[split]] kind=… from="…" into="…" name="…" documents=[doc ids or file names]`` gives those documents
their own node. Curation renames ids in a document's rows before they are written.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ontology.errors import InputError
from ontology.schema import NODE_TYPES

from .resolve import load_curation


@dataclass(frozen=True, slots=True)
class Curation:
    merges: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id or name) -> into
    splits: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_file(cls, path: Path | None = None) -> Curation:
        """Read a curation TOML (the shipped ``graph/data/curation.toml`` when ``path`` is None)."""
        data = load_curation(path)
        merges: dict[tuple[str, str], str] = {}
        for m in data["merge"]:
            kind, into = m.get("kind"), m.get("into")
            if kind not in NODE_TYPES or not into or not isinstance(m.get("from"), list):
                raise InputError("each [[merge]] needs kind (a node class), into and a from list",
                                 source=str(path or "curation.toml"))
            for old in m["from"]:
                merges[(kind, old)] = into
        for s in data["split"]:
            if s.get("kind") not in NODE_TYPES or not s.get("from") or not s.get("into"):
                raise InputError("each [[split]] needs kind, from, into and documents",
                                 source=str(path or "curation.toml"))
        return cls(merges, tuple(data["split"]))

    def _rename(self, label: str, key: Any, props: dict[str, Any] | None, doc: tuple[str, str]) -> Any:
        for s in self.splits:
            if s["kind"] == label and key == s["from"] and set(doc) & set(s.get("documents", ())):
                return s["into"]
        name = (props or {}).get("name")
        return self.merges.get((label, key)) or (name and self.merges.get((label, name))) or key

    def apply(self, rows):  # DocumentRows -> DocumentRows
        """Rename curated ids in ``rows`` (nodes and relation ends); merged nodes collapse into one row."""
        if not self.merges and not self.splits:
            return rows
        doc = (rows.doc_id, rows.source)
        renamed: dict[tuple[str, Any], Any] = {}
        nodes = []
        for batch in rows.nodes:
            out: dict[Any, dict[str, Any]] = {}
            for row in batch.rows:
                new = self._rename(batch.label, row["key"], row["props"], doc)
                renamed[(batch.label, row["key"])] = new
                props = dict(row["props"])
                split = next((s for s in self.splits if s["into"] == new and s.get("name")), None)
                if split:
                    props["name"] = split["name"]
                if new in out:
                    for k, v in props.items():
                        out[new].setdefault(k, v)
                else:
                    out[new] = props
            nodes.append(replace(batch, rows=tuple({"key": k, "props": p} for k, p in out.items())))
        nodes = [replace(b, rows=tuple({"key": r["key"], "props": _follow(b.label, r["props"], renamed)} for r in b.rows))
                 for b in nodes]
        edges = []
        for batch in rows.edges:
            seen: dict[tuple[Any, Any], dict[str, Any]] = {}
            for row in batch.rows:
                a = renamed.get((batch.source, row["source"]), row["source"])
                b = renamed.get((batch.target, row["target"]), row["target"])
                if (a, b) not in seen and not (a == b and batch.source == batch.target):
                    seen[(a, b)] = row["props"]
            edges.append(replace(batch, rows=tuple({"source": a, "target": b, "props": p}
                                                   for (a, b), p in seen.items())))
        return replace(rows, nodes=tuple(nodes), edges=tuple(edges))


def _follow(label: str, props: dict[str, Any], renamed: dict[tuple[str, Any], Any]) -> dict[str, Any]:
    """``props`` with each property that holds another node's key (``refers_to`` in the schema) renamed as that
    node was."""
    moved = {p.name: renamed[(p.refers_to, props[p.name])] for p in NODE_TYPES[label].properties
             if p.refers_to and renamed.get((p.refers_to, props.get(p.name)), props.get(p.name)) != props.get(p.name)}
    return {**props, **moved} if moved else props
