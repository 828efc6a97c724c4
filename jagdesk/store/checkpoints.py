"""Copying committed pages from the write-ahead log into the database beside the writer."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class BackgroundCheckpoints:
    """A thread with a connection of its own that checkpoints the log after each commit.

    In WAL mode a checkpoint may run while another connection writes: it copies the frames
    committed so far and leaves newer ones for next time. An import run that copied its log
    only at the end waited for all of it (a force-year writes about 40 MB of log, and the copy
    took a tenth of the run); copied here, file by file, while the next file is stored, the
    end has one file's pages left. The log itself still grows through the run: SQLite starts
    it again only for a transaction begun after a complete copy, and the writer begins the
    next file at once (waiting for each copy instead made a million rows a third slower).
    Told of a commit (``committed``) it wakes; ``stop`` waits for the copy under way.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="jagdesk-checkpoints",
                                        daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """A transaction was committed: copy its pages when the last copy is done."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the copy under way, if any, and end the thread."""
        self._stopping = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            # mode=rw: never make a file where there is none
            conn = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=rw", uri=True,
                                   isolation_level=None)
        except sqlite3.Error as exc:  # the writer's closing checkpoint copies everything then
            log.warning("Background checkpoints unavailable for %s: %s", self._path, exc)
            return
        try:
            conn.execute("PRAGMA synchronous = NORMAL")  # as the writer's connection
            while self._wait():
                # PASSIVE never waits for the writer or readers; it reports what it copied.
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:
            log.warning("Background checkpoint of %s failed: %s", self._path, exc)
        finally:
            conn.close()

    def _wait(self) -> bool:
        """Wait to be woken; whether there is a copy to make (not stopping)."""
        self._wake.wait()
        self._wake.clear()
        return not self._stopping
