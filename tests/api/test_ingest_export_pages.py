"""POST /documents behind its bearer token, GET /export/{format}, and the HTML pages."""
from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings

from .conftest import FUXIN_PLAN, SAMPLES


@pytest.fixture
def ingest_client(tmp_path):
    settings = ApiSettings(store=f"kglite:///{tmp_path / 'ingest.kgl'}", ingest_token="s3cret")
    app = create_app(settings)
    with TestClient(app) as client:
        yield client


def _sample() -> tuple[str, bytes]:
    path = sorted(SAMPLES.glob("*.txt"))[-1]
    return path.name, path.read_bytes()


def test_ingest_is_disabled_without_a_configured_token(client):
    response = client.post("/documents", files={"file": _sample()}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 403 and "POLICYGRAPH_INGEST_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic czNjcmV0"}])
def test_ingest_needs_the_right_token(ingest_client, headers):
    response = ingest_client.post("/documents", files={"file": _sample()}, headers=headers)
    assert response.status_code in (401, 403) and response.json()["status"] == response.status_code
    assert ingest_client.get("/healthz").json()["documents"] == 0


def test_ingest_loads_once_and_is_idempotent(ingest_client):
    auth = {"Authorization": "Bearer s3cret"}
    first = ingest_client.post("/documents", files={"file": _sample()}, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["documents"][0]["title"] == FUXIN_PLAN
    counts = ingest_client.get("/healthz").json()
    again = ingest_client.post("/documents", files={"file": _sample()}, headers=auth)
    assert again.status_code == 200 and again.json()["unchanged"]
    assert ingest_client.get("/healthz").json() == counts
    assert ingest_client.get(f"/documents/{FUXIN_PLAN}").status_code == 200


@pytest.mark.parametrize("name,content", [("notes.exe", b"MZ"), ("empty.txt", b""), ("binary.txt", b"\x00\x01\x02" * 50)])
def test_ingest_refuses_unusable_files_with_a_4xx(ingest_client, name, content):
    response = ingest_client.post("/documents", files={"file": (name, content)},
                                  headers={"Authorization": "Bearer s3cret"})
    assert 400 <= response.status_code < 500, response.text
    assert ingest_client.get("/healthz").json()["documents"] == 0


def test_ingest_without_a_file_is_a_422(ingest_client):
    response = ingest_client.post("/documents", headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 422


@pytest.mark.parametrize("fmt,media,check", [
    ("ttl", "text/turtle", lambda b: b"@prefix" in b),
    ("jsonld", "application/ld+json", lambda b: b.lstrip()[:1] in (b"[", b"{")),
    ("graphml", "application/graphml+xml", lambda b: b"<graphml" in b),
    ("csv", "application/zip", lambda b: any(n.endswith(".csv") for n in zipfile.ZipFile(io.BytesIO(b)).namelist())),
])
def test_exports(client, fmt, media, check):
    response = client.get(f"/export/{fmt}")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"] and check(response.content)


def test_unknown_export_format_is_a_422(client):
    assert client.get("/export/xlsx").status_code == 422


@pytest.mark.parametrize("path", ["/", "/viz/owners?indicator=县域内就诊率", "/viz/owners?organisation=规信处",
                                  "/viz/owners?programme=中蒙医药", f"/viz/lineage/{FUXIN_PLAN}",
                                  "/viz/programme/中蒙医药", "/viz/region/辽宁"])
def test_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text.lower()


@pytest.mark.parametrize("path,status", [("/viz/owners", 400), ("/viz/owners?indicator=无", 404),
                                         ("/viz/lineage/none", 404), ("/viz/region/210100", 404)])
def test_pages_for_unknown_entities_are_problems(client, path, status):
    assert client.get(path).status_code == status
