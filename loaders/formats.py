r"""File formats: a document's bytes in (``.txt``, ``.docx``, ``.pdf``, ``.html``), plain text out.

Every reader returns text in the layout the parsers expect: one paragraph or heading per line, and one
table row per line with its cells joined by a tab (``"\t"``), in the place the table stands in the body.
The format is found from magic bytes first and the file name's suffix second; a file that cannot be
read raises :class:`InputError` naming the file and saying what to do.

>>> read_document("（一）推动健康建设。（规信处负责）\n".encode("gb18030"), "plan.txt")
('（一）推动健康建设。（规信处负责）\n', 'gb18030')
>>> read_document(b"<html><body><nav>Home</nav><p>Intro</p><table><tr><td>A</td><td>1</td></tr></table></body></html>",
...               "page.html")
('Intro\nA\t1\n', 'html/utf-8')
"""
from __future__ import annotations

import io
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from ontology.errors import InputError

from .text import decode

MAX_BYTES = 100 * 1024 * 1024
"""Largest file accepted. A 50 MB text is read in seconds (under 1 GB of memory for SourceText);
past 100 MB a file is not one policy document."""
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
"""Largest total uncompressed size of a ``.docx`` (guards against zip bombs)."""

_SAVE_AS = "save it as .docx or UTF-8 .txt and load that"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_UNSUPPORTED_SUFFIXES = {
    ".doc": f"a Word 97-2003 .doc file; open it in Word or WPS and {_SAVE_AS}",
    ".wps": f"a WPS document; open it in WPS and {_SAVE_AS}",
    ".rtf": f"an RTF file; open it in Word or WPS and {_SAVE_AS}",
    ".xls": "a spreadsheet; copy the table into a .docx or save it as tab-separated .txt",
    ".xlsx": "a spreadsheet; copy the table into a .docx or save it as tab-separated .txt",
    ".et": "a spreadsheet; copy the table into a .docx or save it as tab-separated .txt",
    ".ppt": f"a presentation; {_SAVE_AS}",
    ".pptx": f"a presentation; {_SAVE_AS}",
    ".ofd": "an OFD file; export it as PDF or .txt from the OFD reader and load that",
    ".zip": "an archive; unpack it and load the documents inside",
    ".rar": "an archive; unpack it and load the documents inside",
    ".7z": "an archive; unpack it and load the documents inside",
}
_IMAGE_ADVICE = "an image, not text; run OCR on it and save the result as UTF-8 .txt"
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"}


