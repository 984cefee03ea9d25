"""Timings for the gazetteer, metadata, references, programmes and mentions stages (prints figures).

Usage: .venv/bin/python bench/bench_loaders_meta.py [DOCS_DIR]
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    cold = subprocess.run(
        [sys.executable, "-c", ("import time; t=time.perf_counter(); from loaders.gazetteer import gazetteer; "
                                "u=time.perf_counter(); gazetteer(); print(u-t, time.perf_counter()-u)")],
        capture_output=True, text=True, check=True)
    imported, built = map(float, cold.stdout.split())
    print(f"gazetteer: package import {imported:.3f} s, build from the adcode table {built:.3f} s")
    from loaders import mentions, metadata, programmes, references, structure
    from loaders.gazetteer import gazetteer
    from loaders.text import SourceText

    gazetteer()
    docs = Path(sys.argv[1] if len(sys.argv) > 1 else "samples")
    for path in sorted(docs.glob("*.txt")):
        src, _ = SourceText.from_bytes(path.read_bytes(), path.name)
        parsed = structure.parse(src)
        t = time.perf_counter()
        meta = metadata.extract(src)
        t_meta = time.perf_counter()
        refs = references.extract(src, parsed, meta)
        progs = programmes.extract(src, parsed)
        t_rp = time.perf_counter()
        regions, orgs = mentions.extract(src)
        t_end = time.perf_counter()
        print(f"{path.name}: {len(src.text)} chars  metadata {1000 * (t_meta - t):.1f} ms  "
              f"references+programmes {1000 * (t_rp - t_meta):.1f} ms ({len(refs)}, {len(progs)})  "
              f"mentions {1000 * (t_end - t_rp):.1f} ms ({len(regions)}, {len(orgs)})")


if __name__ == "__main__":
    main()
