"""Property-based run against the OpenAPI schema: no generated request gets a 5xx (bounded examples)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from api.app import create_app
from api.deps import get_settings, get_store
from api.settings import ApiSettings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402

_store: list = []
app = create_app(ApiSettings(store="kglite://:memory:", ingest_token=None))
app.dependency_overrides[get_store] = lambda: _store[0]
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True, scope="module")
def _sample_graph(sample_store, settings):
    _store[:] = [sample_store]
    app.dependency_overrides[get_settings] = lambda: settings
    yield
    _store.clear()


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error])
