"""Backups: consistent copies through the SQLite backup API, verified, kept N at a time.

A plain file copy of a live database can miss committed rows still in its write-ahead log,
so every copy here goes through ``sqlite3.Connection.backup``. Each copy is written under a
temporary name, checked (``integrity_check`` and "is a JagDesk database"), and only then given
its real name, so a crash never leaves a half-written file that looks like a backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

from jagdesk.errors import StoreUnavailable
from jagdesk.paths import user_paths

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
DEFAULT_EVERY = timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"-(?P<stamp>\d{8}T\d{12}Z)-(?P<kind>[a-z-]+)\.sqlite$")


@dataclass(frozen=True)
class BackupPolicy:
    """When automatic backups are taken and how many are kept.

    Attributes:
        folder: where backups go; None means the per-user backups folder.
        keep: how many backups of each database to keep (older ones are deleted).
        every: an automatic backup is taken on open when the newest is at least this old.
        enabled: False turns automatic backups off (manual ones still work).
    """

    folder: Path | None = None
    keep: int = DEFAULT_KEEP
    every: timedelta = DEFAULT_EVERY
    enabled: bool = True

    def backups_folder(self) -> Path:
        """The folder backups go to, resolved now (so ``JAGDESK_HOME`` is honoured)."""
        return self.folder if self.folder is not None else user_paths().backups


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in the backups folder.

    Attributes:
        path: the backup file.
        taken_at: when it was taken (UTC).
        size: its size in bytes.
        kind: why it was taken: ``manual``, ``daily``, ``pre-migration`` or ``pre-restore``.
    """

    path: Path
    taken_at: datetime
    size: int
    kind: str


# --- copying and checking ---------------------------------------------------------------------

@contextlib.contextmanager
def _connection(path: Path, *, read_only: bool) -> Iterator[sqlite3.Connection]:
    """A plain connection that is always closed (the ``with`` of sqlite3 only commits)."""
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {_db().BUSY_TIMEOUT_MS}")
        yield conn
    finally:
        conn.close()


def _db() -> ModuleType:
    # The database module (and the schema it loads) brings in sqlite-utils and pandas; the
    # window imports this module at start-up only to offer backups, so it loads them on first use.
    from jagdesk.store import db

    return db


def verify_database(path: Path) -> None:
    """Check that a file is a sound JagDesk database this version can read.

    Raises:
        StoreUnavailable: naming the file and what is wrong with it.
    """
    if not path.is_file():
        raise StoreUnavailable(f"{path} does not exist", reason="missing")
    _db().inspect_file(path)
    from jagdesk.store.schema import APPLICATION_ID, SCHEMA_VERSION
    try:
        with _connection(path, read_only=True) as conn:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreUnavailable(f"{path} is damaged and cannot be read ({exc})", reason="damaged") from exc
    if integrity != ["ok"]:
        raise StoreUnavailable(f"{path} is damaged: {integrity[0]}", reason="damaged")
    if app_id != APPLICATION_ID or version < 1:
        raise StoreUnavailable(f"{path} is not a JagDesk database", reason="foreign")
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(f"{path} was written by a newer JagDesk (schema {version})", reason="newer")


def backup_connection(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy an open database to ``target`` (which must not exist) and verify the copy.

    The copy holds every committed row, including those still in the write-ahead log, and is
    a single self-contained file (rollback journal mode, no ``-wal`` beside it).

    Raises:
        StoreUnavailable: the target exists, cannot be written, or the copy failed its check.
    """
    if target.exists():
        raise StoreUnavailable(f"{target} already exists; choose a new file name for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with _connection(partial, read_only=False) as copy:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        verify_database(partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"Could not write the backup {target}: {exc}") from exc
    except OSError as exc:
        raise StoreUnavailable(f"Could not write the backup {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    log.info("backup written: %s", target)
    return target


def backup_file(db_path: Path, target: Path) -> Path:
    """Take a verified backup of the database file ``db_path`` into ``target``.

    Raises:
        StoreUnavailable: the database is missing, damaged or foreign, or the copy failed.
    """
    verify_database(db_path)
    if target.resolve() == db_path.resolve():
        raise StoreUnavailable(f"{target} is the database itself; choose another file for the backup")
    with _connection(db_path, read_only=True) as conn:
        return backup_connection(conn, target)


# --- the backups folder -----------------------------------------------------------------------

def _prefix(db_path: Path) -> str:
    """File-name prefix of one database's backups: its name plus a digest of its full path."""
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:8]
    return f"{db_path.stem}-{digest}"


