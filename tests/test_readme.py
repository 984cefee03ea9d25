"""The README's examples are real: every ``$ policygraph …`` and ``$ curl …`` line in its ``console`` blocks is run
here against the sample corpus, and its output must be the output the README shows.

(`make demo` and `make test` are run by CI itself, see ``.ci/run``.)
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLI = Path(sys.executable).with_name("policygraph")


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for every ``$ `` line of every ```console block."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command:
            examples.append((command, "\n".join(output)))
    return examples


EXAMPLES = console_examples()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> str:
    store = f"kglite:///{tmp_path_factory.mktemp('readme') / 'policygraph.kgl'}"
    subprocess.run([str(CLI), "load", str(ROOT / "samples"), "--store", store], check=True, capture_output=True,
                   cwd=ROOT)
    return store


def cli_env(store: str) -> dict[str, str]:
    """The environment the README's outputs were produced in: a 100-column plain terminal."""
    return {**os.environ, "POLICYGRAPH_STORE": store, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def test_the_readme_has_examples() -> None:
    assert any(c.startswith("policygraph ") for c, _ in EXAMPLES)
    assert any(c.startswith("curl ") for c, _ in EXAMPLES)


@pytest.mark.parametrize("command,expected", [e for e in EXAMPLES if e[0].startswith("policygraph ")],
                         ids=lambda v: v[:60] if isinstance(v, str) and not v.startswith("\n") else "")
def test_cli_example_prints_what_the_readme_shows(command: str, expected: str, sample_store: str) -> None:
    argv = shlex.split(command)
    if argv[1] == "load":  # the README's load example starts from an empty store of its own under out/
        store = next(a for a in argv if a.startswith("kglite:///"))
        shutil.rmtree((ROOT / store.removeprefix("kglite:///")).parent, ignore_errors=True)
    run = subprocess.run([str(CLI), *argv[1:]], capture_output=True, text=True, cwd=ROOT, env=cli_env(sample_store))
    assert run.returncode == 0, run.stderr
    if expected.strip():
        assert _clean(run.stdout) == _clean(expected)


@pytest.mark.parametrize("command,expected", [e for e in EXAMPLES if e[0].startswith("curl ")],
                         ids=lambda v: v[:60] if isinstance(v, str) and not v.startswith("\n") else "")
def test_http_example_returns_what_the_readme_shows(command: str, expected: str, sample_store: str) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import ApiSettings

    url = next(a for a in shlex.split(command) if a.startswith("http"))
    parts = urlsplit(url)
    app = create_app(ApiSettings(store=sample_store))
    with TestClient(app) as client:
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, response.text
    assert response.json() == json.loads(expected)
