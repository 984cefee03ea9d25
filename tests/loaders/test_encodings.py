"""Plain-text documents in the encodings analysts receive read back to the same text."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from loaders.formats import read_document
from loaders.text import SourceText, content_id

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))
ENCODINGS = [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS, ids=lambda v: v if isinstance(v, str) else "bom" * bool(v))
def test_sample_round_trips_in_every_encoding(sample: Path, encoding: str, bom: bytes) -> None:
    text = sample.read_text(encoding="utf-8")
    try:
        data = bom + text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{sample.name} holds characters outside {encoding}")
    decoded, kind = read_document(data, sample.name)
    assert decoded == text
    expected = {"gbk": "gb18030", "utf-8": "utf-8-sig" if bom else "utf-8"}.get(encoding, encoding)
    assert kind.replace("_", "-") in (expected, expected[:6])  # a BOM names the family ("utf-16", "utf-32")
    # the document keeps its identity whatever the encoding
    assert content_id(decoded) == content_id(text)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("line", ["一、总体要求", "（一）推动健康建设。（规信处负责）", "Plan 2025\n"])
def test_short_utf16_without_bom(encoding: str, line: str) -> None:
    assert read_document(line.encode(encoding), "short.txt") == (line, encoding)


def test_gbk_page_of_headings_is_not_mistaken_for_utf16() -> None:
    text = "一、总体要求\n（一）加强组织领导。（办公室负责）\n"
    assert read_document(text.encode("gbk"), "gbk.txt") == (text, "gb18030")


def test_evidence_quotes_the_decoded_original() -> None:
    text = "（一）推动健康建设。（规信处负责）\n"
    decoded, _ = read_document(text.encode("utf-16"), "a.txt")
    src = SourceText(decoded, content_id(decoded))
    start = src.text.index("规信处")
    assert src.evidence(start, start + 3).quote == "规信处"
