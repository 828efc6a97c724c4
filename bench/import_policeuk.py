"""How fast a force-year of police.uk street-level CSV files imports.

Imports every CSV in a folder (default: the twelve 2021 Leicestershire files in
../shared/data/policeuk/leicestershire, read where they are) into a new temporary database, and in
the same run loads the same rows the naive way, sqlite-utils ``insert_all`` of csv.DictReader rows
into a plain table, for comparison. Also shows where the importer's time goes: reading and checking
the files, and writing rows plus the R*Tree. Budget: at least 200k rows/s.

    python bench/import_policeuk.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from jagdesk.io.policeuk import find_sources, read_policeuk
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = REPO.parent / "shared" / "data" / "policeuk" / "leicestershire"


def _ours(files: list[Path], folder: Path) -> tuple[float, int]:
    with Store(folder / "jagdesk.sqlite", actor="bench") as store:
        started = time.perf_counter()
        summary = import_policeuk(store, files)
        elapsed = time.perf_counter() - started
    if not summary.ok:
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
    return elapsed, rows


def _reading(files: list[Path], folder: Path) -> tuple[float, int]:
    del folder
    started = time.perf_counter()
    rows = sum(len(read_policeuk(find_sources(path)[0]).rows) for path in files)
    return time.perf_counter() - started, rows


def _best(run: Callable[[list[Path], Path], tuple[float, int]], files: list[Path],
          repeat: int) -> tuple[float, int]:
    """The median time of fresh runs, each into a new temporary folder."""
    times, rows = [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            elapsed, rows = run(files, Path(folder))
        times.append(elapsed)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=3, help="runs of our importer (median)")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.csv"))
    if not files:
        raise SystemExit(f"no CSV files in {args.folder}")
    ours, rows = _best(_ours, files, args.repeat)
    reading, _ = _best(_reading, files, args.repeat)
    naive, naive_rows = _best(_naive, files, 1)
    print(f"{len(files)} files, {rows} rows from {args.folder}")
    print(f"jagdesk import:       {ours:6.2f} s  {rows / ours:9,.0f} rows/s"
          f"  (budget 200,000; reading+checking {reading:.2f} s, writing {ours - reading:.2f} s)")
    print(f"naive insert_all:     {naive:6.2f} s  {naive_rows / naive:9,.0f} rows/s")
    print(f"speed-up:             {naive / ours:6.1f}x")


if __name__ == "__main__":
    main()
