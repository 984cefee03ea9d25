"""Regions and named organisations mentioned in the text."""
from __future__ import annotations

from .records import Mention
from .text import SourceText


def extract(src: SourceText) -> tuple[list[Mention], list[Mention]]:
    raise NotImplementedError
