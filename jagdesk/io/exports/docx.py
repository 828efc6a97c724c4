"""Lay a ``Document`` out as a Word file with python-docx.

The protective marking heads and foots every page through the section's header and footer,
with the author, the date and "Page x of y" (Word fields, filled in when the file is opened).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jagdesk.io.exports.document import (
    Block,
    Document,
    Fields,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Table,
)
from jagdesk.io.exports.style import ACCENT, FLAG, MUTED, SHADE

TEXT_WIDTH_CM = 17.0


def write_docx(document: Document, out: Path | io.BytesIO) -> None:
    """Write ``document`` as a .docx file to a path or a binary buffer."""
    import docx
    from docx.shared import Cm, Pt

    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.author = document.author
    word.core_properties.subject = document.marking
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(10)
    _furniture(section, document)
    word.add_heading(document.title, 0)
    if document.subtitle:
        _run(word.add_paragraph(), document.subtitle, colour=MUTED, size=12)
    for block in document.blocks:
        _add(word, block)
    word.save(out if isinstance(out, io.BytesIO) else str(out))


def _add(word: Any, block: Block) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, min(max(block.level, 1), 3))
    elif isinstance(block, Paragraph):
        colour = {"warning": FLAG, "note": MUTED}.get(block.style)
        _run(word.add_paragraph(), block.text, colour=colour, bold=block.style == "warning",
             size=8.5 if block.style == "note" else None)
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Fields):
        _fields(word, block)
    elif isinstance(block, Image):
        from docx.shared import Cm

        word.add_picture(io.BytesIO(block.png), width=Cm(TEXT_WIDTH_CM * min(block.width, 1.0)))
        if block.caption:
            _run(word.add_paragraph(), block.caption, colour=MUTED, size=8.5)
    elif isinstance(block, PageBreak):
        word.add_page_break()


def _table(word: Any, block: Table) -> None:
    from docx.shared import Cm

    table = word.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _shade(cell, ACCENT)
        _run(cell.paragraphs[0], text, bold=True, colour="#FFFFFF")
    _repeat_header(table.rows[0])
    for index, row in enumerate(block.rows):
        flagged = index in block.flagged
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _run(cell.paragraphs[0], text, bold=flagged, colour=FLAG if flagged else None)
    weights = block.widths or [1.0] * len(block.header)
    for column, weight in zip(table.columns, weights, strict=True):
        for cell in column.cells:
            cell.width = Cm(TEXT_WIDTH_CM * weight / sum(weights))
    word.add_paragraph()


def _fields(word: Any, block: Fields) -> None:
    from docx.shared import Cm

    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in block.pairs:
        left, right = table.add_row().cells
        _shade(left, SHADE)
        _run(left.paragraphs[0], label, bold=True, colour=MUTED)
        _run(right.paragraphs[0], value or "—")
        left.width, right.width = Cm(TEXT_WIDTH_CM * 0.28), Cm(TEXT_WIDTH_CM * 0.72)
    word.add_paragraph()


def _run(paragraph: Any, text: str, *, bold: bool = False, colour: str | None = None,
         size: float | None = None) -> Any:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    if size:
        run.font.size = Pt(size)
    return run


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                  f'w:fill="{colour.lstrip("#")}"/>'))


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


# --- header and footer ----------------------------------------------------------------------
def _furniture(section: Any, document: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    top = section.header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(top, document.marking, bold=True, colour=FLAG, size=10)
    line = section.header.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(line, f"{document.title} · {document.dateline}", colour=MUTED, size=8)
    info = section.footer.paragraphs[0]
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(info, f"Prepared by {document.author} on {document.dateline} · Page ", colour=MUTED,
         size=8)
    _field(info, "PAGE")
    _run(info, " of ", colour=MUTED, size=8)
    _field(info, "NUMPAGES")
    bottom = section.footer.add_paragraph()
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(bottom, document.marking, bold=True, colour=FLAG, size=10)


def _field(paragraph: Any, code: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word fills in when laying the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = _run(paragraph, "", colour=MUTED, size=8)
    parts = (("w:fldChar", "begin"), ("w:instrText", f" {code} "), ("w:fldChar", "separate"),
             ("w:t", "1"), ("w:fldChar", "end"))
    for tag, value in parts:
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)
