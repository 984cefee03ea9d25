"""``policygraph extract``: documents in, interchange JSON out."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ontology.errors import PolicyGraphError

from ._console import err, out


def extract(
    files: Annotated[list[Path], typer.Argument(help="Policy documents (.txt in any common encoding, .docx, .pdf, .html).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for <file stem>.json outputs.")] = Path("out"),
) -> None:
    """Extract typed, evidenced records from each FILE into OUT/<stem>.json."""
    from loaders import extract_file
    from loaders.interchange import to_interchange

    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in files:
        try:
            record = to_interchange(extract_file(path))
        except PolicyGraphError as e:
            err.print(f"[red]error[/red] {e}", highlight=False, soft_wrap=True)
            failed += 1
            continue
        target = out_dir / f"{path.stem}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)
        out.print(f"{path} → {target}: {len(record['tasks'])} tasks, "
                  f"{len(record['responsibilities'])} responsibilities, {len(record['targets'])} targets, "
                  f"{len(record['programmes'])} programmes, {len(record['references'])} references",
                  highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(extract)
