"""Crash safety: kill -9 during a large import and during edits, then check the file.

Each run starts a child ``python -c`` process that works on the database in a loop, waits
until it is writing, kills it with SIGKILL after a random delay, and checks that
``PRAGMA integrity_check`` passes and that the data is all-or-nothing: a file's import is
wholly there or wholly absent, and edits made together are seen together.
"""

from __future__ import annotations

import csv
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlite_utils import Database

from jagdesk.domain.records import Hotspot
from jagdesk.store import Store
from jagdesk.store.audit import AuditLog
from jagdesk.store.backup import BackupPolicy

pytestmark = pytest.mark.slow

KILLS = 20
LANES = 2  # independent databases worked on side by side, KILLS // LANES kills each
ROWS = 20_000
REPO = Path(__file__).resolve().parents[2]

_IMPORT_CHILD = """
import sys
from pathlib import Path
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store
from jagdesk.store.backup import BackupPolicy
from jagdesk.store.import_repo import ImportRepo

write_batch = ImportRepo.add_batch

def announced(self, *args, **kwargs):
    print("writing", flush=True)  # inside the file's transaction, before its rows
    return write_batch(self, *args, **kwargs)

ImportRepo.add_batch = announced
store = Store(sys.argv[1], backups=BackupPolicy(enabled=False))
while True:  # importing the same force-month again replaces it in one transaction
    import_policeuk(store, [Path(sys.argv[2])])
"""

_EDIT_CHILD = """
import dataclasses
import sys
from jagdesk.store import Store
from jagdesk.store.backup import BackupPolicy

store = Store(sys.argv[1], backups=BackupPolicy(enabled=False))
first, second = store.hotspots.all()
print("writing", flush=True)
while True:  # two records changed in one transaction, each update audited
    with store.atomic():
        a = store.hotspots.get(first.id)
        b = store.hotspots.get(second.id)
        store.hotspots.update(dataclasses.replace(a, description=f"edit {a.version}"))
        store.hotspots.update(dataclasses.replace(b, description=f"edit {a.version}"))
"""

_HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
           "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]


@pytest.fixture(scope="module")
def large_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A street-level file of ROWS rows; a third are anti-social behaviour with no Crime ID."""
    path = tmp_path_factory.mktemp("policeuk") / "2021-03-leicestershire-street.csv"
    rnd = random.Random(3)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(_HEADER)
        for n in range(ROWS):
            asb = n % 3 == 0
            out.writerow(["" if asb else f"c{n:08x}", "2021-03", "Leicestershire Police",
                          "Leicestershire Police", f"{-1.2 + rnd.random() * 0.2:.6f}",
                          f"{52.55 + rnd.random() * 0.15:.6f}", f"On or near Street {n % 500}",
                          f"E0101{n % 1000:04d}", f"Leicester {n % 100:03d}A",
                          "Anti-social behaviour" if asb else "Burglary",
                          "" if asb else "Under investigation", ""])
    return path


def _kill_while_writing(code: str, args: list[str], rnd: random.Random, max_delay: float) -> None:
    """Start the child, wait until it says it is writing, then SIGKILL it after a random delay."""
    env = os.environ | {"PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, cwd=REPO)
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 60)
        line = child.stdout.readline() if ready else b""
        assert line.strip() == b"writing", child.stderr.read() if child.poll() is not None else line
        time.sleep(rnd.uniform(0, max_delay))
        assert child.poll() is None, child.stderr.read()  # it must still be at work when killed
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL


def _sound(path: Path) -> Database:
    """Open the file after the crash (recovering its WAL) and check its structure."""
    db = Database(sqlite3.connect(path))
    assert [r[0] for r in db.execute("PRAGMA integrity_check")] == ["ok"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert AuditLog(db, actor="").verify_chain() is None
    return db


def _count(db: Database, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def _check_import(path: Path) -> int:
    db = _sound(path)
    try:
        batches = _count(db, "SELECT COUNT(*) FROM import_batch")
        incidents = _count(db, "SELECT COUNT(*) FROM incident")
        indexed = _count(db, "SELECT COUNT(*) FROM incident_rtree")
        # the index holds one entry per distinct located point
        points = _count(db, "SELECT COUNT(*) FROM (SELECT DISTINCT lon, lat FROM incident "
                            "WHERE lon IS NOT NULL)")
    finally:
        db.close()
    assert batches in (0, 1)
    assert incidents == ROWS * batches  # the whole file or nothing, never two copies
    assert indexed == points
    return batches


def _check_edits(path: Path) -> int:
    db = _sound(path)
    try:
        rows = db.execute("SELECT id, version, description FROM hotspot ORDER BY rowid").fetchall()
        (a_id, a_version, a_text), (_, b_version, b_text) = rows
        audited = _count(db, "SELECT COUNT(*) FROM audit_log WHERE operation = 'update' "
                             f"AND record_id = '{a_id}'")
    finally:
        db.close()
    assert (a_version, a_text) == (b_version, b_text)  # changed together or not at all
    assert audited == a_version - 1  # every saved change has its audit entry, and no more
    return a_version - 1


def _lane(kills: int, code: str, prepare: Callable[[Path], list[str]],
          check: Callable[[Path], int], folder: Path, max_delay: float) -> int:
    seed = random.randrange(2**32)
    rnd = random.Random(seed)
    path = folder / "crash.sqlite"
    args = prepare(path)
    done = 0
    for run in range(kills):
        _kill_while_writing(code, args, rnd, max_delay)
        try:
            done = check(path)
        except AssertionError as error:
            raise AssertionError(f"run {run} (seed {seed}): {error}") from error
    return done


def _run_lanes(tmp_path: Path, code: str, prepare: Callable[[Path], list[str]],
               check: Callable[[Path], int], max_delay: float) -> list[int]:
    folders = [tmp_path / f"lane{n}" for n in range(LANES)]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(LANES) as pool:
        futures = [pool.submit(_lane, KILLS // LANES, code, prepare, check, folder, max_delay)
                   for folder in folders]
        return [f.result() for f in futures]


def test_killed_imports_leave_all_or_nothing(tmp_path: Path, large_csv: Path) -> None:
    def prepare(path: Path) -> list[str]:
        Store(path, backups=BackupPolicy(enabled=False)).close()
        return [str(path), str(large_csv)]

    _run_lanes(tmp_path, _IMPORT_CHILD, prepare, _check_import, max_delay=0.6)


def test_killed_edits_leave_all_or_nothing(tmp_path: Path) -> None:
    def prepare(path: Path) -> list[str]:
        with Store(path, backups=BackupPolicy(enabled=False)) as store:
            for name in ("Victoria Park gates", "Clock Tower steps"):
                store.hotspots.add(Hotspot(name=name, radius_m=50.0,
                                           geometry={"type": "Point", "coordinates": [-1.13, 52.63]}))
        return [str(path)]

    edits = _run_lanes(tmp_path, _EDIT_CHILD, prepare, _check_edits, max_delay=0.3)
    assert all(n > 0 for n in edits)  # the children did get edits through between the kills
