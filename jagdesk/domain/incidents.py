"""Rules for incidents logged by hand: categories, places and times that make sense."""

from __future__ import annotations

from datetime import UTC, datetime

from jagdesk.domain.records import Incident

# The categories police.uk publishes, so hand-logged incidents count alongside imported ones.
POLICE_UK_CATEGORIES = (
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
    "Other crime", "Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting",
    "Theft from the person", "Vehicle crime", "Violence and sexual offences",
)

# Generous bounds around Great Britain and Northern Ireland: anything outside is a typing slip.
UK_LON = (-8.7, 1.9)
UK_LAT = (49.8, 60.9)


def parse_when(text: str) -> datetime | None:
    """Read an ISO date-time (``2026-03-14T21:30`` or with seconds or a zone); None when it is not one."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def problems(incident: Incident, *, now: datetime | None = None) -> dict[str, str]:
    """What is wrong with a hand-logged incident, by field; empty when it can be saved."""
    found: dict[str, str] = {}
    when = parse_when(incident.occurred_at or "")
    if when is None:
        found["occurred_at"] = "Enter the date and time it happened, like 2026-03-14 21:30."
    elif when > (now or datetime.now(UTC)):
        found["occurred_at"] = "The date and time is in the future."
    if not incident.category.strip():
        found["category"] = "Choose a category."
    has_point = incident.lon is not None and incident.lat is not None
    if not has_point and not incident.location.strip():
        found["location"] = "Click the map, enter coordinates, or describe the location."
    if has_point and not _in_uk(incident.lon, incident.lat):
        found["lon"] = "The coordinates are not in the UK (longitude -8.7 to 1.9, latitude 49.8 to 60.9)."
    if (incident.lon is None) != (incident.lat is None):
        found["lat"] = "Enter both longitude and latitude, or neither."
    return found


def _in_uk(lon: float | None, lat: float | None) -> bool:
    return (lon is not None and lat is not None
            and UK_LON[0] <= lon <= UK_LON[1] and UK_LAT[0] <= lat <= UK_LAT[1])
