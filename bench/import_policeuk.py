"""How fast a force-year of police.uk street-level CSV files imports.

Imports every CSV in a folder (default: the twelve 2021 Leicestershire files in
../shared/data/policeuk/leicestershire, read where they are) into a new temporary database, and in
the same run loads the same rows the naive way, sqlite-utils ``insert_all`` of csv.DictReader rows
into a plain table, for comparison. Also shows how long importing the same files again takes (every
force's month replaced), how long reading and checking the files takes on its own (the import
overlaps it with storing), and SQLite's own share: the stored rows copied into a new database inside
SQLite. Budget: at least 200k rows/s.

With ``--synthetic N`` it also builds about N rows by replaying the force-year under earlier years
(real places and categories, new months), imports them beside the naive load of the same files,
and times a hotspot query and a map viewport query over the result, unfiltered and filtered,
beside a full-table scan. Budget: under 50 ms per query.

    python bench/import_policeuk.py [FOLDER] [--repeat N] [--synthetic 1000000]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from queries import CITY_VIEW, CLOCK_TOWER, FORCE_YEAR, median_ms, naive_view_scan
from sqlite_utils import Database

from jagdesk.analysis.spatial import Footprint, count_in, in_view
from jagdesk.analysis.trends import add_months
from jagdesk.domain.filters import IncidentFilter
from jagdesk.io.policeuk import find_sources, read_policeuk
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store

# Database file size after each way of loading, in MB (the last run's).
SIZES: dict[str, float] = {}


def _size_mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def _ours(files: list[Path], folder: Path) -> tuple[float, int]:
    with Store(folder / "jagdesk.sqlite", actor="bench") as store:
        started = time.perf_counter()
        summary = import_policeuk(store, files)
        elapsed = time.perf_counter() - started
    SIZES["ours"] = _size_mb(folder / "jagdesk.sqlite")
    if not summary.ok:
        raise SystemExit(summary.describe())
    return elapsed, summary.stored


def _again(files: list[Path], folder: Path) -> tuple[float, int]:
    """The same files imported a second time: every force's month replaced by itself."""
    with Store(folder / "jagdesk.sqlite", actor="bench") as store:
        import_policeuk(store, files)
        started = time.perf_counter()
        summary = import_policeuk(store, files)
        elapsed = time.perf_counter() - started
    if not summary.ok or summary.replaced != summary.stored:
        raise SystemExit(summary.describe())
    return elapsed, summary.stored


def _naive(files: list[Path], folder: Path) -> tuple[float, int]:
    db = Database(folder / "naive.sqlite")
    started = time.perf_counter()
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            db["street"].insert_all(csv.DictReader(handle))  # type: ignore[union-attr]
    elapsed = time.perf_counter() - started
    rows = db["street"].count
    db.close()
    SIZES["naive"] = _size_mb(folder / "naive.sqlite")
    return elapsed, rows


def _reading(files: list[Path], folder: Path) -> tuple[float, int]:
    del folder
    started = time.perf_counter()
    rows = sum(read_policeuk(find_sources(path)[0]).rows_read for path in files)
    return time.perf_counter() - started, rows


def _sqlite_alone(files: list[Path], folder: Path) -> tuple[float, int]:
    """SQLite's own share of an import: the rows we store, copied file by file inside SQLite.

    The force-year is imported once, then its points, places and incidents are copied into a
    new JagDesk database (same schema, indexes and R*Tree) by INSERT ... SELECT, one
    transaction a file, with no Python per row: the least any importer writing this schema
    could take on this machine.
    """
    with Store(folder / "source.sqlite", actor="bench") as store:
        import_policeuk(store, files)
    with Store(folder / "copy.sqlite", actor="bench") as store:
        db = store.db
        db.execute("ATTACH ? AS source", [str(folder / "source.sqlite")])
        # By each batch's id range: the source has no index on the batch, and a scan of every
        # row for each file would count SQLite reading, not storing.
        batches = db.execute("SELECT first_incident, last_incident FROM source.import_batch "
                             "ORDER BY no").fetchall()
        started = time.perf_counter()
        with store.bulk_writes():  # as the import does, so its closing checkpoint counts too
            with store.atomic():
                for table in ("incident_label", "incident_point", "incident_rtree",
                              "incident_place"):
                    db.execute(f"INSERT INTO {table} SELECT * FROM source.{table}")
            for batch in batches:
                with store.atomic():
                    db.execute("INSERT INTO incident_record SELECT * FROM source.incident_record "
                               "WHERE id BETWEEN ? AND ?", batch)
        elapsed = time.perf_counter() - started
        rows = db.execute("SELECT COUNT(*) FROM incident_record").fetchone()[0]
    return elapsed, rows


