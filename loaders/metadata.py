"""Document metadata: title, issuer, 文号, date, year, region, level and kind."""
from __future__ import annotations

from .records import DocumentMeta
from .text import SourceText


def extract(src: SourceText) -> DocumentMeta:
    raise NotImplementedError
