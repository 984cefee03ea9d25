"""Score the extractor on the held-out style fixtures in tests/fixtures/heldout/.

The fixtures are eight documents written in other provinces' and counties' phrasings (自治区 work points
with label-line responsibility, a city action plan with half-width punctuation and a TAB indicator table,
a county notice in UTF-16, a provincial 十四五 plan excerpt in GB18030, a task-division table, and two
single-paragraph fragments), each with a gold file in the dev-set gold shape.

Usage::

    .venv/bin/python bench/score_heldout.py [--set heldout|heldout2|heldout3] [--per-doc] [--detail] [--keep DIR]

``--set heldout2`` scores the second, independent set in tests/fixtures/heldout2/ (a task-division plan
with 责任处室 lines, a national 国办 opinion in UTF-16, a county 医共体 plan with 实施步骤, a 自治州 plan
excerpt in GB18030 with a TAB indicator table and 专栏, a 盟 中蒙医药 plan numbered 1./（1）, a 老龄健康
work-points file in GB18030 with 牵头处室/配合处室 label lines, a scraped web page, and a half-width
district plan).

The documents are extracted with ``loaders.extract_file`` into a temporary folder (or DIR with ``--keep``)
and scored with ``score_extraction.py`` from the shared tools folder when it is present
(``POLICYGRAPH_SCORER`` overrides its path); otherwise only the extraction figures are printed.
``--detail`` lists, per document, the gold tasks, responsibilities, targets, references and metadata
that were missed or wrong, and the predicted targets that match no gold target.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "heldout"
SETS = ("heldout", "heldout2", "heldout3")
DEFAULT_SCORER = Path("/work/shared/tools/score_extraction.py")


def load_scorer(path: Path) -> ModuleType | None:
    """Import the scorer script at PATH as a module, or None when it is absent."""
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def extract_all(fixtures: Path, out_dir: Path) -> dict[str, float]:
    """Extract every fixture document into OUT_DIR/<stem>.json; return seconds per document."""
    sys.path.insert(0, str(ROOT))
    from loaders import extract_file
    from loaders.interchange import to_interchange

    seconds = {}
    for path in sorted(fixtures.glob("*.txt")):
        start = time.perf_counter()
        record = to_interchange(extract_file(path))
        seconds[path.stem] = time.perf_counter() - start
        (out_dir / f"{path.stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                                  encoding="utf-8")
    return seconds


def _short(item: dict, *keys: str) -> str:
    return " ".join(f"{k}={item.get(k)!r}" for k in keys if item.get(k) not in (None, "", []))


def detail(scorer: ModuleType, gold: dict, pred: dict) -> list[str]:
    """Human-readable list of what PRED misses or gets wrong against GOLD."""
    lines = []
    g_tasks, p_tasks = gold.get("tasks", []), pred.get("tasks") or []
    _, match = scorer.score_tasks(g_tasks, p_tasks)
    for gi, g in enumerate(g_tasks):
        if gi not in match:
            lines.append(f"  task missed: {g['id']} {g['title']}")
            continue
        p = p_tasks[match[gi]]
        for role in ("lead", "support"):
            want = {scorer.norm(x) for x in g.get(role) or []}
            got = {scorer.norm(x) for x in p.get(role) or []}
            if want != got:
                lines.append(f"  {role} {g['id']}: gold {sorted(want)} got {sorted(got)}")
    matched = set(match.values())
    for pi, p in enumerate(p_tasks):
        if pi not in matched:
            lines.append(f"  task extra: {_short(p, 'id', 'title', 'lead', 'support')}")
    g_targets, p_targets = gold.get("targets", []), pred.get("targets") or []
    pairs = []
    for gi, g in enumerate(g_targets):
        for pi, p in enumerate(p_targets):
            if scorer.values_match(g.get("value"), p.get("value")):
                sim = max(scorer.dice(g.get("indicator"), p.get("indicator")),
                          scorer.dice(g.get("text"), p.get("text")) if p.get("text") else 0.0)
                if sim >= 0.3:
                    pairs.append((sim, gi, pi))
    tmatch = scorer.greedy(pairs)
    for gi, g in enumerate(g_targets):
        tag = " (borderline)" if g.get("borderline") else ""
        if gi not in tmatch:
            if not g.get("borderline"):
                lines.append(f"  target missed: {g['value']} {g['comparator']} «{g['text']}»")
            continue
        p = p_targets[tmatch[gi]]
        for key in ("comparator", "year", "nature"):
            if g.get(key) is not None and str(p.get(key)) != str(g.get(key)):
                lines.append(f"  target {key}{tag}: «{g['text']}» gold {g.get(key)!r} got {p.get(key)!r}")
    hit = set(tmatch.values())
    for pi, p in enumerate(p_targets):
        if pi not in hit:
            lines.append(f"  target extra: {_short(p, 'indicator', 'value', 'comparator', 'year', 'text')}")
    own = [r["title"] for r in gold.get("references", []) if r.get("self")]
    want_refs = [r["title"] for r in gold.get("references", []) if not r.get("self")]
    got_refs = [scorer.as_name(r, "title") for r in pred.get("references") or []]
    for title in want_refs:
        if not any(scorer.dice(title, g) >= 0.8 for g in got_refs):
            lines.append(f"  reference missed: {title}")
    for title in got_refs:
        if not any(scorer.dice(title, w) >= 0.8 for w in want_refs + own):
            lines.append(f"  reference extra: {title}")
    meta = scorer.score_metadata(gold.get("document", {}), pred.get("document") or {})
    for field, ok in meta.items():
        if not ok:
            want = gold["document"].get(field) or gold["document"].get(f"{field}_inferred")
            lines.append(f"  metadata {field}: gold {want!r} got {(pred.get('document') or {}).get(field)!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-doc", action="store_true", help="also show each document's scores")
    parser.add_argument("--detail", action="store_true", help="list every miss and error per document")
    parser.add_argument("--keep", type=Path, help="write predictions to this folder instead of a temp one")
    parser.add_argument("--set", dest="fixture_set", choices=SETS, default="heldout",
                        help="which fixture folder under tests/fixtures to score")
    args = parser.parse_args(argv)
    fixtures = FIXTURES.parent / args.fixture_set
    scorer = load_scorer(Path(os.environ.get("POLICYGRAPH_SCORER", DEFAULT_SCORER)))
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        seconds = extract_all(fixtures, out_dir)
        print(f"extracted {len(seconds)} documents in {sum(seconds.values()):.2f} s "
              f"(slowest {max(seconds, key=seconds.get)}: {max(seconds.values()):.2f} s)")
        if scorer is None:
            print("scorer not found; set POLICYGRAPH_SCORER to score_extraction.py to score", file=sys.stderr)
            return 0
        flags = ["--gold", str(fixtures), "--pred", str(out_dir)] + (["--per-doc"] if args.per_doc else [])
        scorer.main(flags)
        if args.detail:
            for gold_path in sorted(fixtures.glob("*.json")):
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                pred_path = out_dir / gold_path.name
                pred = json.loads(pred_path.read_text(encoding="utf-8")) if pred_path.exists() else {}
                lines = detail(scorer, gold, pred)
                print(f"{gold_path.stem}: {'ok' if not lines else f'{len(lines)} issues'}")
                print("\n".join(lines)) if lines else None
    return 0


if __name__ == "__main__":
    sys.exit(main())
