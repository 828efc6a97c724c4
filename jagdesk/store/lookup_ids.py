"""The ids of a lookup table's rows by their key columns, kept in memory across an import run."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from jagdesk.domain.incident_columns import Repeated
from jagdesk.store.packed_rows import insert_values

if TYPE_CHECKING:
    from sqlite_utils import Database

Key = Any
NewRows = list[tuple[int, Key]]


class _TableIds:
    """What every map of a lookup table's ids shares: knowing when to read the table again.

    The map is read once and reused file after file. It is read again when another connection
    (another window, a background job) has committed anything since, which SQLite's
    ``data_version`` tells, or when this connection's newest row is not the one the map knows
    (a rolled-back file). Whoever deletes rows here calls ``forget``.
    """

    def __init__(self, db: Database, table: str, key_columns: tuple[str, ...]) -> None:
        self._db = db
        columns = ", ".join(key_columns)
        self._select = f"SELECT id, {columns} FROM {table}"
        self._insert = f"INSERT INTO {table} (id, {columns})"
        self._newest: Key | None = None
        self._data_version: int | None = None

    def forget(self) -> None:
        """Read the table again next time (after rows were deleted or changed)."""
        self._newest, self._data_version = None, None

    def _known(self) -> None:
        """Read the table again if it may have changed since it was read."""
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        row = self._db.execute(f"{self._select} ORDER BY id DESC LIMIT 1").fetchone()
        newest = tuple(row) if row else None
        if version != self._data_version or newest != self._newest or \
                (newest is None and self._holds_any()):
            self._data_version = version
            self._load(self._db.execute(self._select).fetchall())
            self._newest = newest

    def _next_id(self) -> int:
        return (self._newest[0] if self._newest else 0) + 1

    def _load(self, rows: list[Any]) -> None:
        raise NotImplementedError

    def _holds_any(self) -> bool:
        raise NotImplementedError


class LookupIds(_TableIds):
    """Ids of the rows of ``table`` (an ``id INTEGER PRIMARY KEY`` and key columns) by key.

    A key is a tuple of the key columns' values, or the bare value when there is one column.
    """

    def __init__(self, db: Database, table: str, key_columns: tuple[str, ...]) -> None:
        super().__init__(db, table, key_columns)
        self._single = len(key_columns) == 1
        self._ids: dict[Hashable, int] = {}

    def forget(self) -> None:
        """Read the table again next time (after rows were deleted or changed)."""
        super().forget()
        self._ids = {}

    def _holds_any(self) -> bool:
        return bool(self._ids)

    def _load(self, rows: list[Any]) -> None:
        self._ids = ({r[1]: r[0] for r in rows} if self._single
                     else {tuple(r[1:]): r[0] for r in rows})

    def ids(self, keys: Iterable[Key], on_new: Callable[[NewRows], None] | None = None
            ) -> dict[Hashable, int]:
        """The id of every key, storing the keys not seen before (in the order given).

        ``on_new`` is told the (id, key) of each row stored, to index it elsewhere.
        """
        self._known()
        return self._ids_of(keys, on_new)

    def _ids_of(self, keys: Iterable[Key], on_new: Callable[[NewRows], None] | None = None
                ) -> dict[Hashable, int]:
        """``ids``, the table known to be read since it last changed."""
        known = self._ids
        new = [key for key in dict.fromkeys(keys) if key not in known]
        if new:
            added = list(enumerate(new, self._next_id()))
            values = [(n, key) if self._single else (n, *key) for n, key in added]
            insert_values(self._db.conn, self._insert, values)
            if on_new is not None:
                on_new(added)
            known.update((key, n) for n, key in added)
            self._newest = values[-1]
        return known


class PointIds(_TableIds):
    """Ids of incident points (``id``, ``lon``, ``lat``) by their coordinates, a file at a time.

    A point is held as one complex number, longitude then latitude, which numpy sorts and
    compares as one value: a file's few thousand points are found among those known by one
    sorted search instead of one dictionary lookup each.
    """

    def __init__(self, db: Database, table: str) -> None:
        super().__init__(db, table, ("lon", "lat"))
        self._hold(np.zeros(0, dtype=np.complex128), np.zeros(0, dtype=np.int64))

    def forget(self) -> None:
        """Read the table again next time (after rows were deleted or changed)."""
        super().forget()
        self._hold(np.zeros(0, dtype=np.complex128), np.zeros(0, dtype=np.int64))

    def _hold(self, keys: npt.NDArray[np.complex128], ids: npt.NDArray[np.int64]) -> None:
        order = np.argsort(keys, kind="stable")
        self._keys, self._ids = keys[order], ids[order]

    def _holds_any(self) -> bool:
        return bool(len(self._ids))

    def _load(self, rows: list[Any]) -> None:
        table = np.array(rows, dtype=np.float64).reshape(-1, 3)
        self._hold(table[:, 1] + 1j * table[:, 2], table[:, 0].astype(np.int64))

    def point_ids(self, points: npt.NDArray[np.float64] | Sequence[tuple[float, float]],
                  on_new: Callable[[int, int], None] | None = None) -> npt.NDArray[np.int64]:
        """The id of each (lon, lat) (pairs, or an array of rows), storing new points.

        New points are numbered in coordinate order; ``on_new`` is told the first and last
        id stored, which run without a gap.
        """
        self._known()
        coordinates = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        keys = coordinates[:, 0] + 1j * coordinates[:, 1]
        ids = self._found(keys)
        missing = np.flatnonzero(ids < 0)
        if len(missing):
            new_keys, which = np.unique(keys[missing], return_inverse=True)
            new_ids = np.arange(self._next_id(), self._next_id() + len(new_keys), dtype=np.int64)
            lons, lats = new_keys.real.tolist(), new_keys.imag.tolist()
            insert_values(self._db.conn, self._insert,
                          list(zip(new_ids.tolist(), lons, lats, strict=True)))
            if on_new is not None:
                on_new(int(new_ids[0]), int(new_ids[-1]))
            ids[missing] = new_ids[which.reshape(-1)]
            self._hold(np.concatenate([self._keys, new_keys]), np.concatenate([self._ids, new_ids]))
            self._newest = (int(new_ids[-1]), lons[-1], lats[-1])
        return ids

    def _found(self, keys: npt.NDArray[np.complex128]) -> npt.NDArray[np.int64]:
        """The id of each key already held, -1 for the others."""
        ids = np.full(len(keys), -1, dtype=np.int64)
        at = np.searchsorted(self._keys, keys)
        held = at < len(self._keys)
        held[held] = self._keys[at[held]] == keys[held]
        ids[held] = self._ids[at[held]]
        return ids


class PlaceIds(LookupIds):
    """Ids of incident places: a point id (or None) and its location, LSOA and ward texts.

    Most of a file's places are the places its points had in the month before, so besides
    the map by key the last place seen at each point is held in arrays (its texts as
    numbers), and a whole file's places are matched against them in one numpy comparison.
    Only the rest are looked up one by one.
    """

    def __init__(self, db: Database, table: str, key_columns: tuple[str, ...]) -> None:
        super().__init__(db, table, key_columns)
        self._text_numbers: dict[str, int] = {}
        self._next_number = 0
        self._text_columns = len(key_columns) - 1
        self._forget_arrays()

    def forget(self) -> None:
        """Read the table again next time (after rows were deleted or changed)."""
        super().forget()
        self._forget_arrays()

    def _forget_arrays(self) -> None:
        self._at_point = np.full(0, -1, dtype=np.int64)  # by point id: a place there, or -1
        self._texts_of = np.zeros((0, self._text_columns), dtype=np.int64)  # by place id: its texts

    def _load(self, rows: list[Any]) -> None:
        super()._load(rows)
        self._forget_arrays()
        located = [row for row in rows if row[1] is not None]
        if located:
            texts = [text for row in located for text in row[2:]]
            self._remember(np.array([row[0] for row in located], dtype=np.int64),
                           np.array([row[1] for row in located], dtype=np.int64),
                           self._numbers(texts).reshape(len(located), -1))

    def _numbers(self, texts: list[Any]) -> npt.NDArray[np.int64]:
        """Each text as a number: the same text, the same number."""
        # All in C: a text seen before keeps its number and a new one takes the counter's,
        # which never repeats. The numbers a known text passes over are simply never used.
        first = self._next_number
        self._next_number += len(texts)
        numbered = map(self._text_numbers.setdefault, texts, itertools.count(first))
        return np.fromiter(numbered, dtype=np.int64, count=len(texts))

    def _remember(self, place_ids: npt.NDArray[np.int64], points: npt.NDArray[np.int64],
                  numbers: npt.NDArray[np.int64]) -> None:
        """Hold located places in the arrays: each is its point's place from now on."""
        if not len(place_ids):
            return
        if int(points.max()) >= len(self._at_point):
            self._at_point = np.concatenate(
                [self._at_point, np.full(int(points.max()) + 1 - len(self._at_point), -1)])
        if int(place_ids.max()) >= len(self._texts_of):
            grown = np.zeros((int(place_ids.max()) + 1, numbers.shape[1]), dtype=np.int64)
            grown[:len(self._texts_of)] = self._texts_of
            self._texts_of = grown
        self._at_point[points] = place_ids
        self._texts_of[place_ids] = numbers

    def place_ids(self, points: npt.NDArray[np.int64], texts: list[Repeated[str]]
                  ) -> npt.NDArray[np.int64]:
        """The id of each place (point id, -1 for none, and its texts), storing new ones.

        The places given must be distinct.
        """
        self._known()
        numbers = np.column_stack([self._numbers(part.values)[part.codes] for part in texts]
                                  ).reshape(len(points), len(texts))
        ids = self._held(points, numbers)
        rest = np.flatnonzero(ids < 0)
        if len(rest):
            keys = list(zip([None if p < 0 else p for p in points[rest].tolist()],
                            *([part.values[code] for code in part.codes[rest].tolist()]
                              for part in texts), strict=True))
            found = self._ids_of(keys)
            ids[rest] = [found[key] for key in keys]
            located = points[rest] >= 0
            self._remember(ids[rest][located], points[rest][located], numbers[rest][located])
        return ids

    def _held(self, points: npt.NDArray[np.int64], numbers: npt.NDArray[np.int64]
              ) -> npt.NDArray[np.int64]:
        """The id of each place that is its point's place in the arrays, -1 for the others."""
        ids = np.full(len(points), -1, dtype=np.int64)
        held = (points >= 0) & (points < len(self._at_point))
        held[held] = self._at_point[points[held]] >= 0
        candidates = self._at_point[points[held]]
        same = (self._texts_of[candidates] == numbers[held]).all(axis=1)
        ids[np.flatnonzero(held)[same]] = candidates[same]
        return ids
