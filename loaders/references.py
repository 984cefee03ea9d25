"""References to other policies: 《titles》 with 文号, inferred level and citation kind."""
from __future__ import annotations

from .records import DocumentMeta, Reference
from .structure import ParsedStructure
from .text import SourceText


def extract(src: SourceText, parsed: ParsedStructure, meta: DocumentMeta) -> list[Reference]:
    raise NotImplementedError
