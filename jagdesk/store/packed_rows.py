"""Inserting many rows in one statement: the values packed into blobs that SQLite unpacks.

Python's sqlite3 spends about two microseconds on each row of ``executemany``, more than SQLite
takes to store it, and holds the GIL while it does. Here a whole file's rows travel as two
parameters: a blob of fixed-width records (numbers as decimal digits, short texts as their
length and UTF-8 bytes, longer ones as the offset and length of their bytes in a second blob)
built by numpy a column at a time, and one
``INSERT ... SELECT`` over a table of record numbers that reads every record back inside
SQLite, with the GIL released. The records are decoded with ``substr`` on blobs (constant time at any offset,
unlike text) and ``CAST``; a value every row shares is bound once instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from jagdesk.domain.incident_columns import FixedWidthTexts, Repeated, utf8_parts

# Integers as numpy arrays (masked where NULL) or as sequences with None for NULL.
IntegerColumn = npt.NDArray[np.int64] | np.ma.MaskedArray[Any, Any] | Sequence[int | None]
TextColumn = Sequence[str | None] | Repeated[str] | FixedWidthTexts

# Rows per statement: bounds the blobs at a few megabytes however large the file.
CHUNK_ROWS = 100_000
# Texts no longer than this (crime IDs are 64) sit in the record; longer ones in the second blob.
INLINE_BYTES = 64

_DIGIT_0 = ord("0")
_NULL_FLAG = ord("N")
_SPACE = ord(" ")


@dataclass(frozen=True)
class _Field:
    """One column's part of every record: its bytes, and the SQL that reads it at record ``i``."""

    data: npt.NDArray[np.uint8]  # one row of bytes per record
    sql: str  # uses {at}: the 1-based position of the field's first byte in the record blob


