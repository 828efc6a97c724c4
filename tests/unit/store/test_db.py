"""Opening databases: new files are set up, foreign, damaged and newer files are refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from jagdesk.errors import StoreUnavailable
from jagdesk.store import Store
from jagdesk.store.db import PAGE_SIZE, open_database
from jagdesk.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations


def test_new_file_is_migrated_from_empty(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite")
    try:
        assert migrations.pending(db) == []
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        expected = {"area", "hotspot", "incident_record", "incident_label", "incident_place",
                    "incident_point", "incident_rtree", "plan", "framework", "framework_item",
                    "plan_framework_item", "tactic", "response", "partner", "contact", "action",
                    "action_update", "meeting", "meeting_attendee", "agenda_item", "audit_log"}
        assert expected <= set(db.table_names())
        assert "incident" in db.view_names()
    finally:
        db.close()


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "again.sqlite"
    open_database(path).close()
    db = open_database(path)
    try:
        assert migrations.pending(db) == []
    finally:
        db.close()


def test_an_existing_database_keeps_its_page_size(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    conn = sqlite3.connect(path)  # a JagDesk file written with SQLite's default 4 KB pages
    conn.execute("PRAGMA page_size = 4096")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()
    open_database(path).close()
    db = open_database(path)
    try:
        assert migrations.pending(db) == []
        assert db.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def _unchanged_after_refusal(path: Path, match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreUnavailable, match=match):
        open_database(path)
    assert path.read_bytes() == before


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Crime ID,Month\n")
    _unchanged_after_refusal(path, "not an SQLite file")


def test_other_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    _unchanged_after_refusal(path, "another program")


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    _unchanged_after_refusal(path, "newer JagDesk")


def test_damaged_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    with Store(path) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the valid header
    path.write_bytes(bytes(data))
    _unchanged_after_refusal(path, "damaged|cannot")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="folder"):
        open_database(tmp_path)


def test_read_only_open_of_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    with pytest.raises(StoreUnavailable):
        open_database(path, read_only=True)
    assert not path.exists()
