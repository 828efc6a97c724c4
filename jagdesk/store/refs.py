"""Human-facing references such as ``HS-0042``, numbered per table."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database



def next_ref(db: Database, table: str, prefix: str) -> str:
    """Return the next free reference ``PREFIX-NNNN`` for a table with a ``ref`` column."""
    start = len(prefix) + 2
    row = db.execute(
        f"SELECT MAX(CAST(substr(ref, {start}) AS INTEGER)) FROM {table} WHERE ref LIKE ?",
        [f"{prefix}-%"],
    ).fetchone()
    return f"{prefix}-{(row[0] or 0) + 1:04d}"
