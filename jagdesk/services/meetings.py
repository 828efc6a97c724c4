"""JAG meetings: who comes, the agenda built for the chair, the minutes and the action log.

At each meeting "the current action plan shall be reviewed and updated": the meeting's action log
is every action raised at it and every action of its hotspots that was reviewed there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from jagdesk.domain.enums import ActionStatus, AreaKind, Attendance, MeetingStatus
from jagdesk.domain.records import Action, AgendaItem, Area, Attendee, Meeting
from jagdesk.domain.rules import Problems, blank, parse_day
from jagdesk.errors import UserError
from jagdesk.services.actions import ActionLogRow, Progressed, action_log, add_action, add_update
from jagdesk.services.agenda import (
    meeting_day,
    next_meeting_day,
    propose_agenda,
)
from jagdesk.services.checks import exists, raise_if

if TYPE_CHECKING:
    from jagdesk.store import Store

__all__ = [
    "MeetingActionRow", "add_agenda_item", "apologies", "build_agenda", "create_meeting", "delete_meeting",
    "item_actions", "meeting_action_log", "meeting_areas", "meeting_day", "meeting_problems",
    "move_agenda_item", "next_meeting_day", "raise_action", "record_minutes",
    "remove_agenda_item", "review_action", "set_agenda_order", "set_attendees",
    "set_meeting_status", "update_agenda_item", "update_meeting",
]

# The kinds of boundary a JAG covers.
MEETING_AREA_KINDS = (AreaKind.JAG_AREA, AreaKind.LOCAL_AUTHORITY, AreaKind.WARD)


# --- meetings ---------------------------------------------------------------------------------
def meeting_areas(store: Store) -> list[Area]:
    """The areas a meeting can be for: JAG areas, then local authorities, then wards, by name."""
    order = {kind: n for n, kind in enumerate(MEETING_AREA_KINDS)}
    areas = [a for a in store.areas.all() if a.kind in order]
    return sorted(areas, key=lambda a: (order[a.kind], a.name))


def meeting_problems(store: Store, meeting: Meeting) -> Problems:
    """Everything wrong with a meeting, by field."""
    found: Problems = {}
    if blank(meeting.title):
        found["title"] = "Give the meeting a title, such as the JAG's name."
    try:
        held = datetime.fromisoformat(meeting.held_at).date()
    except ValueError:
        found["held_at"] = "Enter the date and time of the meeting."
        held = None
    if meeting.area_id and not exists(store.areas, meeting.area_id):
        found["area_id"] = "Choose an area from the list."
    if meeting.next_meeting_on:
        upcoming = parse_day(meeting.next_meeting_on)
        if upcoming is None:
            found["next_meeting_on"] = "Enter a date (YYYY-MM-DD)."
        elif held is not None and upcoming <= held:
            found["next_meeting_on"] = "The next meeting must come after this one."
    return found


def create_meeting(store: Store, meeting: Meeting,
                   attendees: Sequence[Attendee] = ()) -> Meeting:
    """Add a meeting with its attendees (their ``meeting_id`` is set here).

    Raises:
        ValidationError: naming each field of the meeting or attendees that is wrong.
    """
    meeting = dataclasses.replace(meeting, title=meeting.title.strip())
    raise_if(meeting_problems(store, meeting))
    raise_if(_attendee_problems(store, attendees))
    with store.atomic():
        saved = store.meetings.add(meeting)
        for person in attendees:
            store.attendees.add(_named(store, person, saved.id))
    return saved


def update_meeting(store: Store, meeting: Meeting) -> Meeting:
    """Save changes to a meeting's details.

    Raises:
        ValidationError: naming each field that is wrong.
        ConflictError: when someone else saved it since it was read.
    """
    meeting = dataclasses.replace(meeting, title=meeting.title.strip())
    raise_if(meeting_problems(store, meeting))
    return store.meetings.update(meeting)


def delete_meeting(store: Store, meeting_id: str) -> None:
    """Delete a meeting, its attendance and agenda; actions raised at it stay, unlinked."""
    store.meetings.get(meeting_id)
    with store.atomic():
        for action in [a for a in store.actions.all() if a.meeting_id == meeting_id]:
            store.actions.update(dataclasses.replace(action, meeting_id=None))
        for item in store.agenda_items.for_meeting(meeting_id):
            store.agenda_items.delete(item.id)
        for person in store.attendees.for_meeting(meeting_id):
            store.attendees.delete(person.id)
        store.meetings.delete(meeting_id)


def set_meeting_status(store: Store, meeting_id: str, status: MeetingStatus) -> Meeting:
    """Mark a meeting held (or planned again, when marked held by mistake)."""
    meeting = store.meetings.get(meeting_id)
    if meeting.status is status:
        return meeting
    return store.meetings.update(dataclasses.replace(meeting, status=status))


# --- attendees --------------------------------------------------------------------------------
def _attendee_problems(store: Store, attendees: Sequence[Attendee]) -> Problems:
    for person in attendees:
        if not exists(store.partners, person.partner_id):
            return {"attendees": "Choose each attendee's partner from the directory."}
        if person.contact_id:
            if not exists(store.contacts, person.contact_id):
                return {"attendees": "Choose each attendee from the directory."}
            if store.contacts.get(person.contact_id).partner_id != person.partner_id:
                return {"attendees": f"{person.name or 'A person'} does not work for the partner "
                                     "they are listed under."}
    return {}


def set_attendees(store: Store, meeting_id: str, attendees: Sequence[Attendee]) -> list[Attendee]:
    """Replace who is expected, present or sent apologies; names default to the contact's.

    Raises:
        ValidationError: under ``attendees`` when a partner or person is unknown or mismatched.
    """
    store.meetings.get(meeting_id)
    raise_if(_attendee_problems(store, attendees))
    with store.atomic():
        for person in store.attendees.for_meeting(meeting_id):
            store.attendees.delete(person.id)
        saved = [store.attendees.add(_named(store, person, meeting_id)) for person in attendees]
    return saved


def _named(store: Store, person: Attendee, meeting_id: str) -> Attendee:
    """The attendee for this meeting, named after their directory entry unless named already."""
    name = person.name or (store.contacts.get(person.contact_id).name
                           if person.contact_id else "")
    return dataclasses.replace(person, meeting_id=meeting_id, name=name)


def apologies(store: Store, meeting_id: str) -> list[Attendee]:
    """The people who sent apologies."""
    return [a for a in store.attendees.for_meeting(meeting_id)
            if a.attendance is Attendance.APOLOGIES]


# --- the agenda -------------------------------------------------------------------------------
def build_agenda(store: Store, meeting_id: str, today: date) -> list[AgendaItem]:
    """Add the items the meeting needs to its agenda and return the agenda in order.

    An empty agenda gets every proposed item. An agenda already worked on keeps its items and
    order; proposals for hotspots it lacks go before its closing item (any other business).
    """
    meeting = store.meetings.get(meeting_id)
    current = store.agenda_items.for_meeting(meeting_id)
    proposed = propose_agenda(store, meeting, today)
    with store.atomic():
        if not current:
            for item in proposed:
                store.agenda_items.add(item)
            return store.agenda_items.for_meeting(meeting_id)
        covered = {i.hotspot_id for i in current if i.hotspot_id}
        added = [p for p in proposed if p.hotspot_id and p.hotspot_id not in covered]
        closing = [i for i in current if _is_closing(i)][-1:]
        keep = [i for i in current if i not in closing]
        _save_order(store, [*keep, *added, *closing])
    return store.agenda_items.for_meeting(meeting_id)


def _is_closing(item: AgendaItem) -> bool:
    return not item.hotspot_id and item.title.casefold().startswith("any other business")


def _save_order(store: Store, items: Sequence[AgendaItem]) -> None:
    """Number the items 1.. in this order, adding new ones and saving only changed positions."""
    for position, item in enumerate(items, start=1):
        if not item.version:
            store.agenda_items.add(dataclasses.replace(item, position=position))
        elif item.position != position:
            store.agenda_items.update(dataclasses.replace(item, position=position))


def add_agenda_item(store: Store, meeting_id: str, title: str, *, hotspot_id: str | None = None,
                    position: int | None = None, brief: str = "") -> AgendaItem:
    """Add an item (at the end, or at ``position`` counting from 1) and renumber the agenda.

    Raises:
        ValidationError: on ``title`` when it is empty, on ``hotspot_id`` when it is unknown.
    """
    store.meetings.get(meeting_id)
    problems: Problems = {}
    if blank(title):
        problems["title"] = "Give the item a title."
    if hotspot_id and not exists(store.hotspots, hotspot_id):
        problems["hotspot_id"] = "Choose a hotspot from the list."
    raise_if(problems)
    item = AgendaItem(meeting_id=meeting_id, position=0, title=title.strip(),
                      hotspot_id=hotspot_id, kind="other", brief=brief)
    items = store.agenda_items.for_meeting(meeting_id)
    at = len(items) if position is None else min(max(position - 1, 0), len(items))
    with store.atomic():
        _save_order(store, [*items[:at], item, *items[at:]])
    return next(i for i in store.agenda_items.for_meeting(meeting_id) if i.id == item.id)


def remove_agenda_item(store: Store, item_id: str) -> list[AgendaItem]:
    """Remove an item and close the gap; returns the agenda."""
    item = store.agenda_items.get(item_id)
    with store.atomic():
        store.agenda_items.delete(item_id)
        _save_order(store, store.agenda_items.for_meeting(item.meeting_id))
    return store.agenda_items.for_meeting(item.meeting_id)


def move_agenda_item(store: Store, item_id: str, offset: int) -> list[AgendaItem]:
    """Move an item up (negative offset) or down, stopping at either end; returns the agenda."""
    item = store.agenda_items.get(item_id)
    items = store.agenda_items.for_meeting(item.meeting_id)
    index = next(n for n, i in enumerate(items) if i.id == item_id)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    with store.atomic():
        _save_order(store, items)
    return store.agenda_items.for_meeting(item.meeting_id)


def set_agenda_order(store: Store, meeting_id: str, item_ids: Sequence[str]) -> list[AgendaItem]:
    """Put the agenda in this order (as after dragging items about); returns the agenda.

    Raises:
        UserError: when the ids are not exactly the meeting's items.
    """
    items = {i.id: i for i in store.agenda_items.for_meeting(meeting_id)}
    if sorted(item_ids) != sorted(items):
        raise UserError("The agenda changed while it was being reordered; reopen it and try again.")
    with store.atomic():
        _save_order(store, [items[i] for i in item_ids])
    return store.agenda_items.for_meeting(meeting_id)


def update_agenda_item(store: Store, item: AgendaItem) -> AgendaItem:
    """Save an item's title, hotspot, brief, notes or decision.

    Raises:
        ValidationError: on ``title`` when it is empty, on ``hotspot_id`` when it is unknown.
    """
    problems: Problems = {}
    if blank(item.title):
        problems["title"] = "Give the item a title."
    if item.hotspot_id and not exists(store.hotspots, item.hotspot_id):
        problems["hotspot_id"] = "Choose a hotspot from the list."
    raise_if(problems)
    return store.agenda_items.update(item)


# --- minutes ----------------------------------------------------------------------------------
def record_minutes(store: Store, item_id: str, *, notes: str | None = None,
                   decision: str | None = None) -> AgendaItem:
    """Save what was said (notes) and agreed (decision) under an item; None leaves a field."""
    item = store.agenda_items.get(item_id)
    changed = dataclasses.replace(
        item, notes=item.notes if notes is None else notes.strip(),
        decision=item.decision if decision is None else decision.strip())
    if (changed.notes, changed.decision) == (item.notes, item.decision):
        return item
    return store.agenda_items.update(changed)


def raise_action(store: Store, meeting_id: str, action: Action,
                 item_id: str | None = None) -> Action:
    """Add an action agreed at the meeting, linked to it (and to the item's hotspot and plan).

    It starts on the meeting's day unless a start is given.

    Raises:
        ValidationError: naming each field of the action that is wrong.
    """
    meeting = store.meetings.get(meeting_id)
    hotspot_id = action.hotspot_id
    if item_id and not hotspot_id:
        hotspot_id = store.agenda_items.get(item_id).hotspot_id
    plan = store.plans.for_hotspot(hotspot_id) if hotspot_id and not action.plan_id else None
    return add_action(store, dataclasses.replace(
        action, meeting_id=meeting.id, hotspot_id=hotspot_id,
        plan_id=action.plan_id or (plan.id if plan else None),
        started_on=action.started_on or meeting_day(meeting).isoformat()))


def review_action(store: Store, meeting_id: str, action_id: str, note: str,
                  status: ActionStatus | None = None) -> Progressed:
    """Record the meeting's review of an action as an update dated the meeting's day.

    Raises:
        ValidationError: on ``note`` when it is empty (or on the status change it makes).
    """
    meeting = store.meetings.get(meeting_id)
    return add_update(store, action_id, on=meeting_day(meeting).isoformat(), note=note,
                      status=status)


def item_actions(store: Store, item: AgendaItem, today: date) -> list[ActionLogRow]:
    """The actions of an item's hotspot: unfinished first, overdue at the top, then by due date."""
    if not item.hotspot_id:
        return []
    rows = [r for r in action_log(store, today=today) if r.action.hotspot_id == item.hotspot_id]
    return sorted(rows, key=lambda r: (r.action.status.is_finished, not r.overdue,
                                       r.action.due_on or "9999", r.action.ref))


# --- the meeting's action log -----------------------------------------------------------------
@dataclass(frozen=True)
class MeetingActionRow:
    """An action in a meeting's log: raised there, reviewed there, or both."""

    row: ActionLogRow
    raised: bool
    updated: bool  # a progress update is dated the meeting's day

    @property
    def how(self) -> str:
        """"Raised", "Updated" or "Reviewed", for a column of the log."""
        return "Raised" if self.raised else "Updated" if self.updated else "Reviewed"


def meeting_action_log(store: Store, meeting_id: str, today: date) -> list[MeetingActionRow]:
    """Every action raised at the meeting, or reviewed there.

    Reviewed means the action belongs to a hotspot on the agenda and was open on the meeting's day
    (the current action plan is reviewed item by item), or was updated on that day. Raised
    actions come first, then the rest in agenda order, each group soonest due first.
    """
    meeting = store.meetings.get(meeting_id)
    day = meeting_day(meeting)
    order = {i.hotspot_id: i.position for i in store.agenda_items.for_meeting(meeting_id)
             if i.hotspot_id is not None}
    updated_ids = {u.action_id for u in store.action_updates.all() if u.on == day.isoformat()}
    found = []
    for row in action_log(store, today=today):
        action = row.action
        raised = action.meeting_id == meeting_id
        updated = action.id in updated_ids and action.hotspot_id in order
        if raised or updated or (action.hotspot_id in order and _open_on(action, day)):
            found.append(MeetingActionRow(row, raised, updated))
    return sorted(found, key=lambda r: (not r.raised, order.get(r.row.action.hotspot_id or "", 0),
                                        r.row.action.due_on or "9999", r.row.action.ref))


def _open_on(action: Action, day: date) -> bool:
    started = parse_day(action.started_on) or parse_day(action.created_at[:10])
    if started is not None and started > day:
        return False
    if not action.status.is_finished:
        return True
    completed = parse_day(action.completed_on)
    return completed is not None and completed >= day