def read_document(data: bytes, name: str) -> tuple[str, str]:
    r"""Read one document's bytes into ``(text, kind)``.

    ``name`` is the file name (only its suffix is used, and it names the file in errors). ``kind`` is the
    text encoding for plain text (``"utf-8"``, ``"gb18030"``, ``"utf-16-le"`` …), ``"docx"``, ``"pdf"``,
    or ``"html/<encoding>"``. Raises :class:`InputError` for empty, broken or unsupported files.

    >>> read_document("一、总体要求\n".encode("utf-16"), "a.txt")
    ('一、总体要求\n', 'utf-16')
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"the file is larger than {MAX_BYTES // 2**20} MB; split it into one file per document",
                         source=name)
    kind = sniff(data, name)
    if kind == "docx":
        return read_docx(data, name), "docx"
    if kind == "pdf":
        return read_pdf(data, name), "pdf"
    if kind == "html":
        return read_html(data, name)
    return decode(data, name)


def sniff(data: bytes, name: str) -> str:
    """The format of a file: ``"docx"``, ``"pdf"``, ``"html"`` or ``"txt"``; raises for unsupported formats."""
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        raise InputError("the file is empty; give a .txt, .docx, .pdf or .html policy document", source=name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, name, suffix)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_OLE2):
        advice = _UNSUPPORTED_SUFFIXES.get(suffix, _UNSUPPORTED_SUFFIXES[".doc"])
        raise InputError(f"this is {advice}", source=name)
    if data.startswith(b"{\\rtf"):
        raise InputError(f"this is {_UNSUPPORTED_SUFFIXES['.rtf']}", source=name)
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise InputError(f"this is {_IMAGE_ADVICE}", source=name)
    if _looks_like_html(data):
        return "html"
    if suffix in (".docx", ".docm"):
        raise InputError("this .docx is not a Word file (truncated, or another format renamed); "
                         f"open it in Word or WPS and {_SAVE_AS}", source=name)
    if suffix == ".pdf":
        raise InputError("this .pdf has no PDF header (truncated, or another format renamed); "
                         "download it again or save it as .txt", source=name)
    if suffix in _UNSUPPORTED_SUFFIXES:
        raise InputError(f"this is {_UNSUPPORTED_SUFFIXES[suffix]}", source=name)
    if suffix in _IMAGE_SUFFIXES:
        raise InputError(f"this is {_IMAGE_ADVICE}", source=name)
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    return "txt"


def _sniff_zip(data: bytes, name: str, suffix: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        what = "Word file" if suffix in (".docx", ".docm") else "zip archive"
        raise InputError(f"this {what} is damaged or truncated ({e}); download it again, or open it in "
                         f"Word or WPS and {_SAVE_AS}", source=name) from e
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise InputError(f"this is {_UNSUPPORTED_SUFFIXES['.xlsx']}", source=name)
    if any(n.startswith("ppt/") for n in names):
        raise InputError(f"this is {_UNSUPPORTED_SUFFIXES['.pptx']}", source=name)
    if "OFD.xml" in names:
        raise InputError(f"this is {_UNSUPPORTED_SUFFIXES['.ofd']}", source=name)
    if suffix in (".docx", ".docm"):
        raise InputError("this .docx has no word/document.xml (damaged, or another zip renamed); "
                         f"open it in Word or WPS and {_SAVE_AS}", source=name)
    raise InputError(f"this is {_UNSUPPORTED_SUFFIXES['.zip']}", source=name)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower():
        return True
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<body"))


# --- .docx ------------------------------------------------------------------------------------------------

def read_docx(data: bytes, name: str) -> str:
    """Body paragraphs and tables of a ``.docx`` in document order; each table row is one tab-joined line."""
    import docx  # python-docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"this Word file is damaged ({e}); open it in Word or WPS and {_SAVE_AS}",
                         source=name) from e
    if unzipped > MAX_UNZIPPED_BYTES:
        raise InputError(f"this Word file unpacks to {unzipped // 2**20} MB, more than "
                         f"{MAX_UNZIPPED_BYTES // 2**20} MB; save it as UTF-8 .txt", source=name)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_docx_table_rows(block))
            else:
                lines.append(block.text)
    except InputError:
        raise
    except Exception as e:  # a damaged package can fail anywhere inside python-docx and lxml
        raise InputError(f"this Word file cannot be read ({type(e).__name__}: {e}); "
                         f"open it in Word or WPS and {_SAVE_AS}", source=name) from e
    return _finish(lines, name, "the Word file holds no text")


def _docx_table_rows(table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen = None
        for cell in row.cells:
            if cell._tc is seen:  # a horizontally merged cell repeats; keep it once
                continue
            seen = cell._tc
            cells.append(_one_line(_docx_cell_text(cell)))
        if any(cells):
            yield "\t".join(cells)


def _docx_cell_text(cell) -> str:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):  # a table nested in a cell: flatten its rows into the cell
            parts.extend(_docx_table_rows(block))
        else:
            parts.append(block.text)
    return " ".join(p for p in parts if p.strip())


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- .pdf -------------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*([-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}(\s*/\s*\d{1,4})?|page\s*\d{1,4}(\s*of\s*\d{1,4})?)\s*$", re.IGNORECASE)
_CJK_PUNCT = frozenset("，。、；：！？）」』】》〉”’（「『【《〈“‘")  # glyphs drawn in half their em box
_NUMBERING = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条部分篇]|[一二三四五六七八九十百]+[、.．]"
                        r"|[（(][一二三四五六七八九十百\d]{1,3}[)）]|\d{1,2}[.、．](?!\d)|[①-⑳])")


@dataclass(frozen=True, slots=True)
class _PdfLine:
    text: str  # cells joined by "\t" where the gap between glyphs is wide
    left: float
    right: float
    top: float
    bottom: float
    height: float  # median glyph height


def read_pdf(data: bytes, name: str) -> str:
    """The text layer of a PDF: page furniture dropped, wrapped lines re-joined, wide gaps as tabs."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        hint = ("it is password-protected; save an unprotected copy" if "password" in str(e).lower()
                else "it is damaged or truncated; download it again or save it as .txt")
        raise InputError(f"this PDF cannot be opened ({e}): {hint}", source=name) from e
    except Exception as e:  # the pdfium bindings fail on hostile input in more ways than PdfiumError
        raise InputError(f"this PDF cannot be opened ({type(e).__name__}); download it again or save it as .txt",
                         source=name) from e
    try:
        pages = [_pdf_page_lines(pdf[i]) for i in range(len(pdf))]
    except Exception as e:  # a page whose content stream pdfium cannot walk
        raise InputError(f"this PDF's text cannot be read ({type(e).__name__}: {e}); save it as .txt",
                         source=name) from e
    finally:
        pdf.close()
    pages = _drop_furniture(pages)
    lines = list(_join_wrapped(pages))
    if not any(line.strip() for line in lines):
        raise InputError("this PDF has no text layer (a scanned image?); run OCR on it and save the result "
                         "as UTF-8 .txt", source=name)
    return _finish(lines, name, "the PDF holds no text")


