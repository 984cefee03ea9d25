"""Programme mentions, resolved through the SKOS-style taxonomy in data/programmes.json."""
from __future__ import annotations

from .records import ProgrammeMention
from .structure import ParsedStructure
from .text import SourceText


def extract(src: SourceText, parsed: ParsedStructure) -> list[ProgrammeMention]:
    raise NotImplementedError
