"""The API over a KGLite store loaded from the sample corpus (samples/*.txt) through the real pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_store
from api.settings import ApiSettings
from graph.kglite_store import KGLiteStore
from graph.load import load_paths

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
LIAONING_2019 = "2019年全省卫生健康工作报告任务分解和责任分工方案"
FUXIN_PLAN = "阜新市“十四五”卫生与健康发展规划"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> KGLiteStore:
    files = sorted(SAMPLES.glob("*.txt"))
    if not files:
        pytest.skip(f"no sample documents in {SAMPLES}")
    store = KGLiteStore(tmp_path_factory.mktemp("graph") / "sample.kgl")
    store.ensure_schema()
    summary = load_paths(store, files)
    assert not summary.failed, summary.failed
    return store


@pytest.fixture(scope="session")
def settings(sample_store) -> ApiSettings:
    return ApiSettings(store=sample_store.uri, ingest_token=None)


@pytest.fixture(scope="session")
def app(sample_store, settings):
    app = create_app(settings)
    app.dependency_overrides[get_store] = lambda: sample_store
    return app


@pytest.fixture(scope="session")
def client(app) -> TestClient:
    return TestClient(app)


def doc_id(store: KGLiteStore, title: str) -> str:
    return next(d["id"] for d in store.documents() if d["title"] == title)
