from __future__ import annotations

from datetime import date

import pytest

from jagdesk.domain.enums import (
    ActionStatus,
    AuditClass,
    HotspotStatus,
    IncidentSource,
    PlanStatus,
    Rag,
)
from jagdesk.domain.records import Action, Contact, Hotspot, Incident, Partner, Plan
from jagdesk.errors import UserError
from jagdesk.services.preferences import DatabaseSettings, load_settings, save_settings
from jagdesk.services.retention import cutoff, erase, past_retention
from jagdesk.store import Store

TODAY = date(2026, 6, 15)
SECRET = "Zebedee Quartermain"
NOTE = "Xanthippe-Overbeck-sentinel"
ADDRESS = "Outside 17 Quillon-Vetch Gardens"


def _retain(store: Store, **months: int) -> None:
    settings = load_settings(store)
    settings.retention_months.update(months)
    save_settings(store, settings)


def _seed(store: Store) -> dict[str, str]:
    point = {"type": "Point", "coordinates": [-1.13, 52.63]}
    old = store.hotspots.add(Hotspot(name=f"Old yard {SECRET}", geometry=point, radius_m=50,
                                     status=HotspotStatus.CLOSED, rag=Rag.GREEN,
                                     closed_on="2019-03-01"))
    recent = store.hotspots.add(Hotspot(name="Recent yard", geometry=point, radius_m=50,
                                        status=HotspotStatus.CLOSED, rag=Rag.GREEN,
                                        closed_on="2026-01-01"))
    open_one = store.hotspots.add(Hotspot(name="Open yard", geometry=point, radius_m=50,
                                          status=HotspotStatus.OPEN, rag=Rag.RED,
                                          opened_on="2010-01-01"))
    plan = store.plans.add(Plan(hotspot_id=old.id, status=PlanStatus.CLOSED, closed_on="2019-02-01",
                                objective=SECRET))
    partner = store.partners.add(Partner(name="Council", partner_type="council"))
    contact = store.contacts.add(Contact(partner_id=partner.id, name=SECRET, valid_to="2018-01-01"))
    action = store.actions.add(Action(title="Done long ago", owner_partner_id=partner.id,
                                      status=ActionStatus.DONE, completed_on="2018-05-05",
                                      hotspot_id=open_one.id))
    # Stored straight through the repository, so no audit entry holds its notes.
    incident = store.incidents.add_one(Incident(source=IncidentSource.MANUAL, month="2017-04",
                                                category="anti-social-behaviour", notes=NOTE,
                                                location=ADDRESS, lon=-1.1412, lat=52.6298))
    return {"old": old.id, "recent": recent.id, "open": open_one.id, "plan": plan.id,
            "contact": contact.id, "action": action.id, "incident": str(incident.id)}


def test_cutoff_counts_back_whole_months_and_clamps_the_day() -> None:
    assert cutoff(date(2026, 6, 15), 12) == "2025-06-15"
    assert cutoff(date(2026, 3, 31), 1) == "2026-02-28"
    assert cutoff(date(2026, 1, 10), 13) == "2024-12-10"


def test_nothing_is_listed_without_a_retention_period(store: Store) -> None:
    _seed(store)
    assert past_retention(store, today=TODAY) == []


def test_records_past_their_period_are_listed_but_open_work_never(store: Store) -> None:
    ids = _seed(store)
    _retain(store, hotspot=36, plan=36, action=36, contact=36, incident=36)
    listed = {(e.record_type, e.record_id) for e in past_retention(store, today=TODAY)}
    assert ("hotspot", ids["old"]) in listed
    assert ("plan", ids["plan"]) in listed
    assert ("action", ids["action"]) in listed
    assert ("contact", ids["contact"]) in listed
    assert ("hotspot", ids["recent"]) not in listed
    assert ("hotspot", ids["open"]) not in listed
    assert ("incident", ids["incident"]) in listed


