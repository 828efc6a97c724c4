"""Audit entries can be filtered by user and by a period, as the audit viewer does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jagdesk.domain.records import Partner
from jagdesk.store import Store
from jagdesk.store.audit import AuditLog


def test_entries_by_user(store: Store) -> None:
    store.partners.add(Partner(name="Leicester City Council", partner_type="council"))
    other = AuditLog(store.db, "another.officer")
    other.append("export", store.audit.entries()[0].audit_class, "partner", summary="by hand")
    assert [e.actor for e in store.audit.entries(actor="another.officer")] == ["another.officer"]
    assert {e.actor for e in store.audit.entries(actor="tester")} == {"tester"}
    assert store.audit.actors() == ["another.officer", "tester"]
    assert store.audit.table_names() == ["partner"]


def test_entries_by_period_include_the_whole_last_day(store: Store) -> None:
    store.partners.add(Partner(name="Leicester City Council", partner_type="council"))
    today = datetime.now(UTC).date()
    yesterday = (today - timedelta(days=1)).isoformat()
    assert len(store.audit.entries(since=today.isoformat(), until=today.isoformat())) == 1
    assert store.audit.entries(until=yesterday) == []
    assert store.audit.entries(since=(today + timedelta(days=1)).isoformat()) == []
