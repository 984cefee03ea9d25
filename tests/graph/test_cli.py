"""``policygraph load | query | export`` on the embedded store, through the real extraction pipeline."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
runner = CliRunner()


@pytest.fixture
def store_uri(tmp_path) -> str:
    return f"kglite:///{tmp_path}/g.kgl"  # tmp_path is absolute: kglite:////tmp/…


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.skipif(not any(SAMPLES.glob("*.txt")), reason="samples/ is empty")
def test_load_twice_then_query_and_export(store_uri, tmp_path):
    first = _run("load", str(SAMPLES), "--store", store_uri)
    assert first.exit_code == 0, first.output
    second = _run("load", str(SAMPLES), "--store", store_uri)
    assert second.exit_code == 0
    res = _run("query", "MATCH (d:Document) WHERE d.stub = false RETURN count(*) AS n", "--json", "--store", store_uri)
    assert json.loads(res.stdout)["rows"] == [{"n": len(list(SAMPLES.glob("*.txt")))}]
    res = _run("query", "region_detail", "-p", "region_code=210000", "--json", "--store", store_uri)
    assert json.loads(res.stdout)["rows"][0]["name"] == "辽宁省"
    res = _run("export", "--format", "csv", "-o", str(tmp_path / "csv"), "--store", store_uri)
    assert res.exit_code == 0 and (tmp_path / "csv" / "import.sh").exists()


def test_bad_file_is_named_and_nothing_is_lost(store_uri, tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02" * 10)
    res = runner.invoke(app, ["load", str(bad), "--store", store_uri])
    assert res.exit_code == 1
    assert "broken.txt" in res.output
    res = _run("query", "MATCH (n) RETURN count(*) AS n", "--json", "--store", store_uri)
    assert json.loads(res.stdout)["rows"] == [{"n": 0}]


def test_write_query_is_refused(store_uri):
    res = runner.invoke(app, ["query", "MATCH (n) DETACH DELETE n", "--store", store_uri])
    assert res.exit_code == 1 and "read-only" in res.output


def test_unknown_store_scheme(store_uri):
    res = runner.invoke(app, ["query", "MATCH (n) RETURN n", "--store", "mysql://x"])
    assert res.exit_code == 1 and "unknown store scheme" in res.output
