"""Access to a held-out-style fixture set (tests/fixtures/<set>/NAME.txt with NAME.json gold), shared by its tests."""
from __future__ import annotations

import json
from pathlib import Path

from loaders import extract_file
from loaders.interchange import to_interchange

FIXTURES_ROOT = Path(__file__).resolve().parents[1] / "fixtures"


class FixtureSet:
    """One fixture folder: each document is extracted once, on first use."""

    def __init__(self, folder: str) -> None:
        self.root = FIXTURES_ROOT / folder
        self.names = sorted(p.stem for p in self.root.glob("*.txt"))
        self._extracted: dict[str, dict] = {}

    def extracted(self, name: str) -> dict:
        """The interchange record of document NAME."""
        if name not in self._extracted:
            self._extracted[name] = to_interchange(extract_file(self.root / f"{name}.txt"))
        return self._extracted[name]

    def gold(self, name: str) -> dict:
        return json.loads((self.root / f"{name}.json").read_text(encoding="utf-8"))

    def task_ids(self, name: str) -> list[str]:
        return [t["id"] for t in self.extracted(name)["tasks"]]

    def task(self, name: str, task_id: str) -> dict:
        found = [t for t in self.extracted(name)["tasks"] if t["id"] == task_id]
        assert found, f"no task {task_id} in {name}: {self.task_ids(name)}"
        return found[0]

    def target(self, name: str, clause: str, value: str) -> dict:
        """The predicted target whose text contains CLAUSE and whose value is VALUE."""
        found = [t for t in self.extracted(name)["targets"]
                 if clause in (t.get("text") or "") and t["value"] == value]
        assert found, f"no target {value!r} in «{clause}» of {name}"
        return found[0]

    def has_target(self, name: str, clause: str, value: str) -> bool:
        return any(clause in (t.get("text") or "") and t["value"] == value for t in self.extracted(name)["targets"])

    def has_target_value(self, name: str, value: str) -> bool:
        return any(t["value"] == value for t in self.extracted(name)["targets"])

    def programme_names(self, name: str) -> set[str]:
        return {p["name"] for p in self.extracted(name)["programmes"]}
