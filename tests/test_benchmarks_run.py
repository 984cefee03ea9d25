"""The benchmark commands the README shows still run end to end (tiny sizes; figures are printed, never asserted)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"

CASES = {
    "scale": ["bench_scale.py", "--sizes", "20", "--workers", "1"],
    "extraction": ["bench_scale.py", "--extraction"],
    "api": ["bench_api.py", "--docs", "20", "--requests", "20", "--clients", "5", "--seconds", "3",
            "--max-requests", "50"],
    "load_test": ["load_test.py", "--clients", "5", "--seconds", "3", "--requests", "50", "--uploads", "2"],
    "viz": ["bench_viz.py", "--nodes", "200", "--repeat", "1"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_benchmark_runs_and_prints_figures(case: str, tmp_path: Path) -> None:
    if case == "viz" and not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("headless Chromium is not installed (Debian package chromium)")
    script, *args = CASES[case]
    run = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert any(ch.isdigit() for ch in run.stdout)


def test_policygraph_bench_runs(tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("policygraph")
    run = subprocess.run([str(cli), "bench", "--sizes", "20", "--workers", "1", "--workdir", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "documents" in run.stdout


def test_lookups_on_a_kept_store(tmp_path: Path) -> None:
    scale = [sys.executable, str(BENCH / "bench_scale.py"), "--workdir", str(tmp_path)]
    run = subprocess.run([*scale, "--sizes", "20", "--workers", "1", "--keep"], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    run = subprocess.run([*scale, "--lookups", str(tmp_path / "store-20.kgl")], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "text index brought up to date" in run.stdout
    assert {"owners (API)", "lineage (API)", "search (API)"} <= {line[2:19].strip() for line in run.stdout.splitlines()}


def test_memory_cap_kills_a_command_over_its_limit() -> None:
    cap = [sys.executable, str(BENCH / "memory_cap.py")]
    fits = subprocess.run([*cap, "256M", "--", sys.executable, "-c", "x = bytearray(32 * 2**20)"],
                          capture_output=True, text=True, timeout=60)
    if "cannot create the cgroup" in fits.stderr or "no memory cgroup" in fits.stderr:
        pytest.skip(f"no memory cgroup can be created here: {fits.stderr.strip()[-200:]}")
    assert fits.returncode == 0 and "0 processes OOM-killed" in fits.stdout, fits.stdout + fits.stderr
    over = subprocess.run([*cap, "64M", "--", sys.executable, "-c", "x = bytearray(256 * 2**20)"],
                          capture_output=True, text=True, timeout=60)
    assert over.returncode != 0 and "1 processes OOM-killed" in over.stdout, over.stdout + over.stderr
