"""Shared fixtures for the viz tests: the illustrative sample graph and a page parser."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from viz.sample import sample_graph


@pytest.fixture(scope="session")
def graph() -> nx.MultiDiGraph:
    return sample_graph()


def _embedded(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds no DATA"
    return json.loads(match.group(1))


@pytest.fixture(scope="session")
def embedded() -> Callable[[str], dict[str, Any]]:
    """Parse the node/edge/options data a view page embeds."""
    return _embedded
