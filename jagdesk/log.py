"""Logging to a rotating file in the per-user log folder, and to stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "jagdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Marks the handlers this module installed, so a second call replaces rather than doubles them.
_OURS = "_jagdesk_handler"


def setup_logging(log_dir: Path, level: int = logging.INFO, *, to_stderr: bool = True) -> Path:
    """Send log records to ``log_dir/jagdesk.log`` (rotated) and, optionally, to stderr.

    Safe to call more than once: handlers installed by an earlier call are replaced.

    Args:
        log_dir: the folder for log files, created when missing.
        level: the lowest level recorded.
        to_stderr: also print warnings and errors to stderr.

    Returns:
        The path of the current log file.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True)
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    _add(root, file_handler)
    if to_stderr:
        console = logging.StreamHandler()
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("jagdesk: %(levelname)s: %(message)s"))
        _add(root, console)
    root.setLevel(level)
    return path


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    setattr(handler, _OURS, True)
    root.addHandler(handler)
