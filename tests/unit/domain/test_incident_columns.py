from __future__ import annotations

from dataclasses import fields

from jagdesk.domain.incident_columns import ROW_FIELDS, IncidentColumns
from jagdesk.domain.records import Incident

ROWS = [("police.uk", "k1", "2021-01", None, "Burglary", -1.1, 52.6, "On or near A", "E01", "L 1",
         "", "Under investigation", "Leicestershire Police", "Leicestershire Police", "", ""),
        ("police.uk", "k2", "2021-01", None, "Drugs", None, None, "No Location", "", "", "", "",
         "Leicestershire Police", "Leicestershire Police", "", "")]


def test_row_fields_are_the_incident_fields_a_row_carries() -> None:
    assert [f for f in Incident.__dataclass_fields__ if f not in ("id", "batch_id")] == list(ROW_FIELDS)
    assert tuple(f.name for f in fields(IncidentColumns) if f.init) == ROW_FIELDS


def test_columns_give_back_the_rows_they_were_made_from() -> None:
    columns = IncidentColumns.from_rows(ROWS)
    assert len(columns) == 2
    assert columns.category == ["Burglary", "Drugs"]
    assert list(columns.coordinates()) == [(-1.1, 52.6), (None, None)]
    assert list(columns.rows()) == ROWS


def test_no_rows_make_empty_columns() -> None:
    empty = IncidentColumns.empty()
    assert len(empty) == 0
    assert list(empty.rows()) == []
    assert all(getattr(empty, name) == [] for name in ROW_FIELDS)


def test_located_is_each_point_once_without_the_unlocated() -> None:
    columns = IncidentColumns.from_rows(ROWS + ROWS[:1])
    assert columns.located() == {(-1.1, 52.6)}
    assert columns.located() is columns.located()  # worked out once
