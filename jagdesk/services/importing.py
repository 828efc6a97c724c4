"""Importing data.police.uk street-level CSV files: one file, one transaction."""

from __future__ import annotations

import contextlib
import gc
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jagdesk.analysis.placement import AreaLocator
from jagdesk.domain.enums import AreaKind, AuditClass, IncidentSource
from jagdesk.domain.incident_columns import IncidentColumns
from jagdesk.errors import ImportFormatError
from jagdesk.io.policeuk import CsvSource, PoliceFile, SkippedFile, find_files, read_policeuk
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop
from jagdesk.store.import_repo import ImportBatch

if TYPE_CHECKING:
    from jagdesk.store import Store

_SOURCE = IncidentSource.POLICE_UK.value
# Files read ahead of the one being stored: enough to keep the reader busy, few enough that a
# folder of a force's whole history never sits in memory at once.
READ_AHEAD = 2


@dataclass
class Rejection:
    """Why a file, or a line of it, was refused."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass
class FileResult:
    """What importing one file did. A rejected file stored nothing."""

    path: str
    force: str = ""
    month: str = ""
    rows_read: int = 0
    stored: int = 0
    replaced: int = 0
    no_location: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file was stored."""
        return not self.rejected

    @property
    def rows_rejected(self) -> int:
        """Rows read but not stored: every row of a rejected file."""
        return self.rows_read - self.stored


@dataclass
class ImportSummary:
    """What a whole import run did, file by file."""

    files: list[FileResult] = field(default_factory=list)
    # Outcomes and stop and search files of the folders and archives, not read.
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Rows read from every file."""
        return sum(f.rows_read for f in self.files)

    @property
    def stored(self) -> int:
        """Rows stored."""
        return sum(f.stored for f in self.files)

    @property
    def replaced(self) -> int:
        """Rows of earlier imports of the same force and month that were replaced."""
        return sum(f.replaced for f in self.files)

    @property
    def no_location(self) -> int:
        """Rows stored without coordinates."""
        return sum(f.no_location for f in self.files)

    @property
    def rejected(self) -> list[Rejection]:
        """Every rejection, file by file."""
        return [r for f in self.files for r in f.rejected]

    @property
    def ok(self) -> bool:
        """Whether nothing was rejected."""
        return all(f.ok for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        files = [asdict(f) | {"rows_rejected": f.rows_rejected, "ok": f.ok} for f in self.files]
        return {"ok": self.ok, "files": files, "rows_read": self.rows_read, "stored": self.stored,
                "replaced": self.replaced, "no_location": self.no_location,
                "rows_rejected": self.rows_read - self.stored,
                "rejected": [asdict(r) for r in self.rejected],
                "skipped": [{"path": f.name, "reason": f.reason} for f in self.skipped]}

    def describe(self) -> str:
        """A human summary: one line per file, then the totals and every rejection."""
        lines = [_describe_file(f) for f in self.files]
        stored_files = sum(f.ok for f in self.files)
        lines.append(f"{stored_files} of {len(self.files)} file(s) imported: {self.rows_read} rows "
                     f"read, {self.stored} stored ({self.no_location} with no location), "
                     f"{self.replaced} replaced, {self.rows_read - self.stored} rejected")
        if self.skipped:
            lines.append(f"{len(self.skipped)} other file(s) skipped: outcomes or stop and search")
        lines += [f"rejected: {r}" for r in self.rejected]
        lines += [f"skipped: {f.name}: {f.reason}" for f in self.skipped]
        return "\n".join(lines)


def _describe_file(result: FileResult) -> str:
    if not result.ok:
        return f"{result.path}: rejected ({result.rows_read} rows read, none stored)"
    return (f"{result.path}: {result.force} {result.month}: {result.stored} rows stored "
            f"({result.no_location} with no location), {result.replaced} replaced")


def _rejected(error: ImportFormatError) -> Rejection:
    return Rejection(error.path, error.line, error.reason)


def _collect(paths: Sequence[Path], summary: ImportSummary) -> list[CsvSource]:
    """The CSV files to read; paths that hold none are recorded as rejected, others as skipped."""
    sources: list[CsvSource] = []
    for path in paths:
        try:
            found = find_files(Path(path))
        except ImportFormatError as error:
            summary.files.append(FileResult(str(path), rejected=[_rejected(error)]))
            continue
        sources += found.sources
        summary.skipped += found.skipped
    return sources


def ward_locator(store: Store) -> AreaLocator:
    """A locator over the store's wards; build it once per import run."""
    return AreaLocator(store.areas.of_kind(AreaKind.WARD))


def place_in_wards(incidents: IncidentColumns, wards: AreaLocator) -> None:
    """Give each located incident the code of the ward it falls in.

    police.uk snaps incidents to a few thousand points, so each distinct point is looked up
    once (in one vectorised call) and its rows share the answer.
    """
    points = incidents.point.values
    located = [p for p in points if p is not None]
    if not wards or not located:
        return
    lons, lats = zip(*located, strict=True)
    code_at = dict(zip(located, wards.codes(list(lons), list(lats)), strict=True))
    incidents.place_in([code_at.get(p, "") if p is not None else "" for p in points])


