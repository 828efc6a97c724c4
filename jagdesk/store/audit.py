"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so editing or removing
an entry by hand breaks the chain at that point, which ``verify_chain`` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jagdesk.domain.enums import AuditClass
from jagdesk.store.clock import utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One logged operation."""

    seq: int
    at: str
    actor: str
    operation: str
    audit_class: AuditClass
    table_name: str
    record_id: str
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


def _digest(prev_hash: str, fields: list[Any]) -> str:
    payload = json.dumps([prev_hash, *fields], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class AuditLog:
    """Writes and reads the audit log; call ``append`` inside the write's transaction."""

    def __init__(self, db: Database, actor: str) -> None:
        self._db = db
        self.actor = actor

    def _last_hash(self) -> str:
        row = self._db.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else GENESIS_HASH

    def append(
        self,
        operation: str,
        audit_class: AuditClass,
        table_name: str,
        record_id: str = "",
        *,
        summary: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry chained to the last one."""
        at = utc_now()
        before_text, after_text = _dump(before), _dump(after)
        fields = [at, self.actor, operation, audit_class.value, table_name, record_id, summary,
                  before_text, after_text]
        prev = self._last_hash()
        self._db.execute(
            "INSERT INTO audit_log (at, actor, operation, class, table_name, record_id, summary,"
            " before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [*fields, prev, _digest(prev, fields)],
        )

    def entries(self, table_name: str | None = None, record_id: str | None = None,
                limit: int = 1000, *, actor: str | None = None, since: str | None = None,
                until: str | None = None) -> list[AuditEntry]:
        """Return the newest entries first, optionally for one table, record, user or period.

        Args:
            table_name: only entries about this table.
            record_id: only entries about this record.
            limit: the most entries to return.
            actor: only entries written by this user.
            since: only entries at or after this UTC time (ISO-8601; a bare day means its start).
            until: only entries before the end of this UTC time or day (ISO-8601).
        """
        where, params = [], []
        for column, value in (("table_name", table_name), ("record_id", record_id),
                              ("actor", actor)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if since:
            where.append("at >= ?")
            params.append(since)
        if until:
            # A bare day or minute covers all of it: compare against the next possible prefix.
            where.append("at < ?")
            params.append(until + "\uffff")
        sql = "SELECT * FROM audit_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY seq DESC LIMIT {int(limit)}"
        return [_entry(row) for row in self._db.query(sql, params)]

    def actors(self) -> list[str]:
        """Return every user name that appears in the log, sorted."""
        return [row[0] for row in self._db.execute(
            "SELECT DISTINCT actor FROM audit_log ORDER BY actor")]

    def table_names(self) -> list[str]:
        """Return every record type (table) that appears in the log, sorted."""
        return [row[0] for row in self._db.execute(
            "SELECT DISTINCT table_name FROM audit_log ORDER BY table_name")]

    def verify_chain(self) -> str | None:
        """Return a description of the first broken entry, or None when the chain holds."""
        prev = GENESIS_HASH
        for row in _rows_in_order(self._db):
            fields = [row["at"], row["actor"], row["operation"], row["class"], row["table_name"],
                      row["record_id"], row["summary"], row["before"], row["after"]]
            if row["prev_hash"] != prev or _digest(prev, fields) != row["hash"]:
                return (f"audit log entry {row['seq']} ({row['operation']} {row['table_name']} "
                        f"at {row['at']}) does not match the chain: it was altered, or an entry "
                        "before it was removed")
            prev = row["hash"]
        return None


def _rows_in_order(db: Database) -> Iterator[dict[str, Any]]:
    yield from db.query("SELECT * FROM audit_log ORDER BY seq")


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"], at=row["at"], actor=row["actor"], operation=row["operation"],
        audit_class=AuditClass(row["class"]), table_name=row["table_name"],
        record_id=row["record_id"], summary=row["summary"],
        before=json.loads(row["before"]) if row["before"] else None,
        after=json.loads(row["after"]) if row["after"] else None,
        prev_hash=row["prev_hash"], hash=row["hash"],
    )
