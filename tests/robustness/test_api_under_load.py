"""The API serves 50 concurrent clients on 127.0.0.1 without a server error while documents are uploaded.

Bounded: a few seconds and a few hundred requests; no timings are asserted (bench/load_test.py prints them).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not any((ROOT / "samples").glob("*.txt")), reason="needs samples/")


def test_fifty_clients_get_no_5xx_while_a_load_runs():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from load_test import run
    finally:
        sys.path.remove(str(ROOT / "bench"))
    tally, _ = run(clients=50, seconds=4, max_requests=400, uploads=4)
    assert not tally.errors, tally.errors[:3]
    assert tally.statuses and all(code < 500 for code in tally.statuses), tally.statuses
    assert tally.statuses[200] > 0
    assert sum(tally.uploads.values()) > 0 and all(code in (200, 201) for code in tally.uploads), tally.uploads
