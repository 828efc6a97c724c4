from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from jagdesk.domain.filters import IncidentFilter
from jagdesk.store import Store
from jagdesk.store.backup import BackupPolicy
from jagdesk.store.schema import APPLICATION_ID, migrations

_OLD_COLUMNS = ("id", "source", "source_key", "month", "occurred_at", "category", "lon", "lat",
                "location", "lsoa_code", "lsoa_name", "ward_code", "outcome", "force",
                "reported_by", "context", "notes", "batch_id", "point_id")
# Rows as a database from before migration 0007 holds them: two police.uk rows sharing a point,
# one with no location, and a hand-logged one with notes.
_OLD_ROWS = [
    (1, "police.uk", "abc", "2021-01", None, "Burglary", -1.13, 52.63, "On or near A", "E01", "L 1",
     "E05001", "Under investigation", "Leicestershire Police", "Leicestershire Police", "", "",
     "batch-1", 1),
    (2, "police.uk", "def", "2021-01", None, "Drugs", -1.13, 52.63, "On or near A", "E01", "L 1",
     "E05001", "", "Leicestershire Police", "Leicestershire Police", "", "", "batch-1", 1),
    (3, "police.uk", "ghi", "2021-01", None, "Drugs", None, None, "No Location", "", "", "", "",
     "Leicestershire Police", "Leicestershire Police", "", "", "batch-1", None),
    (4, "manual", "", "2021-02", "2021-02-03T21:00", "Anti-social behaviour", -1.12, 52.64,
     "Clock Tower", "", "", "E05002", "", "", "PCSO 1", "", "Group of youths <b>shouting</b>",
     None, 2),
]


def _database_before_compact_incidents(path: Path) -> None:
    db = Database(path)
    migrations.apply(db, stop_before="0007_compact_incidents")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 6")
    db["import_batch"].insert({  # type: ignore[union-attr]
        "id": "batch-1", "source": "police.uk", "file_name": "2021-01-leicestershire-street.csv",
        "force": "Leicestershire Police", "month": "2021-01", "rows_read": 3, "rows_stored": 3,
        "imported_at": "2021-03-01T10:00:00Z"})
    db.conn.executemany("INSERT INTO incident_point (id, lon, lat, incidents) VALUES (?, ?, ?, ?)",
                        [(1, -1.13, 52.63, 2), (2, -1.12, 52.64, 1)])
    db.conn.executemany("INSERT INTO incident_rtree VALUES (?, ?, ?, ?, ?)",
                        [(1, -1.13, -1.13, 52.63, 52.63), (2, -1.12, -1.12, 52.64, 52.64)])
    db.conn.executemany(f"INSERT INTO incident ({', '.join(_OLD_COLUMNS)}) "
                        f"VALUES ({', '.join('?' for _ in _OLD_COLUMNS)})", _OLD_ROWS)
    db.conn.commit()
    db.close()


def test_compacting_incidents_keeps_every_value(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    _database_before_compact_incidents(path)
    with Store(path, backups=BackupPolicy(enabled=False)) as store:
        rows = store.db.execute(f"SELECT {', '.join(_OLD_COLUMNS)} FROM incident ORDER BY id")
        assert [tuple(row) for row in rows] == _OLD_ROWS
        # labels and places are stored once
        assert store.db.execute("SELECT COUNT(*) FROM incident_place").fetchone()[0] == 3
        assert store.db.execute("SELECT COUNT(*) FROM incident_label WHERE text = 'Drugs'"
                                ).fetchone()[0] == 1
        assert store.incidents.count(IncidentFilter(categories=frozenset({"Drugs"}))) == 2
        # the month totals are counted from the rows (migration 0010)
        assert store.incidents.monthly_counts() == [("2021-01", "Burglary", 1),
                                                    ("2021-01", "Drugs", 2),
                                                    ("2021-02", "Anti-social behaviour", 1)]
        assert store.incidents.count_no_location() == 1
        assert [b.id for b in store.imports.batches()] == ["batch-1"]


def test_the_space_of_the_old_incident_rows_is_given_back(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    _database_before_compact_incidents(path)
    db = Database(path)
    with db.conn:  # a big file's worth of incidents: 3,000 copies of the old rows
        rows = [(n, *row[1:]) for n in range(10, 12_010) for row in _OLD_ROWS[:1]]
        db.conn.executemany(f"INSERT INTO incident ({', '.join(_OLD_COLUMNS)}) "
                            f"VALUES ({', '.join('?' for _ in _OLD_COLUMNS)})", rows)
    db.close()
    with Store(path, backups=BackupPolicy(enabled=False)) as store:
        assert store.incidents.count() == 12_004
        # The old rows took most of the file; what is left free is the dropped batch and month
        # indexes (migrations 0009 and 0010), which the next import fills again.
        free, pages = (store.db.execute(f"PRAGMA {p}").fetchone()[0]
                       for p in ("freelist_count", "page_count"))
        assert free * 3 < pages


def test_replacing_a_migrated_force_month_takes_its_rows_and_their_places(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    _database_before_compact_incidents(path)
    with Store(path, backups=BackupPolicy(enabled=False)) as store:
        replaced = store.imports.replace_force_month("police.uk", "Leicestershire Police",
                                                     "2021-01")
        assert replaced == 3
        assert store.db.execute("SELECT COUNT(*) FROM incident").fetchone()[0] == 1
        # the place of the replaced rows is gone with them; the manual incident's stays
        assert [r[0] for r in store.db.execute("SELECT location FROM incident_place")] == [
            "Clock Tower"]
