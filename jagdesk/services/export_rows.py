"""Hotspots, incidents and actions as flat rows for the data exports (CSV, GeoJSON, GeoPackage)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from jagdesk.services.actions import action_log
from jagdesk.services.export_profiles import FULL, data_columns
from jagdesk.services.progress import CancelCheck, check

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.store import Store

HOTSPOT_COLUMNS = ["ref", "name", "status", "rag", "problem_type", "asb_category", "designation",
                   "radius_m", "ward", "lead_partner", "lead_officer", "opened_on", "review_due",
                   "closed_on", "description", "geometry"]
INCIDENT_COLUMNS = ["id", "source", "source_key", "month", "occurred_at", "category", "location",
                    "lsoa_code", "lsoa_name", "ward_code", "outcome", "lon", "lat", "geometry"]
ACTION_COLUMNS = ["ref", "title", "partner", "owner", "hotspot_ref", "hotspot_name", "status",
                  "overdue", "started_on", "due_on", "completed_on", "description", "geometry"]
COLUMNS = {"hotspots": HOTSPOT_COLUMNS, "incidents": INCIDENT_COLUMNS, "actions": ACTION_COLUMNS}
CANCEL_EVERY = 5000  # incidents between cancel checks


def columns_for(what: str, profile: str = FULL) -> list[str]:
    """The columns of a ``what`` data file under ``profile`` (a partner copy has fewer)."""
    return data_columns(profile, what, COLUMNS[what])


def for_profile(rows: list[dict[str, Any]], what: str, profile: str) -> list[dict[str, Any]]:
    """The rows with only the columns ``profile`` includes, so nothing left out travels on."""
    kept = columns_for(what, profile)
    return [{name: row.get(name) for name in kept} for row in rows]


def hotspot_rows(store: Store) -> list[dict[str, Any]]:
    """Every hotspot; points keep their radius in ``radius_m``."""
    wards = {a.id: a.name for a in store.areas.all()}
    partners = {p.id: p.name for p in store.partners.all()}
    return [{
        "ref": h.ref, "name": h.name, "status": h.status.value, "rag": h.rag.value,
        "problem_type": h.problem_type,
        "asb_category": h.asb_category.value if h.asb_category else "",
        "designation": h.designation, "radius_m": h.radius_m,
        "ward": wards.get(h.ward_id or "", ""),
        "lead_partner": partners.get(h.lead_partner_id or "", ""),
        "lead_officer": h.lead_officer, "opened_on": h.opened_on, "review_due": h.review_due,
        "closed_on": h.closed_on, "description": h.description, "geometry": h.geometry,
    } for h in store.hotspots.all()]


def incident_rows(store: Store, flt: IncidentFilter | None,
                  cancelled: CancelCheck) -> Iterator[dict[str, Any]]:
    """Incidents matching the filter; those with no location have no geometry."""
    for count, i in enumerate(store.incidents.matching(flt)):
        if count % CANCEL_EVERY == 0:
            check(cancelled)
        located = i.lon is not None and i.lat is not None
        yield {
            "id": i.id, "source": i.source.value, "source_key": i.source_key, "month": i.month,
            "occurred_at": i.occurred_at, "category": i.category, "location": i.location,
            "lsoa_code": i.lsoa_code, "lsoa_name": i.lsoa_name, "ward_code": i.ward_code,
            "outcome": i.outcome, "lon": i.lon, "lat": i.lat,
            "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]} if located else None,
        }


def action_rows(store: Store, today: date) -> list[dict[str, Any]]:
    """Every action, placed at its hotspot when it has one."""
    hotspots = {h.id: h.geometry for h in store.hotspots.all()}
    return [{
        "ref": r.action.ref, "title": r.action.title, "partner": r.partner_name,
        "owner": r.contact_name, "hotspot_ref": r.hotspot_ref, "hotspot_name": r.hotspot_name,
        "status": r.action.status.value, "overdue": "yes" if r.overdue else "no",
        "started_on": r.action.started_on, "due_on": r.action.due_on,
        "completed_on": r.action.completed_on, "description": r.action.description,
        "geometry": hotspots.get(r.action.hotspot_id or ""),
    } for r in action_log(store, today=today)]