def _store_file(store: Store, parsed: PoliceFile, cancelled: CancelCheck,
                before_writing: Callable[[], None] | None) -> FileResult:
    """Write one checked file in one transaction, replacing its force's month."""
    imports = store.imports
    with store.atomic():
        with imports.replacing_force_month(_SOURCE, parsed.force, parsed.month) as replaced:
            batch = imports.add_batch(source=_SOURCE, file_name=parsed.name, force=parsed.force,
                                      month=parsed.month, rows_read=parsed.rows_read,
                                      rows_no_location=parsed.no_location,
                                      incidents=parsed.columns, replaced=replaced,
                                      before_writing=before_writing)
        if replaced:
            _log_replacement(store, batch.id, parsed, replaced, batch.rows_stored)
        check(cancelled)  # last chance to cancel: this file is rolled back
    return FileResult(parsed.name, parsed.force, parsed.month, parsed.rows_read,
                      batch.rows_stored, replaced, parsed.no_location)


def _log_replacement(store: Store, batch_id: str, parsed: PoliceFile, replaced: int,
                     stored: int) -> None:
    """Replacing a force's month merges a new data set into the old: logged, counts only."""
    what = f"{parsed.force} {parsed.month}"
    store.audit.append("replace force month", AuditClass.COMBINATION, "incident", batch_id,
                       summary=f"police.uk {what}: {replaced} earlier incident(s) replaced by "
                               f"{stored} from {parsed.name}",
                       after={"force": parsed.force, "month": parsed.month, "file": parsed.name,
                              "replaced": replaced, "stored": stored})


def import_file(store: Store, source: CsvSource, *, cancelled: CancelCheck = never,
                wards: AreaLocator | None = None, parsed: PoliceFile | None = None,
                before_writing: Callable[[], None] | None = None) -> FileResult:
    """Import one CSV file; a file with any problem is rejected whole and nothing is written.

    ``wards`` places each located row in its ward (default: the store's wards, looked up now);
    ``parsed`` is the file already read by ``read_for_storing`` (default: read it now);
    ``before_writing`` is called just before its rows are written.

    Raises:
        Cancelled: the user cancelled; this file is not written.
    """
    if parsed is None:
        parsed = read_for_storing(source, cancelled,
                                  wards if wards is not None else ward_locator(store))
    if not parsed.ok:
        return FileResult(parsed.name, parsed.force, parsed.month, parsed.rows_read,
                          rejected=[_rejected(p) for p in parsed.problems])
    return _store_file(store, parsed, cancelled, before_writing)


def read_for_storing(source: CsvSource, cancelled: CancelCheck, wards: AreaLocator
                     ) -> PoliceFile:
    """Read a file and do the work on it that needs no database: wards, places, points, keys.

    It touches nothing but the file, so it can run in a thread beside the one storing.
    """
    parsed = read_policeuk(source, cancelled=cancelled)
    if parsed.ok:
        place_in_wards(parsed.columns, wards)
        parsed.columns.places()
        parsed.columns.located_points()
        parsed.columns.fixed_width_keys()
    return parsed


class _ReadAhead:
    """Files read in a thread, up to ``READ_AHEAD`` of them ahead of the one being stored.

    Storing a file is mostly SQLite's own work, which runs without the GIL, so the next file
    is read meanwhile. Each next reading starts as a file's rows are written (``read_more``):
    started with the file, its Python would take turns for the GIL with the storing's own
    (finding ids, packing rows), and both would wait (a force-year took 5% longer).
    """

    def __init__(self, sources: Sequence[CsvSource], cancelled: CancelCheck,
                 wards: AreaLocator) -> None:
        self._sources, self._cancelled, self._wards = sources, cancelled, wards
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policeuk-reader")
        self._readings = deque[Future[PoliceFile]]()
        self._started = 0
        for _ in range(READ_AHEAD):
            self.read_more()

    def read_more(self) -> None:
        """Start reading the next file, unless ``READ_AHEAD`` are read or being read."""
        if self._started < len(self._sources) and len(self._readings) < READ_AHEAD:
            self._readings.append(self._pool.submit(
                read_for_storing, self._sources[self._started], self._cancelled, self._wards))
            self._started += 1

    def __iter__(self) -> Iterator[tuple[CsvSource, PoliceFile]]:
        """Each file with its reading, in order (waiting for it if need be)."""
        for source in self._sources:
            if not self._readings:  # nothing was written since (a refused or empty file)
                self.read_more()
            yield source, self._readings.popleft().result()

    def __enter__(self) -> _ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for an import run (it is switched back on after).

    A run makes tens of thousands of small objects (points, keys, place texts) that reference
    counting frees, in no cycle; counting them, the collector kept stopping both threads to
    look through the whole heap: a force-year took 55 collections, one of them 31 ms.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def import_policeuk(store: Store, paths: Sequence[Path], *, progress: Progress = noop,
                    cancelled: CancelCheck = never) -> ImportSummary:
    """Import street-level CSV files, folders (recursively) and zip archives, file by file.

    Importing a force's month again replaces its earlier rows. Bad files are rejected with
    their line numbers while the others are imported.

    Raises:
        Cancelled: the user cancelled; the file in progress is rolled back, earlier ones stay.
    """
    summary = ImportSummary()
    sources = _collect(paths, summary)
    wards = ward_locator(store)
    with _cycle_collection_paused(), _ReadAhead(sources, cancelled, wards) as readings, \
            store.bulk_writes():
        for number, (source, parsed) in enumerate(readings):
            check(cancelled)
            progress(number / len(sources), f"Importing {source.file_name}")
            summary.files.append(import_file(store, source, cancelled=cancelled, wards=wards,
                                             parsed=parsed, before_writing=readings.read_more))
    progress(1.0, f"Imported {summary.stored} rows")
    return summary


def imported_batches(store: Store) -> list[ImportBatch]:
    """The imported files, newest first: file, force, month, rows and when."""
    return store.imports.batches()
