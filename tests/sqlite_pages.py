"""SQLite files seen from outside: the page size (for tests that damage a file page by page)
and waiting for a file to grow (for tests of pages copied in by another thread)."""

from __future__ import annotations

import time
from pathlib import Path


def page_size(path: Path) -> int:
    """Read from the file header (bytes 16-17, big-endian; 1 stands for 65536)."""
    with path.open("rb") as handle:
        handle.seek(16)
        size = int.from_bytes(handle.read(2), "big")
    return 65536 if size == 1 else size


def grows_past(path: Path, size: int, seconds: float = 10.0) -> bool:
    """Whether the file grows beyond ``size`` bytes within ``seconds``."""
    deadline = time.monotonic() + seconds
    while path.stat().st_size <= size and time.monotonic() < deadline:
        time.sleep(0.01)
    return path.stat().st_size > size
