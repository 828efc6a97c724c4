"""Incidents: compact bulk inserts kept in step with the R*Tree, and spatial and period queries.

Rows live in ``incident_record`` as small numbers: the labels they share (source, category,
outcome, force, reporter) in ``incident_label``, coordinates in ``incident_point`` (the R*Tree
indexes points) and location, LSOA and ward in ``incident_place``. The ``incident`` view puts
them back together for reading (see migration 0007); every write goes through this module.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.geometry import BBox
from jagdesk.domain.incident_columns import ROW_FIELDS, IncidentColumns, Repeated
from jagdesk.domain.records import Incident, KnownPlace
from jagdesk.store.lookup_ids import LookupIds, PlaceIds, PointIds
from jagdesk.store.packed_rows import (
    IntegerColumn,
    TextColumn,
    add_to_column,
    insert_packed,
    insert_values,
    take_rows,
)
from jagdesk.store.replacement import Replacement, net_changes
from jagdesk.store.repo import from_row

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMNS = ROW_FIELDS

_RECORD_COLUMNS = ("batch_no", "source", "source_key", "month", "occurred_at", "category",
                   "point_id", "place_id", "outcome", "force", "reported_by", "context", "notes")
# Fields whose texts are stored once in ``incident_label`` and named by id in the rows.
_LABELLED = ("source", "category", "outcome", "force", "reported_by")
_TEXTS = ("source_key", "month", "occurred_at", "context", "notes")
_UPDATE = (f"UPDATE incident_record SET {', '.join(f'{c} = ?' for c in _RECORD_COLUMNS)} "
           "WHERE id = ?")
_CHUNK = 500  # ids per query, well under SQLite's limit on parameters
# Adds to a month's total for a category (see migration 0010), making it if it is new.
_ADD_TO_MONTH = "INSERT INTO incident_month (month, category, incidents)"
_ADDED_TO_MONTH = ("ON CONFLICT (month, category) DO UPDATE "
                   "SET incidents = incidents + excluded.incidents")
# Characters LIKE treats as wildcards, and its escape: typed text matches only itself.
_LIKE_SPECIAL = re.compile(r"[\\%_]")


# A bounding-box test on the R*Tree (alias ``t``); parameters in ``_box_params`` order.
_BOX = "t.max_lon >= ? AND t.min_lon <= ? AND t.max_lat >= ? AND t.min_lat <= ?"
# Incidents (alias ``r``) on the points the R*Tree finds. CROSS JOIN keeps SQLite from starting
# at an incident index and scanning a whole period of incidents: the R*Tree must lead.
_ON_POINTS_IN_BOX = "incident_rtree t CROSS JOIN incident_record r ON r.point_id = t.id"


def _box_params(box: BBox) -> list[float]:
    min_lon, min_lat, max_lon, max_lat = box
    return [min_lon, max_lon, min_lat, max_lat]


def filter_sql(flt: IncidentFilter | None, alias: str = "r") -> tuple[str, list[str]]:
    """An SQL condition on ``incident_record`` for a filter (``1`` when nothing is filtered)."""
    flt = flt or IncidentFilter()
    clauses, params = [], []
    if flt.month_from:
        clauses.append(f"{alias}.month >= ?")
        params.append(flt.month_from)
    if flt.month_to:
        clauses.append(f"{alias}.month <= ?")
        params.append(flt.month_to)
    if flt.categories:
        names = ",".join("?" for _ in flt.categories)
        clauses.append(f"{alias}.category IN (SELECT id FROM incident_label WHERE text IN ({names}))")
        params.extend(sorted(flt.categories))
    return (" AND ".join(clauses) or "1"), params


def incident_values(incident: Incident) -> tuple[Any, ...]:
    """The values of an incident in ``ROW_FIELDS`` order."""
    return tuple(getattr(incident, c).value if c == "source" else getattr(incident, c)
                 for c in ROW_FIELDS)


class IncidentRepo:
    """Incidents. Writes here are bulk operations; the caller owns the transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._labels = LookupIds(db, "incident_label", ("text",))
        self._points = PointIds(db, "incident_point")
        self._places = PlaceIds(db, "incident_place",
                                ("point_id", "location", "lsoa_code", "lsoa_name", "ward_code"))
        self._replacement: Replacement | None = None

    @contextlib.contextmanager
    def replacing(self) -> Iterator[None]:
        """Delete incidents and store the ones replacing them as one change (see ``Replacement``).

        Use inside the transaction that holds both. Point totals and places are settled when
        the block ends; an error inside leaves nothing to settle (the transaction rolls back).
        """
        if self._replacement is not None:
            yield  # inside another replacement, which settles it all
            return
        replacement = self._replacement = Replacement()
        try:
            yield
        finally:
            self._replacement = None
        self._add_point_counts(*replacement.net_point_changes())
        self._drop_unused_places(replacement.places_to_check())

    def insert_columns(self, columns: IncidentColumns, batch_no: int | None = None,
                       before_writing: Callable[[], None] | None = None, *,
                       by_point: bool = False) -> int:
        """Insert incidents given a field at a time and index their points; return how many.

        Call inside ``store.atomic()`` so the rows and their index land together.
        ``before_writing`` is called when their ids are found, just before the rows are
        written: SQLite's own work, which leaves the GIL to other threads. ``by_point``
        stores the rows a point at a time (their ids follow their points, not the order
        given): the point index then takes its entries in order rather than all over it,
        which makes a file's rows a tenth quicker to store into a force-year of incidents
        and a quarter quicker into a million.
        """
        if not len(columns):
            return 0
        integers, texts, point_ids = self._record_columns(columns, batch_no)
        rows = _by_point(integers, texts) if by_point else (integers, texts)
        if before_writing is not None:
            before_writing()
        stored = insert_packed(self._db.conn, "incident_record", *rows)
        totals = np.bincount(columns.point.codes, minlength=len(point_ids))
        used = (point_ids >= 0) & (totals > 0)
        self._add_point_counts(point_ids[used], totals[used])
        self._add_month_counts(_month_counts(columns.month, np.asarray(integers["category"])))
        return stored

    def _record_columns(self, columns: IncidentColumns, batch_no: int | None
                        ) -> tuple[dict[str, IntegerColumn], dict[str, TextColumn],
                                   npt.NDArray[np.int64]]:
        """The ``incident_record`` columns of incidents (numbers, texts), and each point's id.

        Labels, points and places the incidents are the first to use are stored on the way.
        """
        point_ids = self._point_ids(columns)
        batch: IntegerColumn = [batch_no] * len(columns) if batch_no is None \
            else np.full(len(columns), batch_no, dtype=np.int64)
        integers: dict[str, IntegerColumn] = {
            "batch_no": batch,
            "point_id": np.ma.masked_less(point_ids[columns.point.codes], 0),
            "place_id": self._place_ids(columns, point_ids),
            **self._label_ids(columns)}
        texts: dict[str, TextColumn] = {name: getattr(columns, name) for name in _TEXTS}
        texts["source_key"] = columns.fixed_width_keys()  # maybe made by a reader thread
        return integers, texts, point_ids

    def insert_rows(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows of ``ROW_FIELDS`` values and index their points; return how many."""
        return self.insert_columns(IncidentColumns.from_rows(rows))

    def _label_ids(self, columns: IncidentColumns) -> dict[str, npt.NDArray[np.int64]]:
        """Each row's label id for every labelled field; labels first used are stored."""
        labelled: dict[str, Repeated[str]] = {name: getattr(columns, name) for name in _LABELLED}
        label_id = self._labels.ids(sorted(set().union(*(r.values for r in labelled.values()))))
        return {name: np.array([label_id[v] for v in r.values], dtype=np.int64)[r.codes]
                for name, r in labelled.items()}

    def _point_ids(self, columns: IncidentColumns) -> npt.NDArray[np.int64]:
        """The id of each distinct point (-1 for no location); points first used are indexed."""
        located, coordinates = columns.located_points()
        ids = np.full(len(located), -1, dtype=np.int64)
        ids[located] = self._points.point_ids(coordinates, on_new=self._index_points)
        return ids

    def _place_ids(self, columns: IncidentColumns, point_ids: npt.NDArray[np.int64]
                   ) -> npt.NDArray[np.int64]:
        """Each row's place id; places first used are stored.

        A place is a point with the location, LSOA and ward its rows give it: each distinct
        place is looked up once.
        """
        parts = (columns.location, columns.lsoa_code, columns.lsoa_name, columns.ward_code)
        first_rows, row_place = columns.places()
        place_ids = self._places.place_ids(point_ids[columns.point.codes[first_rows]],
                                           [Repeated(part.values, part.codes[first_rows])
                                            for part in parts])
        if self._replacement is not None:
            self._replacement.places_used.update(place_ids.tolist())
        return place_ids[row_place]

    def _index_points(self, first_id: int, last_id: int) -> None:
        # Points are stored in the R*Tree as zero-size boxes; new points have consecutive ids.
        self._db.execute("INSERT INTO incident_rtree SELECT id, lon, lon, lat, lat "
                         "FROM incident_point WHERE id BETWEEN ? AND ?", [first_id, last_id])

    def _add_to_point_totals(self, changes: Iterable[tuple[int, int]]) -> None:
        """Keep each point's incident total in step (point id, change), for the map's counts."""
        pairs = np.array(list(changes), dtype=np.int64).reshape(-1, 2)
        self._add_point_counts(*net_changes(pairs[:, 0], pairs[:, 1]))

    def _add_point_counts(self, point_ids: npt.NDArray[np.int64],
                          changes: npt.NDArray[np.int64]) -> None:
        """Add ``changes`` to the totals of distinct points: one statement, however many."""
        if not len(point_ids):
            return
        if self._replacement is not None:
            self._replacement.count(point_ids, changes)
            return
        add_to_column(self._db.conn, "incident_point", "incidents", point_ids, changes)

    def _add_month_counts(self, changes: Sequence[tuple[str, int, int]]) -> None:
        """Keep the month totals in step: (month, category id, change) each."""
        insert_values(self._db.conn, _ADD_TO_MONTH, changes, _ADDED_TO_MONTH)
        if any(change < 0 for _, _, change in changes):
            self._db.execute("DELETE FROM incident_month WHERE incidents = 0")

    def add_many(self, incidents: Iterable[Incident]) -> int:
        """Insert incident records; return how many."""
        return self.insert_rows(incident_values(i) for i in incidents)

    def delete_where(self, where: str, params: Sequence[Any]) -> int:
        """Delete incidents matching a condition on ``incident_record``; return how many.

        Their points stay indexed: other incidents may share them, and a point with no incident
        adds nothing to any answer. Places left with no incident go (at the end of a
        replacement, if the new incidents have not taken them up), so no location text of a
        deleted incident stays behind.
        """
        # One read of the rows gives both: a place is on one point, so its count is its point's.
        on_places = self._db.execute(
            f"SELECT place_id, point_id, -COUNT(*) FROM incident_record WHERE ({where}) "
            "GROUP BY place_id, point_id", list(params)).fetchall()
        self._add_to_point_totals((point_id, change) for _, point_id, change in on_places
                                  if point_id is not None)
        self._add_month_counts(self._db.execute(
            f"SELECT month, category, -COUNT(*) FROM incident_record WHERE ({where}) "
            "GROUP BY month, category", list(params)).fetchall())
        deleted = self._db.execute(f"DELETE FROM incident_record WHERE {where}",
                                   list(params)).rowcount
        places = {row[0] for row in on_places}
        if self._replacement is not None:
            self._replacement.places_left.update(places)
        else:
            self._drop_unused_places(places)
        return int(deleted)

    def _drop_unused_places(self, place_ids: Iterable[int]) -> None:
        checked = [(place_id,) for place_id in place_ids]
        if not checked:
            return
        # The point index finds a place's incidents without reading all of them.
        dropped = self._db.conn.executemany(
            "DELETE FROM incident_place WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
            "incident_record r WHERE r.point_id IS incident_place.point_id "
            "AND r.place_id = incident_place.id)", checked)
        if dropped.rowcount:
            self._places.forget()

    def add_one(self, incident: Incident) -> Incident:
        """Insert one incident (a manual entry) with its point indexed; return it with its id."""
        with self._db.atomic():
            self.insert_rows([incident_values(incident)])
            new_id = int(self._db.execute("SELECT MAX(id) FROM incident_record").fetchone()[0])
        return dataclasses.replace(incident, id=new_id)

    def replace_one(self, incident: Incident) -> None:
        """Save an edited incident, pointing it at its (maybe new) point and place."""
        with self._db.atomic():
            before = self._db.execute("SELECT point_id, place_id, batch_no, month, category "
                                      "FROM incident_record WHERE id = ?", [incident.id]).fetchone()
            if before is None:
                return
            integers, texts, _ = self._record_columns(
                IncidentColumns.from_rows([incident_values(incident)]), before[2])
            row = {name: _first(column) for name, column in (integers | texts).items()}
            self._db.execute(_UPDATE, [*(row[name] for name in _RECORD_COLUMNS), incident.id])
            moves = [(p, change) for p, change in ((before[0], -1), (row["point_id"], 1))
                     if p is not None]
            self._add_to_point_totals(moves)
            self._add_month_counts([(before[3], before[4], -1),
                                    (row["month"], row["category"], 1)])
            self._drop_unused_places([before[1]])

    def delete_one(self, incident_id: int) -> None:
        """Delete one incident, and its point when nothing else is there.

        A hand-logged incident may be a private address: once it is deleted (or erased past
        retention) its coordinates go too. Imports keep their points, which the next month
        mostly uses again.
        """
        with self._db.atomic():
            row = self._db.execute("SELECT point_id FROM incident_record WHERE id = ?",
                                   [incident_id]).fetchone()
            self.delete_where("id = ?", [incident_id])
            if row is not None and row[0] is not None:
                self._drop_point_if_unused(int(row[0]))

    def _drop_point_if_unused(self, point_id: int) -> None:
        used = self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM incident_place WHERE point_id = ?) "
            "OR EXISTS (SELECT 1 FROM incident_record WHERE point_id = ?)",
            [point_id, point_id]).fetchone()[0]
        if used:
            return
        self._db.execute("DELETE FROM incident_rtree WHERE id = ?", [point_id])
        self._db.execute("DELETE FROM incident_point WHERE id = ?", [point_id])
        self._points.forget()

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
        # Sorted as ids, then read a chunk at a time: sorting the rows themselves would hold
        # every matching incident's texts at once.
        ids = [row[0] for row in self._db.execute(
            f"SELECT r.id FROM incident_record r WHERE {where} ORDER BY r.month, r.id", params)]
        for start in range(0, len(ids), _CHUNK):
            yield from self.get_many(ids[start:start + _CHUNK])

    def count(self, flt: IncidentFilter | None = None) -> int:
        """Count incidents matching a filter (from the month totals)."""
        where, params = filter_sql(flt, alias="m")
        return int(self._db.execute(
            f"SELECT COALESCE(SUM(m.incidents), 0) FROM incident_month m WHERE {where}",
            params).fetchone()[0])

    def count_no_location(self) -> int:
        """Count incidents with no coordinates (police.uk's "No location" rows)."""
        return int(self._db.execute(
            "SELECT COUNT(*) FROM incident_record WHERE point_id IS NULL").fetchone()[0])

    def _in_bbox(self, columns: str, box: BBox, flt: IncidentFilter | None,
                 joins: str = "") -> tuple[str, list[Any]]:
        where, params = filter_sql(flt)
        return (f"SELECT {columns} FROM {_ON_POINTS_IN_BOX} {joins} WHERE {_BOX} AND {where}",
                [*_box_params(box), *params])

    def points_in_bbox(self, box: BBox, flt: IncidentFilter | None = None
                       ) -> list[tuple[int, float, float, str, str]]:
        """Return (id, lon, lat, month, category) of incidents inside a box, through the R*Tree."""
        sql, params = self._in_bbox("r.id, p.lon, p.lat, r.month, c.text", box, flt,
                                    "JOIN incident_point p ON p.id = r.point_id "
                                    "JOIN incident_label c ON c.id = r.category")
        return [tuple(row) for row in self._db.execute(sql, params)]

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
                "SELECT p.id, p.lon, p.lat, p.incidents FROM incident_rtree t "
                f"CROSS JOIN incident_point p ON p.id = t.id WHERE {_BOX} AND p.incidents > 0",
                _box_params(box))]
        sql, params = self._in_bbox("p.id, p.lon, p.lat, COUNT(*)", box, flt,
                                    "CROSS JOIN incident_point p ON p.id = t.id")
        return [(int(row[0]), row[1], row[2], int(row[3]))
                for row in self._db.execute(sql + " GROUP BY p.id", params)]

    def count_in_bbox(self, box: BBox, flt: IncidentFilter | None = None) -> int:
        """Count incidents inside a box, through the R*Tree."""
        sql, params = self._in_bbox("COUNT(*)", box, flt)
        return int(self._db.execute(sql, params).fetchone()[0])

    def all_points(self, flt: IncidentFilter | None = None
                   ) -> Iterator[tuple[int, float, float, str, str]]:
        """Yield (id, lon, lat, month, category) of every located incident matching a filter."""
        where, params = filter_sql(flt)
        yield from self._db.execute(
            "SELECT r.id, p.lon, p.lat, r.month, c.text FROM incident_record r "
            "JOIN incident_point p ON p.id = r.point_id JOIN incident_label c ON c.id = r.category "
            f"WHERE {where}", params)

    def located_point_counts(self, flt: IncidentFilter | None = None, box: BBox | None = None
                             ) -> list[tuple[float, float, int]]:
        """Return (lon, lat, incidents) of every point with located incidents matching a filter.

        Inside a box if given (through the R*Tree). police.uk snaps incidents to a few
        thousand points, so this is a few thousand rows where listing incidents is a million.
        """
        if box is not None:
            return [(lon, lat, count) for _, lon, lat, count in self.point_counts_in_bbox(box, flt)]
        where, params = filter_sql(flt)
        # The point index holds each incident's month and category too: read whole and in
        # point order it answers any period without touching the rows.
        return [(row[0], row[1], int(row[2])) for row in self._db.execute(
            "SELECT p.lon, p.lat, COUNT(*) FROM incident_record r "
            "INDEXED BY idx_incident_record_point JOIN incident_point p ON p.id = r.point_id "
            f"WHERE {where} GROUP BY r.point_id", params)]

    def count_located(self, flt: IncidentFilter | None = None) -> int:
        """Count the located incidents matching a filter."""
        where, params = filter_sql(flt)
        return int(self._db.execute(
            "SELECT COUNT(*) FROM incident_record r INDEXED BY idx_incident_record_point "
            f"WHERE r.point_id IS NOT NULL AND {where}", params).fetchone()[0])

    def monthly_counts(self, flt: IncidentFilter | None = None) -> list[tuple[str, str, int]]:
        """Return (month, category, count) for every month and category, located or not."""
        where, params = filter_sql(flt, alias="m")
        counts = self._db.execute(
            "SELECT m.month, c.text, m.incidents FROM incident_month m "
            f"JOIN incident_label c ON c.id = m.category WHERE {where}", params)
        return sorted((row[0], row[1], int(row[2])) for row in counts)

    def occurred_times(self, flt: IncidentFilter | None = None,
                       box: BBox | None = None) -> list[tuple[int, str]]:
        """Return (id, occurred_at) of incidents that carry a time, inside a box if given."""
        timed = "r.occurred_at IS NOT NULL AND r.occurred_at != ''"
        if box is None:  # through the index of timed incidents (migration 0010)
            where, params = filter_sql(flt)
            return self._db.execute(
                f"SELECT r.id, r.occurred_at FROM incident_record r WHERE {timed} AND {where}",
                params).fetchall()
        sql, params = self._in_bbox("r.id, r.occurred_at", box, flt)
        return self._db.execute(f"{sql} AND {timed}", params).fetchall()

    def categories(self) -> list[str]:
        """Return the categories present, alphabetically."""
        rows = self._db.execute(
            "SELECT text FROM incident_label WHERE id IN "
            "(SELECT category FROM incident_month) ORDER BY text")
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
            self._db.execute("UPDATE incident_place SET ward_code = '' WHERE point_id IS NOT NULL")
            self._db.conn.executemany(
                "UPDATE incident_place SET ward_code = ? WHERE point_id = ?",
                [(code, point_id) for point_id, code in codes_by_point.items() if code])
            self._places.forget()
            placed = self._db.execute(
                "SELECT COUNT(*) FROM incident_record r JOIN incident_place p ON p.id = r.place_id "
                "WHERE p.ward_code != ''").fetchone()[0]
        return int(placed)

    def places_like(self, text: str, limit: int) -> list[KnownPlace]:
        """Places of police.uk incidents whose location contains ``text`` (any case), busiest first.

        One per location and LSOA: police.uk snaps a street to several points, and this
        offers the one most incidents are on. Only police.uk's places, which are anonymised
        map points: a hand-logged location may be someone's address.
        """
        pattern = "%" + _LIKE_SPECIAL.sub(r"\\\g<0>", text) + "%"
        # MAX() makes SQLite take lon and lat from the busiest point of each group.
        rows = self._db.execute(
            "SELECT pl.location, pl.lsoa_name, pt.lon, pt.lat, MAX(pt.incidents) AS busiest "
            "FROM incident_place pl JOIN incident_point pt ON pt.id = pl.point_id "
            "WHERE pl.location LIKE ? ESCAPE '\\' AND EXISTS (SELECT 1 FROM incident_record r "
            " WHERE r.point_id = pl.point_id AND r.place_id = pl.id AND r.source = "
            " (SELECT id FROM incident_label WHERE text = ?)) "
            "GROUP BY pl.location, pl.lsoa_name ORDER BY busiest DESC, pl.location LIMIT ?",
            [pattern, IncidentSource.POLICE_UK.value, limit]).fetchall()
        return [KnownPlace(location=r[0], area=r[1], lon=r[2], lat=r[3], incidents=r[4])
                for r in rows]

    def month_range(self) -> tuple[str, str] | None:
        """Return the first and last month with incidents, or None when there are none."""
        row = self._db.execute("SELECT MIN(month), MAX(month) FROM incident_month").fetchone()
        return (row[0], row[1]) if row[0] else None


