"""Plans: saving, one per hotspot, priorities and closing with an evaluation."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk.domain.enums import AuditClass, PlanStatus
from jagdesk.domain.records import Hotspot, Plan
from jagdesk.errors import ValidationError
from jagdesk.services.plans import (
    ClosureEvaluation,
    close_plan,
    delete_plan,
    link_priorities,
    reopen_plan,
    save_plan,
)
from jagdesk.services.reference import ensure_reference_data
from jagdesk.store import Store

DAY = date(2026, 3, 14)
EVALUATION = ClosureEvaluation(outcome="ASB calls down by a third", what_worked="PSPO and outreach",
                               what_did_not="Lighting bid refused",
                               sustainability_check_on="2026-06-14")


def _state(store: Store) -> tuple[int, int]:
    entries = store.audit.entries(limit=1)
    return store.plans.count(), entries[0].seq if entries else 0


def _hotspot(store: Store) -> Hotspot:
    return store.hotspots.add(Hotspot(name="Clock Tower", radius_m=300,
                                      geometry={"type": "Point", "coordinates": [-1.13, 52.63]}))


def test_save_adds_then_updates(store: Store) -> None:
    hotspot = _hotspot(store)
    plan = save_plan(store, Plan(hotspot_id=hotspot.id, objective="Reduce street drinking"))
    assert plan.version == 1
    plan = save_plan(store, dataclasses.replace(plan, victim="Bus passengers"))
    assert plan.version == 2
    ops = [(e.operation, e.audit_class) for e in store.audit.entries("plan")]
    assert ops == [("update", AuditClass.ALTERATION), ("create", AuditClass.COLLECTION)]


@pytest.mark.parametrize("hotspot_id", ["", "no-such-hotspot"])
def test_plan_needs_an_existing_hotspot(store: Store, hotspot_id: str) -> None:
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        save_plan(store, Plan(hotspot_id=hotspot_id))
    assert "hotspot_id" in refused.value.problems
    assert _state(store) == before


def test_one_plan_per_hotspot(store: Store) -> None:
    hotspot = _hotspot(store)
    save_plan(store, Plan(hotspot_id=hotspot.id))
    before = _state(store)
    with pytest.raises(ValidationError, match="already has a plan"):
        save_plan(store, Plan(hotspot_id=hotspot.id))
    assert _state(store) == before


def test_cannot_close_without_evaluation(store: Store) -> None:
    plan = save_plan(store, Plan(hotspot_id=_hotspot(store).id))
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        save_plan(store, dataclasses.replace(plan, status=PlanStatus.CLOSED))
    assert "closure_outcome" in refused.value.problems
    empty = ClosureEvaluation(outcome="", what_worked="", what_did_not="",
                              sustainability_check_on=None)
    with pytest.raises(ValidationError) as refused:
        close_plan(store, plan.id, empty, today=DAY)
    assert set(refused.value.problems) == {"closure_outcome", "closure_what_worked",
                                           "closure_what_did_not", "sustainability_check_on"}
    assert _state(store) == before
    assert store.plans.get(plan.id).status is PlanStatus.DRAFT


def test_close_and_reopen(store: Store) -> None:
    plan = save_plan(store, Plan(hotspot_id=_hotspot(store).id, status=PlanStatus.ACTIVE))
    closed = close_plan(store, plan.id, EVALUATION, today=DAY)
    assert (closed.status, closed.closed_on) == (PlanStatus.CLOSED, "2026-03-14")
    assert closed.closure_what_did_not == "Lighting bid refused"
    reopened = reopen_plan(store, plan.id)
    assert reopened.status is PlanStatus.ACTIVE
    assert reopened.closed_on is None


def test_saving_as_closed_with_evaluation_stamps_the_date(store: Store) -> None:
    plan = Plan(hotspot_id=_hotspot(store).id, status=PlanStatus.CLOSED, closure_outcome="o",
                closure_what_worked="w", closure_what_did_not="n",
                sustainability_check_on="2026-09-01")
    assert save_plan(store, plan, today=DAY).closed_on == "2026-03-14"


def test_link_priorities(store: Store) -> None:
    ensure_reference_data(store)
    plan = save_plan(store, Plan(hotspot_id=_hotspot(store).id))
    items = store.framework_items.all()[:2]
    link_priorities(store, plan.id, [i.id for i in items])
    assert store.plans.framework_item_ids(plan.id) == sorted(i.id for i in items)
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        link_priorities(store, plan.id, ["made-up"])
    assert "framework_items" in refused.value.problems
    assert _state(store) == before
    assert len(store.plans.framework_item_ids(plan.id)) == 2


def test_delete_plan_is_audited(store: Store) -> None:
    plan = save_plan(store, Plan(hotspot_id=_hotspot(store).id))
    delete_plan(store, plan.id)
    assert store.plans.count() == 0
    assert store.audit.entries("plan")[0].audit_class is AuditClass.ERASURE
