"""Shared fixtures for the viz tests: the illustrative sample graph and a page parser."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from viz.sample import sample_graph


@pytest.fixture(scope="session")
def graph() -> nx.MultiDiGraph:
    return sample_graph()


def _embedded(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page, re.DOTALL)
    assert match, "the page embeds no DATA"
    return json.loads(match.group(1))


@pytest.fixture(scope="session")
def embedded() -> Callable[[str], dict[str, Any]]:
    """Parse the node/edge/options data a view page embeds."""
    return _embedded


SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FUXIN_PLAN = "阜新市“十四五”卫生与健康发展规划"


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory) -> Path:
    """A KGLite store file holding the sample corpus (samples/*.txt) loaded through the real pipeline."""
    from graph.kglite_store import KGLiteStore
    from graph.load import load_paths

    files = sorted(SAMPLES.glob("*.txt"))
    if not files:
        pytest.skip(f"no sample documents in {SAMPLES}")
    path = tmp_path_factory.mktemp("viz-graph") / "sample.kgl"
    store = KGLiteStore(path)
    store.ensure_schema()
    summary = load_paths(store, files)
    assert not summary.failed, summary.failed
    store.close()
    return path


@pytest.fixture(scope="session")
def sample_store(sample_store_path):
    from graph.kglite_store import KGLiteStore

    store = KGLiteStore(sample_store_path)
    yield store
    store.close()
