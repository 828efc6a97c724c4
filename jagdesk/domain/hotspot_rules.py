"""Rules for hotspots: a name, a sensible footprint, dates in order and the status workflow."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

from jagdesk.domain.enums import HotspotStatus
from jagdesk.domain.records import Hotspot
from jagdesk.domain.rules import Problems, blank, check_order, read_days

MIN_RADIUS_M = 10.0
MAX_RADIUS_M = 2000.0

# Where each status may go next. Monitoring can fall back to open when the problem returns,
# and a closed hotspot can be reopened; nothing else skips or reverses a step.
TRANSITIONS: dict[HotspotStatus, tuple[HotspotStatus, ...]] = {
    HotspotStatus.NOMINATED: (HotspotStatus.OPEN,),
    HotspotStatus.OPEN: (HotspotStatus.MONITORING,),
    HotspotStatus.MONITORING: (HotspotStatus.CLOSED, HotspotStatus.OPEN),
    HotspotStatus.CLOSED: (HotspotStatus.OPEN,),
}


def hotspot_problems(hotspot: Hotspot) -> Problems:
    """What is wrong with a hotspot, by field.

    Polygon self-crossing needs a geometry library, so the service checks it separately.
    """
    found: Problems = {}
    if blank(hotspot.name):
        found["name"] = "Enter a name for the hotspot, such as the street or landmark."
    found.update(footprint_problems(hotspot.geometry, hotspot.radius_m))
    days = read_days(hotspot, ("opened_on", "review_due", "closed_on"), found)
    check_order(found, days, "opened_on", "review_due",
                "The review date is before the date the hotspot was opened.")
    check_order(found, days, "opened_on", "closed_on",
                "The closing date is before the date the hotspot was opened.")
    return found


def footprint_problems(geometry: dict[str, Any] | None, radius_m: float | None) -> Problems:
    """What is wrong with a hotspot's shape: it is a point with a radius, or a polygon."""
    kind = (geometry or {}).get("type")
    if kind == "Point":
        return _point_problems(geometry or {}, radius_m)
    if kind == "Polygon":
        problem = _polygon_problem(geometry or {})
        return {"geometry": problem} if problem else {}
    return {"geometry": "Click the map to place a point, or draw a polygon."}


def _point_problems(geometry: dict[str, Any], radius_m: float | None) -> Problems:
    if not _is_position(geometry.get("coordinates")):
        return {"geometry": "The point has no valid longitude and latitude."}
    span = f"between {MIN_RADIUS_M:.0f} and {MAX_RADIUS_M:.0f} metres"
    if radius_m is None or not math.isfinite(radius_m):
        return {"radius_m": f"Enter a radius {span}."}
    if not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
        return {"radius_m": f"The radius must be {span}."}
    return {}


def _polygon_problem(geometry: dict[str, Any]) -> str | None:
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings:
        return "The polygon has no outline; draw it again."
    for ring in rings:
        if not isinstance(ring, list) or not all(_is_position(p) for p in ring):
            return "The polygon has a corner without a valid longitude and latitude."
        if len({(p[0], p[1]) for p in ring}) < 3:
            return "A polygon needs at least three corners."
        if len(ring) < 4 or list(ring[0][:2]) != list(ring[-1][:2]):
            return "The polygon's outline is not closed; draw it again."
    return None


def _is_position(value: Any) -> bool:
    return (isinstance(value, (list, tuple)) and len(value) >= 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                    for v in value[:2])
            and -180 <= value[0] <= 180 and -90 <= value[1] <= 90)


def transition_problem(current: HotspotStatus, wanted: HotspotStatus) -> str | None:
    """Why a hotspot cannot move from one status to another, or None when it can."""
    if wanted == current or wanted in TRANSITIONS[current]:
        return None
    allowed = " or ".join(s.value for s in TRANSITIONS[current])
    return f"A {current.value} hotspot can only move to {allowed}, not to {wanted.value}."


def with_status(hotspot: Hotspot, wanted: HotspotStatus, today: date) -> Hotspot:
    """The hotspot moved to a new status, with its opening and closing dates stamped.

    Opening stamps ``opened_on`` the first time only; closing stamps ``closed_on``; reopening a
    closed hotspot clears ``closed_on`` and keeps the original opening date.

    Raises:
        ValueError: when the workflow does not allow the move (see ``transition_problem``).
    """
    problem = transition_problem(hotspot.status, wanted)
    if problem:
        raise ValueError(problem)
    if wanted == hotspot.status:
        return hotspot
    changes: dict[str, Any] = {"status": wanted}
    if wanted is HotspotStatus.OPEN:
        changes["closed_on"] = None
        changes["opened_on"] = hotspot.opened_on or today.isoformat()
    elif wanted is HotspotStatus.CLOSED:
        changes["closed_on"] = today.isoformat()
    return dataclasses.replace(hotspot, **changes)
