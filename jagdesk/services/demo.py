"""The Leicester demo database: real boundaries and police.uk rows, illustrative JAG records.

The hand-written content (partners, hotspots, plans, actions, the meeting) lives in
``resources/demo/demo.json``; this module turns it into records. Dates in that file are days
relative to the build day, so overdue actions and expiring powers stay overdue and expiring
whenever the demo is built.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jagdesk import resources
from jagdesk.analysis.placement import AreaLocator
from jagdesk.domain.enums import (
    ActionStatus,
    AreaKind,
    AsbCategory,
    Attendance,
    HotspotStatus,
    MeetingStatus,
    PatSide,
    PlanStatus,
    Rag,
)
from jagdesk.domain.records import (
    Action,
    ActionUpdate,
    AgendaItem,
    Area,
    Attendee,
    Contact,
    Hotspot,
    Meeting,
    Partner,
    Plan,
    Response,
)
from jagdesk.errors import UserError
from jagdesk.services.boundaries import import_boundaries
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop, scaled
from jagdesk.services.reference import ensure_reference_data
from jagdesk.store import Store

DEMO_FILE_NAME = "leicester-demo.sqlite"
DEMO_ACTOR = "jagdesk demo"

CONTENT = ("demo", "demo.json")
POLICEUK_SLICE = ("demo", "policeuk-leicester-2021.zip")
WARDS = ("data", "boundaries", "leicester-wards-2019.geojson")
LOCAL_AUTHORITIES = ("data", "boundaries", "llr-local-authorities-2019.geojson")

# Counted for the summary, in the order ``describe`` lists them.
_COUNTED = ("wards", "local_authorities", "incidents", "hotspots", "plans", "responses",
            "partners", "contacts", "actions", "action_updates", "meetings", "agenda_items",
            "tactics", "framework_items")


@dataclass
class DemoSummary:
    """What ``build_demo`` made."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        """A short human summary, one line per kind of record."""
        lines = [f"Demo database written to {self.path}"]
        lines += [f"  {name.replace('_', ' ')}: {self.counts[name]}"
                  for name in _COUNTED if name in self.counts]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {"file": str(self.path), "counts": dict(self.counts)}


def build_demo(path: Path, *, replace: bool = False, progress: Progress = noop,
               cancelled: CancelCheck = never, today: date | None = None) -> DemoSummary:
    """Create the Leicester demo database at ``path``.

    The database is built in a temporary file beside ``path`` and renamed into place at the
    end, so a failed or cancelled build leaves nothing behind and never touches an existing file.

    Raises:
        UserError: ``path`` exists, is not empty and ``replace`` is false.
        Cancelled: the user cancelled; no file is left.
    """
    path = Path(path)
    _refuse_existing(path, replace)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        with Store(temp, actor=DEMO_ACTOR) as store:
            _fill(store, today or date.today(), progress, cancelled)
            counts = _counts(store)
        check(cancelled)
        _remove_with_sidecars(path)
        os.replace(temp, path)
    finally:
        _remove_with_sidecars(temp)
    progress(1.0, "Demo ready")
    return DemoSummary(path, counts)


def _refuse_existing(path: Path, replace: bool) -> None:
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name for the demo database")
    if path.exists() and path.stat().st_size > 0 and not replace:
        raise UserError(f"{path} already exists; choose another file or replace it "
                        "(jagdesk demo --replace)")


def _remove_with_sidecars(path: Path) -> None:
    """Delete a database file with its WAL and shared-memory files, when present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _fill(store: Store, today: date, progress: Progress, cancelled: CancelCheck) -> None:
    progress(0.0, "Loading reference data")
    ensure_reference_data(store)
    check(cancelled)
    import_boundaries(store, resources.path(*WARDS), AreaKind.WARD,
                      progress=scaled(progress, 0.02, 0.08), cancelled=cancelled)
    import_boundaries(store, resources.path(*LOCAL_AUTHORITIES), AreaKind.LOCAL_AUTHORITY,
                      progress=scaled(progress, 0.08, 0.12), cancelled=cancelled)
    _import_incidents(store, scaled(progress, 0.12, 0.85), cancelled)
    check(cancelled)
    progress(0.85, "Adding hotspots, plans, partners and the JAG meeting")
    with store.atomic():
        _DemoWriter(store, today).write(resources.load_json(*CONTENT))


def _import_incidents(store: Store, progress: Progress, cancelled: CancelCheck) -> None:
    from jagdesk.services.importing import import_policeuk

    summary = import_policeuk(store, [resources.path(*POLICEUK_SLICE)], progress=progress,
                              cancelled=cancelled)
    if not summary.ok:
        raise UserError("The shipped police.uk demo data could not be imported:\n"
                        + summary.describe())


