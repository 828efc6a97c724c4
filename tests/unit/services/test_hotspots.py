"""The hotspot register: placement in boundaries, workflow, validation and audited deletes."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk import resources
from jagdesk.domain.enums import AreaKind, AuditClass, HotspotStatus
from jagdesk.domain.records import Action, ActionUpdate, AgendaItem, Hotspot, Meeting, Partner, Plan
from jagdesk.errors import ValidationError
from jagdesk.services.boundaries import import_boundaries
from jagdesk.services.hotspots import (
    centre,
    change_status,
    create_hotspot,
    delete_hotspot,
    update_hotspot,
)
from jagdesk.store import Store

CLOCK_TOWER = {"type": "Point", "coordinates": [-1.1336, 52.6365]}
SQUARE = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.13, 52.63], [-1.13, 52.64],
                                              [-1.14, 52.64], [-1.14, 52.63]]]}
BOW_TIE = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.13, 52.64], [-1.13, 52.63],
                                               [-1.14, 52.64], [-1.14, 52.63]]]}
DAY = date(2026, 3, 14)


def _state(store: Store) -> tuple[int, int]:
    entries = store.audit.entries(limit=1)
    return store.hotspots.count(), entries[0].seq if entries else 0


def _clock_tower(**changes: object) -> Hotspot:
    return dataclasses.replace(Hotspot(name="Clock Tower", geometry=CLOCK_TOWER, radius_m=300),
                               **changes)


def test_new_hotspot_is_placed_in_ward_and_authority(store: Store) -> None:
    import_boundaries(store, resources.path("data", "boundaries", "leicester-wards-2019.geojson"),
                      AreaKind.WARD)
    import_boundaries(store, resources.path("data", "boundaries",
                                            "llr-local-authorities-2019.geojson"),
                      AreaKind.LOCAL_AUTHORITY)
    saved = create_hotspot(store, _clock_tower(), today=DAY)
    assert saved.ref == "HS-0001"
    assert saved.status is HotspotStatus.NOMINATED
    assert saved.ward_id is not None
    assert store.areas.get(saved.ward_id).name == "Castle"
    assert saved.local_authority_id is not None
    assert store.areas.get(saved.local_authority_id).name == "Leicester"
    entry = store.audit.entries("hotspot")[0]
    assert (entry.operation, entry.audit_class) == ("create", AuditClass.COLLECTION)
    moved = update_hotspot(store, dataclasses.replace(
        saved, geometry={"type": "Point", "coordinates": [-1.25, 52.95]}))
    assert moved.ward_id is None
    assert moved.local_authority_id is None


def test_without_boundaries_the_areas_stay_empty(store: Store) -> None:
    saved = create_hotspot(store, _clock_tower(geometry=SQUARE, radius_m=None))
    assert (saved.ward_id, saved.lsoa_code, saved.local_authority_id) == (None, "", None)


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"),
    ({"radius_m": 3.0}, "radius_m"),
    ({"geometry": BOW_TIE, "radius_m": None}, "geometry"),
    ({"lead_partner_id": "no-such-partner"}, "lead_partner_id"),
    ({"status": HotspotStatus.CLOSED}, "status"),
    ({"opened_on": "2026-03-01", "review_due": "2026-01-01"}, "review_due"),
])
def test_bad_hotspots_save_nothing(store: Store, changes: dict[str, object], field: str) -> None:
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        create_hotspot(store, _clock_tower(**changes), today=DAY)
    assert field in refused.value.problems
    assert _state(store) == before


def test_self_crossing_polygon_message_says_so(store: Store) -> None:
    with pytest.raises(ValidationError) as refused:
        create_hotspot(store, _clock_tower(geometry=BOW_TIE, radius_m=None))
    assert "crosses itself" in refused.value.problems["geometry"]


def test_created_open_gets_its_opening_date(store: Store) -> None:
    saved = create_hotspot(store, _clock_tower(status=HotspotStatus.OPEN), today=DAY)
    assert saved.opened_on == "2026-03-14"


def test_workflow_through_the_service(store: Store) -> None:
    saved = create_hotspot(store, _clock_tower(), today=DAY)
    opened = change_status(store, saved.id, HotspotStatus.OPEN, today=DAY)
    assert opened.opened_on == "2026-03-14"
    before = _state(store)
    with pytest.raises(ValidationError) as refused:
        change_status(store, saved.id, HotspotStatus.CLOSED, today=DAY)
    assert "status" in refused.value.problems
    assert _state(store) == before
    change_status(store, saved.id, HotspotStatus.MONITORING, today=DAY)
    closed = change_status(store, saved.id, HotspotStatus.CLOSED, today=date(2026, 6, 1))
    assert closed.closed_on == "2026-06-01"
    reopened = update_hotspot(store, dataclasses.replace(closed, status=HotspotStatus.OPEN),
                              today=date(2026, 7, 1))
    assert reopened.closed_on is None
    assert reopened.opened_on == "2026-03-14"
    assert all(e.audit_class is AuditClass.ALTERATION
               for e in store.audit.entries("hotspot")[:4])


def test_bad_update_saves_nothing(store: Store) -> None:
    saved = create_hotspot(store, _clock_tower())
    before = _state(store)
    with pytest.raises(ValidationError):
        update_hotspot(store, dataclasses.replace(saved, name="  ", radius_m=5000.0))
    assert _state(store) == before
    assert store.hotspots.get(saved.id).name == "Clock Tower"


def test_delete_removes_dependents_each_with_an_audited_erasure(store: Store) -> None:
    partner = store.partners.add(Partner(name="Council", partner_type="council"))
    hotspot = create_hotspot(store, _clock_tower())
    plan = store.plans.add(Plan(hotspot_id=hotspot.id))
    action = store.actions.add(Action(title="Clear", owner_partner_id=partner.id,
                                      plan_id=plan.id, hotspot_id=hotspot.id))
    store.action_updates.add(ActionUpdate(action_id=action.id, on="2026-03-01", note="Started"))
    meeting = store.meetings.add(Meeting(title="JAG", held_at="2026-03-01T10:00:00"))
    item = store.agenda_items.add(AgendaItem(meeting_id=meeting.id, position=1, title="Clock Tower",
                                             hotspot_id=hotspot.id))
    delete_hotspot(store, hotspot.id)
    assert (store.hotspots.count(), store.plans.count(), store.actions.count(),
            store.action_updates.count()) == (0, 0, 0, 0)
    assert store.agenda_items.get(item.id).hotspot_id is None
    erased = {e.table_name for e in store.audit.entries() if e.audit_class is AuditClass.ERASURE}
    assert erased == {"hotspot", "plan", "action", "action_update"}
    assert store.audit.verify_chain() is None


def test_centre_of_an_l_shape_is_inside_it() -> None:
    l_shape = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 1], [1, 1], [1, 10],
                                                   [0, 10], [0, 0]]]}
    import shapely

    lon, lat = centre(l_shape)
    assert shapely.geometry.shape(l_shape).contains(shapely.Point(lon, lat))
    assert centre(CLOCK_TOWER) == (-1.1336, 52.6365)
