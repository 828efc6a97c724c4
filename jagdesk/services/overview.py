"""What the main window shows: one summary row per hotspot, a hotspot's details, totals.

Everything here is read-only and cheap at JAG scale (tens of hotspots, hundreds of actions),
so the window calls it on its own thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.analysis.spatial import Footprint, count_in, hotspot_counts, incidents_in
from jagdesk.domain.enums import AreaKind, HotspotStatus, IncidentSource, Rag
from jagdesk.domain.filters import IncidentFilter

if TYPE_CHECKING:
    from jagdesk.domain.records import Action, Hotspot, Incident, Plan
    from jagdesk.store.store import Store


@dataclass(frozen=True)
class HotspotSummary:
    """One row of the hotspot list."""

    id: str
    ref: str
    name: str
    status: HotspotStatus
    rag: Rag
    problem_type: str
    ward: str
    open_actions: int
    overdue_actions: int
    review_due: str | None
    incidents: int = 0  # located incidents inside, matching the filter in use


@dataclass(frozen=True)
class ActionLine:
    """An action as the detail panel lists it."""

    ref: str
    title: str
    partner: str
    status: str
    due_on: str | None
    overdue: bool
    finished: bool = False


@dataclass(frozen=True)
class HotspotDetail:
    """Everything the detail panel shows about one hotspot."""

    hotspot: Hotspot
    ward: str
    plan: Plan | None
    partners: list[str] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    incidents: int = 0
    problem: str = ""


@dataclass(frozen=True)
class Totals:
    """Counts for the status bar."""

    hotspots: int
    incidents: int
    overdue_actions: int
    all_incidents: int | None = None  # every incident, when ``incidents`` counts a filtered set

    @property
    def is_empty(self) -> bool:
        """Whether the database holds no hotspots and no incidents (a first start)."""
        return self.hotspots == 0 and (self.all_incidents or self.incidents) == 0


def today_iso() -> str:
    """Today's date as ``YYYY-MM-DD``, the form due dates are stored in."""
    return date.today().isoformat()


def is_overdue(action: Action, today: str) -> bool:
    """Whether an unfinished action is past its due date."""
    return bool(action.due_on) and not action.status.is_finished and str(action.due_on) < today


def _ward_names(store: Store) -> dict[str, str]:
    return {area.id: area.name for area in store.areas.of_kind(AreaKind.WARD)}


def _problem_labels(store: Store) -> dict[str, str]:
    return {item.code: item.label for item in store.lookups.items("problem_type")}


def problem_label(store: Store, code: str) -> str:
    """The readable name of a problem type code (the code itself when unknown)."""
    return store.lookups.label("problem_type", code) if code else ""


def summarise_hotspots(store: Store, today: str | None = None,
                       flt: IncidentFilter | None = None) -> list[HotspotSummary]:
    """Return a summary row for every hotspot, in reference order.

    Args:
        store: the open database.
        today: the date overdue is judged against (default: today).
        flt: which incidents the counts include (default: all).
    """
    today = today or today_iso()
    hotspots = store.hotspots.all()
    counts = hotspot_counts(store, hotspots, flt)
    wards = _ward_names(store)
    problems = _problem_labels(store)
    open_counts: dict[str, int] = {}
    overdue_counts: dict[str, int] = {}
    for action in store.actions.all():
        if action.hotspot_id is None or action.status.is_finished:
            continue
        open_counts[action.hotspot_id] = open_counts.get(action.hotspot_id, 0) + 1
        if is_overdue(action, today):
            overdue_counts[action.hotspot_id] = overdue_counts.get(action.hotspot_id, 0) + 1
    return [
        HotspotSummary(
            id=h.id, ref=h.ref, name=h.name, status=h.status, rag=h.rag,
            problem_type=problems.get(h.problem_type, h.problem_type), ward=wards.get(h.ward_id or "", ""),
            open_actions=open_counts.get(h.id, 0), overdue_actions=overdue_counts.get(h.id, 0),
            review_due=h.review_due, incidents=counts.get(h.id, 0))
        for h in hotspots
    ]


def hotspot_detail(store: Store, hotspot_id: str, today: str | None = None,
                   flt: IncidentFilter | None = None) -> HotspotDetail:
    """Return what the detail panel shows about a hotspot (incidents counted through ``flt``).

    Raises:
        NotFoundError: when the hotspot does not exist (any more).
    """
    today = today or today_iso()
    hotspot = store.hotspots.get(hotspot_id)
    ward = store.areas.get(hotspot.ward_id).name if hotspot.ward_id else ""
    plan = store.plans.for_hotspot(hotspot_id)
    partner_names = {p.id: p.name for p in store.partners.all()}
    actions = store.actions.for_hotspot(hotspot_id)
    lines = [ActionLine(a.ref, a.title, partner_names.get(a.owner_partner_id, ""),
                        a.status.value.replace("_", " "), a.due_on, is_overdue(a, today),
                        a.status.is_finished)
             for a in actions]
    owners = {a.owner_partner_id for a in actions}
    if hotspot.lead_partner_id:
        owners.add(hotspot.lead_partner_id)
    partners = sorted(partner_names[p] for p in owners if p in partner_names)
    return HotspotDetail(hotspot, ward, plan, partners, lines,
                         incidents_within(store, hotspot, flt),
                         problem_label(store, hotspot.problem_type))


def incidents_within(store: Store, hotspot: Hotspot, flt: IncidentFilter | None = None) -> int:
    """Count the located incidents inside a hotspot's circle or polygon."""
    return count_in(store, Footprint.of_hotspot(hotspot), flt)


def totals(store: Store, today: str | None = None, flt: IncidentFilter | None = None) -> Totals:
    """Return the counts the status bar shows; with a filter, also the unfiltered incident count."""
    today = today or today_iso()
    filtered = flt is not None and flt != IncidentFilter()
    return Totals(store.hotspots.count(), store.incidents.count(flt),
                  len(store.actions.overdue(today)),
                  store.incidents.count() if filtered else None)


@dataclass(frozen=True)
class IncidentLine:
    """An incident as the list of a hotspot's incidents shows it."""

    id: int
    month: str
    category: str
    location: str
    source: IncidentSource
    occurred_at: str | None = None

    @property
    def editable(self) -> bool:
        """Whether it was logged by hand, so it can be edited or deleted here."""
        return self.source is IncidentSource.MANUAL


# A hotspot list longer than this is cut; its count still shows the whole number.
MAX_INCIDENT_LINES = 2000


def hotspot_incidents(store: Store, hotspot_id: str, flt: IncidentFilter | None = None,
                      limit: int = MAX_INCIDENT_LINES) -> list[IncidentLine]:
    """The incidents inside a hotspot that match the filter, newest month first.

    Raises:
        NotFoundError: when the hotspot does not exist (any more).
    """
    hotspot = store.hotspots.get(hotspot_id)
    points = sorted(incidents_in(store, Footprint.of_hotspot(hotspot), flt),
                    key=lambda p: (p[3], p[0]), reverse=True)[:limit]
    return [_line(i) for i in store.incidents.get_many([p[0] for p in points])]


def _line(incident: Incident) -> IncidentLine:
    return IncidentLine(incident.id or 0, incident.month, incident.category, incident.location,
                        incident.source, incident.occurred_at)
