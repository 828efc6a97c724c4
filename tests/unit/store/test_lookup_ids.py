"""Lookup ids: read once, kept in step with rolled-back and deleted rows; places by point."""

from __future__ import annotations

import numpy as np
from sqlite_utils import Database

from jagdesk.domain.incident_columns import Repeated
from jagdesk.store.lookup_ids import LookupIds, PlaceIds, PointIds


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


def _places_db() -> Database:
    db = Database(memory=True)
    db.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, point_id INTEGER, location TEXT, "
               "ward TEXT)")
    return db


def _place_ids(places: PlaceIds, rows: list[tuple[int | None, str, str]]) -> list[int]:
    points = np.array([-1 if p is None else p for p, _, _ in rows], dtype=np.int64)
    texts = [Repeated.of([row[1] for row in rows]), Repeated.of([row[2] for row in rows])]
    return places.place_ids(points, texts).tolist()


def test_places_are_found_by_point_and_texts_and_new_ones_stored() -> None:
    db = _places_db()
    places = PlaceIds(db, "place", ("point_id", "location", "ward"))
    assert _place_ids(places, [(7, "On or near A", "W1"), (None, "No Location", ""),
                               (8, "On or near B", "W1")]) == [1, 2, 3]
    # the same places again, a point whose texts changed, and a second place at point 8
    assert _place_ids(places, [(8, "On or near B", "W1"), (7, "On or near A", "W2"),
                               (None, "No Location", ""), (8, "On or near C", "W1")]) == [3, 4, 2, 5]
    assert _place_ids(places, [(7, "On or near A", "W1"), (8, "On or near B", "W1"),
                               (7, "On or near A", "W2")]) == [1, 3, 4]
    assert _rows(db, "place") == [(1, 7, "On or near A", "W1"), (2, None, "No Location", ""),
                                  (3, 8, "On or near B", "W1"), (4, 7, "On or near A", "W2"),
                                  (5, 8, "On or near C", "W1")]
    # a new map over the same table reads them all back
    assert _place_ids(PlaceIds(db, "place", ("point_id", "location", "ward")),
                      [(8, "On or near C", "W1"), (7, "On or near A", "W2"),
                       (8, "On or near B", "W1")]) == [5, 4, 3]


def test_a_rolled_back_place_is_stored_again() -> None:
    db = _places_db()
    places = PlaceIds(db, "place", ("point_id", "location", "ward"))
    _place_ids(places, [(7, "On or near A", "W1")])
    db.execute("SAVEPOINT file")
    assert _place_ids(places, [(8, "On or near B", "W1")]) == [2]
    db.execute("ROLLBACK TO file")
    db.execute("RELEASE file")
    assert _place_ids(places, [(8, "On or near B", "W1"), (7, "On or near A", "W1")]) == [2, 1]
    assert _rows(db, "place") == [(1, 7, "On or near A", "W1"), (2, 8, "On or near B", "W1")]


def test_a_deleted_place_is_forgotten_when_told() -> None:
    db = _places_db()
    places = PlaceIds(db, "place", ("point_id", "location", "ward"))
    _place_ids(places, [(7, "On or near A", "W1"), (8, "On or near B", "W1")])
    db.execute("DELETE FROM place WHERE id = 1")
    places.forget()
    assert _place_ids(places, [(7, "On or near A", "W1")]) == [3]


def _point_table() -> Database:
    db = Database(memory=True)
    db.execute("CREATE TABLE point (id INTEGER PRIMARY KEY, lon REAL NOT NULL, lat REAL NOT NULL)")
    return db


def test_new_points_are_numbered_in_coordinate_order_and_found_again() -> None:
    db = _point_table()
    points = PointIds(db, "point")
    indexed: list[tuple[int, int]] = []
    ids = points.point_ids([(-1.13, 52.64), (-1.2, 52.6), (-1.13, 52.63), (-1.2, 52.6)],
                           on_new=lambda first, last: indexed.append((first, last)))
    assert ids.tolist() == [3, 1, 2, 1]
    assert indexed == [(1, 3)]
    assert _rows(db, "point") == [(1, -1.2, 52.6), (2, -1.13, 52.63), (3, -1.13, 52.64)]
    assert points.point_ids([(-1.13, 52.63), (-1.0, 52.0)]).tolist() == [2, 4]
    # a second map over the same table reads what the first stored
    assert PointIds(db, "point").point_ids([(-1.0, 52.0), (-1.2, 52.6)]).tolist() == [4, 1]
    assert points.point_ids([]).tolist() == []


def test_coordinates_are_matched_exactly() -> None:
    db = _point_table()
    points = PointIds(db, "point")
    near = 52.634 + 1e-12
    assert points.point_ids([(-1.131, 52.634), (-1.131, near)]).tolist() == [1, 2]
    assert points.point_ids([(-1.131, near)]).tolist() == [2]


def test_a_rolled_back_point_is_stored_again() -> None:
    db = _point_table()
    points = PointIds(db, "point")
    points.point_ids([(-1.1, 52.6)])
    db.execute("SAVEPOINT file")
    points.point_ids([(-1.2, 52.7)])
    db.execute("ROLLBACK TO file")
    db.execute("RELEASE file")
    assert points.point_ids([(-1.2, 52.7)]).tolist() == [2]
    assert _rows(db, "point") == [(1, -1.1, 52.6), (2, -1.2, 52.7)]


def test_a_point_another_connection_deleted_is_not_reused(tmp_path) -> None:
    path = tmp_path / "shared.sqlite"
    db = Database(path)
    db.execute("CREATE TABLE point (id INTEGER PRIMARY KEY, lon REAL NOT NULL, lat REAL NOT NULL)")
    points = PointIds(db, "point")
    assert points.point_ids([(-1.1, 52.6), (-1.2, 52.7)]).tolist() == [2, 1]
    db.conn.commit()
    other = Database(path)  # another window deletes the first point, not the newest
    other.execute("DELETE FROM point WHERE id = 1")
    other.conn.commit()
    other.close()
    assert points.point_ids([(-1.2, 52.7), (-1.1, 52.6)]).tolist() == [3, 2]


def test_deleted_points_are_forgotten_when_told() -> None:
    db = _point_table()
    points = PointIds(db, "point")
    points.point_ids([(-1.1, 52.6), (-1.2, 52.7), (-1.0, 52.5)])
    db.execute("DELETE FROM point WHERE id = 1")
    points.forget()
    assert points.point_ids([(-1.2, 52.7), (-1.1, 52.6)]).tolist() == [4, 2]
