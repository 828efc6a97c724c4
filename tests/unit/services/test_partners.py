"""The partner directory, contacts, SPOC hand-over and missing-contact warnings."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk.domain.enums import ActionStatus, AuditClass, HotspotStatus
from jagdesk.domain.records import Action, Contact, Hotspot, Partner
from jagdesk.errors import UserError, ValidationError
from jagdesk.services.partners import (
    add_contact,
    add_partner,
    current_spoc,
    delete_contact,
    delete_partner,
    hotspots_missing_contact,
    set_spoc,
    spoc_history,
    update_contact,
    update_partner,
)
from jagdesk.store import Store

TODAY = date(2026, 3, 14)


def _state(store: Store) -> tuple[int, int, int]:
    entries = store.audit.entries(limit=1)
    return store.partners.count(), store.contacts.count(), entries[0].seq if entries else 0


def _council(store: Store) -> Partner:
    return add_partner(store, Partner(name="Leicester City Council", partner_type="council"))


def test_partner_crud_is_audited(store: Store) -> None:
    council = _council(store)
    renamed = update_partner(store, dataclasses.replace(council, description="Community safety"))
    assert renamed.version == 2
    delete_partner(store, council.id)
    classes = [e.audit_class for e in store.audit.entries("partner")]
    assert classes == [AuditClass.ERASURE, AuditClass.ALTERATION, AuditClass.COLLECTION]


@pytest.mark.parametrize(("partner", "field"), [
    (Partner(name="", partner_type="council"), "name"),
    (Partner(name="leicester city council ", partner_type="council"), "name"),
    (Partner(name="Fire", partner_type=""), "partner_type"),
])
def test_bad_partners_save_nothing(store: Store, partner: Partner, field: str) -> None:
    _council(store)
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        add_partner(store, partner)
    assert field in refused.value.problems
    assert _state(store) == before


def test_unknown_partner_type_is_refused_once_the_list_is_loaded(store: Store) -> None:
    from jagdesk.services.reference import ensure_reference_data

    ensure_reference_data(store)
    with pytest.raises(ValidationError) as refused:
        add_partner(store, Partner(name="Acme", partner_type="spaceship"))
    assert "partner_type" in refused.value.problems


def test_partner_in_use_cannot_be_deleted(store: Store) -> None:
    council = _council(store)
    add_contact(store, Contact(partner_id=council.id, name="Community Safety Officer"))
    before = _state(store)
    with pytest.raises(UserError, match="1 contacts"):
        delete_partner(store, council.id)
    assert _state(store) == before


@pytest.mark.parametrize(("changes", "field"), [
    ({"partner_id": "nobody"}, "partner_id"),
    ({"name": " "}, "name"),
    ({"valid_from": "2026-05-01", "valid_to": "2026-04-01"}, "valid_to"),
    ({"area_id": "nowhere"}, "area_id"),
])
def test_bad_contacts_save_nothing(store: Store, changes: dict[str, object], field: str) -> None:
    council = _council(store)
    before = _state(store)
    contact = dataclasses.replace(Contact(partner_id=council.id, name="Officer"), **changes)
    with pytest.raises(ValidationError) as refused:
        add_contact(store, contact)
    assert field in refused.value.problems
    assert _state(store) == before


def test_a_new_spoc_ends_the_previous_one(store: Store) -> None:
    council = _council(store)
    first = add_contact(store, Contact(partner_id=council.id, name="Officer A", is_spoc=True),
                        today=date(2025, 1, 1))
    assert first.valid_from == "2025-01-01"
    second = add_contact(store, Contact(partner_id=council.id, name="Officer B"))
    set_spoc(store, second.id, TODAY)
    history = spoc_history(store, council.id)
    assert [c.name for c in history] == ["Officer B", "Officer A"]
    assert history[1].valid_to == "2026-03-13"
    assert history[0].valid_to is None
    spoc = current_spoc(store, council.id, TODAY)
    assert spoc is not None
    assert spoc.name == "Officer B"
    old = current_spoc(store, council.id, date(2026, 3, 13))
    assert old is not None
    assert old.name == "Officer A"
    assert store.audit.entries("contact")[1].operation == "update"


def test_spoc_for_another_area_is_left_alone(store: Store) -> None:
    from jagdesk.domain.enums import AreaKind
    from jagdesk.domain.records import Area

    ward = store.areas.add(Area(kind=AreaKind.WARD, code="E05000001", name="Castle",
                                geometry={"type": "Point", "coordinates": [-1.13, 52.63]}))
    council = _council(store)
    wide = add_contact(store, Contact(partner_id=council.id, name="Wide", is_spoc=True,
                                      valid_from="2025-01-01"))
    add_contact(store, Contact(partner_id=council.id, name="Castle", is_spoc=True,
                               area_id=ward.id, valid_from="2026-01-01"))
    assert store.contacts.get(wide.id).valid_to is None


def test_contact_delete_unlinks_actions(store: Store) -> None:
    council = _council(store)
    person = add_contact(store, Contact(partner_id=council.id, name="Officer"))
    action = store.actions.add(Action(title="Clear", owner_partner_id=council.id,
                                      owner_contact_id=person.id))
    delete_contact(store, person.id)
    assert store.actions.get(action.id).owner_contact_id is None
    assert store.contacts.count() == 0


def test_update_contact_refuses_bad_dates(store: Store) -> None:
    council = _council(store)
    person = add_contact(store, Contact(partner_id=council.id, name="Officer"))
    before = _state(store)
    with pytest.raises(ValidationError):
        update_contact(store, dataclasses.replace(person, valid_from="soon"))
    assert _state(store) == before


def test_missing_contact_warnings(store: Store) -> None:
    police = add_partner(store, Partner(name="Leicestershire Police", partner_type="police"))
    council = _council(store)
    point = {"type": "Point", "coordinates": [-1.13, 52.63]}
    hotspot = store.hotspots.add(Hotspot(name="Clock Tower", geometry=point, radius_m=200,
                                         status=HotspotStatus.OPEN, lead_partner_id=police.id))
    store.hotspots.add(Hotspot(name="Closed one", geometry=point, radius_m=200,
                               status=HotspotStatus.CLOSED, lead_partner_id=police.id))
    store.actions.add(Action(title="Clear bins", owner_partner_id=council.id,
                             hotspot_id=hotspot.id))
    store.actions.add(Action(title="Finished", owner_partner_id=council.id,
                             hotspot_id=hotspot.id, status=ActionStatus.DONE,
                             completed_on="2026-01-01"))
    warnings = hotspots_missing_contact(store, TODAY)
    assert {(w.partner_name, w.hotspot_ref) for w in warnings} == {
        ("Leicestershire Police", hotspot.ref), ("Leicester City Council", hotspot.ref)}
    council_warning = next(w for w in warnings if w.partner_id == council.id)
    assert council_warning.reasons == ["owns action AC-0001"]
    assert "no current single point of contact" in council_warning.message

    add_contact(store, Contact(partner_id=police.id, name="Sergeant", is_spoc=True), today=TODAY)
    add_contact(store, Contact(partner_id=council.id, name="Ended", is_spoc=True,
                               valid_from="2025-01-01", valid_to="2026-01-01"))
    warnings = hotspots_missing_contact(store, TODAY)
    assert [w.partner_name for w in warnings] == ["Leicester City Council"]
