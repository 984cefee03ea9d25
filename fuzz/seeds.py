"""Sample policy documents rebuilt in every input format: the fuzz corpus's seeds and the format tests' inputs.

Each builder takes paragraphs (lines of a sample ``.txt``) and an indicator table (rows of cells) and returns
the bytes of a ``.docx``, ``.pdf`` or ``.html`` file holding them, with the table where it stands in the text.
python-docx writes ``.docx``; reportlab (a development dependency) writes ``.pdf`` with the CID font
STSong-Light, which needs no font file on the machine.
"""
from __future__ import annotations

import html
import io
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TABLE = (
    ("指标", "2020年", "2025年", "责任单位"),
    ("人均预期寿命（岁）", "77.3", "78.3", "规信处"),
    ("孕产妇死亡率（/10万）", "16.9", "≤14.5", "妇幼处"),
    ("婴儿死亡率（‰）", "5.6", "≤5.2", "妇幼处"),
)


def sample_lines(index: int = 0, limit: int | None = None) -> list[str]:
    """Non-empty lines of the ``index``-th sample document (first ``limit`` of them)."""
    path = sorted(SAMPLES.glob("*.txt"))[index]
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:limit] if limit else lines


def build_docx(paragraphs: list[str], table=TABLE, table_at: int = 3) -> bytes:
    """A ``.docx`` with ``paragraphs`` and ``table`` inserted after paragraph ``table_at``."""
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if i + 1 == table_at and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_html(paragraphs: list[str], table=TABLE, table_at: int = 3, encoding: str = "gbk") -> bytes:
    """A government-style page in ``encoding``: meta charset, nav bar, script, breadcrumbs, article, table."""
    body = []
    for i, text in enumerate(paragraphs):
        body.append(f"<p style='text-indent:2em'>{html.escape(text)}</p>")
        if i + 1 == table_at and table:
            rows = "".join("<tr>" + "".join(f"<td><p>{html.escape(c)}</p></td>" for c in row) + "</tr>"
                           for row in table)
            body.append(f"<table border='1'><tbody>{rows}</tbody></table>")
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>卫生健康委员会</title><style>p {{ margin: 0 }}</style>
<script>var nav = "首页 机构概况 政务公开";</script></head>
<body>
<div class="header"><nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/jgsz">机构设置</a></nav></div>
<table width="100%"><tr><td>
<div class="article">{''.join(body)}</div>
</td></tr></table>
<footer>版权所有：卫生健康委员会 &nbsp; 网站标识码 0000000000</footer>
</body></html>"""
    return page.encode(encoding)


def build_pdf(paragraphs: list[str], table=TABLE, table_at: int = 3) -> bytes:
    """A paginated PDF (wrapped CJK paragraphs, a ruled table, "- n -" page numbers)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK",
                           alignment=4, firstLineIndent=24)
    story = []
    for i, text in enumerate(paragraphs):
        story.append(Paragraph(html.escape(text), style))
        if i + 1 == table_at and table:
            story.append(Table([list(row) for row in table], style=[
                ("FONT", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))

    def page_number(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title="policy").build(
        story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()
