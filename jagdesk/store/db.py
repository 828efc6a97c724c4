"""Opening a JagDesk database: refusing foreign or damaged files, pragmas and migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from jagdesk.errors import StoreUnavailable
from jagdesk.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

if TYPE_CHECKING:
    from jagdesk.store.backup import BackupPolicy

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def inspect_file(path: Path) -> None:
    """Refuse a file that exists but is not SQLite, before SQLite can touch it.

    Raises:
        StoreUnavailable: with a plain-words reason naming the file.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise StoreUnavailable(f"{path} is a folder, not a JagDesk database", reason="foreign")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreUnavailable(f"{path} is not a JagDesk database (it is not an SQLite file)",
                               reason="foreign")


def upgrade_due(path: Path) -> bool:
    """Whether ``path`` is a JagDesk database of an older schema, which opening it upgrades.

    Only looks: anything unexpected (no file, another program's, damaged) answers False and is
    left for opening to explain.
    """
    if not path.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro",
                                                uri=True)) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return False
    return bool(app_id == APPLICATION_ID and version < SCHEMA_VERSION)


def _identify(db: Database, path: Path) -> None:
    """Refuse an SQLite file that belongs to another program or to a newer JagDesk."""
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
        has_tables = bool(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise StoreUnavailable(f"{path} is damaged and cannot be read ({exc})",
                               reason="damaged") from exc
    if app_id == 0 and not has_tables:
        return  # a new, empty file: ours to set up
    if app_id != APPLICATION_ID:
        raise StoreUnavailable(f"{path} is an SQLite file of another program, not a JagDesk database",
                               reason="foreign")
    if user_version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"{path} was written by a newer JagDesk (schema {user_version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update JagDesk to open it.", reason="newer"
        )


def quick_check(db: Database, path: Path) -> None:
    """Refuse a damaged file, found by ``PRAGMA quick_check``; the file is left as it is."""
    try:
        result = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        result = [str(exc)]
    if result != ["ok"]:
        raise StoreUnavailable(
            f"{path} is damaged ({' '.join(result[0].split())}). JagDesk has left it as it is: open a backup "
            "of it instead, or choose another file.", reason="damaged")


def is_read_only_location(path: Path) -> bool:
    """Whether JagDesk could not write the file, or the write-ahead log files beside it."""
    if path.exists() and not os.access(path, os.W_OK):
        return True
    # a missing folder is not a permission problem; opening reports it
    return path.parent.exists() and not os.access(path.parent, os.W_OK)


def _refuse_read_only_location(path: Path) -> None:
    if is_read_only_location(path):
        raise StoreUnavailable(
            f"{path} is in a place JagDesk cannot write to. Open it read-only to look at it, "
            "or copy it to a folder of yours and open the copy.", reason="read_only")


CACHE_KIB = 64 * 1024
# Pages of 16 KB rather than SQLite's 4 KB: an import adds rows all over the incident indexes,
# and a quarter as many pages means a quarter as many to find, split and log (a force-year
# imports about 10% faster, a million incidents 13%); queries read the same or less.
PAGE_SIZE = 16 * 1024


def connect(path: Path, *, read_only: bool = False) -> Database:
    """Open the SQLite connection with JagDesk's pragmas, without touching the schema."""
    try:
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            db = Database(conn)
        else:
            db = Database(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"{path} cannot be opened: {exc}") from exc
    return db


def open_database(path: Path, *, read_only: bool = False, migrate: bool = True,
                  backups: BackupPolicy | None = None, check_pages: bool = True) -> Database:
    """Open (creating when absent) a JagDesk database and bring its schema up to date.

    An existing database is backed up first when a migration is due, or when its newest
    backup is a day old or more (``backups`` sets the folder, the interval and how many to keep).
    ``check_pages=False`` skips ``PRAGMA quick_check``, which reads the whole file (a third of
    a second for a million incidents): for a second connection to a file this program has just
    opened and checked.

    Raises:
        StoreUnavailable: when the file is not SQLite, is damaged, belongs to another program,
            is from a newer version, or cannot be opened.
    """
    inspect_file(path)
    if read_only and not path.exists():
        raise StoreUnavailable(f"{path} does not exist", reason="missing")
    if not read_only:
        _refuse_read_only_location(path)
    db = connect(path, read_only=read_only)
    try:
        _identify(db, path)
        if check_pages:
            quick_check(db, path)
        # A force-year import touches the incident table and three indexes at once; with
        # SQLite's default 2 MB cache their pages keep evicting each other.
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if not read_only:
            # Only a new file takes it: SQLite fixes the page size when it writes the first page,
            # so an existing database keeps its own.
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                _backup_before_use(db, path, backups)
                _migrate(db)
    except sqlite3.OperationalError as exc:
        db.close()
        reason = "read_only" if "readonly" in str(exc) else "unavailable"
        raise StoreUnavailable(f"{path} cannot be used: {exc}", reason=reason) from exc
    except BaseException:
        db.close()
        raise
    return db


def _backup_before_use(db: Database, path: Path, policy: BackupPolicy | None) -> None:
    """Take the automatic backup of an existing database; a new, empty one has nothing to keep."""
    if not db.table_names():
        return
    from jagdesk.store.backup import backup_on_open  # backup builds on this module

    backup_on_open(db.conn, path, migrating=bool(migrations.pending(db)), policy=policy)


def _migrate(db: Database) -> None:
    if not migrations.pending(db):
        return
    migrations.apply(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's operational failures (locked, read-only, disk full) into a user error."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise StoreUnavailable(f"{path}: {exc}") from exc