def _pdf_page_lines(page) -> list[_PdfLine]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if len(text) != count:  # cannot align glyph boxes with characters: fall back to plain lines
            return [_PdfLine(t, 0, 0, 0, 0, 0) for t in re.split(r"\r\n|\r|\n", text)]
        boxes = [textpage.get_charbox(i) for i in range(count)]
    finally:
        textpage.close()
    lines: list[_PdfLine] = []
    start = 0
    for match in list(re.finditer(r"\r\n|\r|\n", text)) + [None]:
        end = match.start() if match else count
        if end > start:
            lines.append(_pdf_line(text[start:end], boxes[start:end]))
        start = match.end() if match else count
    return [line for line in lines if line.text.strip()]


def _pdf_line(text: str, boxes: list[tuple[float, float, float, float]]) -> _PdfLine:
    """One line of glyphs; a wide gap becomes a tab (a table cell boundary), a narrow one stays as it is."""
    glyphs = [(ch, box) for ch, box in zip(text, boxes) if not ch.isspace()]
    if not glyphs:
        return _PdfLine("", 0, 0, 0, 0, 0)
    height = statistics.median(box[3] - box[1] for _, box in glyphs) or 1.0
    out: list[str] = []
    prev_right, prev_char, spaced = None, "", False
    for ch, (left, _bottom, right, _top) in zip(text, boxes):
        if ch.isspace():
            out.append(ch)
            spaced = True
            continue
        allowance = (1.0 if spaced else 2.0) + (prev_char in _CJK_PUNCT) + (ch in _CJK_PUNCT)
        if prev_right is not None and left - prev_right > allowance * height:
            while out and out[-1].isspace():
                out.pop()
            out.append("\t")
        out.append(ch)
        prev_right, prev_char, spaced = right, ch, False
    return _PdfLine("".join(out).strip(" "), min(b[0] for _, b in glyphs), max(b[2] for _, b in glyphs),
                    max(b[3] for _, b in glyphs), min(b[1] for _, b in glyphs), height)


def _drop_furniture(pages: list[list[_PdfLine]]) -> list[list[_PdfLine]]:
    """Drop page numbers and running headers/footers (the same top or bottom line on most pages)."""
    def edges(page: list[_PdfLine]) -> set[int]:
        if not page:
            return set()
        top = max(range(len(page)), key=lambda i: page[i].top)
        bottom = min(range(len(page)), key=lambda i: page[i].bottom)
        return {top, bottom}

    def key(line: _PdfLine) -> str:
        return re.sub(r"\d+", "#", line.text.strip())

    repeated: set[str] = set()
    if len(pages) >= 3:
        counts = Counter(key(page[i]) for page in pages for i in edges(page))
        repeated = {k for k, n in counts.items() if n >= max(3, 0.6 * len(pages))}
    def isolated(page: list[_PdfLine], i: int) -> bool:  # set apart from the body, as footers are
        line = page[i]
        gaps = [max(other.bottom - line.top, line.bottom - other.top) for j, other in enumerate(page) if j != i]
        height = statistics.median(other.height for other in page) or 1.0
        return not gaps or min(gaps) > 2.0 * height

    kept = []
    for page in pages:
        drop = {i for i in edges(page)
                if key(page[i]) in repeated or (_PAGE_NUMBER.match(page[i].text) and isolated(page, i))}
        kept.append([line for i, line in enumerate(page) if i not in drop])
    return kept


def _join_wrapped(pages: list[list[_PdfLine]]) -> Iterator[str]:
    """Re-join the lines of a paragraph that the PDF wrapped at the right margin, across pages too."""
    flow: list[tuple[_PdfLine, float, float, bool]] = []  # line, page's left and right margin, first on page
    for page in pages:
        body = [line for line in page if line.height > 0 and "\t" not in line.text]
        left = min((line.left for line in body), default=0.0)
        right = max((line.right for line in body), default=0.0)
        flow.extend((line, left, right, i == 0) for i, line in enumerate(page))
    current = ""
    for i, (line, left, right, _) in enumerate(flow):
        current += line.text if not current else _glue(current, line.text)
        nxt = flow[i + 1] if i + 1 < len(flow) else None
        if nxt is None or not _wraps_into(line, right, *nxt):
            yield current
            current = ""


