"""Lay a ``Document`` out as one self-contained HTML page.

Pictures are embedded as data URIs and the style sheet is inline, so the page opens anywhere
with no network. Every text is escaped with ``html.escape``; nothing from the user is ever
placed in a script, a style or an attribute other than as escaped text.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

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

CSS = f"""
body {{ font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: {INK};
       max-width: 56rem; margin: 0 auto; padding: 0 1.5rem; line-height: 1.45; }}
.marking {{ color: {FLAG}; font-weight: 700; text-align: center; letter-spacing: .04em;
           padding: .5rem 0; }}
.marking.top {{ border-bottom: 1px solid {RULE}; }}
.marking.bottom {{ border-top: 1px solid {RULE}; margin-top: 2rem; }}
.meta {{ color: {MUTED}; font-size: .85rem; display: flex; justify-content: space-between; }}
h1.title {{ color: {ACCENT}; font-size: 1.9rem; margin: 1.2rem 0 .2rem; }}
.subtitle {{ color: {MUTED}; font-size: 1.1rem; margin: 0 0 .6rem;
             border-bottom: 2px solid {ACCENT}; padding-bottom: .6rem; }}
h2 {{ color: {ACCENT}; font-size: 1.3rem; margin: 1.6rem 0 .5rem; }}
h3 {{ font-size: 1.05rem; margin: 1.1rem 0 .4rem; }}
p.note, figcaption {{ color: {MUTED}; font-size: .85rem; }}
p.warning {{ color: {FLAG}; font-weight: 700; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; margin: .3rem 0 1rem; }}
th {{ background: {ACCENT}; color: #fff; text-align: left; }}
th, td {{ padding: .3rem .45rem; border-bottom: 1px solid {RULE}; vertical-align: top; }}
tbody tr:nth-child(even) {{ background: {ZEBRA}; }}
tr.flagged td {{ color: {FLAG}; font-weight: 700; }}
table.fields th {{ background: {SHADE}; color: {MUTED}; width: 28%; }}
figure {{ margin: .6rem 0 1rem; }}
figure img {{ max-width: 100%; height: auto; border: 1px solid {RULE}; }}
hr.page {{ border: 0; border-top: 1px dashed {RULE}; margin: 2rem 0; }}
@media print {{ hr.page {{ page-break-after: always; border: 0; }} }}
"""


def render_html(document: Document) -> str:
    """The whole page as text."""
    marking, title = escape(document.marking), escape(document.title)
    meta = (f'<div class="meta"><span>Prepared by {escape(document.author)}</span>'
            f"<span>{escape(document.dateline)}</span></div>")
    parts = [
        "<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No script, and no resource from anywhere but this file.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">",
        f"<title>{title}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        f'<div class="marking top">{marking}</div>', meta,
        f'<h1 class="title">{title}</h1>',
    ]
    if document.subtitle:
        parts.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    parts.extend(_block(block) for block in document.blocks)
    parts += [meta, f'<div class="marking bottom">{marking}</div>', "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_html(document: Document, out: Path) -> None:
    """Write the page as UTF-8."""
    out.write_text(render_html(document), encoding="utf-8")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        tag = "h2" if block.level <= 1 else "h3"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        style = block.style if block.style in ("note", "warning") else "body"
        return f'<p class="{style}">{_lines(block.text)}</p>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Fields):
        rows = "".join(f"<tr><th>{escape(label)}</th><td>{_lines(value or '—')}</td></tr>"
                       for label, value in block.pairs)
        return f'<table class="fields"><tbody>{rows}</tbody></table>'
    if isinstance(block, Image):
        data = base64.b64encode(block.png).decode("ascii")
        caption = f"<figcaption>{escape(block.caption)}</figcaption>" if block.caption else ""
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.caption)}"'
                f' style="width:{round(min(block.width, 1.0) * 100)}%">{caption}</figure>')
    if isinstance(block, PageBreak):
        return '<hr class="page">'
    raise TypeError(f"unknown block {block!r}")


def _table(block: Table) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in block.header)
    body = []
    for index, row in enumerate(block.rows):
        marked = ' class="flagged"' if index in block.flagged else ""
        body.append(f"<tr{marked}>" + "".join(f"<td>{_lines(cell)}</td>" for cell in row)
                    + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")
