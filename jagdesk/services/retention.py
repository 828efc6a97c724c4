"""Records kept past their retention period: listing them for review and erasing them.

Erasure is for real: the rows are deleted with SQLite's ``secure_delete`` on, so their
content is overwritten rather than left in free pages, and the audit log records each
erasure without the erased content.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.domain.enums import AuditClass
from jagdesk.errors import UserError
from jagdesk.services.actions import delete_action
from jagdesk.services.hotspots import delete_hotspot
from jagdesk.services.incidents import delete_incident
from jagdesk.services.partners import delete_contact
from jagdesk.services.plans import delete_plan
from jagdesk.services.preferences import RECORD_TYPE_LABELS, load_settings
from jagdesk.store.retention import RECORD_TYPES, Ended, ended_before, secure_delete

if TYPE_CHECKING:
    from jagdesk.store import Store

__all__ = ["RECORD_TYPES", "RECORD_TYPE_LABELS", "Ended", "cutoff", "erase", "past_retention"]

_DELETERS: dict[str, Callable[[Store, str], None]] = {
    "hotspot": delete_hotspot,
    "plan": delete_plan,
    "action": delete_action,
    "incident": lambda store, record_id: delete_incident(store, int(record_id)),
    "contact": delete_contact,
}


def cutoff(today: date, months: int) -> str:
    """The day ``months`` months before ``today`` (clamped to the month's end), as YYYY-MM-DD."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    raise AssertionError("unreachable: day 1 exists in every month")


def past_retention(store: Store, *, today: date | None = None) -> list[Ended]:
    """Records whose work ended longer ago than their type's retention period, oldest first.

    Types without a period (0 months) are never listed.
    """
    today = today or date.today()
    months = load_settings(store).retention_months
    found: list[Ended] = []
    for record_type in RECORD_TYPES:
        if months.get(record_type, 0) > 0:
            found.extend(ended_before(store.db, record_type, cutoff(today, months[record_type])))
    return sorted(found, key=lambda e: (e.ended_on, e.record_type, e.label))


def erase(store: Store, records: Sequence[Ended], *, today: date | None = None) -> int:
    """Delete records permanently, all or none, and log the erasure without their content.

    Only records still past their retention period are erased; a record that was reopened or
    changed since it was listed stops the whole erasure.

    Returns:
        How many records were erased (records that went with an earlier one, such as a
        closed hotspot's plan, count once).

    Raises:
        UserError: a record is no longer past its retention period.
    """
    due = {(e.record_type, e.record_id) for e in past_retention(store, today=today)}
    stale = [e.label for e in records if (e.record_type, e.record_id) not in due]
    if stale:
        raise UserError(f"{stale[0]} is no longer past its retention period (it was changed "
                        "or reopened since the list was made); nothing was deleted.")
    erased = 0
    with secure_delete(store.db), store.atomic():
        for record in records:
            if _gone(store, record):
                continue  # deleted with the record it belonged to
            _DELETERS[record.record_type](store, record.record_id)
            store.audit.append("erase", AuditClass.ERASURE, record.record_type, record.record_id,
                               summary=f"{record.record_type} erased after its retention period")
            erased += 1
    return erased


def _gone(store: Store, record: Ended) -> bool:
    still = {(e.record_type, e.record_id) for e in ended_before(store.db, record.record_type,
                                                               "9999-12-31")}
    return (record.record_type, record.record_id) not in still