def _info(path: Path) -> BackupInfo | None:
    match = _NAME.search(path.name)
    if match is None:
        return None
    taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    return BackupInfo(path, taken, path.stat().st_size, match["kind"])


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of one database, newest first, with when they were taken and their size."""
    folder = folder if folder is not None else BackupPolicy().backups_folder()
    if not folder.is_dir():
        return []
    found = (_info(p) for p in folder.glob(f"{glob_escape(_prefix(db_path))}-*.sqlite"))
    return sorted((b for b in found if b is not None), key=lambda b: b.taken_at, reverse=True)


def glob_escape(text: str) -> str:
    """Escape ``*``, ``?`` and ``[`` so a file name can be used in a glob pattern."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _new_backup_path(db_path: Path, kind: str, folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime(_STAMP)
    return folder / f"{_prefix(db_path)}-{stamp}-{kind}.sqlite"


def prune_backups(db_path: Path, keep: int, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups of a database; return the deleted files."""
    old = list_backups(db_path, folder)[max(keep, 1):]
    for backup in old:
        backup.path.unlink(missing_ok=True)
        log.info("old backup deleted: %s", backup.path)
    return [b.path for b in old]


def take_backup(db_path: Path, kind: str = "manual", policy: BackupPolicy | None = None,
                conn: sqlite3.Connection | None = None) -> BackupInfo:
    """Back a database up into the backups folder, then keep only the newest ``policy.keep``.

    Args:
        db_path: the database file.
        kind: why the backup is taken (part of its file name).
        policy: folder and how many to keep; default: the per-user folder, 10 kept.
        conn: an open connection to copy from, when the caller holds one.
    """
    policy = policy or BackupPolicy()
    folder = policy.backups_folder()
    target = _new_backup_path(db_path, kind, folder)
    if conn is not None:
        backup_connection(conn, target)
    else:
        backup_file(db_path, target)
    prune_backups(db_path, policy.keep, folder)
    info = _info(target)
    assert info is not None  # the name was made by _new_backup_path
    return info


def backup_on_open(conn: sqlite3.Connection, db_path: Path, *, migrating: bool,
                   policy: BackupPolicy | None = None) -> BackupInfo | None:
    """The automatic backup when a database is opened: before a migration, or once a day.

    Returns:
        The backup taken, or None when none was due.
    """
    policy = policy or BackupPolicy()
    if not policy.enabled:
        return None
    if migrating:
        return take_backup(db_path, "pre-migration", policy, conn)
    newest = list_backups(db_path, policy.backups_folder())
    if newest and datetime.now(UTC) - newest[0].taken_at < policy.every:
        return None
    return take_backup(db_path, "daily", policy, conn)


# --- restoring --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    """What a restore did.

    Attributes:
        restored_from: the backup copied over the database.
        previous: where the database as it was before is kept (a backup, or the damaged
            file moved aside), or None when there was no database.
    """

    restored_from: Path
    previous: Path | None


def restore_backup(db_path: Path, backup: Path, policy: BackupPolicy | None = None) -> RestoreResult:
    """Replace a database's contents with a backup's, keeping the current file first.

    The backup is checked before anything is touched. The current database is backed up
    (or, when damaged, moved aside unchanged) and the backup is copied in through the SQLite
    backup API, so other connections to the file see the restored data, then checked again.

    Raises:
        StoreUnavailable: the backup is unsound, the current file belongs to another program,
            or the restored file fails its check.
    """
    policy = policy or BackupPolicy()
    verify_database(backup)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise StoreUnavailable(f"{backup} is the database itself; choose a backup to restore")
    previous = _keep_current(db_path, policy)
    try:
        with _connection(backup, read_only=True) as source, \
                _connection(db_path, read_only=False) as target:
            source.backup(target)
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"Could not restore {backup} into {db_path}: {exc}; "
                               f"the previous file is kept as {previous}") from exc
    verify_database(db_path)
    log.info("restored %s from %s", db_path, backup)
    return RestoreResult(backup, previous)


def _keep_current(db_path: Path, policy: BackupPolicy) -> Path | None:
    """Back up the current database; a damaged one is moved aside as it is instead."""
    if not db_path.exists():
        return None
    try:
        return take_backup(db_path, "pre-restore", policy).path
    except StoreUnavailable as error:
        if error.reason != "damaged":
            raise
    return _move_aside(db_path, policy.backups_folder())


def _move_aside(db_path: Path, folder: Path) -> Path:
    """Move a damaged database and its write-ahead log, unchanged, into the backups folder."""
    folder.mkdir(parents=True, exist_ok=True)
    target = _new_backup_path(db_path, "damaged", folder).with_suffix(".damaged")
    shutil.move(db_path, target)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        shutil.move(wal, target.with_name(target.name + "-wal"))
    db_path.with_name(db_path.name + "-shm").unlink(missing_ok=True)
    log.warning("damaged database moved aside to %s", target)
    return target
