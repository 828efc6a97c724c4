"""The store as a whole: bulk writes."""

from __future__ import annotations

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.store import Store
from jagdesk.store.store import BULK_CHECKPOINT_PAGES


def _autocheckpoint(store: Store) -> int:
    return int(store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def test_bulk_writes_copy_the_log_into_the_database_once_at_the_end(store: Store) -> None:
    usual = _autocheckpoint(store)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_before = store.path.stat().st_size
    with store.bulk_writes():
        assert _autocheckpoint(store) == BULK_CHECKPOINT_PAGES
        for month in range(1, 4):
            with store.atomic():
                store.incidents.add_many([Incident(
                    source=IncidentSource.POLICE_UK, month=f"2021-{month:02d}", category="Drugs",
                    source_key=f"{month}-{n}") for n in range(500)])
        # committed, but still only in the write-ahead log
        assert store.path.stat().st_size == size_before
    assert _autocheckpoint(store) == usual
    assert store.path.stat().st_size > size_before
    assert store.incidents.count() == 1500


def test_bulk_writes_restore_the_setting_when_an_import_fails(store: Store) -> None:
    usual = _autocheckpoint(store)
    try:
        with store.bulk_writes():
            raise RuntimeError("disk full")
    except RuntimeError:
        pass
    assert _autocheckpoint(store) == usual
