"""The extraction pipeline: one document's bytes or text in, one :class:`Extraction` out."""
from __future__ import annotations

from pathlib import Path

from ontology.errors import InputError

from . import mentions, metadata, programmes, references, structure, targets
from .formats import MAX_BYTES, read_document
from .records import Extraction
from .text import SourceText, content_id


def extract_source(src: SourceText, source: str, encoding: str = "utf-8") -> Extraction:
    """Run every extraction stage over an already decoded and normalised document."""
    meta = metadata.extract(src)
    parsed = structure.parse(src)
    regions, organisations = mentions.extract(src)
    return Extraction(
        doc_id=src.doc_id,
        source=source,
        encoding=encoding,
        meta=meta,
        sections=parsed.sections,
        tasks=parsed.tasks,
        responsibilities=parsed.responsibilities,
        targets=tuple(targets.extract(src, parsed, meta)),
        programmes=tuple(programmes.extract(src, parsed)),
        references=tuple(references.extract(src, parsed, meta)),
        regions=tuple(regions),
        organisations=tuple(organisations),
        noise=src.noise,
        text=src.original,
    )


def extract_text(text: str, source: str = "<text>") -> Extraction:
    """Extract from a decoded string (a whole document or a fragment)."""
    if not text.strip():
        raise InputError("the text is empty", source=source)
    return extract_source(SourceText.from_text(text), source)


def extract_bytes(data: bytes, source: str = "<bytes>") -> Extraction:
    """Extract from raw bytes: text in any supported encoding, or a .docx, .pdf or .html file.

    The format is found from the bytes (and ``source``'s suffix); ``Extraction.encoding`` records it
    (a text encoding, or ``docx``/``pdf``/``html/<encoding>``).
    """
    text, kind = read_document(data, source)
    return extract_source(SourceText(text, content_id(text)), source, kind)


def extract_file(path: str | Path) -> Extraction:
    """Extract from a file on disk; raises :class:`InputError` naming the file when it cannot be used."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"the file is larger than {MAX_BYTES // 2**20} MB; split it into one file per "
                             "document", source=str(path))
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror}); check the path and permissions",
                         source=str(path)) from e
    return extract_bytes(data, path.name)
