"""Opening a JagDesk database: refusing foreign or damaged files, pragmas and migrations."""

from __future__ import annotations

import contextlib
import getpass
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from jagdesk.errors import StoreUnavailable
from jagdesk.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def utc_now() -> str:
    """The current time as ISO-8601 UTC text, to the second, as the store keeps times."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def default_actor() -> str:
    """The OS account name, used as the author of changes unless the user set another."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no account name in some containers
        return "unknown"


def inspect_file(path: Path) -> None:
    """Refuse a file that exists but is not SQLite, before SQLite can touch it.

    Raises:
        StoreUnavailable: with a plain-words reason naming the file.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise StoreUnavailable(f"{path} is a folder, not a JagDesk database")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreUnavailable(f"{path} is not a JagDesk database (it is not an SQLite file)")


def _identify(db: Database, path: Path) -> None:
    """Refuse an SQLite file that belongs to another program or to a newer JagDesk."""
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
        has_tables = bool(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise StoreUnavailable(f"{path} is damaged and cannot be read ({exc})") from exc
    if app_id == 0 and not has_tables:
        return  # a new, empty file: ours to set up
    if app_id != APPLICATION_ID:
        raise StoreUnavailable(f"{path} is an SQLite file of another program, not a JagDesk database")
    if user_version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"{path} was written by a newer JagDesk (schema {user_version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update JagDesk to open it."
        )


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


def open_database(path: Path, *, read_only: bool = False, migrate: bool = True) -> Database:
    """Open (creating when absent) a JagDesk database and bring its schema up to date.

    Raises:
        StoreUnavailable: when the file is not SQLite, is damaged, belongs to another program,
            is from a newer version, or cannot be opened.
    """
    inspect_file(path)
    if read_only and not path.exists():
        raise StoreUnavailable(f"{path} does not exist")
    db = connect(path, read_only=read_only)
    try:
        _identify(db, path)
        if not read_only:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                _migrate(db)
    except sqlite3.OperationalError as exc:
        db.close()
        raise StoreUnavailable(f"{path} cannot be used: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db


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
