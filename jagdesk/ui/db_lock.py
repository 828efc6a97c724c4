"""One JagDesk window per database file, told apart with a ``QLockFile`` beside the file.

The lock is advisory: SQLite itself keeps concurrent use safe (write-ahead log, busy timeout,
version checks on every edit). It lets a second window say "this is open elsewhere" instead
of surprising two people with each other's changes. A lock left by a process that no longer
runs on this computer is reclaimed by Qt on the next attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".jagdesk-lock"


def lock_path(db_path: Path) -> Path:
    """The lock file of a database: beside it, named after it."""
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database's lock."""

    pid: int
    host: str
    app: str

    def describe(self) -> str:
        host = f" on {self.host}" if self.host else ""
        return f"process {self.pid}{host}"


class DatabaseLock:
    """The lock of one database file, held while a window has the file open."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = QLockFile(str(lock_path(db_path)))
        # A window may keep a database open for days: only a dead holder makes a lock stale.
        self._lock.setStaleLockTime(0)

    def try_lock(self) -> LockHolder | None:
        """Take the lock; returns None when taken, else who holds it.

        A folder JagDesk cannot write to cannot hold a lock file either; such a database
        is opened read-only anyway, so the attempt counts as taken.
        """
        if self._lock.tryLock(0):
            return None
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            log.info("no lock beside %s (%s)", self.db_path.name, self._lock.error().name)
            return None
        info: tuple[int, str, str] | None = self._lock.getLockInfo()
        if not info:  # the holder's file could not be read (it may have just let go)
            return LockHolder(0, "", "")
        pid, host, app = info
        return LockHolder(int(pid), str(host), str(app))

    def is_locked(self) -> bool:
        return self._lock.isLocked()

    def unlock(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