def _by_point(integers: dict[str, IntegerColumn], texts: dict[str, TextColumn]
              ) -> tuple[dict[str, IntegerColumn], dict[str, TextColumn]]:
    """Record columns with their rows in point id order (those with no location last)."""
    point_ids: npt.NDArray[np.int64] = np.ma.filled(np.ma.asarray(integers["point_id"]),
                                                    np.iinfo(np.int64).max)
    return take_rows(np.argsort(point_ids, kind="stable"), integers, texts)


def _month_counts(months: Repeated[str], categories: npt.NDArray[np.int64]
                  ) -> list[tuple[str, int, int]]:
    """How many rows there are of each month and category id: (month, category, count)."""
    # One number per pair, which numpy counts far faster than rows of two.
    width = int(categories.max(initial=0)) + 1
    pairs, counts = np.unique(months.codes.astype(np.int64) * width + categories,
                              return_counts=True)
    return [(months.values[pair // width], pair % width, count)
            for pair, count in zip(pairs.tolist(), counts.tolist(), strict=True)]


def _first(column: IntegerColumn | TextColumn) -> Any:
    """The first row's value of a column (None where a number is masked)."""
    return column.tolist()[0] if isinstance(column, np.ndarray) else next(iter(column))


def _incident(row: dict[str, Any]) -> Incident:
    incident: Incident = from_row(Incident, row)
    return incident
