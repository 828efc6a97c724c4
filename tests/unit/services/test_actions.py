"""Actions: links checked, dated updates, and the action log with overdue flags."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk.domain.enums import ActionStatus, AuditClass
from jagdesk.domain.records import Action, Contact, Hotspot, Partner, Plan
from jagdesk.errors import ValidationError
from jagdesk.services.actions import (
    action_log,
    add_action,
    add_update,
    delete_action,
    overdue_actions,
    update_action,
)
from jagdesk.store import Store

TODAY = date(2026, 3, 14)


@dataclasses.dataclass
class World:
    council: Partner
    police: Partner
    officer: Contact
    hotspot: Hotspot
    plan: Plan


@pytest.fixture
def world(store: Store) -> World:
    council = store.partners.add(Partner(name="Leicester City Council", partner_type="council"))
    police = store.partners.add(Partner(name="Leicestershire Police", partner_type="police"))
    officer = store.contacts.add(Contact(partner_id=council.id, name="Waste Officer"))
    hotspot = store.hotspots.add(Hotspot(name="Clock Tower", radius_m=300,
                                         geometry={"type": "Point", "coordinates": [-1.13, 52.63]}))
    plan = store.plans.add(Plan(hotspot_id=hotspot.id))
    return World(council, police, officer, hotspot, plan)


def _state(store: Store) -> tuple[int, int, int]:
    entries = store.audit.entries(limit=1)
    return store.actions.count(), store.action_updates.count(), entries[0].seq if entries else 0


def _action(world: World, **changes: object) -> Action:
    action = Action(title="Clear the alleyway", owner_partner_id=world.council.id,
                    owner_contact_id=world.officer.id, plan_id=world.plan.id,
                    started_on="2026-03-01", due_on="2026-03-31")
    return dataclasses.replace(action, **changes)


def test_add_takes_the_plans_hotspot_and_is_audited(store: Store, world: World) -> None:
    saved = add_action(store, _action(world))
    assert saved.hotspot_id == world.hotspot.id
    assert saved.ref == "AC-0001"
    changed = update_action(store, dataclasses.replace(saved, due_on="2026-04-30"))
    assert changed.version == 2
    classes = [e.audit_class for e in store.audit.entries("action")]
    assert classes == [AuditClass.ALTERATION, AuditClass.COLLECTION]


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": ""}, "title"),
    ({"owner_partner_id": "unknown"}, "owner_partner_id"),
    ({"due_on": "2026-02-01"}, "due_on"),
    ({"status": ActionStatus.DONE}, "completed_on"),
    ({"owner_contact_id": "unknown"}, "owner_contact_id"),
    ({"plan_id": "unknown"}, "plan_id"),
    ({"tactic_id": "unknown"}, "tactic_id"),
])
def test_bad_actions_save_nothing(store: Store, world: World, changes: dict[str, object],
                                  field: str) -> None:
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        add_action(store, _action(world, **changes))
    assert field in refused.value.problems
    assert _state(store) == before


def test_contact_must_work_for_the_owner(store: Store, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        add_action(store, _action(world, owner_partner_id=world.police.id))
    assert "owner_contact_id" in refused.value.problems


def test_plan_of_another_hotspot_is_refused(store: Store, world: World) -> None:
    other = store.hotspots.add(dataclasses.replace(world.hotspot, id="other", ref="", name="Other"))
    with pytest.raises(ValidationError) as refused:
        add_action(store, _action(world, hotspot_id=other.id))
    assert "plan_id" in refused.value.problems


def test_updates_are_dated_and_can_finish_the_action(store: Store, world: World) -> None:
    saved = add_action(store, _action(world))
    noted = add_update(store, saved.id, on="2026-03-05", note="Contractor booked")
    assert noted.action.version == saved.version
    done = add_update(store, saved.id, on="2026-03-20", note="Cleared",
                      status=ActionStatus.DONE)
    assert done.action.status is ActionStatus.DONE
    assert done.action.completed_on == "2026-03-20"
    assert [u.note for u in store.action_updates.for_action(saved.id)] == [
        "Contractor booked", "Cleared"]
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        add_update(store, saved.id, on="someday", note="")
    assert set(refused.value.problems) == {"on", "note"}
    assert _state(store) == before
    reopened = add_update(store, saved.id, on="2026-03-21", note="Dumped again",
                          status=ActionStatus.OPEN)
    assert reopened.action.completed_on is None
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        add_update(store, saved.id, on="2026-02-01", note="Back-dated", status=ActionStatus.DONE)
    assert "on" in refused.value.problems
    assert _state(store) == before
    delete_action(store, saved.id)
    assert _state(store)[:2] == (0, 0)


def test_action_log_filters_and_flags_overdue(store: Store, world: World) -> None:
    late = add_action(store, _action(world, title="Late", due_on="2026-03-10"))
    add_action(store, _action(world, title="This month", due_on="2026-03-31"))
    add_action(store, _action(world, title="Done", due_on="2026-03-05",
                              status=ActionStatus.DONE, completed_on="2026-03-04"))
    add_action(store, _action(world, title="Police", owner_partner_id=world.police.id,
                              owner_contact_id=None, due_on="2026-03-20"))
    add_action(store, _action(world, title="Next month", due_on="2026-04-15"))
    march = action_log(store, world.council.id, due_after=date(2026, 3, 1),
                       due_before=date(2026, 3, 31), unfinished_only=True, today=TODAY)
    assert [row.action.title for row in march] == ["Late", "This month"]
    assert [row.overdue for row in march] == [True, False]
    assert march[0].days_overdue == 4
    assert march[0].partner_name == "Leicester City Council"
    assert march[0].contact_name == "Waste Officer"
    assert march[0].hotspot_ref == world.hotspot.ref
    done = action_log(store, status=ActionStatus.DONE, today=TODAY)
    assert [row.action.title for row in done] == ["Done"]
    assert not done[0].overdue
    assert [row.action.id for row in overdue_actions(store, TODAY)] == [late.id]