def _best(run: Callable[[list[Path], Path], tuple[float, int]], files: list[Path],
          repeat: int) -> tuple[float, int]:
    """The median time of fresh runs, each into a new temporary folder."""
    times, rows = [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            elapsed, rows = run(files, Path(folder))
        times.append(elapsed)
    return statistics.median(times), rows


CLOCK_HOTSPOT = Footprint(CLOCK_TOWER, radius_m=250)


def _replayed(files: list[Path], rows_wanted: int, folder: Path) -> list[Path]:
    """Copies of the force-year under earlier years, until there are about ``rows_wanted`` rows."""
    texts = [path.read_text(encoding="utf-8-sig") for path in files]
    per_year = sum(text.count("\n") - 1 for text in texts)
    written: list[Path] = []
    for back in range(max(1, round(rows_wanted / per_year))):
        for path, text in zip(files, texts, strict=True):
            year = int(path.name[:4]) - back
            month = f"{year}-{path.name[5:7]}"
            header, body = text.split("\n", 1)
            # Only the Month column (the second) changes; it is never quoted in police.uk files.
            lines = [line.replace(f",{path.name[:7]},", f",{month},", 1) for line in body.splitlines()]
            target = folder / f"{month}{path.name[7:]}"
            target.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
            written.append(target)
    return written


def _synthetic(files: list[Path], rows_wanted: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        replayed = _replayed(files, rows_wanted, Path(folder))
        with Store(Path(folder) / "big.sqlite", actor="bench") as store:
            started = time.perf_counter()
            summary = import_policeuk(store, replayed)
            elapsed = time.perf_counter() - started
            print(f"synthetic: {len(replayed)} files, {summary.stored:,} rows in {elapsed:.2f} s"
                  f"  {summary.stored / elapsed:9,.0f} rows/s  (budget 200,000)")
            naive, naive_rows = _naive(replayed, Path(folder))
            print(f"naive insert_all of the same files: {naive:.2f} s  "
                  f"{naive_rows / naive:9,.0f} rows/s")
            hotspot = median_ms(lambda: count_in(store, CLOCK_HOTSPOT))
            view = median_ms(lambda: in_view(store, CITY_VIEW))
            print(f"hotspot query (250 m):   {hotspot:7.2f} ms  ({count_in(store, CLOCK_HOTSPOT):,} incidents)"
                  "  budget 50 ms")
            print(f"viewport query (centre): {view:7.2f} ms  ({sum(p[3] for p in in_view(store, CITY_VIEW)):,} incidents)"
                  "  budget 50 ms")
            _filtered_queries(store)
            scan = median_ms(lambda: naive_view_scan(store, CITY_VIEW), 3)
            print(f"naive full scan (same viewport): {scan:7.2f} ms")


def _filtered_queries(store: Store) -> None:
    """The same two queries under the filters the window offers: these read incidents, not totals."""
    months = store.incidents.month_range()
    assert months is not None
    filters = {
        "last 12 months": IncidentFilter(month_from=add_months(months[1], -11), month_to=months[1]),
        "ASB, every month": IncidentFilter(categories=frozenset({"Anti-social behaviour"})),
        "ASB, last 12 months": IncidentFilter(month_from=add_months(months[1], -11),
                                              month_to=months[1],
                                              categories=frozenset({"Anti-social behaviour"}))}
    for name, flt in filters.items():
        hotspot = median_ms(lambda flt=flt: count_in(store, CLOCK_HOTSPOT, flt))
        view = median_ms(lambda flt=flt: in_view(store, CITY_VIEW, flt))
        found = sum(p[3] for p in in_view(store, CITY_VIEW, flt))
        print(f"  {name + ':':21s} hotspot {hotspot:6.2f} ms ({count_in(store, CLOCK_HOTSPOT, flt):,}), "
              f"viewport {view:6.2f} ms ({found:,})  budget 50 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=FORCE_YEAR)
    parser.add_argument("--repeat", type=int, default=3, help="runs of our importer (median)")
    parser.add_argument("--synthetic", type=int, default=0, metavar="ROWS",
                        help="also import about ROWS replayed rows and time queries over them")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.csv"))
    if not files:
        raise SystemExit(f"no CSV files in {args.folder}")
    ours, rows = _best(_ours, files, args.repeat)
    again, _ = _best(_again, files, args.repeat)
    reading, _ = _best(_reading, files, args.repeat)
    sqlite_alone, _ = _best(_sqlite_alone, files, args.repeat)
    naive, naive_rows = _best(_naive, files, 1)
    print(f"{len(files)} files, {rows} rows from {args.folder}")
    print(f"jagdesk import:       {ours:6.2f} s  {rows / ours:9,.0f} rows/s  (budget 200,000)")
    print(f"  the same files again:  {again:.2f} s  {rows / again:9,.0f} rows/s  "
          "(every month replaced by itself)")
    print(f"  reading+checking alone {reading:.2f} s; the import reads the next file while it "
          "stores this one")
    print(f"  SQLite alone (the same rows copied by INSERT ... SELECT) {sqlite_alone:.2f} s, "
          f"{rows / sqlite_alone:,.0f} rows/s")
    print(f"naive insert_all:     {naive:6.2f} s  {naive_rows / naive:9,.0f} rows/s")
    print(f"speed-up:             {naive / ours:6.1f}x")
    print(f"database size:        {SIZES['ours']:6.1f} MB (naive table {SIZES['naive']:.1f} MB, "
          "without any index)")
    if args.synthetic:
        _synthetic(files, args.synthetic)


if __name__ == "__main__":
    main()
