"""Import batches: one row per imported file, and replacing a force's month of police.uk rows."""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.incident_columns import IncidentColumns
from jagdesk.store.audit import AuditLog
from jagdesk.store.clock import utc_now
from jagdesk.store.incident_repo import IncidentRepo

if TYPE_CHECKING:
    from sqlite_utils import Database

# A batch's incidents: found by the id range the batch keeps (see migration 0009); the batch
# number makes the test exact even where later ids were reused inside an old range.
_IN_BATCH = "id BETWEEN ? AND ? AND batch_no = ?"
_BATCH_COLUMNS = ("id", "source", "file_name", "force", "month", "rows_read", "rows_stored",
                  "rows_no_location", "imported_at", "imported_by")


@dataclass(frozen=True)
class ImportBatch:
    """One imported file: what it was and how many rows it gave."""

    id: str
    source: str
    file_name: str
    force: str
    month: str
    rows_read: int
    rows_stored: int
    rows_no_location: int
    imported_at: str
    imported_by: str


class ImportRepo:
    """Import batches and the incidents they brought. The caller owns the transaction."""

    def __init__(self, db: Database, audit: AuditLog, incidents: IncidentRepo) -> None:
        self._db = db
        self._audit = audit
        self._incidents = incidents

    @contextlib.contextmanager
    def replacing_force_month(self, source: str, force: str, month: str) -> Iterator[int]:
        """Delete the earlier imports of a force's month, for the batch added inside to replace.

        Yields how many incidents were deleted. What they leave (places, point totals) is
        settled when the block ends (``IncidentRepo.replacing``); use inside one transaction.
        """
        with self._incidents.replacing():
            yield self.replace_force_month(source, force, month)

    def replace_force_month(self, source: str, force: str, month: str) -> int:
        """Delete the incidents and batches of earlier imports of a force's month; return how many."""
        params = [source, force, month]
        earlier = self._db.execute(
            "SELECT first_incident, last_incident, no FROM import_batch "
            "WHERE source = ? AND force = ? AND month = ? AND first_incident IS NOT NULL",
            params).fetchall()
        removed = sum(self._incidents.delete_where(_IN_BATCH, list(batch)) for batch in earlier)
        self._db.execute("DELETE FROM import_batch WHERE source = ? AND force = ? AND month = ?",
                         params)
        return removed

    def add_batch(  # noqa: PLR0913 - keyword-only: a file's description and its rows
            self, *, source: str, file_name: str, force: str, month: str, rows_read: int,
            rows_no_location: int, incidents: IncidentColumns, replaced: int = 0,
            before_writing: Callable[[], None] | None = None) -> ImportBatch:
        """Record a batch, insert its incidents and audit the import.

        ``before_writing`` is called just before the incidents are written (see
        ``IncidentRepo.insert_columns``).
        """
        batch = ImportBatch(id=str(uuid.uuid4()), source=source, file_name=file_name, force=force,
                            month=month, rows_read=rows_read, rows_stored=0,
                            rows_no_location=rows_no_location, imported_at=utc_now(),
                            imported_by=self._audit.actor)
        number = int(self._db.execute("SELECT COALESCE(MAX(no), 0) + 1 FROM import_batch")
                     .fetchone()[0])
        row = dataclasses.asdict(batch) | {"no": number}
        self._db.execute(f"INSERT INTO import_batch ({', '.join(row)}) "
                         f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        last_before = self._db.execute("SELECT MAX(id) FROM incident_record").fetchone()[0] or 0
        stored = self._incidents.insert_columns(incidents, batch_no=number,
                                                before_writing=before_writing, by_point=True)
        self._db.execute(
            "UPDATE import_batch SET rows_stored = ?, first_incident = ?, last_incident = ? "
            "WHERE id = ?", [stored, *((last_before + 1, last_before + stored) if stored
                                       else (None, None)), batch.id])
        batch = dataclasses.replace(batch, rows_stored=stored)
        self._audit.append("import", AuditClass.COLLECTION, "import_batch", batch.id,
                           summary=(f"{file_name}: {stored} {source} incidents for {force} {month}"
                                    f" ({replaced} replaced)"),
                           after=dataclasses.asdict(batch))
        return batch

    def batches(self, source: str | None = None) -> list[ImportBatch]:
        """Every import batch, newest first (by force and month within one import time)."""
        where, params = ("WHERE source = ?", [source]) if source else ("", [])
        rows = self._db.query(
            f"SELECT {', '.join(_BATCH_COLUMNS)} FROM import_batch {where} ORDER BY imported_at DESC, force, month DESC",
            params)
        return [ImportBatch(**row) for row in rows]

    def count(self) -> int:
        """How many batches there are."""
        return int(self._db.execute("SELECT COUNT(*) FROM import_batch").fetchone()[0])
