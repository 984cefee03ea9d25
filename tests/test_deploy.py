"""The deployment commands the README shows: `policygraph serve` answers on loopback, and the compose file describes
Neo4j 5 with a healthcheck and the API pointed at it (no Docker engine here, so the file is checked, not run)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("policygraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_health_and_the_explorer_on_loopback(tmp_path: Path) -> None:
    store = f"kglite:///{tmp_path / 'g.kgl'}"
    subprocess.run([str(CLI), "load", str(ROOT / "samples"), "--store", store], check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([str(CLI), "serve", "--port", str(port), "--store", store],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("policygraph serve did not start listening")
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["documents"] == 41
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "<html" in page.text.lower()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_compose_file_runs_neo4j_5_with_a_healthcheck_and_the_api_against_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j, api = compose["services"]["neo4j"], compose["services"]["policygraph"]
    assert neo4j["image"].startswith("neo4j:5")
    assert "healthcheck" in neo4j
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["POLICYGRAPH_STORE"].startswith("neo4j://neo4j:7687")
    assert "7687:7687" in neo4j["ports"]
    assert (ROOT / "Dockerfile").exists()
