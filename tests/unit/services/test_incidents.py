"""Logging, editing and deleting incidents by hand."""

from __future__ import annotations

import dataclasses

import pytest

from jagdesk import resources
from jagdesk.domain.enums import AreaKind, AuditClass, IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.errors import UserError, ValidationError
from jagdesk.services.boundaries import import_boundaries
from jagdesk.services.incidents import delete_incident, edit_incident, known_places, log_incident
from jagdesk.store import Store


def _street_drinking(**changes: object) -> Incident:
    incident = Incident(source=IncidentSource.MANUAL, month="", occurred_at="2026-03-14 21:30",
                        category="Anti-social behaviour", lon=-1.1336, lat=52.6365,
                        location="Clock Tower", reported_by="Leicester City Council",
                        notes="Group drinking, <b>abuse</b> to passers-by")
    return dataclasses.replace(incident, **changes)


def test_logged_incident_is_stored_indexed_placed_and_audited(store: Store) -> None:
    import_boundaries(store, resources.path("data", "boundaries", "leicester-wards-2019.geojson"),
                      AreaKind.WARD)
    saved = log_incident(store, _street_drinking())
    got = store.incidents.get(saved.id or 0)
    assert got is not None
    assert got.month == "2026-03"
    assert got.occurred_at == "2026-03-14T21:30+00:00"
    assert got.notes == "Group drinking, <b>abuse</b> to passers-by"
    castle = store.areas.by_code(AreaKind.WARD, got.ward_code)
    assert castle is not None
    assert castle.name == "Castle"
    assert store.incidents.count_in_bbox((-1.14, 52.63, -1.13, 52.64)) == 1
    assert store.audit.entries("incident")[0].audit_class is AuditClass.COLLECTION


@pytest.mark.parametrize(("changes", "field"), [
    ({"occurred_at": "yesterday"}, "occurred_at"),
    ({"occurred_at": "2999-01-01 10:00"}, "occurred_at"),
    ({"category": " "}, "category"),
    ({"lon": None, "lat": None, "location": ""}, "location"),
    ({"lon": 40.0}, "lon"),
    ({"lat": None}, "lat"),
])
def test_invalid_incidents_are_refused_by_field(store: Store, changes: dict[str, object],
                                                 field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        log_incident(store, _street_drinking(**changes))
    assert field in refused.value.problems
    assert store.incidents.count() == 0


def test_an_incident_with_only_a_described_location_is_kept_off_the_map(store: Store) -> None:
    saved = log_incident(store, _street_drinking(lon=None, lat=None, location="Rear of 12 High Street"))
    assert store.incidents.count_no_location() == 1
    assert saved.ward_code == ""


def test_edit_moves_the_point(store: Store) -> None:
    saved = log_incident(store, _street_drinking())
    edit_incident(store, dataclasses.replace(saved, lon=-1.1787, lat=52.6281))
    assert store.incidents.count_in_bbox((-1.14, 52.63, -1.13, 52.64)) == 0
    assert store.incidents.count_in_bbox((-1.18, 52.62, -1.17, 52.63)) == 1
    assert store.audit.entries("incident")[0].operation == "update"


def test_delete_removes_it_and_logs_an_erasure(store: Store) -> None:
    saved = log_incident(store, _street_drinking())
    delete_incident(store, saved.id or 0)
    assert store.incidents.count() == 0
    assert store.db.execute("SELECT COUNT(*) FROM incident i JOIN incident_rtree r ON r.id = i.point_id").fetchone()[0] == 0
    erasure = store.audit.entries("incident")[0]
    assert erasure.audit_class is AuditClass.ERASURE
    assert "Clock Tower" not in erasure.summary


def test_imported_incidents_cannot_be_edited_by_hand(store: Store) -> None:
    with store.atomic():
        store.incidents.add_many([_street_drinking(source=IncidentSource.POLICE_UK, month="2021-03")])
    imported = store.incidents.get(1)
    assert imported is not None
    with pytest.raises(UserError, match="import"):
        edit_incident(store, dataclasses.replace(imported, category="Drugs"))


def test_known_places_wait_for_a_few_letters(store: Store) -> None:
    with store.atomic():
        store.incidents.add_many([_street_drinking(source=IncidentSource.POLICE_UK, month="2021-03",
                                                   location="On or near Gallowtree Gate")])
    assert known_places(store, "ga") == []
    assert known_places(store, "On or near ") == []  # every police.uk place starts so
    [place] = known_places(store, "  gallowtree   gate ")
    assert (place.location, place.lon, place.lat) == ("On or near Gallowtree Gate", -1.1336, 52.6365)
    assert known_places(store, "on or near gal") == [place]


def test_hand_logged_places_are_not_offered(store: Store) -> None:
    log_incident(store, _street_drinking(location="Outside 12 Gallowtree Gate"))
    assert known_places(store, "gallowtree") == []
