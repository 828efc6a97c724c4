"""Responses and powers: defaults from the statutory clock, validation and lapsing powers."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk.domain.enums import AuditClass, PlanStatus
from jagdesk.domain.records import Hotspot, Plan, Response, Tactic
from jagdesk.errors import ValidationError
from jagdesk.services.reference import ensure_reference_data
from jagdesk.services.responses import (
    add_response,
    delete_response,
    lapsing_powers,
    update_response,
)
from jagdesk.store import Store

TODAY = date(2026, 3, 14)


def _state(store: Store) -> tuple[int, int]:
    entries = store.audit.entries(limit=1)
    return store.responses.count(), entries[0].seq if entries else 0


def _plan(store: Store, status: PlanStatus = PlanStatus.ACTIVE) -> Plan:
    hotspot = store.hotspots.add(Hotspot(name="Clock Tower", radius_m=300,
                                         geometry={"type": "Point", "coordinates": [-1.13, 52.63]}))
    return store.plans.add(Plan(hotspot_id=hotspot.id, status=status))


def _tactic(store: Store, code: str) -> Tactic:
    ensure_reference_data(store)
    tactic = store.tactics.by_code(code)
    assert tactic is not None
    return tactic


def test_power_expiry_defaults_to_its_clock(store: Store) -> None:
    plan = _plan(store)
    dispersal = _tactic(store, "dispersal")
    saved = add_response(store, Response(plan_id=plan.id, tactic_id=dispersal.id,
                                         started_on="2026-03-14"))
    assert saved.expires_on == "2026-03-16"
    assert store.audit.entries("response")[0].audit_class is AuditClass.COLLECTION
    changed = update_response(store, dataclasses.replace(saved, expires_on="2026-03-15"))
    assert changed.expires_on == "2026-03-15"
    delete_response(store, saved.id)
    assert store.audit.entries("response")[0].audit_class is AuditClass.ERASURE


@pytest.mark.parametrize(("changes", "field"), [
    ({"expires_on": "2026-03-01"}, "expires_on"),
    ({"expires_on": "2026-04-01"}, "expires_on"),
    ({"tactic_id": "made-up"}, "tactic_id"),
    ({"plan_id": "made-up"}, "plan_id"),
    ({"started_on": "tomorrow"}, "started_on"),
])
def test_bad_responses_save_nothing(store: Store, changes: dict[str, object], field: str) -> None:
    plan = _plan(store)
    dispersal = _tactic(store, "dispersal")
    response = dataclasses.replace(Response(plan_id=plan.id, tactic_id=dispersal.id,
                                            started_on="2026-03-14"), **changes)
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        add_response(store, response)
    assert field in refused.value.problems
    assert _state(store) == before


def test_lapsing_powers(store: Store) -> None:
    plan = _plan(store)
    pspo, cctv = _tactic(store, "pspo"), _tactic(store, "cctv")
    soon = add_response(store, Response(plan_id=plan.id, tactic_id=pspo.id, started_on="2023-04-01"))
    add_response(store, Response(plan_id=plan.id, tactic_id=pspo.id, started_on="2025-06-01"))
    lapsed = add_response(store, Response(plan_id=plan.id, tactic_id=pspo.id,
                                          started_on="2023-01-01", expires_on="2025-12-31"))
    add_response(store, Response(plan_id=plan.id, tactic_id=cctv.id, started_on="2025-01-01",
                                 expires_on="2026-03-20"))
    closed_plan = _plan(store, PlanStatus.CLOSED)
    add_response(store, Response(plan_id=closed_plan.id, tactic_id=pspo.id,
                                 started_on="2024-01-01", expires_on="2026-03-20"))
    found = lapsing_powers(store, TODAY, within_days=28)
    assert [f.response.id for f in found] == [lapsed.id, soon.id]
    assert found[0].expired
    assert found[1].days_left == (date(2026, 3, 31) - TODAY).days
    assert not found[1].expired
    assert found[1].tactic_name == "Public Spaces Protection Order"
    assert lapsing_powers(store, TODAY, within_days=10) == [found[0]]
