"""Files JagDesk will not open, each refused untouched with a reason code for the way out."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from jagdesk.domain.records import Hotspot
from jagdesk.errors import StoreUnavailable
from jagdesk.store import Store
from jagdesk.store import db as store_db
from jagdesk.store.db import is_read_only_location, open_database
from jagdesk.store.schema import SCHEMA_VERSION
from tests.sqlite_pages import page_size

POINT = {"type": "Point", "coordinates": [-1.13, 52.63]}


def _refusal(path: Path, *, read_only: bool = False) -> StoreUnavailable:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreUnavailable) as caught:
        open_database(path, read_only=read_only)
    if before is not None:
        assert path.read_bytes() == before
    return caught.value


def _filled(path: Path, rows: int = 300) -> Path:
    with Store(path) as store, store.atomic():
        for n in range(rows):
            store.hotspots.add(Hotspot(name=f"Alley {n}", geometry=POINT, description="x" * 200))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def test_damage_deep_in_the_file_is_found_by_quick_check(tmp_path: Path) -> None:
    path = _filled(tmp_path / "damaged.sqlite")
    data = bytearray(path.read_bytes())
    page = page_size(path)
    last = len(data) // page - 1  # a data page, well after the schema
    for offset in range((last - 3) * page, last * page, 7):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    error = _refusal(path)
    assert error.reason == "damaged"
    assert "open a backup" in str(error)
    assert str(path) in str(error)


def test_damaged_schema_page_is_refused_with_reason(tmp_path: Path) -> None:
    path = _filled(tmp_path / "wrecked.sqlite", rows=1)
    data = bytearray(path.read_bytes())
    page = page_size(path)
    data[100:page] = b"\xff" * (page - 100)
    path.write_bytes(bytes(data))
    assert _refusal(path).reason == "damaged"


def test_sound_file_passes_quick_check(tmp_path: Path) -> None:
    path = _filled(tmp_path / "sound.sqlite", rows=5)
    open_database(path).close()
    open_database(path, read_only=True).close()


def test_a_second_connection_can_skip_reading_every_page(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _filled(tmp_path / "sound.sqlite", rows=5)
    checked: list[Path] = []
    monkeypatch.setattr(store_db, "quick_check", lambda db, where: checked.append(where))
    Store(path).close()
    assert checked == [path]
    Store(path, check_pages=False).close()
    Store(path, read_only=True, check_pages=False).close()
    assert checked == [path]  # only the first open read the pages


def test_foreign_and_newer_files_carry_their_reasons(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("Crime ID,Month\n")
    assert _refusal(text).reason == "foreign"
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    conn.close()
    assert _refusal(other).reason == "foreign"
    assert _refusal(tmp_path).reason == "foreign"  # a folder
    newer = tmp_path / "newer.sqlite"
    open_database(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    assert _refusal(newer).reason == "newer"


def test_missing_file_opened_read_only(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "absent.sqlite", read_only=True).reason == "missing"


def test_read_only_location_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _filled(tmp_path / "shared.sqlite", rows=1)
    assert not is_read_only_location(path)
    assert not is_read_only_location(tmp_path / "new.sqlite")
    assert not is_read_only_location(tmp_path / "no-such-folder" / "x.sqlite")
    real_access = os.access

    def folder_locked(target: os.PathLike[str] | str, mode: int) -> bool:
        if Path(target) == tmp_path and mode == os.W_OK:
            return False
        return real_access(target, mode)

    monkeypatch.setattr(store_db.os, "access", folder_locked)
    assert is_read_only_location(path)  # the file, but not the WAL files beside it
    assert is_read_only_location(tmp_path / "new.sqlite")


def test_read_only_location_is_refused_but_opens_read_only(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = _filled(tmp_path / "shared.sqlite", rows=2)
    monkeypatch.setattr(store_db, "is_read_only_location", lambda p: p == path)
    error = _refusal(path)
    assert error.reason == "read_only"
    assert "read-only" in str(error)
    with Store(path, read_only=True) as store:
        assert store.hotspots.count() == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not stop root")
def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _filled(folder / "shared.sqlite", rows=1)
    folder.chmod(0o555)
    try:
        assert _refusal(path).reason == "read_only"
    finally:
        folder.chmod(0o755)
