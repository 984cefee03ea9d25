r"""Decoding and normalisation: bytes in, a :class:`SourceText` out that parses alike in every width.

The parser works on NFKC-normalised text (``（，：；`` and ``( , : ;`` read the same), with scraped-page
noise removed. Every normalised character keeps the offset of the original character it came from, so
a span found in normalised text maps back to an exact quote of the original.

>>> s = SourceText.from_text("（规信处负责）", doc_id="d")
>>> s.text
'(规信处负责)\n'
>>> s.evidence(1, 4).quote
'规信处'
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ontology.errors import InputError

from .records import Evidence, NoiseLine

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_READABLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\x20-\x7e\t\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode a document's bytes, returning ``(text, encoding)``.

    Handles UTF-8 (with or without BOM), UTF-16/32 (BOM or not) and GB18030/GBK; anything else goes to
    charset-normalizer. Raises :class:`InputError` for empty or binary input.
    """
    if not data.strip():
        raise InputError("the file is empty; give a text, .docx, .pdf or .html policy document", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, source)
    if b"\x00" in data[:4096]:  # UTF-8 and GB18030 text never holds a NUL byte: UTF-16 without a BOM?
        found = _utf16_without_bom(data)
        if found is not None:
            return _checked(*found, source)
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), encoding, source)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # only for the rare input neither UTF-8 nor GB18030

    best = from_bytes(data).best()
    if best is None:
        raise InputError("the file is binary or in an unknown encoding; save it as UTF-8 or GB18030 text",
                         source=source)
    return _checked(str(best), best.encoding, source)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 in the byte order whose text reads as Chinese or ASCII, or None."""
    best: tuple[int, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        score = len(_READABLE.findall(sample))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] < 0.8 * len(best[1][:4096]):
        return None
    return best[1], best[2]


def _checked(text: str, encoding: str, source: str) -> tuple[str, str]:
    if "\x00" in text or len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 100):
        raise InputError("the file looks binary (control bytes in the text); give a text document", source=source)
    if not text.strip():
        raise InputError("the file holds no text", source=source)
    return text, encoding


@dataclass(frozen=True, slots=True)
class _NoiseRules:
    line_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    inline_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    spam_words: tuple[str, ...]
    spam_max_len: int
    spam: re.Pattern[str] | None  # any spam word


@lru_cache(maxsize=1)
def _noise_rules() -> _NoiseRules:
    raw = json.loads(resources.files("loaders").joinpath("data/noise.json").read_text(encoding="utf-8"))
    return _NoiseRules(
        line_patterns=tuple((r["reason"], re.compile(r["pattern"])) for r in raw["line_patterns"]),
        inline_patterns=tuple((r["reason"], re.compile(r["pattern"])) for r in raw["inline_patterns"]),
        spam_words=tuple(raw["spam_words"]),
        spam_max_len=raw["spam_max_len"],
        spam=re.compile("|".join(map(re.escape, sorted(set(raw["spam_words"]), key=len, reverse=True))))
        if raw["spam_words"] else None,
    )


def _noise_reason(line: str) -> str | None:
    rules = _noise_rules()
    for reason, pattern in rules.line_patterns:
        if pattern.search(line):
            return reason
    if len(line) <= rules.spam_max_len and rules.spam is not None and rules.spam.search(line):
        return "spam"
    return None


class SourceText:
    """A document's original text, its normalised form, and the map between them.

    ``text`` is what parsers read: NFKC-normalised, one stripped line per source line, noise lines
    dropped. ``offsets[i]`` is the index in ``original`` of the character that produced ``text[i]``.
    """

    __slots__ = ("original", "text", "offsets", "doc_id", "noise", "_line_starts")

    def __init__(self, original: str, doc_id: str) -> None:
        self.original = original
        self.doc_id = doc_id
        chars: list[str] = []
        offsets: list[int] = []
        noise: list[NoiseLine] = []
        inline = _noise_rules().inline_patterns
        # Normalising character by character, a document without irregular characters keeps its length, so
        # each line's normal form is a slice of the whole document's and its offsets count up from its start.
        whole = _nfkc_whole(original)
        regular = not _has_irregular(original)
        for start, end in _line_spans(original):
            if regular:
                norm = whole[start:end]
                if not any(pattern.search(norm) for _, pattern in inline):
                    stripped = norm.strip()
                    lead = len(norm) - len(norm.lstrip())
                    reason = _noise_reason(stripped) if stripped else None
                    if reason:
                        noise.append(NoiseLine(reason, self._evidence_raw(start + lead, start + lead + len(stripped))))
                        stripped = ""
                    chars.append(stripped)
                    offsets.extend(range(start + lead, start + lead + len(stripped)))
                    chars.append("\n")
                    offsets.append(end)
                    continue
            raw = original[start:end]
            norm, norm_offsets = _normalise(raw, start)
            for reason, pattern in inline:
                for match in reversed(list(pattern.finditer(norm))):
                    a, b = match.span()
                    noise.append(NoiseLine(reason, self._evidence_raw(norm_offsets[a], norm_offsets[b - 1] + 1)))
                    norm, norm_offsets = norm[:a] + norm[b:], norm_offsets[:a] + norm_offsets[b:]
            lead = len(norm) - len(norm.lstrip())
            norm, norm_offsets = norm.strip(), norm_offsets[lead:lead + len(norm.strip())]
            reason = _noise_reason(norm) if norm else None
            if reason:
                noise.append(NoiseLine(reason, self._evidence_raw(norm_offsets[0], norm_offsets[-1] + 1)))
                norm, norm_offsets = "", []
            chars.append(norm)
            offsets.extend(norm_offsets)
            chars.append("\n")
            offsets.append(end)
        self.text = "".join(chars)
        self.offsets = offsets
        self.noise = tuple(sorted(noise, key=lambda n: n.evidence.start))
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]

    @classmethod
    def from_text(cls, original: str, doc_id: str | None = None) -> "SourceText":
        return cls(original, doc_id or content_id(original))

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "<bytes>") -> tuple["SourceText", str]:
        text, encoding = decode(data, source)
        return cls(text, content_id(text)), encoding

    def _evidence_raw(self, start: int, end: int) -> Evidence:
        return Evidence(self.doc_id, start, end, self.original[start:end])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the matching span of ``original``."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for ``text[start:end]``, quoting the original characters it came from."""
        if end > start:  # original_span, inlined: evidence is asked for tens of thousands of times a document
            a, b = self.offsets[start], self.offsets[end - 1] + 1
        else:
            a, b = self.original_span(start, end)
        return Evidence(self.doc_id, a, b, self.original[a:b])

    def line_no(self, pos: int) -> int:
        """1-based line number of a position in ``text``."""
        from bisect import bisect_right

        return bisect_right(self._line_starts, pos)


