"""Lookup ids: read once, kept in step with rolled-back and deleted rows."""

from __future__ import annotations

from sqlite_utils import Database

from jagdesk.store.lookup_ids import LookupIds


def _database() -> Database:
    db = Database(memory=True)
    db.execute("CREATE TABLE label (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")
    db.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, point_id INTEGER, location TEXT)")
    return db


def _rows(db: Database, table: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY id")]


def test_new_keys_are_stored_once_in_the_order_given() -> None:
    db = _database()
    labels = LookupIds(db, "label", ("text",))
    ids = labels.ids(["Drugs", "Burglary", "Drugs"])
    assert (ids["Drugs"], ids["Burglary"]) == (1, 2)
    assert labels.ids(["Burglary", "Arson"])["Arson"] == 3
    assert _rows(db, "label") == [(1, "Drugs"), (2, "Burglary"), (3, "Arson")]


def test_keys_of_several_columns_may_hold_none() -> None:
    db = _database()
    places = LookupIds(db, "place", ("point_id", "location"))
    added: list[object] = []
    ids = places.ids([(None, "No Location"), (7, "On or near A"), (None, "No Location")],
                     on_new=added.extend)
    assert ids[None, "No Location"] == 1
    assert added == [(1, (None, "No Location")), (2, (7, "On or near A"))]
    # a second map over the same table reads what the first stored
    assert LookupIds(db, "place", ("point_id", "location")).ids([(7, "On or near A")]) == {
        (None, "No Location"): 1, (7, "On or near A"): 2}


def test_a_rolled_back_key_is_stored_again() -> None:
    db = _database()
    labels = LookupIds(db, "label", ("text",))
    labels.ids(["Drugs"])
    db.execute("SAVEPOINT file")
    labels.ids(["Arson"])
    db.execute("ROLLBACK TO file")
    db.execute("RELEASE file")
    assert labels.ids(["Arson"])["Arson"] == 2
    assert _rows(db, "label") == [(1, "Drugs"), (2, "Arson")]


def test_rows_deleted_elsewhere_are_forgotten_when_told() -> None:
    db = _database()
    labels = LookupIds(db, "label", ("text",))
    labels.ids(["Drugs", "Arson"])
    db.execute("DELETE FROM label WHERE text = 'Drugs'")
    labels.forget()
    assert labels.ids(["Drugs"])["Drugs"] == 3
    assert _rows(db, "label") == [(2, "Arson"), (3, "Drugs")]


def test_a_row_another_connection_deleted_is_not_reused(tmp_path) -> None:
    path = tmp_path / "shared.sqlite"
    db = Database(path)
    db.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, point_id INTEGER, location TEXT)")
    places = LookupIds(db, "place", ("point_id", "location"))
    places.ids([(1, "Outside 12 Acacia Avenue"), (2, "Clock Tower")])
    db.conn.commit()
    other = Database(path)  # another window deletes the first place, not the newest
    other.execute("DELETE FROM place WHERE location = 'Outside 12 Acacia Avenue'")
    other.conn.commit()
    other.close()
    ids = places.ids([(1, "Outside 12 Acacia Avenue")])
    assert ids[1, "Outside 12 Acacia Avenue"] == 3
    assert _rows(db, "place") == [(2, 2, "Clock Tower"), (3, 1, "Outside 12 Acacia Avenue")]
