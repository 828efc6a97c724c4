"""``jagdesk backup`` and ``jagdesk restore`` from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jagdesk.cli import main
from jagdesk.domain.records import Hotspot
from jagdesk.paths import user_paths
from jagdesk.store import Store
from jagdesk.store.backup import BackupPolicy

POINT = {"type": "Point", "coordinates": [-1.13, 52.63]}


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM hotspot ORDER BY name")]
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "jag.sqlite"
    with Store(path, backups=BackupPolicy(enabled=False)) as store:
        store.hotspots.add(Hotspot(name="Clock Tower", geometry=POINT))
    return path


def test_backup_writes_a_checked_copy(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "copy.sqlite"
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 0
    assert "checked" in capsys.readouterr().out
    assert _names(out) == ["Clock Tower"]
    assert main(["check", "--db", str(out)]) == 0


def test_backup_refuses_an_existing_target_and_a_missing_database(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "copy.sqlite"
    out.write_text("keep me")
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main(["backup", "--db", str(tmp_path / "absent.sqlite"), "--out", str(tmp_path / "x")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_backup_into_the_folder_then_list(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--db", str(db), "--list"]) == 0
    assert "no backups yet" in capsys.readouterr().out
    assert main(["backup", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["backup", "--db", str(db), "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["kind"] for b in listed] == ["manual"]
    assert Path(listed[0]["file"]).parent == user_paths().backups
    assert listed[0]["size"] > 0


def test_restore_backs_up_first_then_restores(db: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "saved.sqlite"
    assert main(["backup", "--db", str(db), "--out", str(saved)]) == 0
    with Store(db, backups=BackupPolicy(enabled=False)) as store:
        store.hotspots.add(Hotspot(name="Later", geometry=POINT))
    capsys.readouterr()
    assert main(["restore", "--db", str(db), "--from", str(saved), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert _names(db) == ["Clock Tower"]
    assert _names(Path(result["previous"])) == ["Clock Tower", "Later"]
    assert main(["check", "--db", str(db)]) == 0


def test_restore_from_a_bad_file_changes_nothing(db: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("Crime ID,Month\n")
    before = db.read_bytes()
    assert main(["restore", "--db", str(db), "--from", str(bad)]) == 1
    assert "not an SQLite file" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_backup_keeps_as_many_as_the_database_asks(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    from jagdesk.services.preferences import load_settings, save_settings

    with Store(db, backups=BackupPolicy(enabled=False)) as store:
        save_settings(store, replace(load_settings(store), keep_backups=2))
    for _ in range(3):
        assert main(["backup", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["backup", "--db", str(db), "--list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
