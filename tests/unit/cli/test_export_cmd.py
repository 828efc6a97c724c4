from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from jagdesk.cli import main


@pytest.fixture(scope="module")
def built(demo_copy) -> Path:
    return demo_copy()


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(built, copy)
    return copy


def test_plan_pdf_without_map(db, tmp_path, capsys):
    out = tmp_path / "plan.pdf"
    status = main(["export", "plan", "--db", str(db), "--hotspot", "HS-0001", "--format", "pdf",
                   "--out", str(out), "--no-map", "--marking", "OFFICIAL", "--author", "pc.jones"])
    assert status == 0
    assert "SHA-256" in capsys.readouterr().out
    pages = PdfReader(io.BytesIO(out.read_bytes())).pages
    first = pages[0].extract_text()
    assert "Clock Tower" in first
    assert "pc.jones" in first
    assert "OFFICIAL-SENSITIVE" not in first
    assert len(pages[0].images) == 0


def test_meeting_minutes_docx(db, tmp_path):
    import docx

    out = tmp_path / "minutes.docx"
    assert main(["export", "meeting", "--db", str(db), "--meeting", "jag-0001", "--format", "docx",
                 "--minutes", "--out", str(out)]) == 0
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name.startswith("Heading")]
    assert "Action log" in headings


def test_data_with_a_period(db, tmp_path):
    import geopandas as gpd

    out = tmp_path / "incidents.geojson"
    assert main(["export", "data", "--db", str(db), "--what", "incidents", "--format", "geojson",
                 "--out", str(out), "--from", "2021-02", "--to", "2021-02"]) == 0
    frame = gpd.read_file(out)
    assert len(frame) > 0
    assert set(frame["month"]) == {"2021-02"}


def test_unknown_hotspot_is_a_one_line_error(db, tmp_path, capsys):
    status = main(["export", "plan", "--db", str(db), "--hotspot", "HS-9999", "--format", "html",
                   "--out", str(tmp_path / "x.html"), "--no-map"])
    assert status == 1
    assert "No hotspot HS-9999" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(("profile", "shown"), [("full", True), ("partner", False)])
def test_plan_profile(db, tmp_path, profile, shown):
    from jagdesk.domain.enums import AuditClass
    from jagdesk.store import Store

    out = tmp_path / "plan.html"
    status = main(["export", "plan", "--db", str(db), "--hotspot", "HS-0001", "--format", "html",
                   "--out", str(out), "--no-map", "--profile", profile])
    assert status == 0
    with Store(db) as store:
        hotspot = store.hotspots.by_ref("HS-0001")
        victim = store.plans.for_hotspot(hotspot.id).victim
        entry = next(e for e in store.audit.entries() if e.audit_class is AuditClass.DISCLOSURE)
    assert victim
    assert (victim in out.read_text(encoding="utf-8")) is shown
    assert entry.after["profile"] == profile


def test_data_partner_profile_drops_the_people_columns(db, tmp_path):
    out = tmp_path / "actions.csv"
    assert main(["export", "data", "--db", str(db), "--what", "actions", "--format", "csv",
                 "--out", str(out), "--profile", "partner"]) == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "owner" not in header
    assert "description" not in header
    assert "partner" in header


@pytest.mark.parametrize(("profile", "shown"), [("full", True), ("partner", False)])
def test_map_profile(db, tmp_path, profile, shown):
    out = tmp_path / "map.html"
    assert main(["export", "map", "--db", str(db), "--out", str(out), "--profile", profile]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Public Spaces Protection Order" in html  # the footprint and its tactic stay
    assert ("requirement to surrender alcohol" in html) is shown
