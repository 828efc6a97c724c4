"""The hotspot register: create, edit, move through the workflow and delete, all audited.

Each hotspot is placed in its ward, LSOA and local authority from the boundaries in the
store, using the centre of its footprint.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from jagdesk.analysis.placement import AreaLocator
from jagdesk.domain import hotspot_rules
from jagdesk.domain.enums import AreaKind, HotspotStatus
from jagdesk.services.actions import delete_action
from jagdesk.services.checks import exists, raise_if
from jagdesk.services.plans import delete_plan

if TYPE_CHECKING:
    from jagdesk.domain.records import Area, Hotspot
    from jagdesk.domain.rules import Problems
    from jagdesk.store import Store


def hotspot_problems(store: Store, hotspot: Hotspot) -> Problems:
    """Everything wrong with a hotspot, by field, including a polygon that crosses itself.

    Forms may call this as the user types; saving calls it too.
    """
    found = hotspot_rules.hotspot_problems(hotspot)
    if "geometry" not in found and hotspot.geometry.get("type") == "Polygon":
        problem = _shape_problem(hotspot.geometry)
        if problem:
            found["geometry"] = problem
    if hotspot.lead_partner_id and not exists(store.partners, hotspot.lead_partner_id):
        found["lead_partner_id"] = "Choose a partner from the directory."
    return found


def create_hotspot(store: Store, hotspot: Hotspot, *, today: date | None = None) -> Hotspot:
    """Add a hotspot, nominated or already open (an open one gets today's opening date).

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
    """
    wanted = hotspot.status
    problem = hotspot_rules.transition_problem(HotspotStatus.NOMINATED, wanted)
    if problem:
        raise_if({"status": problem})
    fresh = dataclasses.replace(hotspot, status=HotspotStatus.NOMINATED)
    fresh = hotspot_rules.with_status(fresh, wanted, today or date.today())
    raise_if(hotspot_problems(store, fresh))
    return store.hotspots.add(_placed(store, fresh))


def update_hotspot(store: Store, hotspot: Hotspot, *, today: date | None = None) -> Hotspot:
    """Save changes to a hotspot; a changed status must follow the workflow and is dated.

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
        ConflictError: when someone else saved it since it was read.
        NotFoundError: when it has been deleted.
    """
    stored = store.hotspots.get(hotspot.id)
    if hotspot.status != stored.status:
        problem = hotspot_rules.transition_problem(stored.status, hotspot.status)
        if problem:
            raise_if({"status": problem})
        hotspot = hotspot_rules.with_status(dataclasses.replace(hotspot, status=stored.status),
                                            hotspot.status, today or date.today())
    raise_if(hotspot_problems(store, hotspot))
    return store.hotspots.update(_placed(store, hotspot))


def change_status(store: Store, hotspot_id: str, status: HotspotStatus, *,
                  today: date | None = None) -> Hotspot:
    """Move a hotspot along the workflow (nominated, open, monitoring, closed), stamping dates.

    Raises:
        ValidationError: on ``status`` when the workflow does not allow the move.
    """
    hotspot = store.hotspots.get(hotspot_id)
    return update_hotspot(store, dataclasses.replace(hotspot, status=status), today=today)


def delete_hotspot(store: Store, hotspot_id: str) -> None:
    """Delete a hotspot with its plan, responses and actions, each deletion audited.

    Agenda items that discussed it stay in their meeting's record, no longer linked.
    """
    store.hotspots.get(hotspot_id)
    with store.atomic():
        for item in store.agenda_items.all():
            if item.hotspot_id == hotspot_id:
                store.agenda_items.update(dataclasses.replace(item, hotspot_id=None))
        plan = store.plans.for_hotspot(hotspot_id)
        if plan is not None:
            delete_plan(store, plan.id)
        for action in store.actions.for_hotspot(hotspot_id):
            delete_action(store, action.id)
        store.hotspots.delete(hotspot_id)


# --- geometry -------------------------------------------------------------------------------
def _shape_problem(geometry: dict[str, Any]) -> str | None:
    import shapely
    from shapely.validation import explain_validity

    shape = shapely.geometry.shape(geometry)
    if shape.is_valid:
        return None
    reason = explain_validity(shape)
    if "Self-intersection" in reason or "Ring Self-intersection" in reason:
        return "The polygon's outline crosses itself; redraw it so its sides do not cross."
    return f"The polygon is not a valid shape ({reason}); redraw it."


def centre(geometry: dict[str, Any]) -> tuple[float, float]:
    """The (lon, lat) a hotspot is placed by: its point, or a point inside its polygon."""
    import shapely

    shape = shapely.geometry.shape(geometry)
    middle = shape.centroid
    if not shape.contains(middle):  # a C- or L-shaped area's centroid can fall outside it
        middle = shape.representative_point()
    return (float(middle.x), float(middle.y))


def _placed(store: Store, hotspot: Hotspot) -> Hotspot:
    lon, lat = centre(hotspot.geometry)
    ward = _area_at(store, lon, lat, AreaKind.WARD)
    lsoa = _area_at(store, lon, lat, AreaKind.LSOA)
    authority = _area_at(store, lon, lat, AreaKind.LOCAL_AUTHORITY)
    return dataclasses.replace(
        hotspot, ward_id=ward.id if ward else None, lsoa_code=lsoa.code if lsoa else "",
        local_authority_id=authority.id if authority else None)


def _area_at(store: Store, lon: float, lat: float, kind: AreaKind) -> Area | None:
    return AreaLocator(store.areas.candidates_at(lon, lat, kind)).area_at(lon, lat)
