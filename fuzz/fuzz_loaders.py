"""Coverage-guided fuzzing of the document readers and the text normaliser (atheris / libFuzzer).

    python fuzz/fuzz_loaders.py -runs=2000              # bounded run from built-in seeds
    python fuzz/fuzz_loaders.py -max_total_time=600 DIR  # longer run keeping its corpus in DIR

The first input byte picks the file-name suffix; the rest is the file. Any exception other than
InputError, and any broken evidence invariant, is a finding: libFuzzer stops and writes the input
to ``crash-*``. Without a corpus directory, or with an empty one, the run starts from sample documents in every format.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["loaders", "docx"]):
    from loaders.formats import read_document
    from loaders.text import SourceText, content_id
    from ontology.errors import InputError

SUFFIXES = ("", ".txt", ".docx", ".pdf", ".html", ".htm", ".doc", ".md")


def check_one(data: bytes) -> None:
    """Read ``data[1:]`` under the suffix picked by ``data[0]``; fail loudly on any non-InputError."""
    if not data:
        return
    name = "fuzz" + SUFFIXES[data[0] % len(SUFFIXES)]
    try:
        text, kind = read_document(data[1:], name)
    except InputError as e:
        if not str(e).startswith(f"{name}: "):
            raise AssertionError(f"error does not name the file: {e}") from e
        return
    assert text.strip() and kind, (text, kind)
    src = SourceText(text, content_id(text))
    if src.text.strip():
        start = next(i for i, ch in enumerate(src.text) if not ch.isspace())
        end = min(len(src.text), start + 8)
        evidence = src.evidence(start, end)
        assert evidence.quote == text[evidence.start:evidence.end]


def seed_corpus(directory: Path) -> None:
    """Write sample documents (each prefixed by its suffix byte) into ``directory``."""
    import seeds

    lines = seeds.sample_lines(0, 8)
    text = "\n".join(lines) + "\n"
    files = {
        ".txt": [text.encode("utf-8"), text.encode("gb18030"), text.encode("utf-16"), text.encode("utf-16-le")],
        ".docx": [seeds.build_docx(lines)],
        ".html": [seeds.build_html(lines), seeds.build_html(lines, encoding="utf-8")],
    }
    try:
        files[".pdf"] = [seeds.build_pdf(lines)]
    except ImportError:  # reportlab is a development dependency
        pass
    for suffix, blobs in files.items():
        for i, blob in enumerate(blobs):
            (directory / f"seed{suffix}.{i}").write_bytes(bytes([SUFFIXES.index(suffix)]) + blob)


def main(argv: list[str]) -> None:
    corpora = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
    with tempfile.TemporaryDirectory(prefix="policygraph-fuzz-") as tmp:
        if not corpora:
            corpora = [Path(tmp)]
            argv = [*argv, tmp]
        for corpus in corpora:  # an empty corpus directory starts from the seeds
            if corpus.is_dir() and not any(corpus.iterdir()):
                seed_corpus(corpus)
        atheris.Setup(argv, check_one)
        atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
