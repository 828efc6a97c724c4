from __future__ import annotations

import io

from pypdf import PdfReader

from jagdesk.io.exports.pdf import write_pdf


def read(doc) -> PdfReader:
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def test_every_page_carries_marking_author_date_and_page_count(sample):
    reader = read(sample)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number} lacks header and footer"
        assert f"Page {number} of {len(pages)}" in text
        assert "pc.smith" in text
        assert "5 March 2025" in text


def test_content_is_in_the_text(sample):
    text = "\n".join(page.extract_text() for page in read(sample).pages)
    for expected in ("HS-0007", "Clear the alley", "Leicester City Council",
                     "PSPO lapses in 5 days", "Incidents fell by 19 percent", "Before and after",
                     "<img src=x onerror=alert(1)>"):
        assert expected in text
    assert read(sample).metadata.title.startswith("Plan summary")


def test_the_picture_is_embedded(sample):
    images = [image for page in read(sample).pages for image in page.images]
    assert len(images) == 1


def test_a_custom_marking_is_printed(sample):
    from dataclasses import replace

    text = read(replace(sample, marking="OFFICIAL")).pages[0].extract_text()
    assert "OFFICIAL-SENSITIVE" not in text
    assert text.count("OFFICIAL") >= 2
