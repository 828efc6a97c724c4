"""Backups: consistent verified copies, automatic ones on open and before migrations, restore."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from jagdesk.domain.records import Hotspot
from jagdesk.errors import StoreUnavailable
from jagdesk.paths import user_paths
from jagdesk.store import Store
from jagdesk.store import backup as backups
from jagdesk.store.backup import (
    BackupPolicy,
    backup_file,
    list_backups,
    prune_backups,
    restore_backup,
    take_backup,
    verify_database,
)
from jagdesk.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from tests.sqlite_pages import page_size

POINT = {"type": "Point", "coordinates": [-1.13, 52.63]}


def _hotspot(name: str) -> Hotspot:
    return Hotspot(name=name, geometry=POINT, radius_m=100.0)


def _names(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM hotspot ORDER BY name")]
    conn.close()
    return names


def _database(path: Path, *names: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path, actor="tester") as store:
        for name in names:
            store.hotspots.add(_hotspot(name))
    return path


def test_backup_holds_rows_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite"
    with Store(db, actor="tester") as store:
        store.db.execute("PRAGMA wal_autocheckpoint = 0")  # keep the new rows in the WAL
        for n in range(25):
            store.hotspots.add(_hotspot(f"Park {n:02}"))
        wal = db.with_name(db.name + "-wal")
        assert wal.stat().st_size > 0
        out = backup_file(db, tmp_path / "copy.sqlite")
        assert not out.with_name(out.name + "-wal").exists()
        assert len(_names(out)) == 25
        # a plain copy of the main file alone would have missed them
        plain = tmp_path / "plain.sqlite"
        plain.write_bytes(db.read_bytes())
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            _names(plain)


def test_backup_is_verified_and_refuses_to_overwrite(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite", "Market Square")
    out = backup_file(db, tmp_path / "out.sqlite")
    verify_database(out)
    assert _names(out) == ["Market Square"]
    with pytest.raises(StoreUnavailable, match="already exists"):
        backup_file(db, out)
    with pytest.raises(StoreUnavailable, match="database itself"):
        backup_file(db, db)


def test_backup_of_a_foreign_file_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    conn.close()
    with pytest.raises(StoreUnavailable) as caught:
        backup_file(foreign, tmp_path / "out.sqlite")
    assert caught.value.reason == "foreign"
    assert not (tmp_path / "out.sqlite").exists()


def test_taken_backups_are_listed_newest_first_and_pruned(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite", "One")
    policy = BackupPolicy(folder=tmp_path / "backups", keep=3)
    taken = [take_backup(db, "manual", policy) for _ in range(5)]
    listed = list_backups(db, policy.folder)
    assert [b.path for b in listed] == [b.path for b in reversed(taken[-3:])]
    assert all(b.size > 0 and b.kind == "manual" for b in listed)
    assert listed[0].taken_at >= listed[-1].taken_at
    assert prune_backups(db, 1, policy.folder) == [b.path for b in listed[1:]]


def test_backups_of_other_databases_are_not_mixed_up(tmp_path: Path) -> None:
    first = _database(tmp_path / "one" / "jag.sqlite")
    second = _database(tmp_path / "two" / "jag.sqlite")
    policy = BackupPolicy(folder=tmp_path / "backups", keep=1)
    take_backup(first, "manual", policy)
    take_backup(second, "manual", policy)
    assert len(list_backups(first, policy.folder)) == 1
    assert len(list_backups(second, policy.folder)) == 1


def test_reopening_after_a_day_takes_one_daily_backup(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite", "One")  # a new file has nothing to back up
    assert list_backups(db) == []
    Store(db).close()
    Store(db).close()
    daily = list_backups(db)
    assert [b.kind for b in daily] == ["daily"]
    assert daily[0].path.parent == user_paths().backups
    Store(db, backups=BackupPolicy(every=timedelta(0))).close()
    assert len(list_backups(db)) == 2
    Store(db, backups=BackupPolicy(every=timedelta(0), enabled=False)).close()
    assert len(list_backups(db)) == 2


def test_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "older.sqlite"
    older = Database(db)  # a file written by the JagDesk before the last migration
    migrations.apply(older, stop_before=migrations._migrations[-1].name)
    older.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    older.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    older["meta"].insert({"key": "marker", "value": "before"})  # type: ignore[union-attr]
    older.close()
    policy = BackupPolicy(folder=tmp_path / "backups")
    Store(db, backups=policy).close()
    taken = list_backups(db, policy.folder)
    assert [b.kind for b in taken] == ["pre-migration"]
    with sqlite3.connect(taken[0].path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
        assert conn.execute("SELECT value FROM meta").fetchall() == [("before",)]
    conn.close()


def test_restore_backs_up_the_current_file_first(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite", "Old name")
    policy = BackupPolicy(folder=tmp_path / "backups")
    saved = backup_file(db, tmp_path / "saved.sqlite")
    with Store(db, backups=BackupPolicy(enabled=False)) as store:
        store.hotspots.add(_hotspot("Added later"))
        result = restore_backup(db, saved, policy)
        # the open connection sees the restored contents
        assert [h.name for h in store.hotspots.all()] == ["Old name"]
    assert _names(db) == ["Old name"]
    assert result.previous is not None
    assert _names(result.previous) == ["Added later", "Old name"]
    assert [b.kind for b in list_backups(db, policy.folder)] == ["pre-restore"]
    verify_database(db)


def test_restore_refuses_an_unsound_backup_and_changes_nothing(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite", "Keep me")
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    with pytest.raises(StoreUnavailable):
        restore_backup(db, bad, BackupPolicy(folder=tmp_path / "backups"))
    assert _names(db) == ["Keep me"]
    assert list_backups(db, tmp_path / "backups") == []


def test_restore_over_a_damaged_file_moves_it_aside_unchanged(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite", "Good")
    saved = backup_file(db, tmp_path / "saved.sqlite")
    data = bytearray(db.read_bytes())
    page = page_size(db)
    data[100:page] = b"\xff" * (page - 100)
    db.write_bytes(bytes(data))
    db.with_name(db.name + "-wal").unlink(missing_ok=True)
    result = restore_backup(db, saved, BackupPolicy(folder=tmp_path / "backups"))
    assert result.previous is not None
    assert result.previous.suffix == ".damaged"
    assert result.previous.read_bytes() == bytes(data)
    assert _names(db) == ["Good"]


def test_restore_into_a_missing_file_creates_it(tmp_path: Path) -> None:
    saved = backup_file(_database(tmp_path / "a.sqlite", "Good"), tmp_path / "saved.sqlite")
    target = tmp_path / "new.sqlite"
    result = restore_backup(target, saved, BackupPolicy(folder=tmp_path / "backups"))
    assert result.previous is None
    assert _names(target) == ["Good"]


def test_no_partial_file_is_left_when_the_copy_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _database(tmp_path / "a.sqlite", "One")

    def broken(path: Path) -> None:
        raise StoreUnavailable(f"{path} is damaged: test", reason="damaged")

    monkeypatch.setattr(backups, "verify_database", broken)
    out = tmp_path / "out" / "copy.sqlite"
    with pytest.raises(StoreUnavailable):
        backups.backup_connection(sqlite3.connect(db), out)
    assert list(out.parent.iterdir()) == []
