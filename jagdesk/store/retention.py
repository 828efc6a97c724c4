"""Finding records kept longer than their retention period, and erasing them for real.

Each record type is measured from the date its work ended: a closed hotspot or plan from its
closing date, a finished action from its completion, a hand-logged incident from when it
happened, a contact from the end of their term. Open work is never listed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


# Each query yields (id, label, ended_on) for records whose work has ended; ended_on is a
# YYYY-MM-DD day. Labels name the record, never its free text.
_ENDED = {
    "hotspot": "SELECT id, ref || ' ' || name, COALESCE(closed_on, substr(updated_at, 1, 10)) "
               "FROM hotspot WHERE status = 'closed'",
    "plan": "SELECT p.id, 'Plan for ' || h.ref || ' ' || h.name, "
            "COALESCE(p.closed_on, substr(p.updated_at, 1, 10)) "
            "FROM plan p JOIN hotspot h ON h.id = p.hotspot_id WHERE p.status = 'closed'",
    "action": "SELECT id, ref || ' ' || title, COALESCE(completed_on, substr(updated_at, 1, 10)) "
              "FROM action WHERE status IN ('done', 'cancelled')",
    "incident": "SELECT CAST(id AS TEXT), 'Incident ' || id || ' · ' || category || ' · ' || month, "
                "COALESCE(substr(occurred_at, 1, 10), month || '-01') "
                "FROM incident WHERE source = 'manual'",
    "contact": "SELECT c.id, c.name || ' (' || p.name || ')', "
               "COALESCE(c.valid_to, substr(c.updated_at, 1, 10)) "
               "FROM contact c JOIN partner p ON p.id = c.partner_id",
}

RECORD_TYPES = tuple(_ENDED)


@dataclass(frozen=True)
class Ended:
    """A record whose work has ended, and when."""

    record_type: str
    record_id: str
    label: str
    ended_on: str


def ended_before(db: Database, record_type: str, cutoff: str) -> list[Ended]:
    """Records of one type whose work ended before ``cutoff`` (YYYY-MM-DD), oldest first."""
    rows = db.execute(f"WITH ended(id, label, ended_on) AS ({_ENDED[record_type]}) "
                      "SELECT id, label, ended_on FROM ended WHERE ended_on < ? "
                      "ORDER BY ended_on, label", [cutoff]).fetchall()
    return [Ended(record_type, str(r[0]), str(r[1]), str(r[2])) for r in rows]


@contextlib.contextmanager
def secure_delete(db: Database) -> Iterator[None]:
    """Within the block, deleted content is overwritten with zeros, not just unlinked.

    Afterwards the write-ahead log is checkpointed and truncated, so no earlier image of the
    erased pages stays in it either.
    """
    previous = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute(f"PRAGMA secure_delete = {int(previous)}")
    if not db.conn.in_transaction:
        with contextlib.suppress(sqlite3.OperationalError):  # readers elsewhere: it waits
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