def _counts(store: Store) -> dict[str, int]:
    return {
        "wards": len(store.areas.of_kind(AreaKind.WARD)),
        "local_authorities": len(store.areas.of_kind(AreaKind.LOCAL_AUTHORITY)),
        "incidents": store.incidents.count(),
        "hotspots": store.hotspots.count(),
        "plans": store.plans.count(),
        "responses": store.responses.count(),
        "partners": store.partners.count(),
        "contacts": store.contacts.count(),
        "actions": store.actions.count(),
        "action_updates": store.action_updates.count(),
        "meetings": store.meetings.count(),
        "agenda_items": store.agenda_items.count(),
        "tactics": store.tactics.count(),
        "framework_items": store.framework_items.count(),
    }


class _DemoWriter:
    """Writes the records of ``demo.json``, resolving its keys to record ids."""

    def __init__(self, store: Store, today: date) -> None:
        self.store = store
        self.today = today
        self.wards = AreaLocator(store.areas.of_kind(AreaKind.WARD))
        self.local_authorities = AreaLocator(store.areas.of_kind(AreaKind.LOCAL_AUTHORITY))
        self.ward_by_name = {area.name: area for area in self.wards.areas}
        self.partners: dict[str, Partner] = {}
        self.contacts: dict[str, Contact] = {}
        self.hotspots: dict[str, Hotspot] = {}
        self.plans: dict[str, Plan] = {}
        self.meeting: Meeting | None = None

    def day(self, offset: int | None) -> str | None:
        """The ISO date ``offset`` days from the build day, or None."""
        return None if offset is None else (self.today + timedelta(days=offset)).isoformat()

    def write(self, content: dict[str, Any]) -> None:
        """Write every record of the demo content."""
        for entry in content["partners"]:
            self._partner(entry)
        for entry in content["hotspots"]:
            self._hotspot(entry)
        self._meeting(content["meeting"])
        for entry in content["hotspots"]:
            for action in entry.get("actions", []):
                self._action(action, entry["key"])

    # --- partners ---------------------------------------------------------------------------
    def _partner(self, entry: dict[str, Any]) -> None:
        partner = self.store.partners.add(Partner(
            name=entry["name"], partner_type=entry["partner_type"],
            description=entry.get("description", "")))
        self.partners[entry["key"]] = partner
        for person in entry.get("contacts", []):
            ward = self.ward_by_name.get(person.get("ward", ""))
            self.contacts[person["key"]] = self.store.contacts.add(Contact(
                partner_id=partner.id, name=person["name"], role=person.get("role", ""),
                email=person.get("email", ""), phone=person.get("phone", ""),
                area_id=ward.id if ward else None, is_spoc=bool(person.get("spoc", False)),
                valid_from=self.day(person.get("valid_from_days", -365)),
                valid_to=self.day(person.get("valid_to_days"))))

    # --- hotspots, plans and responses ------------------------------------------------------
    def _hotspot(self, entry: dict[str, Any]) -> None:
        lon, lat = float(entry["lon"]), float(entry["lat"])
        ward = self.wards.area_at(lon, lat)
        authority = self.local_authorities.area_at(lon, lat)
        lead_contact = self.contacts.get(entry.get("lead_officer", ""))
        hotspot = self.store.hotspots.add(Hotspot(
            name=entry["name"], description=entry["description"],
            geometry={"type": "Point", "coordinates": [lon, lat]},
            radius_m=float(entry["radius_m"]), problem_type=entry["problem_type"],
            asb_category=AsbCategory(entry["asb_category"]),
            status=HotspotStatus(entry["status"]), rag=Rag(entry["rag"]),
            lead_partner_id=self.partners[entry["lead_partner"]].id,
            lead_officer=lead_contact.name if lead_contact else "",
            designation=entry.get("designation", ""),
            ward_id=_id(ward), local_authority_id=_id(authority),
            opened_on=self.day(entry.get("opened_days")),
            review_due=self.day(entry.get("review_days")),
            closed_on=self.day(entry.get("closed_days"))))
        self.hotspots[entry["key"]] = hotspot
        plan = self._plan(hotspot, entry["plan"])
        for response in entry.get("responses", []):
            self._response(plan, response)

    def _plan(self, hotspot: Hotspot, entry: dict[str, Any]) -> Plan:
        texts = {name: entry.get(name, "") for name in _PLAN_TEXT_FIELDS}
        plan = self.store.plans.add(Plan(
            hotspot_id=hotspot.id, status=PlanStatus(entry["status"]), **texts,
            sustainability_check_on=self.day(entry.get("sustainability_check_days")),
            closed_on=self.day(entry.get("closed_days"))))
        self.store.plans.set_framework_items(
            plan.id, [self._framework_item(code, ref) for code, ref in entry["framework_items"]])
        self.plans[hotspot.id] = plan
        return plan

    def _framework_item(self, framework_code: str, ref: str) -> str:
        framework = self.store.frameworks.by_code(framework_code)
        item = self.store.framework_items.by_ref(framework.id, ref) if framework else None
        if item is None:
            raise ValueError(f"demo.json names framework item {framework_code} {ref}, which does not exist")
        return item.id

    def _tactic_id(self, code: str | None) -> str | None:
        if not code:
            return None
        tactic = self.store.tactics.by_code(code)
        if tactic is None:
            raise ValueError(f"demo.json names tactic {code!r}, which is not in the catalogue")
        return tactic.id

    def _response(self, plan: Plan, entry: dict[str, Any]) -> None:
        tactic = self.store.tactics.get(str(self._tactic_id(entry["tactic"])))
        started = entry.get("started_days")
        expires = entry.get("expires_days")
        if expires is None and started is not None and tactic.max_duration_days:
            expires = started + tactic.max_duration_days  # the statutory clock runs out
        self.store.responses.add(Response(
            plan_id=plan.id, tactic_id=tactic.id, description=entry.get("description", ""),
            started_on=self.day(started), expires_on=self.day(expires),
            geometry=entry.get("footprint")))  # where a PSPO, closure or dispersal applies

    # --- the meeting ------------------------------------------------------------------------
    def _meeting(self, entry: dict[str, Any]) -> None:
        authority = next((a for a in self.local_authorities.areas
                          if a.name == entry.get("area_local_authority")), None)
        chair = self.contacts.get(entry.get("chair", ""))
        meeting = self.store.meetings.add(Meeting(
            title=entry["title"], held_at=f"{self.day(entry['held_days'])}T{entry['time']}:00",
            area_id=_id(authority), place=entry.get("place", ""),
            chair=chair.name if chair else "", status=MeetingStatus(entry["status"]),
            notes=entry.get("notes", "")))
        self.meeting = meeting
        for person in entry["attendees"]:
            contact = self.contacts.get(person.get("contact", ""))
            self.store.attendees.add(Attendee(
                meeting_id=meeting.id, partner_id=self.partners[person["partner"]].id,
                contact_id=_id(contact), name=contact.name if contact else "",
                attendance=Attendance(person["attendance"])))
        for position, item in enumerate(entry["agenda"], start=1):
            hotspot = self.hotspots.get(item.get("hotspot", ""))
            self.store.agenda_items.add(AgendaItem(
                meeting_id=meeting.id, position=position, title=item["title"],
                hotspot_id=_id(hotspot), notes=item.get("notes", ""),
                decision=item.get("decision", "")))

    # --- actions ----------------------------------------------------------------------------
    def _action(self, entry: dict[str, Any], hotspot_key: str) -> None:
        hotspot = self.hotspots[hotspot_key]
        contact = self.contacts.get(entry.get("contact", ""))
        action = self.store.actions.add(Action(
            title=entry["title"], description=entry.get("description", ""),
            owner_partner_id=self.partners[entry["owner"]].id, owner_contact_id=_id(contact),
            status=ActionStatus(entry["status"]), started_on=self.day(entry.get("started_days")),
            due_on=self.day(entry.get("due_days")),
            completed_on=self.day(entry.get("completed_days")),
            plan_id=self.plans[hotspot.id].id, hotspot_id=hotspot.id,
            meeting_id=self.meeting.id if entry.get("meeting") and self.meeting else None,
            pat_side=PatSide(entry["pat_side"]) if entry.get("pat_side") else None,
            tactic_id=self._tactic_id(entry.get("tactic"))))
        for update in entry.get("updates", []):
            self.store.action_updates.add(ActionUpdate(
                action_id=action.id, on=str(self.day(update["days"])), note=update["note"],
                status=ActionStatus(update["status"]) if update.get("status") else None))


_PLAN_TEXT_FIELDS = ("objective", "scanning", "analysis", "response", "assessment", "victim",
                     "offender", "location", "guardian", "handler", "manager",
                     "success_measures", "evidence_basis", "closure_outcome",
                     "closure_what_worked", "closure_what_did_not")


def _id(record: Area | Contact | Hotspot | None) -> str | None:
    return record.id if record is not None else None