def _digits(values: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
    """Each value as decimal digits, zero-padded to one width, a minus sign first if negative."""
    negative = values < 0
    # Unsigned, so that the most negative int64 has a magnitude too: -x is ~x + 1.
    magnitude = np.where(negative, ~values, values).astype(np.uint64) + negative
    width = len(str(int(magnitude.max(initial=0))))
    signed = bool(negative.any())
    out = np.empty((len(values), width + signed), dtype=np.uint8)
    rest = magnitude.copy()
    for column in range(width + signed - 1, signed - 1, -1):
        out[:, column] = rest % 10 + _DIGIT_0
        rest //= 10
    if signed:
        out[:, 0] = np.where(negative, ord("-"), _DIGIT_0)
    return out


def _with_null_flag(field: _Field, missing: npt.NDArray[np.bool_] | None) -> _Field:
    """A field that may be NULL: one more byte in front, ``N`` where the value is missing."""
    if missing is None or not missing.any():
        return field
    flag = np.where(missing, _NULL_FLAG, _SPACE).astype(np.uint8)[:, None]
    inner = field.sql.replace("{at}", "{at} + 1")
    return _Field(np.hstack([flag, field.data]),
                  f"CASE WHEN substr(?1, {{at}}, 1) = x'4e' THEN NULL ELSE {inner} END")


def _integer_field(values: IntegerColumn) -> _Field:
    missing = None
    if isinstance(values, np.ma.MaskedArray):
        missing, values = np.ma.getmaskarray(values), values.filled(0)
    elif not isinstance(values, np.ndarray) and None in values:
        missing = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
        values = [0 if v is None else v for v in values]
    array = np.asarray(values, dtype=np.int64)
    if missing is None or not missing.any():
        return _integers(array, "{}")
    # NULL travels as a number no row has, one past the largest, turned back by NULLIF.
    present = array[~missing]
    stand_in = int(present.max(initial=0)) + 1
    if stand_in > np.iinfo(np.int64).max - 1:
        return _with_null_flag(_integers(array, "{}"), missing)
    return _integers(np.where(missing, stand_in, array), f"NULLIF({{}}, {stand_in})")


def _integers(array: npt.NDArray[np.int64], wrap: str) -> _Field:
    digits = _digits(array)
    return _Field(digits, wrap.format(f"CAST(substr(?1, {{at}}, {digits.shape[1]}) AS INTEGER)"))


class _Heap:
    """The second blob: the bytes of every text of every record, one after another."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> int:
        """Append bytes; return where they start (0-based)."""
        start = self.size
        self.parts.append(data)
        self.size += len(data)
        return start

    def blob(self) -> bytes:
        # Never empty: an empty blob would reach SQLite as NULL, and substr of NULL is NULL.
        return b"".join(self.parts) + b" "


def _inline_text_field(texts: FixedWidthTexts) -> _Field:
    """Short texts (a crime ID) kept in the record itself: a length, then the bytes, padded."""
    length_digits = _digits(texts.lengths)
    length_width = length_digits.shape[1]
    sql = (f"CAST(substr(?1, {{at}} + {length_width}, "
           f"CAST(substr(?1, {{at}}, {length_width}) AS INTEGER)) AS TEXT)")
    return _Field(np.hstack([length_digits, texts.data]), sql)


def _text_field(column: TextColumn, heap: _Heap) -> _Field:
    if isinstance(column, FixedWidthTexts):  # its bytes made already (by a reader thread)
        if column.data.shape[1] <= INLINE_BYTES:
            return _inline_text_field(column)
        column = list(column)
    # A repeated text is stored once and pointed at by every row that has it.
    values, codes = (column.values, column.codes) if isinstance(column, Repeated) else (column, None)
    missing = None
    if None in values:
        missing = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    utf8 = utf8_parts(cast(Sequence[str], values) if missing is None else
                      ["" if v is None else v for v in values])
    lengths = utf8.lengths
    if codes is None and int(lengths.max(initial=0)) <= INLINE_BYTES:
        return _with_null_flag(_inline_text_field(FixedWidthTexts.padded(utf8)), missing)
    offsets = np.cumsum(lengths) - lengths + heap.add(utf8.joined) + 1  # 1-based, for substr
    if codes is not None:
        offsets, lengths = offsets[codes], lengths[codes]
        missing = None if missing is None else missing[codes]
    offset_digits, length_digits = _digits(offsets), _digits(lengths)
    offset_width, length_width = offset_digits.shape[1], length_digits.shape[1]
    sql = (f"CAST(substr(?2, CAST(substr(?1, {{at}}, {offset_width}) AS INTEGER), "
           f"CAST(substr(?1, {{at}} + {offset_width}, {length_width}) AS INTEGER)) AS TEXT)")
    return _with_null_flag(_Field(np.hstack([offset_digits, length_digits]), sql), missing)


# Parameters a statement may have in the oldest SQLite builds (999).
_MAX_PARAMETERS = 999


def insert_values(conn: sqlite3.Connection, insert: str, rows: Sequence[Sequence[Any]],
                  conflict: str = "") -> None:
    """Run ``insert`` (``INSERT INTO t (a, b)``) over rows, a few hundred to a statement.

    ``conflict`` (an ``ON CONFLICT`` clause) follows the values. ``executemany`` steps the
    statement once a row and gives up the GIL at each step: beside a thread reading the next
    file, every row then waited for the GIL to come back.
    """
    if not rows:
        return
    width = len(rows[0])
    placeholders = f"({', '.join(['?'] * width)})"
    per_statement = max(1, _MAX_PARAMETERS // width)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        conn.execute(f"{insert} VALUES {', '.join([placeholders] * len(chunk))} {conflict}",
                     [value for row in chunk for value in row])


def insert_packed(conn: sqlite3.Connection, table: str, integers: dict[str, IntegerColumn],
                  texts: dict[str, TextColumn]) -> int:
    """Insert rows given a column at a time (every column as long); return how many.

    ``integers`` are whole numbers or None; ``texts`` strings or None. Rows are inserted in
    order, so an ``INTEGER PRIMARY KEY`` numbers them as given.
    """
    inserted = 0
    for integer_part, text_part in _chunks(integers, texts):
        names, select, params = _packed_select(conn, integer_part, text_part)
        sql = f"INSERT INTO {table} ({', '.join(names)}) {select}"
        inserted += int(conn.execute(sql, params).rowcount)
    return inserted


def _chunks(integers: dict[str, IntegerColumn], texts: dict[str, TextColumn]
            ) -> Iterator[tuple[dict[str, IntegerColumn], dict[str, TextColumn]]]:
    """The columns in runs of ``CHUNK_ROWS`` rows."""
    count = max((len(column) for column in [*integers.values(), *texts.values()]), default=0)
    for start in range(0, count, CHUNK_ROWS):
        part = slice(start, start + CHUNK_ROWS)
        yield {n: c[part] for n, c in integers.items()}, {n: c[part] for n, c in texts.items()}


def take_rows(order: npt.NDArray[np.intp], integers: dict[str, IntegerColumn],
              texts: dict[str, TextColumn]
              ) -> tuple[dict[str, IntegerColumn], dict[str, TextColumn]]:
    """The columns with their rows in ``order`` (positions of the rows to take, in turn)."""
    return ({name: _taken(column, order) for name, column in integers.items()},
            {name: _taken(column, order) for name, column in texts.items()})


def _taken(column: Any, order: npt.NDArray[np.intp]) -> Any:
    if isinstance(column, np.ndarray):  # masked arrays keep their mask
        return column[order]
    if isinstance(column, Repeated):
        return Repeated(column.values, column.codes[order])
    if isinstance(column, FixedWidthTexts):
        return FixedWidthTexts(column.data[order], column.lengths[order])
    if _same_value(column) is not _VARIES:  # a file's empty contexts: nothing to move
        return column
    return [column[at] for at in order.tolist()]


_VARIES = object()


def _same_value(column: IntegerColumn | TextColumn) -> Any:
    """The value every row of a (non-empty) column has, or ``_VARIES``."""
    if isinstance(column, FixedWidthTexts):
        return _VARIES  # made to be packed: rarely the same on every row, and never wrongly so
    if isinstance(column, Repeated):
        codes = column.codes
        return column.values[codes[0]] if (codes == codes[0]).all() else _VARIES
    if isinstance(column, np.ma.MaskedArray):
        missing = np.ma.getmaskarray(column)
        if missing.any():
            return None if missing.all() else _VARIES
        column = column.data
    if isinstance(column, np.ndarray):
        return int(column[0]) if (column == column[0]).all() else _VARIES
    first = column[0]
    return first if column.count(first) == len(column) else _VARIES


def update_packed(conn: sqlite3.Connection, table: str, key: str, assignments: str,
                  integers: dict[str, IntegerColumn]) -> None:
    """Update rows of ``table`` from rows given a column at a time, in one statement a chunk.

    Each given row names a row of ``table`` by ``integers[key]``; ``assignments`` is the SET
    clause, where ``given.<column>`` is the given row's value (``incidents = incidents +
    given.change``).
    """
    for part, _ in _chunks(integers, {}):
        _, select, params = _packed_select(conn, part, {})
        conn.execute(f"UPDATE {table} SET {assignments} FROM ({select}) AS given "
                     f"WHERE {table}.{key} = given.{key}", params)


# A run of ids at most this many times as long as the ids changed is walked whole.
_DENSE_IDS = 4


def add_to_column(conn: sqlite3.Connection, table: str, column: str,
                  ids: npt.NDArray[np.int64], changes: npt.NDArray[np.int64]) -> None:
    """Add ``changes`` to ``column`` of the rows of ``table`` with ``ids`` (distinct, existing).

    Where the ids are most of a run (a file's points), the run is walked in primary key order
    and each row reads its change from its own place in a blob, one number a row (zero, and
    left alone, where nothing changes): a third faster than joining the changes by id.
    """
    if not len(ids):
        return
    low, high = int(ids.min()), int(ids.max())
    if high - low + 1 > _DENSE_IDS * len(ids):
        update_packed(conn, table, "id", f"{column} = {column} + given.change",
                      {"id": ids, "change": changes})
        return
    every = np.zeros(high - low + 1, dtype=np.int64)
    every[ids - low] = changes
    digits = _digits(every)
    width = digits.shape[1]
    change = f"substr(?1, (id - ?2) * {width} + 1, {width})"
    conn.execute(f"UPDATE {table} SET {column} = {column} + CAST({change} AS INTEGER) "
                 f"WHERE id BETWEEN ?2 AND ?3 AND {change} != ?4",
                 [digits.tobytes(), low, high, b"0" * width])  # zero, signed or not


def _packed_select(conn: sqlite3.Connection, integers: dict[str, IntegerColumn],
                   texts: dict[str, TextColumn]) -> tuple[list[str], str, list[Any]]:
    """A SELECT of the given rows in order (its column names, SQL and parameters)."""
    # A value every row shares (a file's month, batch and force) is bound once, not packed.
    shared = {name: _same_value(column) for name, column in (integers | texts).items()}
    constants = {name: value for name, value in shared.items() if value is not _VARIES}
    heap = _Heap()
    fields = {name: _integer_field(values) for name, values in integers.items()
              if name not in constants}
    fields |= {name: _text_field(values, heap) for name, values in texts.items()
               if name not in constants}
    expressions, at = {}, 1
    for name, field in fields.items():
        expressions[name] = field.sql.replace("{at}", f"i + {at}")
        at += field.data.shape[1]
    expressions |= {name: f"?{number}" for number, name in enumerate(constants, start=4)}
    width = at - 1
    count = len(next(iter(integers.values() or texts.values())))
    records = np.hstack([f.data for f in fields.values()]).tobytes() if fields else b" "
    _count_to(conn, count)
    columns = ", ".join(f"{sql} AS {name}" for name, sql in expressions.items())
    select = (f"SELECT {columns} FROM (SELECT n, (n - 1) * {width} AS i "
              f"FROM temp.{_COUNTER} WHERE n <= ?3 ORDER BY n)")
    return list(expressions), select, [records, heap.blob(), count, *constants.values()]


# A table of the numbers 1, 2, 3 … one row a record: reading it is about twice as fast as
# counting with a recursive CTE, which queues every number it makes.
_COUNTER = "packed_record_number"


def _count_to(conn: sqlite3.Connection, count: int) -> None:
    """Make the counter reach ``count`` (it lives as long as the connection)."""
    # Read from the table, not remembered: a rolled-back transaction takes its numbers (and
    # the table, if it made it) too.
    try:
        reached = int(conn.execute(f"SELECT COALESCE(MAX(n), 0) FROM temp.{_COUNTER}")
                      .fetchone()[0])
    except sqlite3.OperationalError:  # no such table, yet
        conn.execute(f"CREATE TEMP TABLE {_COUNTER} (n INTEGER PRIMARY KEY)")
        reached = 0
    if reached < count:
        conn.execute(f"INSERT INTO temp.{_COUNTER} (n) WITH RECURSIVE number(n) AS "
                     "(SELECT ?1 UNION ALL SELECT n + 1 FROM number WHERE n < ?2) "
                     "SELECT n FROM number", [reached + 1, count])
