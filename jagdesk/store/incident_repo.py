"""Incidents: bulk inserts kept in step with the R*Tree, and spatial and period queries."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.geometry import BBox
from jagdesk.domain.records import Incident
from jagdesk.store.repo import from_row

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMNS = ("source", "source_key", "month", "occurred_at", "category", "lon", "lat", "location",
           "lsoa_code", "lsoa_name", "ward_code", "outcome", "force", "reported_by", "context",
           "notes", "batch_id")

_INSERT = (f"INSERT INTO incident ({', '.join(COLUMNS)}, point_id) "
           f"VALUES ({', '.join('?' for _ in COLUMNS)}, ?)")
_LON, _LAT = COLUMNS.index("lon"), COLUMNS.index("lat")
Coordinate = tuple[float, float]
_CHUNK = 500  # ids per query, well under SQLite's limit on parameters


# A bounding-box test on the R*Tree; parameters in ``_box_params`` order.
_BOX = "r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?"


def _box_params(box: BBox) -> list[float]:
    min_lon, min_lat, max_lon, max_lat = box
    return [min_lon, max_lon, min_lat, max_lat]


def filter_sql(flt: IncidentFilter | None, alias: str = "incident") -> tuple[str, list[str]]:
    """An SQL condition for a filter (``1`` when nothing is filtered) and its parameters."""
    flt = flt or IncidentFilter()
    clauses, params = [], []
    if flt.month_from:
        clauses.append(f"{alias}.month >= ?")
        params.append(flt.month_from)
    if flt.month_to:
        clauses.append(f"{alias}.month <= ?")
        params.append(flt.month_to)
    if flt.categories:
        clauses.append(f"{alias}.category IN ({','.join('?' for _ in flt.categories)})")
        params.extend(sorted(flt.categories))
    return (" AND ".join(clauses) or "1"), params


def incident_values(incident: Incident) -> tuple[Any, ...]:
    """The column values of an incident in ``COLUMNS`` order."""
    return tuple(getattr(incident, c).value if c == "source" else getattr(incident, c)
                 for c in COLUMNS)


class IncidentRepo:
    """Incidents. Writes here are bulk operations; the caller owns the transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Every indexed point by its coordinates, and the newest point this map agrees with.
        # An import run reuses it file after file; anything that changed the points meanwhile
        # (a rolled-back file, another window) shows as a different newest point and the map is
        # read again.
        self._points: dict[Coordinate, int] = {}
        self._newest_point: tuple[int, float, float] | None = None

    def _max_id(self) -> int:
        return int(self._db.execute("SELECT COALESCE(MAX(id), 0) FROM incident").fetchone()[0])

    def insert_rows(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows of ``COLUMNS`` values and index their points; return how many.

        Call inside ``store.atomic()`` so the rows and their index land together.
        """
        rows = list(rows)
        point_ids = self._point_ids({(r[_LON], r[_LAT]) for r in rows
                                     if r[_LON] is not None and r[_LAT] is not None})
        located = [(*r, point_ids.get((r[_LON], r[_LAT]))) for r in rows]
        cursor = self._db.conn.executemany(_INSERT, located)
        self._add_to_point_totals(Counter(r[-1] for r in located if r[-1] is not None).items())
        return cursor.rowcount

    def _add_to_point_totals(self, changes: Iterable[tuple[int, int]]) -> None:
        """Keep each point's incident total in step (point id, change), for the map's counts."""
        self._db.conn.executemany("UPDATE incident_point SET incidents = incidents + ? WHERE id = ?",
                                  [(change, point_id) for point_id, change in changes])

    def _point_ids(self, coordinates: set[Coordinate]) -> dict[Coordinate, int]:
        """The point ids of these coordinates, indexing the ones not seen before."""
        if not coordinates:
            return {}
        known = self._known_points()
        first = (self._newest_point[0] if self._newest_point else 0) + 1
        new = [(n, lon, lat) for n, (lon, lat) in enumerate(sorted(coordinates - known.keys()), first)]
        if new:
            self._db.conn.executemany("INSERT INTO incident_point (id, lon, lat) VALUES (?, ?, ?)", new)
            # Points are stored in the R*Tree as zero-size boxes.
            self._db.conn.executemany("INSERT INTO incident_rtree VALUES (?, ?, ?, ?, ?)",
                                      [(n, lon, lon, lat, lat) for n, lon, lat in new])
            known.update(((lon, lat), n) for n, lon, lat in new)
            self._newest_point = new[-1]
        return known

    def _known_points(self) -> dict[Coordinate, int]:
        row = self._db.execute(
            "SELECT id, lon, lat FROM incident_point ORDER BY id DESC LIMIT 1").fetchone()
        newest = (int(row[0]), row[1], row[2]) if row else None
        if newest != self._newest_point:
            self._points = {(lon, lat): point_id for point_id, lon, lat
                            in self._db.execute("SELECT id, lon, lat FROM incident_point")}
            self._newest_point = newest
        return self._points

    def add_many(self, incidents: Iterable[Incident]) -> int:
        """Insert incident records; return how many."""
        return self.insert_rows(incident_values(i) for i in incidents)

    def delete_where(self, where: str, params: Sequence[Any]) -> int:
        """Delete incidents matching a condition; return how many.

        Their points stay indexed: other incidents may share them, and a point with no incident
        adds nothing to any answer.
        """
        removed = self._db.execute(
            f"SELECT point_id, -COUNT(*) FROM incident WHERE ({where}) AND point_id IS NOT NULL "
            "GROUP BY point_id", list(params)).fetchall()
        self._add_to_point_totals(removed)
        return self._db.execute(f"DELETE FROM incident WHERE {where}", list(params)).rowcount

    def add_one(self, incident: Incident) -> Incident:
        """Insert one incident (a manual entry) with its point indexed; return it with its id."""
        with self._db.atomic():
            self.insert_rows([incident_values(incident)])
            new_id = int(self._db.execute("SELECT MAX(id) FROM incident").fetchone()[0])
        return dataclasses.replace(incident, id=new_id)

    def replace_one(self, incident: Incident) -> None:
        """Save an edited incident, pointing it at its (maybe new) point."""
        assignments = ", ".join(f"{c} = ?" for c in COLUMNS)
        with self._db.atomic():
            point = (incident.lon, incident.lat)
            point_id = (self._point_ids({point}).get(point)  # type: ignore[arg-type]
                        if incident.lon is not None and incident.lat is not None else None)
            before = self._db.execute("SELECT point_id FROM incident WHERE id = ?",
                                      [incident.id]).fetchone()
            self._db.execute(f"UPDATE incident SET {assignments}, point_id = ? WHERE id = ?",
                             [*incident_values(incident), point_id, incident.id])
            moves = [(p, change) for p, change in ((before[0] if before else None, -1), (point_id, 1))
                     if p is not None]
            self._add_to_point_totals(moves)

    def delete_one(self, incident_id: int) -> None:
        """Delete one incident."""
        with self._db.atomic():
            self.delete_where("id = ?", [incident_id])

    def get(self, incident_id: int) -> Incident | None:
        """Return one incident, if it exists."""
        rows = list(self._db.query("SELECT * FROM incident WHERE id = ?", [incident_id]))
        return _incident(rows[0]) if rows else None

    def get_many(self, incident_ids: Sequence[int]) -> list[Incident]:
        """Return these incidents, in the order of ``incident_ids`` (missing ones left out)."""
        found: dict[int, Incident] = {}
        ids = list(incident_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = self._db.query(
                f"SELECT * FROM incident WHERE id IN ({','.join('?' for _ in chunk)})", chunk)
            found.update((row["id"], _incident(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def matching(self, flt: IncidentFilter | None = None) -> Iterator[Incident]:
        """Yield every incident matching a filter (located or not), oldest month first."""
        where, params = filter_sql(flt)
        for row in self._db.query(f"SELECT * FROM incident WHERE {where} ORDER BY month, id",
                                  params):
            yield _incident(row)

    def count(self, flt: IncidentFilter | None = None) -> int:
        """Count incidents matching a filter."""
        where, params = filter_sql(flt)
        return int(self._db.execute(f"SELECT COUNT(*) FROM incident WHERE {where}", params)
                   .fetchone()[0])

    def count_no_location(self) -> int:
        """Count incidents with no coordinates (police.uk's "No location" rows)."""
        return int(self._db.execute("SELECT COUNT(*) FROM incident WHERE lon IS NULL").fetchone()[0])

    def _in_bbox_sql(self, columns: str, flt: IncidentFilter | None) -> tuple[str, list[Any]]:
        where, params = filter_sql(flt, "i")
        # CROSS JOIN keeps SQLite from starting at the month or category index and scanning
        # a whole period of incidents: the R*Tree must lead.
        sql = (f"SELECT {columns} FROM incident_rtree r CROSS JOIN incident i ON i.point_id = r.id "
               f"WHERE {_BOX} AND {where}")
        return sql, params

    def points_in_bbox(self, box: BBox, flt: IncidentFilter | None = None
                       ) -> list[tuple[int, float, float, str, str]]:
        """Return (id, lon, lat, month, category) of incidents inside a box, through the R*Tree."""
        sql, params = self._in_bbox_sql("i.id, i.lon, i.lat, i.month, i.category", flt)
        min_lon, min_lat, max_lon, max_lat = box
        return [tuple(row) for row in
                self._db.execute(sql, [min_lon, max_lon, min_lat, max_lat, *params])]

    def point_counts_in_bbox(self, box: BBox, flt: IncidentFilter | None = None
                             ) -> list[tuple[int, float, float, int]]:
        """Return (point id, lon, lat, incidents) for every incident point inside a box.

        police.uk puts many incidents on one anonymised point, so counting by point answers
        "how many here" from a few thousand rows where listing incidents would return hundreds
        of thousands.
        """
        if flt is None or flt == IncidentFilter():
            # Nothing filtered: the totals kept on each point answer without touching incidents.
            return [(int(row[0]), row[1], row[2], int(row[3])) for row in self._db.execute(
                "SELECT p.id, p.lon, p.lat, p.incidents FROM incident_rtree r "
                f"CROSS JOIN incident_point p ON p.id = r.id WHERE {_BOX} AND p.incidents > 0",
                _box_params(box))]
        where, params = filter_sql(flt, "i")
        sql = ("SELECT p.id, p.lon, p.lat, COUNT(*) FROM incident_rtree r "
               "CROSS JOIN incident_point p ON p.id = r.id "
               "CROSS JOIN incident i ON i.point_id = r.id "
               f"WHERE {_BOX} AND {where} GROUP BY p.id")
        return [(int(row[0]), row[1], row[2], int(row[3]))
                for row in self._db.execute(sql, [*_box_params(box), *params])]

    def count_in_bbox(self, box: BBox, flt: IncidentFilter | None = None) -> int:
        """Count incidents inside a box, through the R*Tree."""
        sql, params = self._in_bbox_sql("COUNT(*)", flt)
        min_lon, min_lat, max_lon, max_lat = box
        return int(self._db.execute(sql, [min_lon, max_lon, min_lat, max_lat, *params])
                   .fetchone()[0])

    def all_points(self, flt: IncidentFilter | None = None
                   ) -> Iterator[tuple[int, float, float, str, str]]:
        """Yield (id, lon, lat, month, category) of every located incident matching a filter."""
        where, params = filter_sql(flt)
        yield from self._db.execute(
            f"SELECT id, lon, lat, month, category FROM incident "
            f"WHERE lon IS NOT NULL AND {where}", params)

    def located_coordinates(self, flt: IncidentFilter | None = None,
                            box: BBox | None = None) -> list[tuple[float, float]]:
        """Return (lon, lat) of every located incident matching a filter, inside a box if given."""
        if box is None:
            where, params = filter_sql(flt)
            return self._db.execute(
                f"SELECT lon, lat FROM incident WHERE lon IS NOT NULL AND {where}",
                params).fetchall()
        sql, params = self._in_bbox_sql("i.lon, i.lat", flt)
        min_lon, min_lat, max_lon, max_lat = box
        return self._db.execute(sql, [min_lon, max_lon, min_lat, max_lat, *params]).fetchall()

    def monthly_counts(self, flt: IncidentFilter | None = None) -> list[tuple[str, str, int]]:
        """Return (month, category, count) for every month and category, located or not."""
        where, params = filter_sql(flt)
        return [(row[0], row[1], int(row[2])) for row in self._db.execute(
            f"SELECT month, category, COUNT(*) FROM incident WHERE {where} "
            "GROUP BY month, category ORDER BY month, category", params)]

    def occurred_times(self, flt: IncidentFilter | None = None,
                       box: BBox | None = None) -> list[tuple[int, str]]:
        """Return (id, occurred_at) of incidents that carry a time, inside a box if given."""
        if box is None:
            where, params = filter_sql(flt)
            return self._db.execute(
                f"SELECT id, occurred_at FROM incident WHERE occurred_at IS NOT NULL "
                f"AND occurred_at != '' AND {where}", params).fetchall()
        sql, params = self._in_bbox_sql("i.id, i.occurred_at", flt)
        min_lon, min_lat, max_lon, max_lat = box
        return self._db.execute(
            sql + " AND i.occurred_at IS NOT NULL AND i.occurred_at != ''",
            [min_lon, max_lon, min_lat, max_lat, *params]).fetchall()

    def categories(self) -> list[str]:
        """Return the categories present, alphabetically."""
        rows = self._db.execute("SELECT DISTINCT category FROM incident ORDER BY category")
        return [row[0] for row in rows]

    def indexed_points(self) -> list[tuple[int, float, float]]:
        """Return (point id, lon, lat) of every distinct incident location."""
        return [(int(r[0]), r[1], r[2]) for r in
                self._db.execute("SELECT id, lon, lat FROM incident_point ORDER BY id")]

    def set_ward_codes(self, codes_by_point: dict[int, str]) -> int:
        """Set every located incident's ward code from its point's code, in one transaction.

        Incidents at points missing from ``codes_by_point`` get no ward. Returns how many
        incidents were given a ward.
        """
        with self._db.atomic():
            self._db.execute("UPDATE incident SET ward_code = '' WHERE point_id IS NOT NULL")
            cursor = self._db.conn.executemany(
                "UPDATE incident SET ward_code = ? WHERE point_id = ?",
                [(code, point_id) for point_id, code in codes_by_point.items() if code])
        return max(cursor.rowcount, 0)

    def month_range(self) -> tuple[str, str] | None:
        """Return the first and last month with incidents, or None when there are none."""
        row = self._db.execute("SELECT MIN(month), MAX(month) FROM incident").fetchone()
        return (row[0], row[1]) if row[0] else None


def _incident(row: dict[str, Any]) -> Incident:
    incident: Incident = from_row(Incident, row)
    return incident
