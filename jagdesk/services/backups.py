"""Backing up and restoring a database, and the ways out when a database cannot be opened."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from jagdesk.store.backup import (
    BackupInfo,
    BackupPolicy,
    RestoreResult,
    backup_file,
    list_backups,
    restore_backup,
    take_backup,
)

if TYPE_CHECKING:
    from jagdesk.errors import StoreUnavailable

__all__ = ["BackupInfo", "BackupPolicy", "RestoreResult", "WayOut", "back_up", "backups_of",
           "restore", "ways_out"]


class WayOut(StrEnum):
    """What the user can do instead when a database is refused."""

    OPEN_BACKUP = "open_backup"
    OPEN_READ_ONLY = "open_read_only"
    CHOOSE_FILE = "choose_file"


_WAYS_OUT: dict[str, tuple[WayOut, ...]] = {
    "damaged": (WayOut.OPEN_BACKUP, WayOut.CHOOSE_FILE),
    "read_only": (WayOut.OPEN_READ_ONLY, WayOut.CHOOSE_FILE),
}


def ways_out(error: StoreUnavailable, db_path: Path, folder: Path | None = None) -> list[WayOut]:
    """The choices to offer for a refused database, best first.

    Opening a backup is offered only when the database has one.
    """
    ways = list(_WAYS_OUT.get(error.reason, (WayOut.CHOOSE_FILE,)))
    if WayOut.OPEN_BACKUP in ways and not list_backups(db_path, folder):
        ways.remove(WayOut.OPEN_BACKUP)
    return ways


def policy_for(db_path: Path) -> BackupPolicy:
    """The backup policy a database asks for: how many backups it keeps (Edit > Settings).

    A file that cannot be opened keeps the default; backing it up reports what is wrong with it.
    """
    from jagdesk.errors import StoreUnavailable
    from jagdesk.services.preferences import load_settings
    from jagdesk.store import Store

    try:
        with Store(db_path, read_only=True) as store:
            return BackupPolicy(keep=load_settings(store).keep_backups)
    except StoreUnavailable:
        return BackupPolicy()


def back_up(db_path: Path, out: Path | None = None, policy: BackupPolicy | None = None) -> BackupInfo:
    """Take a verified backup: to ``out`` when given, else into the backups folder.

    Raises:
        StoreUnavailable: the database is missing, damaged or foreign, or ``out`` exists.
    """
    if out is None:
        return take_backup(db_path, "manual", policy)
    backup_file(db_path, out)
    return BackupInfo(out, _modified(out), out.stat().st_size, "manual")


def restore(db_path: Path, backup: Path, policy: BackupPolicy | None = None) -> RestoreResult:
    """Restore a database from a backup, keeping the current file in the backups folder first."""
    return restore_backup(db_path, backup, policy)


def backups_of(db_path: Path, policy: BackupPolicy | None = None) -> list[BackupInfo]:
    """The backups of a database in the backups folder, newest first."""
    return list_backups(db_path, (policy or BackupPolicy()).backups_folder())


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)
