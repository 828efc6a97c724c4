"""The store as a whole: bulk writes."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.store import Store
from jagdesk.store.store import BULK_CHECKPOINT_PAGES
from tests.sqlite_pages import grows_past


def _autocheckpoint(store: Store) -> int:
    return int(store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def _add_month(store: Store, month: int) -> None:
    with store.atomic():
        store.incidents.add_many([Incident(
            source=IncidentSource.POLICE_UK, month=f"2021-{month:02d}", category="Drugs",
            source_key=f"{month}-{n}") for n in range(500)])


def _copier_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "jagdesk-checkpoints"]


def test_bulk_writes_copy_each_commit_into_the_database_beside_the_writer(store: Store) -> None:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_before = store.path.stat().st_size
    with store.bulk_writes():
        assert _autocheckpoint(store) == BULK_CHECKPOINT_PAGES  # the writer never copies
        _add_month(store, 1)
        # copied by the other thread while the run goes on
        assert grows_past(store.path, size_before)
        assert len(_copier_threads()) == 1
    assert not _copier_threads()


def test_bulk_writes_leave_every_commit_in_the_database_file(store: Store,
                                                             tmp_path: Path) -> None:
    usual = _autocheckpoint(store)
    with store.bulk_writes():
        for month in range(1, 4):
            _add_month(store, month)
    assert _autocheckpoint(store) == usual
    # The file alone, without its write-ahead log, holds every row.
    shutil.copy(store.path, tmp_path / "alone.sqlite")
    alone = sqlite3.connect(tmp_path / "alone.sqlite")
    assert alone.execute("SELECT COUNT(*) FROM incident_record").fetchone()[0] == 1500
    alone.close()


def test_bulk_writes_inside_bulk_writes_keep_the_outer_copier(store: Store) -> None:
    with store.bulk_writes():
        with store.bulk_writes():
            _add_month(store, 1)
        assert len(_copier_threads()) == 1
        _add_month(store, 2)
    assert not _copier_threads()
    assert store.incidents.count() == 1000


def test_bulk_writes_restore_the_setting_when_an_import_fails(store: Store) -> None:
    usual = _autocheckpoint(store)
    try:
        with store.bulk_writes():
            raise RuntimeError("disk full")
    except RuntimeError:
        pass
    assert _autocheckpoint(store) == usual
    assert not _copier_threads()
