from __future__ import annotations

import hashlib
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from jagdesk.domain.enums import AuditClass
from jagdesk.errors import Cancelled, NotFoundError, UserError
from jagdesk.services.exports import (
    export_data,
    export_meeting,
    export_plan,
)
from jagdesk.services.preferences import protective_marking, set_protective_marking
from jagdesk.store import Store

TODAY = date(2026, 11, 23)
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def built(demo_copy) -> Path:
    return demo_copy(TODAY)


@pytest.fixture
def demo(built: Path, tmp_path: Path):
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(built, copy)
    with Store(copy, actor="pc.smith") as store:
        yield store


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def last_disclosure(store: Store):
    return next(e for e in store.audit.entries() if e.audit_class is AuditClass.DISCLOSURE)


def test_plan_pdf_has_the_content_and_marking_on_every_page(demo, tmp_path):
    out = tmp_path / "plan.pdf"
    result = export_plan(demo, "HS-0001", "pdf", out, map_png=None, today=TODAY)
    pages = pdf_text(out)
    text = "\n".join(pages)
    hotspot = demo.hotspots.by_ref("HS-0001")
    for expected in (hotspot.name, "Actions by partner", "Start PSPO renewal consultation",
                     "Leicester City Council", "Before and after", "percent", "Trend",
                     "Problem Analysis Triangle", "Public Spaces Protection Order lapses"):
        assert expected in text
    assert "overdue" in text
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(pages)}" in page
        assert "pc.smith" in page
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_export_is_audited_as_a_disclosure_with_the_file_hash(demo, tmp_path):
    out = tmp_path / "plan.html"
    result = export_plan(demo, "hs-0001", "html", out, today=TODAY)
    entry = last_disclosure(demo)
    assert entry.operation == "export"
    assert result.sha256 in entry.summary
    assert "plan.html" in entry.summary
    assert "OFFICIAL-SENSITIVE" in entry.summary
    assert entry.after["sha256"] == result.sha256


def test_marking_comes_from_the_setting_or_the_call(demo, tmp_path):
    assert protective_marking(demo) == "OFFICIAL-SENSITIVE"
    assert set_protective_marking(demo, "  official ") == "OFFICIAL"
    export_plan(demo, "HS-0002", "pdf", tmp_path / "a.pdf", today=TODAY)
    assert "OFFICIAL-SENSITIVE" not in pdf_text(tmp_path / "a.pdf")[0]
    export_plan(demo, "HS-0002", "pdf", tmp_path / "b.pdf", marking="SECRET", today=TODAY)
    assert pdf_text(tmp_path / "b.pdf")[0].count("SECRET") >= 2
    with pytest.raises(UserError):
        set_protective_marking(demo, "   ")


def test_hostile_hotspot_name_is_escaped_in_html(demo, tmp_path):
    hotspot = demo.hotspots.by_ref("HS-0003")
    hotspot.name = HOSTILE
    demo.hotspots.update(hotspot)
    out = tmp_path / "plan.html"
    export_plan(demo, "HS-0003", "html", out, map_png=b"", today=TODAY)
    page = out.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "</script><script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "http://" not in page
    assert "https://" not in page


def test_plan_docx_has_headings_tables_and_map(demo, tmp_path):
    import docx
    from matplotlib.figure import Figure

    from jagdesk.analysis.charts import to_png

    figure = Figure(figsize=(4, 3))
    figure.add_subplot().plot([0, 1], [0, 1])
    out = tmp_path / "plan.docx"
    export_plan(demo, "HS-0001", "docx", out, map_png=to_png(figure, 40), today=TODAY)
    word = docx.Document(str(out))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    for expected in ("Hotspot", "Police and Crime Plan priorities", "Problem-solving plan",
                     "Responses and powers", "Actions by partner", "Before and after", "Trend"):
        assert expected in headings
    assert len(word.tables) >= 5
    assert len(word.inline_shapes) == 3  # map, before/after, trend
    assert "OFFICIAL-SENSITIVE" in word.sections[0].header.paragraphs[0].text