def _wraps_into(line: _PdfLine, margin_right: float, nxt: _PdfLine, margin_left: float, _right: float,
                new_page: bool) -> bool:
    if line.height <= 0 or nxt.height <= 0 or "\t" in line.text or "\t" in nxt.text:
        return False
    if line.right < margin_right - 3 * line.height:  # a short line ends its paragraph
        return False
    if not new_page and not 0 < line.bottom - nxt.top + nxt.height < 3 * line.height:  # not just below
        return False
    if _NUMBERING.match(nxt.text):  # the next line opens a numbered item
        return False
    indented = nxt.left > margin_left + 1.5 * nxt.height  # a first-line indent or a centred heading
    return not indented


def _glue(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return " " + right
    return right


# --- .html ------------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "cp936": "gb18030", "windows-936": "gb18030", "utf8": "utf-8"}
_DROP = ("script, style, noscript, template, nav, iframe, svg, select, button, textarea, head, header, footer, "
         "aside, [role=navigation], [role=banner], [role=contentinfo], .nav, .navbar, .menu, .breadcrumb, "
         "#nav, #menu, #breadcrumb")
_BLOCKS = frozenset(("address article blockquote body br caption center dd div dl dt fieldset figcaption figure "
                    "form h1 h2 h3 h4 h5 h6 hr html li main ol p pre section table tbody td tfoot th thead title "
                    "tr ul").split())


def read_html(data: bytes, name: str) -> tuple[str, str]:
    """Visible body text of an HTML page (navigation and scripts dropped), tables as tab-joined rows."""
    from selectolax.lexbor import LexborHTMLParser

    markup, encoding = _decode_html(data, name)
    try:
        tree = LexborHTMLParser(markup)
        for node in tree.css(_DROP):
            node.decompose()
        root = tree.body or tree.root
        lines = list(_html_lines(root)) if root is not None else []
    except Exception as e:  # the HTML engine on hostile markup
        raise InputError(f"this HTML page cannot be parsed ({type(e).__name__}); save its text as .txt",
                         source=name) from e
    return _finish(lines, name, "the HTML page holds no visible text"), f"html/{encoding}"


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    match = _META_CHARSET.search(data[:8192])
    if match and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        declared = match.group(1).decode("ascii", "replace").lower()
        declared = _CHARSET_ALIASES.get(declared, declared)
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # the page lies about its charset, or names an unknown one: detect it instead
    return decode(data, name)


def _html_lines(root) -> Iterator[str]:
    """Walk the tree without recursion (pages can nest thousands deep), breaking lines at block elements."""
    buffer: list[str] = []
    stack: list[tuple[object, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            yield from _flush(buffer)
            continue
        if tag == "-text":
            buffer.append(node.text_content or "")
            continue
        if tag is None or tag.startswith("-"):
            continue
        if tag == "table" and _is_data_table(node):
            yield from _flush(buffer)
            yield from _html_table_rows(node)
            continue
        if tag == "pre":
            yield from _flush(buffer)
            yield from (node.text(deep=True) or "").splitlines()
            continue
        if tag in _BLOCKS:
            yield from _flush(buffer)
            stack.append((node, False))
        stack.extend((child, True) for child in reversed(list(_children(node))))
    yield from _flush(buffer)


def _children(node) -> Iterator:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _flush(buffer: list[str]) -> Iterator[str]:
    if buffer:
        line = re.sub(r"[ \t\r\n\f]+", " ", "".join(buffer)).strip(" ")
        buffer.clear()
        if line:
            yield line


def _is_data_table(table) -> bool:
    """A table of data rather than page layout: no nested tables, and some row with two or more cells."""
    if any(inner.mem_id != table.mem_id for inner in table.css("table")):
        return False
    return any(len(_row_cells(row)) >= 2 for row in table.css("tr"))


def _row_cells(row) -> list:
    return [c for c in _children(row) if c.tag in ("td", "th")]


def _html_table_rows(table) -> Iterator[str]:
    caption = table.css_first("caption")
    if caption is not None and _one_line(caption.text(deep=True)):
        yield _one_line(caption.text(deep=True))
    for row in table.css("tr"):
        cells = [_one_line(cell.text(deep=True, separator=" ")) for cell in _row_cells(row)]
        if len(cells) == 1:
            yield from (line for line in _html_lines(_row_cells(row)[0]))
        elif any(cells):
            yield "\t".join(cells)


# --- shared -----------------------------------------------------------------------------------------------

def _finish(lines: Iterable[str], name: str, empty_message: str) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    if not text.strip():
        raise InputError(f"{empty_message}; check that it is the right file", source=name)
    return text + "\n"
