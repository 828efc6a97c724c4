"""Incidents logged, edited and deleted by hand, each one audited."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from jagdesk.analysis.placement import AreaLocator
from jagdesk.domain import incidents as rules
from jagdesk.domain.enums import AreaKind, AuditClass, IncidentSource
from jagdesk.errors import NotFoundError, UserError, ValidationError
from jagdesk.store.repo import to_row

if TYPE_CHECKING:
    from jagdesk.domain.records import Incident, KnownPlace
    from jagdesk.store import Store


def log_incident(store: Store, incident: Incident) -> Incident:
    """Save a new hand-logged incident, placed in its ward.

    Raises:
        ValidationError: naming each field that is wrong.
    """
    incident = _checked(store, dataclasses.replace(incident, id=None, source=IncidentSource.MANUAL))
    with store.atomic():
        saved = store.incidents.add_one(incident)
        store.audit.append("create", AuditClass.COLLECTION, "incident", str(saved.id),
                           summary=f"incident {saved.id} logged: {saved.category}", after=to_row(saved))
    return saved


def edit_incident(store: Store, incident: Incident) -> Incident:
    """Save changes to a hand-logged incident.

    Raises:
        ValidationError: naming each field that is wrong.
        UserError: when the incident came from an import, which only a re-import may change.
    """
    before = _own(store, incident.id)
    incident = _checked(store, dataclasses.replace(incident, source=IncidentSource.MANUAL))
    with store.atomic():
        store.incidents.replace_one(incident)
        store.audit.append("update", AuditClass.ALTERATION, "incident", str(incident.id),
                           summary=f"incident {incident.id} edited", before=to_row(before),
                           after=to_row(incident))
    return incident


def delete_incident(store: Store, incident_id: int) -> None:
    """Delete a hand-logged incident; the audit entry keeps no content."""
    _own(store, incident_id)
    with store.atomic():
        store.incidents.delete_one(incident_id)
        store.audit.append("delete", AuditClass.ERASURE, "incident", str(incident_id),
                           summary=f"incident {incident_id} deleted")


# Fewer letters than this match half the county; the list waits for a few more.
PLACE_TEXT_MIN = 3
PLACES_OFFERED = 12
_ON_OR_NEAR = re.compile(r"^\s*on(\s+or(\s+near)?)?\s*", re.IGNORECASE)


def known_places(store: Store, text: str, limit: int = PLACES_OFFERED) -> list[KnownPlace]:
    """Places of police.uk incidents whose location contains ``text``, the busiest first.

    An officer offline can type a street and pick it, and the incident lands on that street's
    point, without a geocoder.
    """
    text = " ".join(text.split())
    # Every police.uk location starts "On or near": typed alone it would offer them all.
    if len(_ON_OR_NEAR.sub("", text)) < PLACE_TEXT_MIN:
        return []
    return store.incidents.places_like(text, limit)


def _own(store: Store, incident_id: int | None) -> Incident:
    found = store.incidents.get(incident_id) if incident_id is not None else None
    if found is None:
        raise NotFoundError(f"No incident with id {incident_id}")
    if found.source is not IncidentSource.MANUAL:
        raise UserError(f"Incident {incident_id} came from a {found.source.value} import; "
                        "import the corrected file instead of editing it here.")
    return found


def _checked(store: Store, incident: Incident) -> Incident:
    problems = rules.problems(incident)
    if problems:
        raise ValidationError(problems)
    when = rules.parse_when(incident.occurred_at or "")
    assert when is not None  # checked above
    incident = dataclasses.replace(incident, occurred_at=when.isoformat(timespec="minutes"),
                                   month=when.strftime("%Y-%m"))
    if incident.lon is None or incident.lat is None:
        return dataclasses.replace(incident, ward_code="")
    wards = AreaLocator(store.areas.candidates_at(incident.lon, incident.lat, AreaKind.WARD))
    return dataclasses.replace(incident, ward_code=wards.codes([incident.lon], [incident.lat])[0])
