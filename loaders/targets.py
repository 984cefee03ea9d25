"""Quantified targets from running text and indicator tables."""
from __future__ import annotations

from .records import DocumentMeta, Target
from .structure import ParsedStructure
from .text import SourceText


def extract(src: SourceText, parsed: ParsedStructure, meta: DocumentMeta) -> list[Target]:
    raise NotImplementedError
