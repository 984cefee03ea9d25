"""The CLI answers print the same service answers as readable tables."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app

from .conftest import FUXIN_PLAN

runner = CliRunner()


@pytest.fixture(scope="module")
def uri(sample_store):
    sample_store.close()
    return sample_store.uri


def run(*args: str):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result


def test_owners_prints_lead_and_supporting_bodies(uri):
    result = run("owners", "县域内就诊率", "--region", "辽宁", "--store", uri)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "90%" in text and "基层卫生健康处（基层处）" in text
    for body in ("医政医管处", "体改处", "规信处", "科教处", "中医医疗处"):
        assert body in text


def test_owners_json_is_the_api_shape(uri):
    result = run("owners", "县域内就诊率", "--region", "辽宁", "--only-region", "--json", "--store", uri)
    body = json.loads(result.stdout)
    assert [b["as_written"] for b in body["items"][0]["lead"]] == ["基层处"]


def test_lineage_search_trace_programme(uri):
    lineage = run("lineage", FUXIN_PLAN, "--store", uri)
    assert lineage.exit_code == 0 and "辽宁省" in lineage.output and "卫生与健康发展规划》" in lineage.output
    search = run("search", "医共体", "--store", uri)
    assert search.exit_code == 0 and "Programme" in search.output
    trace = run("trace", "县域就诊率", "--region", "辽宁", "--store", uri)
    assert trace.exit_code == 0 and "阜新市" in trace.output and "辽宁省" in trace.output
    programme = run("programme", "中蒙医药", "--store", uri)
    assert programme.exit_code == 0 and "阜新市" in programme.output


def test_unknown_names_exit_non_zero_with_a_message(uri):
    result = run("owners", "没有的指标", "--store", uri)
    assert result.exit_code == 1 and "no indicator matches" in result.output
    assert run("lineage", "nope", "--store", uri).exit_code == 1


def _readable(output: str, width: int) -> list[str]:
    """The output's lines, checked to fit ``width`` terminal cells with no table borders or trailing blanks."""
    from rich.cells import cell_len

    lines = output.splitlines()
    assert lines and all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    assert not any(ch in output for ch in "┏┃━┡╇┗") and not any(line != line.rstrip() for line in lines)
    return lines


@pytest.mark.parametrize("width", ["80", "100"])
def test_answers_read_well_in_a_narrow_terminal(uri, width):
    narrow = lambda *args: runner.invoke(app, [*args, "--store", uri], env={"COLUMNS": width})
    owners = _readable(narrow("owners", "县域内就诊率", "--region", "辽宁", "--year", "2019").output, int(width))
    [lead] = [line for line in owners if "牵头 lead:" in line]
    assert "基层卫生健康处（基层处）" in lead
    assert any("配合 support:" in line and "中医医疗处" in line for line in owners)
    assert any(line.lstrip().startswith("「") and "90%" in line for line in owners)

    trace = _readable(narrow("trace", "县域内就诊率").output, int(width))
    assert "辽宁省 2019 ≥90% → 阜新市 2025 ≥90%: 一致 consistent" in trace
    assert any("primary-care" in line and "基层卫生健康处" in line for line in trace)

    lineage = _readable(narrow("lineage", FUXIN_PLAN).output, int(width))
    at = next(i for i, line in enumerate(lineage) if "《辽宁省“十四五”卫生与健康发展规划》" in line)
    assert "根据 basis" in lineage[at + 1] and "「《辽宁省“十四五”卫生与健康发展规划》」" in lineage[at + 2]

    _readable(narrow("search", "家庭医生").output, int(width))
    programme = _readable(narrow("programme", "中蒙医药").output, int(width))
    assert any("发文 issuer:" in line and "阜新市卫生健康委员会" in line for line in programme)
