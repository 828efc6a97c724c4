"""The page size of an SQLite file, for tests that damage a file page by page."""

from __future__ import annotations

from pathlib import Path


def page_size(path: Path) -> int:
    """Read from the file header (bytes 16-17, big-endian; 1 stands for 65536)."""
    with path.open("rb") as handle:
        handle.seek(16)
        size = int.from_bytes(handle.read(2), "big")
    return 65536 if size == 1 else size
