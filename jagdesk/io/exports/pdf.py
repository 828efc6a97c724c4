"""Lay a ``Document`` out as an A4 PDF with reportlab's platypus.

Every page carries the protective marking at the top and the bottom, the author, the date and
"Page x of y". Text is set in DejaVu Sans (shipped with matplotlib), which covers the names
people actually have, not only Latin-1. Every user text is escaped before it reaches
reportlab's paragraph markup.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
from jagdesk.io.exports.style import ACCENT, FLAG, INK, MUTED, RULE, SHADE, ZEBRA

MARGIN_MM = 18
FRAME_PAD = 6  # points: platypus frames inset their content by this much
FONT, BOLD = "JagSans", "JagSans-Bold"


def write_pdf(document: Document, out: Path | io.BytesIO) -> None:
    """Write ``document`` as a PDF to a path or a binary buffer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    target = str(out) if isinstance(out, Path) else out
    template = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=(MARGIN_MM + 8) * mm, bottomMargin=(MARGIN_MM + 8) * mm,
        title=document.title, author=document.author, subject=document.marking,
        creator="JagDesk")
    styles = _styles()
    story = _title_block(document, styles)
    for block in document.blocks:
        story.extend(_flowables(block, styles, template.width - 2 * FRAME_PAD))
    template.build(story, canvasmaker=_canvas_maker(document))


# --- fonts and styles -------------------------------------------------------------------
def _register_fonts() -> None:
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5,
                          textColor=HexColor(INK), spaceAfter=5)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=20, leading=24,
                                textColor=HexColor(ACCENT), spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=15,
                                   textColor=HexColor(MUTED), spaceAfter=10),
        "h1": ParagraphStyle("h1", base, fontName=BOLD, fontSize=13.5, leading=17,
                             textColor=HexColor(ACCENT), spaceBefore=12, spaceAfter=5,
                             keepWithNext=True),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=10.5, leading=14,
                             textColor=HexColor(INK), spaceBefore=8, spaceAfter=3,
                             keepWithNext=True),
        "note": ParagraphStyle("note", base, fontSize=8, leading=11, textColor=HexColor(MUTED)),
        "warning": ParagraphStyle("warning", base, fontName=BOLD, textColor=HexColor(FLAG)),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0),
        "flag": ParagraphStyle("flag", base, fontName=BOLD, fontSize=8.5, leading=11,
                               spaceAfter=0, textColor=HexColor(FLAG)),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8.5, leading=11,
                               spaceAfter=0, textColor=HexColor("#FFFFFF")),
        "label": ParagraphStyle("label", base, fontName=BOLD, fontSize=8.5, leading=11,
                                spaceAfter=0, textColor=HexColor(MUTED)),
        "caption": ParagraphStyle("caption", base, fontSize=8, leading=10,
                                  textColor=HexColor(MUTED), spaceBefore=2, spaceAfter=8),
    }


def _text(text: str) -> str:
    """User text as paragraph markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


# --- blocks -----------------------------------------------------------------------------
def _title_block(document: Document, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import HRFlowable
    from reportlab.platypus import Paragraph as P

    story: list[Any] = [P(_text(document.title), styles["title"])]
    if document.subtitle:
        story.append(P(_text(document.subtitle), styles["subtitle"]))
    story.append(HRFlowable(width="100%", thickness=1.5, color=HexColor(ACCENT), spaceAfter=8))
    return story


def _flowables(block: Block, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import PageBreak as Break
    from reportlab.platypus import Paragraph as P

    if isinstance(block, Heading):
        return [P(_text(block.text), styles["h1" if block.level <= 1 else "h2"])]
    if isinstance(block, Paragraph):
        return [P(_text(block.text), styles.get(block.style, styles["body"]))]
    if isinstance(block, Table):
        return [_table(block, styles, width)]
    if isinstance(block, Fields):
        return [_fields(block, styles, width)]
    if isinstance(block, Image):
        return _image(block, styles, width)
    if isinstance(block, PageBreak):
        return [Break()]
    raise TypeError(f"unknown block {block!r}")


def _table(block: Table, styles: dict[str, Any], width: float) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T
    from reportlab.platypus import TableStyle

    rows = [[P(_text(cell), styles["head"]) for cell in block.header]]
    for index, row in enumerate(block.rows):
        style = styles["flag"] if index in block.flagged else styles["cell"]
        rows.append([P(_text(cell), style) for cell in row])
    weights = block.widths or [1.0] * len(block.header)
    widths = [width * w / sum(weights) for w in weights]
    table = T(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(ACCENT)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), HexColor(ZEBRA))
                 for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(commands))
    table.spaceAfter = 8
    return table


def _fields(block: Fields, styles: dict[str, Any], width: float) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T
    from reportlab.platypus import TableStyle

    rows = [[P(_text(label), styles["label"]), P(_text(value or "—"), styles["cell"])]
            for label, value in block.pairs]
    table = T(rows, colWidths=[width * 0.28, width * 0.72], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, -1), HexColor(SHADE)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    table.spaceAfter = 8
    return table


def _image(block: Image, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image as I
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import Paragraph as P

    pixels_w, pixels_h = ImageReader(io.BytesIO(block.png)).getSize()
    shown_w = width * min(max(block.width, 0.1), 1.0)
    picture = I(io.BytesIO(block.png), width=shown_w, height=shown_w * pixels_h / pixels_w)
    parts: list[Any] = [picture]
    if block.caption:
        parts.append(P(_text(block.caption), styles["caption"]))
    return [KeepTogether(parts)]


# --- page furniture -----------------------------------------------------------------------
def _canvas_maker(document: Document) -> Any:
    """A canvas that draws the header and footer once the page count is known."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, len(self._pages))
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            page_w, page_h = self._pagesize
            left, right = MARGIN_MM * mm + FRAME_PAD, page_w - MARGIN_MM * mm - FRAME_PAD
            self.setFillColor(HexColor(FLAG))
            self.setFont(BOLD, 10)
            self.drawCentredString(page_w / 2, page_h - 11 * mm, document.marking)
            self.drawCentredString(page_w / 2, 8 * mm, document.marking)
            self.setStrokeColor(HexColor(RULE))
            self.setLineWidth(0.5)
            self.line(left, page_h - 14 * mm, right, page_h - 14 * mm)
            self.line(left, 17 * mm, right, 17 * mm)
            self.setFillColor(HexColor(MUTED))
            self.setFont(FONT, 7.5)
            self.drawString(left, page_h - 19 * mm, _clip(document.title, 90))
            self.drawRightString(right, page_h - 19 * mm, document.dateline)
            self.drawString(left, 13 * mm, f"Prepared by {_clip(document.author, 60)} on "
                                           f"{document.dateline}")
            self.drawRightString(right, 13 * mm, f"Page {number} of {total}")

    return NumberedCanvas


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
