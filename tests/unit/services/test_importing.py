from __future__ import annotations

import gc
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from jagdesk.domain.enums import AuditClass, IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.errors import Cancelled
from jagdesk.services import importing
from jagdesk.services.importing import import_policeuk, imported_batches
from jagdesk.store import Store
from jagdesk.store.incident_repo import IncidentRepo

DATA = Path(__file__).resolve().parents[2] / "data" / "policeuk"
GOOD = DATA / "good"
BAD = DATA / "bad"
JANUARY = GOOD / "2021-01-leicestershire-street.csv"
FEBRUARY = GOOD / "2021-02-leicestershire-street.csv"


def contents(store: Store) -> list[tuple[Any, ...]]:
    """Every incident without its id and batch, and the indexed points, in a stable order."""
    rows = store.db.execute(
        "SELECT source, source_key, month, category, lon, lat, location, force FROM incident"
    ).fetchall()
    return sorted(rows, key=repr)


def indexed(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM incident i JOIN incident_rtree r ON r.id = i.point_id").fetchone()[0])


def test_import_counts_every_row(store: Store) -> None:
    summary = import_policeuk(store, [GOOD])
    assert summary.ok
    assert [(f.rows_read, f.stored, f.no_location) for f in summary.files] == [(6, 6, 1), (3, 3, 2)]
    assert (summary.rows_read, summary.stored, summary.replaced, summary.no_location) == (9, 9, 0, 3)
    assert store.incidents.count() == 9
    assert store.incidents.count_no_location() == 3
    assert indexed(store) == 6


def test_a_files_rows_are_stored_a_point_at_a_time(store: Store) -> None:
    import_policeuk(store, [JANUARY])
    points = [row[0] for row in store.db.execute(
        "SELECT point_id FROM incident_record ORDER BY id").fetchall()]
    assert len(set(points)) > 2
    assert points == sorted(points, key=lambda p: (p is None, p or 0))  # no location last


def test_reimport_replaces_the_force_month(store: Store) -> None:
    import_policeuk(store, [JANUARY])
    before = contents(store)
    again = import_policeuk(store, [JANUARY])
    assert (again.stored, again.replaced) == (6, 6)
    assert contents(store) == before
    assert indexed(store) == 5
    assert [(b.month, b.rows_stored) for b in imported_batches(store)] == [("2021-01", 6)]


def _places_and_totals(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (store.db.execute("SELECT * FROM incident_place ORDER BY id").fetchall(),
            store.db.execute("SELECT id, incidents FROM incident_point ORDER BY id").fetchall())


def test_reimport_keeps_places_and_point_totals_as_they_were(store: Store) -> None:
    import_policeuk(store, [JANUARY, FEBRUARY])
    before = _places_and_totals(store)
    import_policeuk(store, [JANUARY])
    assert _places_and_totals(store) == before


def test_a_changed_month_leaves_no_place_or_total_behind(tmp_path: Path, store: Store) -> None:
    import_policeuk(store, [JANUARY, FEBRUARY])
    changed = tmp_path / JANUARY.name
    lines = JANUARY.read_text().splitlines(keepends=True)
    moved = lines[5].replace("On or near Clock Tower", "On or near Gallowtree Gate")
    changed.write_text("".join([*lines[:2], moved, *lines[6:]]))  # three rows fewer, one moved
    assert import_policeuk(store, [changed]).stored == 3
    once = Store(tmp_path / "once.sqlite")
    import_policeuk(once, [FEBRUARY, changed])
    assert contents(store) == contents(once)
    locations = {row[0] for row in store.db.execute("SELECT location FROM incident_place")}
    assert locations == {row[0] for row in once.db.execute("SELECT location FROM incident_place")}
    assert "On or near Clock Tower" not in locations
    totals = dict(store.db.execute("SELECT lon, incidents FROM incident_point WHERE incidents > 0"))
    assert totals == dict(once.db.execute("SELECT lon, incidents FROM incident_point "
                                          "WHERE incidents > 0"))
    once.close()


def test_reimport_takes_only_its_own_rows_from_an_id_range(store: Store) -> None:
    import_policeuk(store, [JANUARY])
    february = import_policeuk(store, [FEBRUARY]).files[0]
    first, last = store.db.execute("SELECT first_incident, last_incident FROM import_batch "
                                   "WHERE month = '2021-02'").fetchone()
    assert last - first + 1 == february.stored == 3
    # The newest rows deleted and their ids given again to a hand-logged incident: it sits
    # inside February's old range but is no part of it.
    with store.atomic():
        store.incidents.delete_where("id = ?", [last])
        store.incidents.add_many([Incident(source=IncidentSource.MANUAL, month="2021-02",
                                           category="Anti-social behaviour")])
    assert store.db.execute("SELECT MAX(id) FROM incident_record").fetchone()[0] == last
    again = import_policeuk(store, [FEBRUARY])
    assert again.replaced == 2
    assert store.incidents.count() == 6 + 3 + 1


def test_overlapping_archives_equal_each_month_once(tmp_path: Path, store: Store) -> None:
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    with zipfile.ZipFile(first, "w") as out:
        out.write(JANUARY, JANUARY.name)
    with zipfile.ZipFile(second, "w") as out:
        out.write(JANUARY, f"2021-01/{JANUARY.name}")
        out.write(FEBRUARY, f"2021-02/{FEBRUARY.name}")
    summary = import_policeuk(store, [first, second])
    assert summary.replaced == 6
    once = Store(tmp_path / "once.sqlite")
    import_policeuk(once, [JANUARY, FEBRUARY])
    assert contents(store) == contents(once)
    assert indexed(store) == indexed(once)
    once.close()


def test_bad_files_are_rejected_and_others_still_import(store: Store) -> None:
    summary = import_policeuk(store, [BAD, JANUARY])
    assert not summary.ok
    rejected = {Path(r.path).name: r.line for r in summary.rejected}
    assert rejected == {"2021-03-leicestershire-street.csv": 3, "bad-coordinates.csv": 3,
                        "bad-month.csv": 3, "malformed-line.csv": 3, "out-of-range.csv": 4,
                        "wrong-header.csv": 1}
    assert all(f.stored == 0 for f in summary.files if not f.ok)
    assert store.incidents.count() == 6
    assert summary.stored == 6
    for result in summary.files:
        assert result.rows_read == result.stored + result.rows_rejected


def test_bad_reimport_keeps_the_earlier_rows(tmp_path: Path, store: Store) -> None:
    import_policeuk(store, [JANUARY])
    broken = tmp_path / JANUARY.name
    broken.write_text(JANUARY.read_text().replace("-1.140", "far"))
    summary = import_policeuk(store, [broken])
    assert summary.rejected[0].line == 6
    assert store.incidents.count() == 6


def test_missing_path_is_rejected(tmp_path: Path, store: Store) -> None:
    summary = import_policeuk(store, [tmp_path / "nothing.csv", FEBRUARY])
    assert [r.reason for r in summary.rejected] == ["no such file or folder"]
    assert summary.stored == 3


def test_cancel_rolls_back_the_file_in_progress(store: Store) -> None:
    calls = {"n": 0}

    def cancel_in_second_file() -> bool:
        calls["n"] += 1
        return calls["n"] > 3  # the first file asks twice, the second is stopped before commit

    with pytest.raises(Cancelled):
        import_policeuk(store, [JANUARY, FEBRUARY], cancelled=cancel_in_second_file)
    assert store.incidents.count() == 6
    assert [b.month for b in imported_batches(store)] == ["2021-01"]


def test_failure_inside_the_transaction_leaves_the_file_out(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import_policeuk(store, [JANUARY])
    before = (contents(store), indexed(store), len(store.audit.entries()))

    def broken_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(store.audit, "append", broken_audit)
    with pytest.raises(RuntimeError):
        import_policeuk(store, [JANUARY])
    monkeypatch.undo()
    assert (contents(store), indexed(store), len(store.audit.entries())) == before


def test_batches_and_audit(store: Store) -> None:
    import_policeuk(store, [GOOD])
    batches = imported_batches(store)
    assert sorted((b.file_name.endswith(".csv"), b.force, b.month, b.rows_read, b.rows_stored)
                  for b in batches) == [(True, "Leicestershire Police", "2021-01", 6, 6),
                                        (True, "Leicestershire Police", "2021-02", 3, 3)]
    ids = {row[0] for row in store.db.execute("SELECT DISTINCT batch_id FROM incident")}
    assert ids == {b.id for b in batches}
    entries = store.audit.entries(table_name="import_batch")
    assert len(entries) == 2
    assert {e.audit_class for e in entries} == {AuditClass.COLLECTION}
    assert store.audit.verify_chain() is None


def test_summary_dict_and_text(tmp_path: Path, store: Store) -> None:
    bad = tmp_path / "data"
    shutil.copytree(GOOD, bad)
    shutil.copy(BAD / "malformed-line.csv", bad)
    summary = import_policeuk(store, [bad])
    data = summary.to_dict()
    assert (data["rows_read"], data["stored"], data["rows_rejected"], data["ok"]) == (12, 9, 3, False)
    assert data["rejected"][0]["line"] == 3
    assert "malformed-line.csv, line 3: expected 12 fields" in summary.describe()


def test_progress_is_reported(store: Store) -> None:
    seen: list[float] = []
    import_policeuk(store, [GOOD], progress=lambda fraction, _message: seen.append(fraction))
    assert seen == [0.0, 0.5, 1.0]


class _RightAway:
    """An executor that runs each task as it is given: readings happen in an exact order."""

    def __init__(self, **_: object) -> None:
        pass

    def submit(self, task: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(task(*args))
        return future

    def shutdown(self, **_: object) -> None:
        pass


def test_each_file_is_read_as_the_rows_before_it_are_written(
        tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[tuple[str, str]] = []
    read, write = importing.read_for_storing, IncidentRepo.insert_columns

    def reading(source: Any, *args: Any) -> Any:
        events.append(("read", source.file_name))
        return read(source, *args)

    def writing(repo: IncidentRepo, columns: Any, *args: Any, **kwargs: Any) -> int:
        events.append(("write", columns.month.values[0]))
        return write(repo, columns, *args, **kwargs)

    monkeypatch.setattr(importing, "ThreadPoolExecutor", _RightAway)
    monkeypatch.setattr(importing, "read_for_storing", reading)
    monkeypatch.setattr(IncidentRepo, "insert_columns", writing)
    again = tmp_path / "again"
    shutil.copytree(GOOD, again)
    files = [JANUARY, FEBRUARY, BAD / "wrong-header.csv", *sorted(again.iterdir())]
    summary = import_policeuk(store, files)
    assert [f.ok for f in summary.files] == [True, True, False, True, True]
    january, february = JANUARY.name, FEBRUARY.name
    # Two files read ahead to begin with, then one more each time a file's rows are written;
    # the refused file writes nothing, and the one after it was already read.
    assert events == [("read", january), ("read", february),
                      ("write", "2021-01"), ("read", "wrong-header.csv"),
                      ("write", "2021-02"), ("read", january),
                      ("write", "2021-01"), ("read", february),
                      ("write", "2021-02")]


def test_the_cycle_collector_is_paused_for_a_run_and_back_after(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    write = IncidentRepo.insert_columns

    def writing(repo: IncidentRepo, *args: Any, **kwargs: Any) -> int:
        seen.append(gc.isenabled())
        return write(repo, *args, **kwargs)

    monkeypatch.setattr(IncidentRepo, "insert_columns", writing)
    assert import_policeuk(store, [GOOD]).ok
    assert seen == [False, False]
    assert gc.isenabled()
    with pytest.raises(Cancelled):  # however the run ends
        import_policeuk(store, [GOOD], cancelled=lambda: True)
    assert gc.isenabled()
    gc.disable()  # and one paused by someone else stays paused
    try:
        import_policeuk(store, [GOOD])
        assert not gc.isenabled()
    finally:
        gc.enable()
