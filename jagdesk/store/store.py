"""``Store``: one open JagDesk database and its repositories."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from jagdesk.store.action_repo import ActionRepo, ActionUpdateRepo
from jagdesk.store.area_repo import AreaRepo
from jagdesk.store.audit import AuditLog
from jagdesk.store.backup import BackupPolicy
from jagdesk.store.checkpoints import BackgroundCheckpoints
from jagdesk.store.clock import default_actor
from jagdesk.store.db import open_database
from jagdesk.store.hotspot_repo import HotspotRepo
from jagdesk.store.import_repo import ImportRepo
from jagdesk.store.incident_repo import IncidentRepo
from jagdesk.store.meeting_repo import AgendaItemRepo, AttendeeRepo, MeetingRepo
from jagdesk.store.partner_repo import ContactRepo, PartnerRepo
from jagdesk.store.plan_repo import PlanRepo, ResponseRepo
from jagdesk.store.reference_repo import FrameworkItemRepo, FrameworkRepo, LookupRepo, TacticRepo
from jagdesk.store.search_repo import SearchRepo

# Log pages before the writer of an import run copies them into the database itself (256 MB of
# 16 KB pages, 64 MB in older 4 KB files): a checkpoint inside its commit would stop the run,
# and the run's own checkpoints are made beside it (``BackgroundCheckpoints``).
BULK_CHECKPOINT_PAGES = 16384


class Store:
    """An open JagDesk database.

    A ``Store`` belongs to the thread that opened it; background jobs open their own.

    Args:
        path: the database file, created when it does not exist.
        actor: the name written as the author of changes (default: the OS account).
        read_only: open without writing anything, not even migrations.
        backups: where automatic backups go and how many are kept (default: the per-user
            backups folder, the last 10).
        check_pages: read every page to refuse a damaged file (``PRAGMA quick_check``); off
            only for a file that was opened and checked a moment ago, as background jobs are.
    """

    def __init__(self, path: str | Path, *, actor: str | None = None,
                 read_only: bool = False, backups: BackupPolicy | None = None,
                 check_pages: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.db: Database = open_database(self.path, read_only=read_only, backups=backups,
                                          check_pages=check_pages)
        self.audit = AuditLog(self.db, actor or default_actor())
        self.lookups = LookupRepo(self.db)
        self.frameworks = FrameworkRepo(self.db, self.audit)
        self.framework_items = FrameworkItemRepo(self.db, self.audit)
        self.tactics = TacticRepo(self.db, self.audit)
        self.areas = AreaRepo(self.db, self.audit)
        self.partners = PartnerRepo(self.db, self.audit)
        self.contacts = ContactRepo(self.db, self.audit)
        self.hotspots = HotspotRepo(self.db, self.audit)
        self.incidents = IncidentRepo(self.db)
        self.imports = ImportRepo(self.db, self.audit, self.incidents)
        self.plans = PlanRepo(self.db, self.audit)
        self.responses = ResponseRepo(self.db, self.audit)
        self.actions = ActionRepo(self.db, self.audit)
        self.action_updates = ActionUpdateRepo(self.db, self.audit)
        self.meetings = MeetingRepo(self.db, self.audit)
        self.attendees = AttendeeRepo(self.db, self.audit)
        self.agenda_items = AgendaItemRepo(self.db, self.audit)
        self.search = SearchRepo(self.db)
        self._checkpoints: BackgroundCheckpoints | None = None

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Store]:
        """Group several writes into one transaction (nested calls become savepoints)."""
        outermost = not self.db.conn.in_transaction
        with self.db.atomic():
            yield self
        if outermost and self._checkpoints is not None:
            self._checkpoints.committed()

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[Store]:
        """Run many transactions in a row (an import run), never waiting for a checkpoint.

        The pages each ``atomic`` block commits are copied from the write-ahead log into the
        database on another thread while the next block runs, and what is left at the end: a
        copy waits for the disk, and the writer never waits for one.
        """
        before = self.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.db.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        logged = self.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        copier = None
        if logged and not self.read_only and self._checkpoints is None:  # not inside another
            copier = self._checkpoints = BackgroundCheckpoints(self.path)
        try:
            yield self
        finally:
            if copier is not None:
                copier.stop()
                self._checkpoints = None
            self.db.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
            if not self.read_only:
                self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
