"""``jagdesk check``: passes a sound database, fails others with a one-line reason, changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jagdesk.cli import main
from jagdesk.domain.records import Partner
from jagdesk.store import Store


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
    data[5000:9000] = b"\x00\xff" * 2000
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