def content_id(text: str) -> str:
    """The document identity: a short SHA-256 of its decoded text (so re-encoding a file keeps its id)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _line_spans(text: str):
    start = 0
    for match in re.finditer(r"\r\n|\r|\n|\u2028|\u2029", text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


class _NfkcTable(dict):
    """Per-character NFKC, memoised, in the shape ``str.translate`` takes (code point → text, or None to drop).

    Characters whose normal form is not exactly one character (or that are dropped) are also collected in
    ``irregular``: a line without any of them keeps its length, so its offset map is the identity.
    """

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        norm = unicodedata.normalize("NFKC", ch) if code > 127 else ch
        value = None if norm == "\ufeff" or not norm else norm
        if value is None or len(value) != 1:
            self.irregular.add(ch)
        self[code] = value
        return value


_NFKC = _NfkcTable()


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """Any character ``_NFKC`` may change: each one of the Basic Multilingual Plane that it does change
    (worked out once), and any surrogate or character beyond that plane (looked up when met)."""
    found = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF and _NFKC[c] != chr(c)]
    return re.compile("[" + "".join(map(re.escape, found)) + "\ud800-\udfff\U00010000-\U0010ffff]")


def _nfkc_char(match: re.Match[str]) -> str:
    mapped = _NFKC[ord(match.group())]
    return "" if mapped is None else mapped


def _nfkc_whole(text: str) -> str:
    """``text.translate(_NFKC)``, touching only the characters that may change (most text keeps most of its
    characters, so this is several times faster); fills ``_NFKC`` for every character of ``text`` too."""
    return _changing().sub(_nfkc_char, text)


@lru_cache(maxsize=8)
def _irregular_pattern(count: int) -> re.Pattern[str] | None:
    """Any character of ``_NFKC.irregular`` (which only grows: ``count`` is its size when asked)."""
    found = sorted(_NFKC.irregular)
    return re.compile("[" + "".join(map(re.escape, found)) + "]") if found else None


def _has_irregular(text: str) -> bool:
    """Whether ``text`` holds a character whose normal form is not exactly one character (once
    :func:`_nfkc_whole` has seen ``text``, so the table knows each of its characters)."""
    pattern = _irregular_pattern(len(_NFKC.irregular))
    return pattern is not None and pattern.search(text) is not None


def _normalise(raw: str, base: int) -> tuple[str, list[int]]:
    """NFKC-normalise ``raw`` character by character (BOMs dropped); offsets of each output character in the
    original, counted from ``base``."""
    if raw.isascii():
        return raw, list(range(base, base + len(raw)))
    norm = raw.translate(_NFKC)  # fills the table, and its ``irregular`` set, for every character of raw
    if _NFKC.irregular.isdisjoint(raw):
        return norm, list(range(base, base + len(raw)))
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        mapped = _NFKC[ord(ch)]
        if mapped:
            offsets.extend([base + i] * len(mapped))
    return norm, offsets
