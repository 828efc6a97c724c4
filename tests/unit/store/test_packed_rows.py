"""Rows packed into blobs and unpacked by SQLite come back exactly as given."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jagdesk.domain.incident_columns import FixedWidthTexts, Repeated
from jagdesk.store import packed_rows
from jagdesk.store.packed_rows import (
    add_to_column,
    insert_packed,
    insert_values,
    take_rows,
    update_packed,
)


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, m INTEGER, s TEXT, r TEXT)")
    return conn


def rows(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT n, m, s, r FROM t ORDER BY id").fetchall()


_INTS = st.one_of(st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1))
_TEXTS = st.one_of(st.none(), st.text(max_size=12))


@settings(max_examples=150, deadline=None)
@given(data=st.lists(st.tuples(_INTS, st.integers(-5, 10**12), _TEXTS, st.sampled_from(["a", "", "é€"])),
                     min_size=1, max_size=30),
       inline_bytes=st.sampled_from([0, 5, packed_rows.INLINE_BYTES]),
       as_bytes=st.booleans())
def test_any_values_round_trip_in_order(data: list[tuple[int | None, int, str | None, str]],
                                        inline_bytes: int, as_bytes: bool) -> None:
    # Texts are kept in the record or in the second blob by their length: both ways, and mixed.
    # One column comes repeated, or as bytes made beforehand (too wide ones go to the blob).
    default, packed_rows.INLINE_BYTES = packed_rows.INLINE_BYTES, inline_bytes
    try:
        _round_trip(data, as_bytes)
    finally:
        packed_rows.INLINE_BYTES = default


def _round_trip(data: list[tuple[int | None, int, str | None, str]], as_bytes: bool) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, m INTEGER, s TEXT, r TEXT)")
    n, m, s, r = (list(column) for column in zip(*data, strict=True))
    stored = insert_packed(conn, "t", {"n": n, "m": np.array(m, dtype=np.int64)},
                           {"s": s, "r": FixedWidthTexts.of(r) if as_bytes else Repeated.of(r)})
    assert stored == len(data)
    assert rows(conn) == data


def test_masked_numbers_are_null(conn: sqlite3.Connection) -> None:
    values = np.ma.masked_less(np.array([3, -1, 7], dtype=np.int64), 0)
    insert_packed(conn, "t", {"n": values, "m": np.array([1, 2, 3])}, {})
    assert [row[:2] for row in rows(conn)] == [(3, 1), (None, 2), (7, 3)]


def test_values_every_row_shares_are_stored_on_every_row(conn: sqlite3.Connection) -> None:
    insert_packed(conn, "t", {"n": np.full(4, 9), "m": [None] * 4},
                  {"s": ["same"] * 4, "r": Repeated.constant("x", 4)})
    assert rows(conn) == [(9, None, "same", "x")] * 4


@pytest.mark.parametrize("long", ["", "x" * 200])
def test_text_is_kept_byte_for_byte(conn: sqlite3.Connection, long: str) -> None:
    texts = ["<b>bold</b>", "=SUM(A1)", "tab\there", "new\nline", "  spaced  ", "naïve", "\x00nul", "",
             long]
    insert_packed(conn, "t", {}, {"s": texts, "r": Repeated.of(texts)})
    insert_packed(conn, "t", {}, {"s": FixedWidthTexts.of(texts), "r": texts})
    assert [row[2:] for row in rows(conn)] == [(text, text) for text in texts * 2]


def test_large_inserts_go_in_chunks(conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packed_rows, "CHUNK_ROWS", 7)
    numbers = list(range(50))
    texts = [str(v) for v in numbers]
    assert insert_packed(conn, "t", {"n": numbers},
                         {"s": texts, "r": FixedWidthTexts.of(texts)}) == 50
    assert [(row[0], row[2], row[3]) for row in rows(conn)] == [(v, str(v), str(v)) for v in numbers]


def test_nothing_to_insert(conn: sqlite3.Connection) -> None:
    assert insert_packed(conn, "t", {"n": []}, {"s": []}) == 0
    assert rows(conn) == []


def test_a_constraint_failure_inserts_nothing(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE strict_t (id INTEGER PRIMARY KEY, s TEXT NOT NULL)")
    with pytest.raises(sqlite3.IntegrityError):
        insert_packed(conn, "strict_t", {}, {"s": ["a", None, "c"]})
    assert conn.execute("SELECT COUNT(*) FROM strict_t").fetchone()[0] == 0


def test_the_record_numbers_grow_and_survive_a_rolled_back_insert(conn: sqlite3.Connection) -> None:
    # The numbers the records are read by live in a temporary table; a rollback takes back
    # the numbers it added, and the next insert counts again from what is there.
    conn.execute("SAVEPOINT file")
    insert_packed(conn, "t", {"n": np.arange(50, dtype=np.int64)}, {})
    conn.execute("ROLLBACK TO file")
    conn.execute("RELEASE file")
    insert_packed(conn, "t", {"n": np.arange(3, dtype=np.int64)}, {})
    insert_packed(conn, "t", {"n": np.arange(70, dtype=np.int64)}, {})
    assert [row[0] for row in rows(conn)] == [0, 1, 2, *range(70)]


def test_rows_are_updated_by_key_from_packed_rows(conn: sqlite3.Connection,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    insert_packed(conn, "t", {"n": np.array([10, 20, 30, 40], dtype=np.int64)}, {})
    monkeypatch.setattr(packed_rows, "CHUNK_ROWS", 2)  # three rows: two statements
    update_packed(conn, "t", "id", "n = n + given.change, m = given.change",
                  {"id": np.array([4, 1, 3]), "change": np.array([-4, 1, -4])})
    assert [row[:2] for row in rows(conn)] == [(11, 1), (20, None), (26, -4), (36, -4)]


def _ten_rows(conn: sqlite3.Connection) -> None:
    insert_packed(conn, "t", {"n": np.arange(0, 100, 10, dtype=np.int64)}, {})


def _ns(conn: sqlite3.Connection) -> list[int]:
    return [int(row[0]) for row in rows(conn)]


def test_changes_to_most_of_a_run_of_ids_are_added_in_one_walk(conn: sqlite3.Connection) -> None:
    _ten_rows(conn)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    add_to_column(conn, "t", "n", np.array([5, 3, 4, 7]), np.array([-1, 12, 0, 250]))
    conn.set_trace_callback(None)
    assert _ns(conn) == [0, 10, 32, 30, 39, 50, 310, 70, 80, 90]
    assert ["BETWEEN" in sql for sql in statements] == [True]


def test_changes_to_a_few_far_apart_ids_are_joined_by_id(conn: sqlite3.Connection) -> None:
    _ten_rows(conn)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    add_to_column(conn, "t", "n", np.array([10, 1]), np.array([-100, 7]))
    conn.set_trace_callback(None)
    assert _ns(conn) == [7, 10, 20, 30, 40, 50, 60, 70, 80, -10]
    assert not any("BETWEEN" in sql for sql in statements)


def test_no_changes_change_nothing(conn: sqlite3.Connection) -> None:
    _ten_rows(conn)
    add_to_column(conn, "t", "n", np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert _ns(conn) == list(range(0, 100, 10))


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.integers(min_value=1, max_value=60),
                       st.integers(min_value=-10**12, max_value=10**12), max_size=60))
def test_any_changes_add_up_as_added_one_by_one(changes: dict[int, int]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, m INTEGER, s TEXT, r TEXT)")
    insert_packed(conn, "t", {"n": np.full(60, 5, dtype=np.int64)}, {})
    add_to_column(conn, "t", "n", np.array(list(changes), dtype=np.int64),
                  np.array(list(changes.values()), dtype=np.int64))
    assert _ns(conn) == [5 + changes.get(row_id, 0) for row_id in range(1, 61)]


def test_rows_are_taken_in_the_order_given_from_every_kind_of_column() -> None:
    order = np.array([2, 0, 1])
    integers, texts = take_rows(order, {
        "plain": np.array([10, 20, 30]),
        "masked": np.ma.masked_less(np.array([-1, 5, 6]), 0),
        "listed": [None, 2, 3]}, {
        "repeated": Repeated(["a", "b"], np.array([0, 1, 1])),
        "fixed": FixedWidthTexts.of(["x", "yy", "zzz"]),
        "listed": ["p", None, "r"],
        "same": ["", "", ""]})
    assert np.asarray(integers["plain"]).tolist() == [30, 10, 20]
    assert np.ma.asarray(integers["masked"]).tolist() == [6, None, 5]
    assert integers["listed"] == [3, None, 2]
    assert list(texts["repeated"]) == ["b", "a", "b"]
    assert list(texts["fixed"]) == ["zzz", "x", "yy"]
    assert texts["listed"] == ["r", "p", None]
    assert texts["same"] == ["", "", ""]


def test_rows_are_inserted_a_few_hundred_to_a_statement(conn: sqlite3.Connection,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packed_rows, "_MAX_PARAMETERS", 8)  # two rows of four a statement
    given = [(n, n * 10, f"<{n}>", None) for n in range(7)]
    insert_values(conn, "INSERT INTO t (n, m, s, r)", given)
    assert rows(conn) == given
    insert_values(conn, "INSERT INTO t (n, m, s, r)", [])
    assert len(rows(conn)) == 7


def test_inserted_rows_may_update_on_conflict(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE total (k TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    add = "ON CONFLICT (k) DO UPDATE SET n = n + excluded.n"
    insert_values(conn, "INSERT INTO total (k, n)", [("a", 1), ("b", 2)], add)
    insert_values(conn, "INSERT INTO total (k, n)", [("a", 5), ("c", 1), ("a", -1)], add)
    assert conn.execute("SELECT k, n FROM total ORDER BY k").fetchall() == [
        ("a", 5), ("b", 2), ("c", 1)]
