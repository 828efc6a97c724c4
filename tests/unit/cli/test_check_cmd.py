"""``jagdesk check``: passes a sound database, fails others with a one-line reason, changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jagdesk.cli import main
from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident, Partner
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store
from tests.sqlite_pages import page_size

POLICEUK_JANUARY = (Path(__file__).resolve().parents[2] / "data" / "policeuk" / "good"
                    / "2021-01-leicestershire-street.csv")


@pytest.fixture
def sound_db(tmp_path: Path) -> Path:
    path = tmp_path / "jag.sqlite"
    with Store(path, actor="tester") as store:
        store.partners.add(Partner(name="Leicester City Council", partner_type="council"))
    return path


def test_a_sound_database_passes(sound_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(sound_db)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out
    assert "1 partner" in out


def _fails_with(path: Path, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = path.read_bytes()
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(path) in err[0]
    assert reason in err[0]
    assert path.read_bytes() == before


def test_a_text_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "agenda.sqlite"
    path.write_text("Agenda\n1. Apologies\n")
    _fails_with(path, "not an SQLite file", capsys)


def test_another_programs_database_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (amount REAL)")
    _fails_with(path, "another program", capsys)


def test_a_damaged_database_fails(sound_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(sound_db.read_bytes())
    page = page_size(sound_db)
    for start in range(page, len(data), page):  # every page's header, after the schema's
        data[start:start + 100] = b"\x00\xff" * 50
    sound_db.write_bytes(bytes(data))
    _fails_with(sound_db, "damaged", capsys)


def test_an_edited_audit_log_fails_naming_the_entry(sound_db: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(sound_db) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
    _fails_with(sound_db, "audit log entry 1", capsys)


def test_json_report(sound_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(sound_db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["counts"]["partner"] == 1


def test_an_incident_whose_place_is_gone_fails(sound_db: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with Store(sound_db, actor="tester") as store, store.atomic():
        store.incidents.add_many([Incident(source=IncidentSource.POLICE_UK, month="2021-01",
                                           category="Drugs", location="On or near A")])
    with sqlite3.connect(sound_db) as conn:
        conn.execute("DELETE FROM incident_place")
    _fails_with(sound_db, "1 incident(s) refer to a missing label, place or point", capsys)


def test_an_incident_whose_category_is_gone_fails(sound_db: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with Store(sound_db, actor="tester") as store, store.atomic():
        store.incidents.add_many([Incident(source=IncidentSource.POLICE_UK, month="2021-01",
                                           category="Drugs")])
    with sqlite3.connect(sound_db) as conn:
        conn.execute("DELETE FROM incident_label WHERE text = 'Drugs'")
    _fails_with(sound_db, "refer to a missing label", capsys)


def test_an_incident_outside_its_batch_range_fails(sound_db: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with Store(sound_db, actor="tester") as store:
        import_policeuk(store, [POLICEUK_JANUARY])
    with sqlite3.connect(sound_db) as conn:
        conn.execute("UPDATE import_batch SET last_incident = last_incident - 1")
    _fails_with(sound_db, "1 incident(s) lie outside the id range of their import batch", capsys)


def test_a_month_total_that_drifted_fails(sound_db: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with Store(sound_db, actor="tester") as store:
        import_policeuk(store, [POLICEUK_JANUARY])
    assert main(["check", "--db", str(sound_db)]) == 0
    capsys.readouterr()
    with sqlite3.connect(sound_db) as conn:  # a total changed behind the app's back
        conn.execute("UPDATE incident_month SET incidents = incidents + 1 "
                     "WHERE category = (SELECT MIN(category) FROM incident_month)")
    _fails_with(sound_db, "1 month total(s) by category do not match their incidents", capsys)
