"""Repositories: records in and out, versions, references, audit entries and rollback."""

from __future__ import annotations

import dataclasses

import pytest

from jagdesk.domain.enums import AsbCategory, AuditClass, HotspotStatus, Rag
from jagdesk.domain.records import Action, Hotspot, Partner, Plan
from jagdesk.errors import ConflictError, NotFoundError
from jagdesk.store import Store

POINT = {"type": "Point", "coordinates": [-1.1332, 52.6344]}


def _hotspot(name: str = "Clock Tower street drinking") -> Hotspot:
    return Hotspot(name=name, geometry=POINT, radius_m=150, asb_category=AsbCategory.NUISANCE,
                   problem_type="street_drinking", rag=Rag.RED)


def test_add_then_get_returns_an_equal_record(store: Store) -> None:
    added = store.hotspots.add(_hotspot())
    got = store.hotspots.get(added.id)
    assert got == added
    assert got.ref == "HS-0001"
    assert got.version == 1
    assert got.created_by == "tester"
    assert got.asb_category is AsbCategory.NUISANCE
    assert got.geometry == POINT


def test_references_count_up(store: Store) -> None:
    refs = [store.hotspots.add(_hotspot(f"Place {n}")).ref for n in range(3)]
    assert refs == ["HS-0001", "HS-0002", "HS-0003"]


def test_update_bumps_the_version_and_is_audited(store: Store) -> None:
    added = store.hotspots.add(_hotspot())
    updated = store.hotspots.update(dataclasses.replace(added, status=HotspotStatus.OPEN))
    assert updated.version == 2
    entries = store.audit.entries("hotspot", added.id)
    assert [e.operation for e in entries] == ["update", "create"]
    assert entries[0].audit_class is AuditClass.ALTERATION
    assert entries[0].before is not None
    assert entries[0].before["status"] == "nominated"
    assert entries[0].after is not None
    assert entries[0].after["status"] == "open"


def test_stale_update_is_refused_and_changes_nothing(store: Store) -> None:
    added = store.hotspots.add(_hotspot())
    store.hotspots.update(dataclasses.replace(added, rag=Rag.GREEN))
    with pytest.raises(ConflictError, match="changed by someone else"):
        store.hotspots.update(dataclasses.replace(added, rag=Rag.AMBER))
    assert store.hotspots.get(added.id).rag is Rag.GREEN


def test_delete_logs_an_erasure_without_content(store: Store) -> None:
    added = store.hotspots.add(_hotspot("Secret name"))
    store.hotspots.delete(added.id)
    with pytest.raises(NotFoundError):
        store.hotspots.get(added.id)
    erasure = store.audit.entries("hotspot", added.id)[0]
    assert erasure.audit_class is AuditClass.ERASURE
    assert "Secret name" not in erasure.summary
    assert erasure.before is None
    assert erasure.after is None


def test_an_error_inside_atomic_rolls_everything_back(store: Store) -> None:
    audit_before = len(store.audit.entries())

    def add_hotspot_and_plan_then_fail() -> None:
        with store.atomic():
            hotspot = store.hotspots.add(_hotspot())
            store.plans.add(Plan(hotspot_id=hotspot.id, objective="Reduce street drinking"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        add_hotspot_and_plan_then_fail()
    assert store.hotspots.count() == 0
    assert store.plans.count() == 0
    assert len(store.audit.entries()) == audit_before


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"):
        store.actions.add(Action(title="Patrol", owner_partner_id="no-such-partner"))
    assert store.actions.count() == 0


def test_overdue_actions_are_found(store: Store) -> None:
    partner = store.partners.add(Partner(name="Leicester City Council", partner_type="council"))
    store.actions.add(Action(title="Clear fly-tipping", owner_partner_id=partner.id, due_on="2026-01-10"))
    store.actions.add(Action(title="Fit lighting", owner_partner_id=partner.id, due_on="2026-03-01"))
    assert [a.title for a in store.actions.overdue("2026-02-01")] == ["Clear fly-tipping"]


def test_a_plan_links_framework_priorities(store: Store) -> None:
    hotspot = store.hotspots.add(_hotspot())
    plan = store.plans.add(Plan(hotspot_id=hotspot.id))
    assert store.plans.framework_item_ids(plan.id) == []
    assert store.plans.for_hotspot(hotspot.id) == plan
