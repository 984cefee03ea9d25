"""Golden tests: extraction of the sample corpus is pinned, so any change to it is seen and reviewed.

Regenerate after an intended change with ``PG_UPDATE_GOLDEN=1 pytest tests/loaders/test_golden.py`` and review
the diff of ``tests/golden/``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from loaders import extract_file
from loaders.interchange import to_interchange

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"


def pinned(record: dict) -> dict:
    """The parts of an extraction an analyst relies on (evidence offsets included, so spans cannot drift)."""
    return {
        "document": {k: record["document"][k] for k in
                     ("title", "issuer", "doc_number", "date", "year", "region", "parent_region", "level", "kind",
                      "period", "inferred")},
        "tasks": [[t["id"], t["title"], t["lead"], t["support"], t["split"],
                   [t["evidence"]["start"], t["evidence"]["end"]]] for t in record["tasks"]],
        "targets": [[t["indicator"], t["value"], t["comparator"], t["year"], t["nature"], t["task_id"],
                     t["evidence"]["quote"]] for t in record["targets"]],
        "references": [[r["title"], r["level"], r["citation"]] for r in record["references"]],
        "programmes": sorted([p["name"], sorted(p["aliases_seen"])] for p in record["programmes"]),
        "noise": [[n["reason"], n["quote"]] for n in record["noise"]],
    }


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_sample_extraction_matches_golden(path: Path) -> None:
    got = pinned(to_interchange(extract_file(path)))
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("PG_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with PG_UPDATE_GOLDEN=1 to create it"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_every_evidence_quote_is_the_source_text(path: Path) -> None:
    text_bytes = path.read_bytes()
    original = text_bytes.decode("utf-8-sig")
    record = to_interchange(extract_file(path))
    evidences = [x["evidence"] for key in ("tasks", "targets", "references", "responsibilities") for x in record[key]]
    evidences += [e for p in record["programmes"] for e in p["evidence"]]
    assert evidences
    for ev in evidences:
        assert original[ev["start"]:ev["end"]] == ev["quote"]
