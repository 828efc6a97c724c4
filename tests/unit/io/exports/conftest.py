"""A sample document with every kind of block, hostile text included."""

from __future__ import annotations

from datetime import date

import pytest

from jagdesk.io.exports.document import (
    Document,
    Fields,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Table,
)

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def tiny_png() -> bytes:
    from matplotlib.figure import Figure

    from jagdesk.analysis.charts import to_png

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().bar([1, 2], [3, 1])
    return to_png(figure, dpi=50)


@pytest.fixture(scope="session")
def sample() -> Document:
    doc = Document(f"Plan summary: HS-0007 {HOSTILE}", "Open · Red · Castle ward",
                   marking="OFFICIAL-SENSITIVE", author="pc.smith", created=date(2025, 3, 5))
    doc.add(
        Heading("Hotspot"),
        Fields([("Reference", "HS-0007"), ("Name", HOSTILE)]),
        Heading("Actions by partner"),
        Heading("Leicester City Council", 2),
        Table(["Ref", "Action", "Due", "Status"],
              [["AC-0001", "Clear the alley", "2025-01-01", "Overdue"],
               ["AC-0002", "Extra patrols", "2025-04-01", "Open"]] * 20,
              widths=[1, 4, 1.5, 1.5], flagged=frozenset({0})),
        Paragraph("PSPO lapses in 5 days", "warning"),
        Image(tiny_png(), "Before and after"),
        PageBreak(),
        Heading("Evaluation"),
        Paragraph("Incidents fell by 19 percent.\nA second line."),
        Paragraph("Figures from police.uk.", "note"),
    )
    return doc
