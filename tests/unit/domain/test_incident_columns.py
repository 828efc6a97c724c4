from __future__ import annotations

from dataclasses import fields

import numpy as np

from jagdesk.domain.incident_columns import (
    ROW_FIELDS,
    FixedWidthTexts,
    IncidentColumns,
    Repeated,
    distinct_rows,
)
from jagdesk.domain.records import Incident

ROWS = [("police.uk", "k1", "2021-01", None, "Burglary", -1.1, 52.6, "On or near A", "E01", "L 1",
         "", "Under investigation", "Leicestershire Police", "Leicestershire Police", "", ""),
        ("police.uk", "k2", "2021-01", None, "Drugs", None, None, "No Location", "", "", "", "",
         "Leicestershire Police", "Leicestershire Police", "", "")]


def test_row_fields_are_the_incident_fields_a_row_carries() -> None:
    assert [f for f in Incident.__dataclass_fields__ if f not in ("id", "batch_id")] == list(ROW_FIELDS)
    # The columns hold lon and lat together, as one point per row.
    columns = tuple(f.name for f in fields(IncidentColumns) if f.init)
    assert columns == tuple("point" if f == "lon" else f for f in ROW_FIELDS if f != "lat")


def test_columns_give_back_the_rows_they_were_made_from() -> None:
    columns = IncidentColumns.from_rows(ROWS)
    assert len(columns) == 2
    assert list(columns.category) == ["Burglary", "Drugs"]
    assert list(columns.coordinates()) == [(-1.1, 52.6), (None, None)]
    assert list(columns.rows()) == ROWS


def test_repeated_values_are_stored_once() -> None:
    columns = IncidentColumns.from_rows(ROWS * 3)
    assert columns.month.values == ["2021-01"]
    assert columns.point.values == [(-1.1, 52.6), None]
    assert columns.point.codes.tolist() == [0, 1] * 3


def test_located_points_are_the_distinct_points_with_coordinates() -> None:
    columns = IncidentColumns.from_rows([ROWS[1], ROWS[0], ROWS[1]])
    located, coordinates = columns.located_points()
    assert located.tolist() == [False, True]  # "No location" first met, then the point
    assert coordinates.tolist() == [[-1.1, 52.6]]
    assert IncidentColumns.empty().located_points()[1].shape == (0, 2)


def test_texts_as_fixed_width_bytes_read_back_as_given() -> None:
    texts = ["a23b-1", "", "naïve", "trailing\x00", "x" * 64]
    fixed = FixedWidthTexts.of(texts)
    assert fixed.data.shape == (5, 64)
    assert fixed.lengths.tolist() == [6, 0, 6, 9, 64]
    assert list(fixed) == texts
    assert list(fixed[1:3]) == ["", "naïve"]
    assert FixedWidthTexts.of(["", ""]).data.shape == (2, 0)
    assert list(IncidentColumns.from_rows(ROWS).fixed_width_keys()) == ["k1", "k2"]


def test_no_rows_make_empty_columns() -> None:
    empty = IncidentColumns.empty()
    assert len(empty) == 0
    assert list(empty.rows()) == []
    assert all(list(getattr(empty, name)) == [] for name in ROW_FIELDS if name not in ("lon", "lat"))


def test_a_repeated_column_reads_back_row_by_row() -> None:
    column = Repeated.of(["b", "a", "b", "b"])
    assert (column.values, column.codes.tolist()) == (["b", "a"], [0, 1, 0, 0])
    assert list(column) == ["b", "a", "b", "b"]
    assert list(column[1:3]) == ["a", "b"]
    assert column == ["b", "a", "b", "b"]
    assert list(Repeated.constant("x", 3)) == ["x", "x", "x"]
    assert (column.count("b"), column.count("a"), column.count("z")) == (3, 1, 0)
    assert list(Repeated(["p", "q"], np.array([1, 1, 0]))) == ["q", "q", "p"]


def test_distinct_rows_finds_each_combination_once() -> None:
    first = Repeated.of(["a", "b", "a", "a", "b"])
    second = Repeated.of([1, 1, 1, 2, 1])
    first_rows, row_codes = distinct_rows([first, second])
    combinations = [(list(first)[n], list(second)[n]) for n in first_rows.tolist()]
    assert sorted(combinations) == [("a", 1), ("a", 2), ("b", 1)]
    # Rows with the same values share a code; the code names the combination.
    assert [combinations[code] for code in row_codes.tolist()] == list(zip(first, second, strict=True))


def test_placing_in_wards_gives_new_places() -> None:
    columns = IncidentColumns.from_rows(ROWS * 2)
    assert len(columns.places()[0]) == 2
    columns.place_in(["E05000001" if point else "" for point in columns.point.values])
    assert list(columns.ward_code) == ["E05000001", ""] * 2
    first_rows, row_codes = columns.places()
    assert len(first_rows) == 2
    assert row_codes.tolist()[:2] == row_codes.tolist()[2:]
