"""The dev-set scores the extraction issue promises, measured with the shared scorer when it is present."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import extract_file
from loaders.interchange import to_interchange

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_extraction.py"
GOLD = SHARED / "dev-set" / "gold"

pytestmark = pytest.mark.skipif(not SCORER.exists() or not GOLD.exists(),
                                reason=f"dev-set scorer not found beside the project ({SCORER})")


def test_dev_set_scores_meet_the_promised_thresholds(tmp_path: Path) -> None:
    for path in sorted((ROOT / "samples").glob("*.txt")):
        record = to_interchange(extract_file(path))
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True)
    s = json.loads(run.stdout)["summary"]
    assert s["tasks"]["f1"] >= 0.95
    assert s["responsibility"]["f1"] >= 0.97
    assert s["targets"]["f1"] >= 0.85
    assert s["targets"]["year_acc"] >= 0.9 and s["targets"]["comparator_acc"] >= 0.9
    assert s["programmes"]["r"] >= 0.9 and s["programmes"]["p"] >= 0.8
    assert s["references"]["f1"] >= 0.9
    assert s["metadata_acc"] >= 0.9
