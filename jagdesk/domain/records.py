"""The records of the data model (ARCHITECTURE.md section 2) as dataclasses.

Every editable record carries a text UUID, timestamps, authorship and an integer ``version``
used for optimistic concurrency. Geometries are GeoJSON mappings in WGS84 longitude/latitude.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from jagdesk.domain.enums import (
    ActionStatus,
    AreaKind,
    AsbCategory,
    Attendance,
    HotspotStatus,
    IncidentSource,
    MeetingStatus,
    PatSide,
    PlanStatus,
    Rag,
)

Geometry = dict[str, Any]


def new_id() -> str:
    """Return a fresh record id."""
    return str(uuid.uuid4())


@dataclass(kw_only=True)
class Record:
    """Fields every editable record shares."""

    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    updated_by: str = ""
    version: int = 0


@dataclass(kw_only=True)
class Area(Record):
    """A boundary: force, local authority, ward, LSOA, beat, JAG area or a custom shape."""

    kind: AreaKind
    code: str
    name: str
    geometry: Geometry
    parent_id: str | None = None


@dataclass(kw_only=True)
class Hotspot(Record):
    """A problem location: a point with a radius, or a polygon."""

    ref: str = ""
    name: str
    geometry: Geometry
    radius_m: float | None = None
    description: str = ""
    problem_type: str = ""
    asb_category: AsbCategory | None = None
    status: HotspotStatus = HotspotStatus.NOMINATED
    rag: Rag = Rag.AMBER
    lead_partner_id: str | None = None
    lead_officer: str = ""
    designation: str = ""
    ward_id: str | None = None
    lsoa_code: str = ""
    local_authority_id: str | None = None
    opened_on: str | None = None
    review_due: str | None = None
    closed_on: str | None = None


@dataclass(kw_only=True)
class Incident:
    """One event: a police.uk row, a manually logged report or a partner's record.

    Incidents are bulk observations (a force-year is about 100k rows), so they use an integer
    key, which the R*Tree index needs anyway, rather than the UUID of editable records.
    """

    id: int | None = None
    source: IncidentSource
    source_key: str = ""
    month: str
    occurred_at: str | None = None
    category: str
    lon: float | None = None
    lat: float | None = None
    location: str = ""
    lsoa_code: str = ""
    lsoa_name: str = ""
    ward_code: str = ""
    outcome: str = ""
    force: str = ""
    reported_by: str = ""
    context: str = ""
    notes: str = ""
    batch_id: str | None = None


@dataclass(kw_only=True)
class Plan(Record):
    """The problem-solving plan of a hotspot: OSARA stages and the Problem Analysis Triangle."""

    hotspot_id: str
    status: PlanStatus = PlanStatus.DRAFT
    objective: str = ""
    scanning: str = ""
    analysis: str = ""
    response: str = ""
    assessment: str = ""
    victim: str = ""
    offender: str = ""
    location: str = ""
    guardian: str = ""
    handler: str = ""
    manager: str = ""
    success_measures: str = ""
    evidence_basis: str = ""
    closure_outcome: str = ""
    closure_what_worked: str = ""
    closure_what_did_not: str = ""
    sustainability_check_on: str | None = None
    closed_on: str | None = None


@dataclass(kw_only=True)
class Framework(Record):
    """A strategic plan (for example a Police and Crime Plan) whose priorities plans serve."""

    code: str
    name: str
    area: str = ""
    period: str = ""
    source_file: str = ""


@dataclass(kw_only=True)
class FrameworkItem(Record):
    """A theme, priority, aim, objective or measure of a framework."""

    framework_id: str
    kind: str
    ref: str
    text: str
    parent_id: str | None = None
    position: int = 0
    active_from: str | None = None
    active_to: str | None = None
    source_file: str = ""


@dataclass(kw_only=True)
class Tactic(Record):
    """A response or power from the catalogue, with its statutory clock when it has one."""

    code: str
    name: str
    kind: str = "tactic"
    legislation: str = ""
    max_duration_days: int | None = None
    description: str = ""
    source: str = ""


@dataclass(kw_only=True)
class Response(Record):
    """A tactic applied in a plan, with its start and expiry and, optionally, a footprint."""

    plan_id: str
    tactic_id: str
    description: str = ""
    started_on: str | None = None
    expires_on: str | None = None
    geometry: Geometry | None = None


@dataclass(kw_only=True)
class Partner(Record):
    """An agency taking part in JAGs."""

    name: str
    partner_type: str
    description: str = ""


@dataclass(kw_only=True)
class Contact(Record):
    """A person at a partner agency; a single point of contact has ``is_spoc`` set."""

    partner_id: str
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    area_id: str | None = None
    is_spoc: bool = False
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(kw_only=True)
class Action(Record):
    """Who does what by when."""

    ref: str = ""
    title: str
    description: str = ""
    owner_partner_id: str
    owner_contact_id: str | None = None
    status: ActionStatus = ActionStatus.OPEN
    started_on: str | None = None
    due_on: str | None = None
    completed_on: str | None = None
    plan_id: str | None = None
    hotspot_id: str | None = None
    meeting_id: str | None = None
    pat_side: PatSide | None = None
    tactic_id: str | None = None


@dataclass(kw_only=True)
class ActionUpdate(Record):
    """A dated progress note on an action."""

    action_id: str
    on: str
    note: str
    status: ActionStatus | None = None


@dataclass(kw_only=True)
class Meeting(Record):
    """A JAG meeting."""

    ref: str = ""
    title: str
    held_at: str
    area_id: str | None = None
    place: str = ""
    chair: str = ""
    status: MeetingStatus = MeetingStatus.PLANNED
    notes: str = ""
    next_meeting_on: str | None = None


@dataclass(kw_only=True)
class Attendee(Record):
    """A partner (and optionally a named contact) at a meeting."""

    meeting_id: str
    partner_id: str
    contact_id: str | None = None
    name: str = ""
    attendance: Attendance = Attendance.PRESENT


@dataclass(kw_only=True)
class AgendaItem(Record):
    """One item of a meeting's agenda, usually about a hotspot."""

    meeting_id: str
    position: int
    title: str
    hotspot_id: str | None = None
    notes: str = ""
    decision: str = ""
    kind: str = "other"  # nomination, review, actions, power, standing or other
    brief: str = ""  # why the item is on the agenda, in one line


@dataclass(frozen=True, kw_only=True)
class KnownPlace:
    """A located place incidents were recorded at: offered when a location is typed."""

    location: str  # as the incidents give it ("On or near Gallowtree Gate")
    area: str  # the LSOA's name ("Leicester 020A"), telling apart streets of the same name
    lon: float
    lat: float
    incidents: int  # on its point: the busiest places are offered first

    @property
    def label(self) -> str:
        """The location with its area, as the list of suggestions shows it."""
        return f"{self.location} \N{EM DASH} {self.area}" if self.area else self.location


@dataclass(frozen=True, kw_only=True)
class LookupItem:
    """An entry of an open reference list (partner types, problem types, ASB categories)."""

    list_name: str
    code: str
    label: str
    description: str = ""
    source: str = ""
