"""Checkpoints made by a thread of their own beside the writer."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from jagdesk.store.checkpoints import BackgroundCheckpoints
from tests.sqlite_pages import grows_past


def _logged_database(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # only the thread copies
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return conn


def test_a_commit_it_is_told_of_is_copied_into_the_database(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    writer = _logged_database(path)
    size_before = path.stat().st_size
    copier = BackgroundCheckpoints(path)
    writer.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 500)
    copier.committed()
    assert grows_past(path, size_before)
    copier.stop()
    writer.close()


def test_a_file_that_is_not_there_is_not_made(tmp_path: Path) -> None:
    copier = BackgroundCheckpoints(tmp_path / "db.sqlite")
    copier.committed()
    copier.stop()
    assert not (tmp_path / "db.sqlite").exists()


def test_a_file_it_cannot_open_is_logged_and_left_to_the_writer(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="jagdesk.store.checkpoints"):
        copier = BackgroundCheckpoints(tmp_path / "no such folder" / "db.sqlite")
        copier.committed()
        copier.stop()
    assert "Background checkpoints unavailable" in caplog.text


def test_stopping_without_a_commit_copies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    writer = _logged_database(path)
    writer.execute("INSERT INTO t VALUES ('a')")
    size_before = path.stat().st_size
    copier = BackgroundCheckpoints(path)
    copier.stop()
    assert path.stat().st_size == size_before
    writer.close()
