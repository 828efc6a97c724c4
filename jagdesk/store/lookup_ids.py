"""The ids of a lookup table's rows by their key columns, kept in memory across an import run."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

Key = Any
NewRows = list[tuple[int, Key]]


class LookupIds:
    """Ids of the rows of ``table`` (an ``id INTEGER PRIMARY KEY`` and key columns) by key.

    A key is a tuple of the key columns' values, or the bare value when there is one column.

    The map is read once and reused file after file. It is read again when another connection
    (another window, a background job) has committed anything since, which SQLite's
    ``data_version`` tells, or when this connection's newest row is not the one the map knows
    (a rolled-back file). Whoever deletes rows here calls ``forget``.
    """

    def __init__(self, db: Database, table: str, key_columns: tuple[str, ...]) -> None:
        self._db = db
        columns = ", ".join(key_columns)
        self._select = f"SELECT id, {columns} FROM {table}"
        self._single = len(key_columns) == 1
        self._insert = (f"INSERT INTO {table} (id, {columns}) "
                        f"VALUES (?, {', '.join('?' for _ in key_columns)})")
        self._ids: dict[Hashable, int] = {}
        self._newest: Key | None = None
        self._data_version: int | None = None

    def forget(self) -> None:
        """Read the table again next time (after rows were deleted or changed)."""
        self._ids, self._newest, self._data_version = {}, None, None

    def _known(self) -> dict[Hashable, int]:
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        row = self._db.execute(f"{self._select} ORDER BY id DESC LIMIT 1").fetchone()
        newest = tuple(row) if row else None
        if version != self._data_version or newest != self._newest or \
                (newest is None and self._ids):
            self._data_version = version
            rows = self._db.execute(self._select).fetchall()
            self._ids = ({r[1]: r[0] for r in rows} if self._single
                         else {tuple(r[1:]): r[0] for r in rows})
            self._newest = newest
        return self._ids

    def ids(self, keys: Iterable[Key], on_new: Callable[[NewRows], None] | None = None
            ) -> dict[Hashable, int]:
        """The id of every key, storing the keys not seen before (in the order given).

        ``on_new`` is told the (id, key) of each row stored, to index it elsewhere.
        """
        known = self._known()
        new = [key for key in dict.fromkeys(keys) if key not in known]
        if new:
            first = (self._newest[0] if self._newest else 0) + 1
            added = list(enumerate(new, first))
            values = [(n, key) if self._single else (n, *key) for n, key in added]
            self._db.conn.executemany(self._insert, values)
            if on_new is not None:
                on_new(added)
            known.update((key, n) for n, key in added)
            self._newest = values[-1]
        return known
