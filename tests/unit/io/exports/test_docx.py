from __future__ import annotations

import io

import docx

from jagdesk.io.exports.docx import write_docx


def reopen(doc):
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def test_headings_and_tables(sample):
    word = reopen(sample)
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", sample.title)
    assert ("Heading 1", "Actions by partner") in headings
    assert ("Heading 2", "Leicester City Council") in headings
    fields, actions = word.tables
    assert fields.cell(1, 1).text == sample.blocks[1].pairs[1][1]
    assert [c.text for c in actions.rows[0].cells] == ["Ref", "Action", "Due", "Status"]
    assert len(actions.rows) == 41
    assert actions.cell(1, 1).paragraphs[0].runs[0].bold  # the overdue row stands out


def test_marking_in_header_and_footer(sample):
    section = reopen(sample).sections[0]
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    assert "OFFICIAL-SENSITIVE" in footer
    assert "pc.smith" in footer
    assert "5 March 2025" in footer
    assert "NUMPAGES" in section.footer._element.xml


def test_picture_and_properties(sample):
    word = reopen(sample)
    assert len(word.inline_shapes) == 1
    assert word.core_properties.author == "pc.smith"
    assert word.core_properties.subject == "OFFICIAL-SENSITIVE"
