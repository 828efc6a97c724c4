"""A generic repository: dataclass records in, dataclass records out, every write audited."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, Union

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.records import Record
from jagdesk.errors import ConflictError, NotFoundError
from jagdesk.store.audit import AuditLog
from jagdesk.store.clock import utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

R = TypeVar("R", bound=Record)


@cache
def _field_kinds(cls: Any) -> dict[str, type | None]:
    """Map each field to the Enum or bool type it must be converted to, or None."""
    kinds: dict[str, type | None] = {}
    for name, hint in typing.get_type_hints(cls).items():
        options = typing.get_args(hint) if typing.get_origin(hint) in (Union, types.UnionType) else (hint,)
        target = next((o for o in options if isinstance(o, type) and issubclass(o, (Enum, bool))), None)
        kinds[name] = target
    return kinds


def to_row(record: Any, json_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """Turn a dataclass record into a row of plain SQLite values."""
    row = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in json_fields and value is not None:
            value = json.dumps(value, separators=(",", ":"))
        elif isinstance(value, Enum):
            value = value.value
        elif isinstance(value, bool):
            value = int(value)
        row[f.name] = value
    return row


def from_row(cls: Any, row: dict[str, Any], json_fields: tuple[str, ...] = ()) -> Any:
    """Build a dataclass record from a row, ignoring columns the class does not have."""
    kinds = _field_kinds(cls)
    values = {}
    for name, kind in kinds.items():
        if name not in row:
            continue
        value = row[name]
        if name in json_fields and value is not None:
            value = json.loads(value)
        elif kind is not None and value is not None:
            value = kind(value)
        values[name] = value
    return cls(**values)


class Repo(Generic[R]):
    """Create, read, update and delete one table's records with optimistic versioning.

    Subclasses set ``table``, ``record_type`` and, where a column holds JSON, ``json_fields``.
    """

    table: ClassVar[str]
    record_type: ClassVar[type]
    json_fields: ClassVar[tuple[str, ...]] = ()
    order_by: ClassVar[str] = "rowid"

    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    # --- reading -------------------------------------------------------------------------
    def _from_row(self, row: dict[str, Any]) -> R:
        return typing.cast(R, from_row(self.record_type, row, self.json_fields))

    def get(self, record_id: str) -> R:
        """Return the record with this id.

        Raises:
            NotFoundError: when there is none.
        """
        rows = list(self._db.query(f"SELECT * FROM {self.table} WHERE id = ?", [record_id]))
        if not rows:
            raise NotFoundError(f"No {self.table.replace('_', ' ')} with id {record_id}")
        return self._from_row(rows[0])

    def find(self, where: str = "", params: list[Any] | None = None,
             order_by: str | None = None) -> list[R]:
        """Return the records matching an SQL condition, in ``order_by`` order."""
        sql = f"SELECT * FROM {self.table}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order_by or self.order_by}"
        return [self._from_row(row) for row in self._db.query(sql, params or [])]

    def all(self) -> list[R]:
        """Return every record."""
        return self.find()

    def count(self) -> int:
        """Return how many records there are."""
        return int(self._db.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0])

    # --- writing -------------------------------------------------------------------------
    def _extra_columns(self, record: R) -> dict[str, Any]:
        """Columns derived from the record (bounding boxes and such); none by default."""
        del record
        return {}

    def _prepare(self, record: R) -> None:
        """Fill in derived fields such as human references before a first save."""

    def add(self, record: R, *, audit_class: AuditClass = AuditClass.COLLECTION) -> R:
        """Insert a new record, stamping its timestamps and author, and audit it."""
        with self._db.atomic():
            now = utc_now()
            self._prepare(record)
            record = dataclasses.replace(record, created_at=now, updated_at=now,
                                         created_by=self._audit.actor,
                                         updated_by=self._audit.actor, version=1)
            row = to_row(record, self.json_fields) | self._extra_columns(record)
            self._db[self.table].insert(row)  # type: ignore[union-attr]
            self._audit.append("create", audit_class, self.table, record.id,
                               summary=self._summary(record), after=to_row(record, self.json_fields))
        return record

    def update(self, record: R) -> R:
        """Save changes to a record read earlier.

        Raises:
            ConflictError: when someone else saved the record since it was read.
        """
        with self._db.atomic():
            before = self.get(record.id)
            if before.version != record.version:
                raise self._conflict(record)
            record = dataclasses.replace(record, updated_at=utc_now(),
                                         updated_by=self._audit.actor, version=record.version + 1)
            row = to_row(record, self.json_fields) | self._extra_columns(record)
            assignments = ", ".join(f'"{column}" = ?' for column in row)
            cursor = self._db.execute(
                f"UPDATE {self.table} SET {assignments} WHERE id = ? AND version = ?",
                [*row.values(), record.id, before.version],
            )
            if cursor.rowcount != 1:
                raise self._conflict(record)
            self._audit.append("update", AuditClass.ALTERATION, self.table, record.id,
                               summary=self._summary(record),
                               before=to_row(before, self.json_fields),
                               after=to_row(record, self.json_fields))
        return record

    def delete(self, record_id: str) -> None:
        """Delete a record and log the erasure (the entry keeps no content, only the id)."""
        with self._db.atomic():
            before = self.get(record_id)
            self._db.execute(f"DELETE FROM {self.table} WHERE id = ?", [record_id])
            self._audit.append("delete", AuditClass.ERASURE, self.table, record_id,
                               summary=self._erasure_summary(before))

    def _conflict(self, record: R) -> ConflictError:
        return ConflictError(
            f"{self._summary(record)} was changed by someone else since you opened it. "
            "Reopen it to see their changes, then make yours again."
        )

    def _summary(self, record: R) -> str:
        """A short description for the audit log; override to name the record."""
        return f"{self.table} {record.id}"

    def _erasure_summary(self, record: R) -> str:
        """What an erasure entry may say: its reference, never its content."""
        ref = getattr(record, "ref", "")
        return f"{self.table} {ref or record.id} deleted"