def test_meeting_pack_and_minutes(demo, tmp_path):
    export_meeting(demo, "JAG-0001", "pdf", "pack", tmp_path / "pack.pdf", today=TODAY)
    pages = pdf_text(tmp_path / "pack.pdf")
    text = "\n".join(pages)
    items = demo.agenda_items.for_meeting(demo.meetings.all()[0].id)
    assert len(pages) >= len(items) + 1
    for item in items:
        assert item.title.split(",")[0] in text
    for expected in ("Attendees by partner", "Apologies", "Agenda", "Actions due", "City Hall"):
        assert expected in text
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pages)
    export_meeting(demo, "JAG-0001", "docx", "minutes", tmp_path / "minutes.docx", today=TODAY)
    import docx

    word = docx.Document(str(tmp_path / "minutes.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Decisions and notes" in headings
    assert "Action log" in headings
    body = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "Keep red" in body
    assert "AC-0001" in body


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_data_layers_round_trip(demo, tmp_path, fmt):
    import geopandas as gpd
    from shapely.geometry import shape

    out = tmp_path / f"hotspots.{fmt}"
    export_data(demo, "hotspots", fmt, out)
    frame = gpd.read_file(out)
    hotspots = demo.hotspots.all()
    assert list(frame["ref"]) == [h.ref for h in hotspots]
    for geometry, hotspot in zip(frame.geometry, hotspots, strict=True):
        assert geometry.equals_exact(shape(hotspot.geometry), 1e-9)


def test_incident_export_honours_the_period(demo, tmp_path):
    import geopandas as gpd

    from jagdesk.domain.filters import IncidentFilter

    flt = IncidentFilter("2021-03", "2021-03")
    out = tmp_path / "incidents.gpkg"
    export_data(demo, "incidents", "gpkg", out, flt)
    frame = gpd.read_file(out)
    assert len(frame) == demo.incidents.count(flt)
    assert set(frame["month"]) == {"2021-03"}


def test_csv_cells_are_neutralised(demo, tmp_path):
    import csv

    action = demo.actions.all()[0]
    action.title = "=HYPERLINK(\"http://evil\",\"x\")"
    demo.actions.update(action)
    out = tmp_path / "actions.csv"
    export_data(demo, "actions", "csv", out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in titles
    assert not any(t.startswith(("=", "+", "-", "@")) for t in titles)


def test_cancel_leaves_no_file(demo, tmp_path):
    out = tmp_path / "pack.pdf"
    with pytest.raises(Cancelled):
        export_meeting(demo, "JAG-0001", "pdf", "pack", out, cancelled=lambda: True)
    with pytest.raises(Cancelled):
        export_data(demo, "incidents", "csv", tmp_path / "i.csv", cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == [tmp_path / "demo.sqlite"] or not [
        p for p in tmp_path.iterdir() if not p.name.startswith("demo.sqlite")]
    assert not any(e.audit_class is AuditClass.DISCLOSURE for e in demo.audit.entries())


def test_cancel_after_writing_leaves_no_file(demo, tmp_path):
    calls = []

    def late() -> bool:
        calls.append(1)
        return len(calls) > 1

    out = tmp_path / "hotspots.gpkg"
    with pytest.raises(Cancelled):
        export_data(demo, "hotspots", "gpkg", out, cancelled=late)
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("demo.sqlite")]


def test_unknown_things_are_refused(demo, tmp_path):
    with pytest.raises(NotFoundError):
        export_plan(demo, "HS-9999", "pdf", tmp_path / "x.pdf")
    with pytest.raises(NotFoundError):
        export_meeting(demo, "JAG-9999", "pdf", "pack", tmp_path / "x.pdf")
    with pytest.raises(UserError):
        export_plan(demo, "HS-0001", "odt", tmp_path / "x.odt")
    with pytest.raises(UserError):
        export_data(demo, "hotspots", "csv", tmp_path / "missing" / "x.csv")
