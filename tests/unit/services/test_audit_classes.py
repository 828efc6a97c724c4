"""Consultation and combination entries: viewing a plan's people fields, merging data sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jagdesk.domain.enums import AreaKind, AuditClass
from jagdesk.domain.records import Hotspot, Plan
from jagdesk.resources import path as resource_path
from jagdesk.services.boundaries import import_boundaries, place_incidents_in_wards
from jagdesk.services.importing import import_policeuk
from jagdesk.services.plans import open_plan_for_viewing, save_plan
from jagdesk.store import Store
from jagdesk.store.audit import AuditEntry

JANUARY = (Path(__file__).resolve().parents[2] / "data" / "policeuk" / "good"
           / "2021-01-leicestershire-street.csv")
WARDS = resource_path("data", "boundaries", "leicester-wards-2019.geojson")
VICTIM = "Zebedee Quimby-Victim"
OFFENDER = "Xanthe Offenderson"


def _class(store: Store, audit_class: AuditClass) -> list[AuditEntry]:
    return [e for e in store.audit.entries() if e.audit_class is audit_class]


def _text(entry: AuditEntry) -> str:
    return json.dumps([entry.summary, entry.before, entry.after])


def _plan(store: Store) -> Plan:
    hotspot = store.hotspots.add(Hotspot(name="Clock Tower", radius_m=300, geometry={
        "type": "Point", "coordinates": [-1.13, 52.63]}))
    return save_plan(store, Plan(hotspot_id=hotspot.id, victim=VICTIM, offender=OFFENDER,
                                 analysis=f"{OFFENDER} gathers here"))


def test_opening_a_plan_logs_a_consultation_without_its_content(store: Store) -> None:
    plan = _plan(store)
    opened = open_plan_for_viewing(store, plan.hotspot_id)
    assert opened is not None
    assert opened.victim == VICTIM
    [entry] = _class(store, AuditClass.CONSULTATION)
    assert (entry.table_name, entry.record_id, entry.operation) == ("plan", plan.id, "view")
    assert entry.actor == store.audit.actor
    assert entry.at
    assert VICTIM not in _text(entry)
    assert OFFENDER not in _text(entry)
    assert store.audit.verify_chain() is None


def test_a_hotspot_without_a_plan_logs_nothing(store: Store) -> None:
    hotspot = store.hotspots.add(Hotspot(name="Empty", radius_m=100, geometry={
        "type": "Point", "coordinates": [-1.13, 52.63]}))
    assert open_plan_for_viewing(store, hotspot.id) is None
    assert _class(store, AuditClass.CONSULTATION) == []


def test_a_read_only_database_is_viewed_unlogged(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    with Store(path) as writable:
        plan = _plan(writable)
    with Store(path, read_only=True) as store:
        assert open_plan_for_viewing(store, plan.hotspot_id) is not None
        assert _class(store, AuditClass.CONSULTATION) == []


def test_reimporting_a_force_month_logs_one_combination(store: Store) -> None:
    import_policeuk(store, [JANUARY])
    assert _class(store, AuditClass.COMBINATION) == []
    import_policeuk(store, [JANUARY])
    [entry] = _class(store, AuditClass.COMBINATION)
    assert entry.table_name == "incident"
    assert entry.after is not None
    assert (entry.after["replaced"], entry.after["stored"]) == (6, 6)
    assert "6 earlier incident(s) replaced" in entry.summary


def test_placing_incidents_in_new_wards_logs_one_combination(store: Store) -> None:
    import_policeuk(store, [JANUARY])
    import_boundaries(store, WARDS, AreaKind.WARD)
    [entry] = _class(store, AuditClass.COMBINATION)
    assert entry.after is not None
    assert entry.after["placed"] == store.db.execute(
        "SELECT COUNT(*) FROM incident WHERE ward_code != ''").fetchone()[0]
    assert entry.after["wards"] == len(store.areas.of_kind(AreaKind.WARD))
    place_incidents_in_wards(store)
    assert len(_class(store, AuditClass.COMBINATION)) == 2


@pytest.mark.parametrize("row", ["Anti-social behaviour", "On or near"])
def test_combination_entries_hold_no_incident_content(store: Store, row: str) -> None:
    import_policeuk(store, [JANUARY])
    import_policeuk(store, [JANUARY])
    import_boundaries(store, WARDS, AreaKind.WARD)
    assert all(row not in _text(e) for e in _class(store, AuditClass.COMBINATION))