def test_erase_deletes_for_real_and_audits_without_content(store: Store) -> None:
    ids = _seed(store)
    _retain(store, hotspot=36, plan=36, contact=36)
    due = past_retention(store, today=TODAY)
    erased = erase(store, due, today=TODAY)
    assert erased == 3  # the old hotspot, its plan (listed too, gone with it) and the contact
    assert {h.id for h in store.hotspots.all()} == {ids["recent"], ids["open"]}
    assert store.plans.count() == 0
    assert store.contacts.count() == 0
    entries = store.audit.entries(limit=50)
    erasures = [e for e in entries if e.operation == "erase"]
    assert {e.record_id for e in erasures} == {ids["old"], ids["contact"]} | (
        {ids["plan"]} if any(e.record_id == ids["plan"] for e in erasures) else set())
    assert all(e.audit_class is AuditClass.ERASURE and e.before is None and e.after is None
               for e in erasures)
    for entry in entries[: len(entries)]:
        if entry.audit_class is AuditClass.ERASURE:
            assert SECRET not in entry.summary
    assert store.audit.verify_chain() is None


def _file_bytes(folder, name: str) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob(name + "*")))


@pytest.mark.parametrize("secure", [True, False])
def test_erased_content_is_overwritten_in_the_file(tmp_path, monkeypatch, secure: bool) -> None:
    import contextlib

    from jagdesk.services import retention

    if not secure:  # shows the check can fail: a plain delete leaves the text in free pages
        monkeypatch.setattr(retention, "secure_delete", lambda db: contextlib.nullcontext())
    path = tmp_path / "erase.sqlite"
    with Store(path, actor="tester") as store:
        # Some SQLite builds erase securely by default; start from the usual default, off.
        store.db.execute("PRAGMA secure_delete = OFF")
        _seed(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert NOTE.encode() in _file_bytes(tmp_path, path.name)
        assert ADDRESS.encode() in _file_bytes(tmp_path, path.name)
        _retain(store, incident=36)
        assert erase(store, past_retention(store, today=TODAY), today=TODAY) == 1
        # nothing is left of where it happened either: its place, point and map index entry
        for table in ("incident_place", "incident_point", "incident_rtree"):
            assert store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert (NOTE.encode() in _file_bytes(tmp_path, path.name)) is not secure
    assert (ADDRESS.encode() in _file_bytes(tmp_path, path.name)) is not secure


def test_a_record_reopened_since_listing_stops_the_erasure(store: Store) -> None:
    ids = _seed(store)
    _retain(store, hotspot=36)
    due = past_retention(store, today=TODAY)
    old = store.hotspots.get(ids["old"])
    store.hotspots.update(type(old)(**{**old.__dict__, "closed_on": "2026-05-01"}))
    with pytest.raises(UserError, match="no longer past its retention"):
        erase(store, due, today=TODAY)
    assert store.hotspots.count() == 3


def test_settings_round_trip_and_audit(store: Store) -> None:
    assert load_settings(store) == DatabaseSettings()
    saved = save_settings(store, DatabaseSettings("official  ", 5, {"hotspot": 72}))
    assert saved.marking == "OFFICIAL"
    loaded = load_settings(store)
    assert (loaded.marking, loaded.keep_backups, loaded.retention_months["hotspot"]) == ("OFFICIAL", 5, 72)
    entry = store.audit.entries("meta")[0]
    assert entry.operation == "settings"
    assert entry.audit_class is AuditClass.ALTERATION
    assert entry.after is not None
    assert entry.after["protective_marking"] == "OFFICIAL"


@pytest.mark.parametrize(("settings", "field"), [
    (DatabaseSettings(marking=" "), "marking"),
    (DatabaseSettings(marking="X" * 61), "marking"),
    (DatabaseSettings(keep_backups=0), "keep_backups"),
    (DatabaseSettings(retention_months={"hotspot": -1}), "retention.hotspot"),
    (DatabaseSettings(retention_months={"person": 1}), "retention.person"),
])
def test_bad_settings_save_nothing(store: Store, settings: DatabaseSettings, field: str) -> None:
    from jagdesk.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        save_settings(store, settings)
    assert field in caught.value.problems
    assert load_settings(store) == DatabaseSettings()
