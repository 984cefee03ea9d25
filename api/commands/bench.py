"""``policygraph bench``: the scale benchmark (synthetic corpora through extraction, bulk load and lookups).

A thin shell over ``bench/bench_scale.py``, which lives in the source checkout (not the installed package).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._console import err

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench(
    sizes: Annotated[list[int] | None, typer.Option("--sizes", "-n", help="Corpus sizes in documents (repeatable).")] = None,
    workdir: Annotated[Path, typer.Option("--workdir", help="Where corpora and stores are written.")] = Path("/tmp/policygraph-bench"),
    workers: Annotated[int | None, typer.Option("--workers", help="Extraction processes (default: one per core).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Corpus seed.")] = 7,
) -> None:
    """Print extraction MB/s, load nodes+relations/s, store size, peak memory and lookup p50/p99 per size."""
    if not (BENCH / "bench_scale.py").exists():
        err.print("[red]error[/red] `policygraph bench` runs from a source checkout (bench/bench_scale.py is "
                  "missing); clone the repository and run it there", highlight=False)
        raise typer.Exit(1)
    sys.path.insert(0, str(BENCH))
    from bench_scale import main as run

    args = ["--workdir", str(workdir), "--seed", str(seed), "--sizes", *map(str, sizes or [1000, 10_000])]
    if workers is not None:
        args += ["--workers", str(workers)]
    run(args)


def register(app: typer.Typer) -> None:
    app.command()(bench)
