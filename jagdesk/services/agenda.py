"""The agenda a JAG meeting needs, proposed from the state of its hotspots.

A chair walks the partnership through, in this order: new nominations; hotspots whose review
is due by the meeting, red before amber before green and soonest review first; other hotspots
with actions overdue or due before the next meeting; other hotspots with a power about to lapse.
Each hotspot appears once, and its item's brief names every reason it is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jagdesk.domain import action_rules
from jagdesk.domain.enums import AreaKind, HotspotStatus, Rag
from jagdesk.domain.geometry import centre
from jagdesk.domain.records import Action, AgendaItem, Area, Hotspot, Meeting
from jagdesk.domain.rules import parse_day
from jagdesk.services.responses import LapsingPower, lapsing_powers

if TYPE_CHECKING:
    from jagdesk.store import Store

# A JAG usually meets monthly; without a date for the next meeting, assume four weeks.
DEFAULT_CYCLE_DAYS = 28
# Powers that lapsed longer ago than this are history, not a decision for this meeting.
LAPSED_LOOKBACK_DAYS = 28

OPENING_TITLE = "Welcome, introductions and apologies"
CLOSING_TITLE = "Any other business and date of the next meeting"

KIND_LABELS = {"standing": "Standing item", "nomination": "New nomination",
               "review": "Review due", "actions": "Actions due", "power": "Power lapsing",
               "other": ""}
_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def meeting_day(meeting: Meeting) -> date:
    """The day a meeting is held (``held_at`` is an ISO date and time)."""
    return date.fromisoformat(meeting.held_at[:10])


def next_meeting_day(store: Store, meeting: Meeting) -> date:
    """When the next meeting is: as entered, else the next one of the area, else in four weeks."""
    held = meeting_day(meeting)
    entered = parse_day(meeting.next_meeting_on)
    if entered is not None and entered > held:
        return entered
    later = sorted(meeting_day(m) for m in store.meetings.all()
                   if m.area_id == meeting.area_id and m.id != meeting.id and meeting_day(m) > held)
    return later[0] if later else held + timedelta(days=DEFAULT_CYCLE_DAYS)


def hotspots_in_area(store: Store, area_id: str | None) -> list[Hotspot]:
    """The hotspots a JAG area covers: by ward or authority, else by where their centre lies."""
    hotspots = store.hotspots.all()
    if not area_id:
        return hotspots
    area = store.areas.get(area_id)
    inside = _contains(area)
    return [h for h in hotspots if area.id in (h.ward_id, h.local_authority_id)
            or (not _recorded_kind(h, area) and inside(h))]


def _recorded_kind(hotspot: Hotspot, area: Area) -> bool:
    """Whether the hotspot records its area of this kind (so a mismatch is a real answer)."""
    return ((area.kind is AreaKind.WARD and hotspot.ward_id is not None)
            or (area.kind is AreaKind.LOCAL_AUTHORITY and hotspot.local_authority_id is not None))


def _contains(area: Area) -> Callable[[Hotspot], bool]:
    import shapely

    shape = shapely.geometry.shape(area.geometry)
    return lambda hotspot: bool(shape.covers(shapely.Point(*centre(hotspot.geometry))))


@dataclass
class _Candidate:
    """A hotspot that may need the meeting's time, and why."""

    hotspot: Hotspot
    kind: str = ""
    reasons: list[str] = field(default_factory=list)
    first_due: date | None = None
    first_expiry: date | None = None

    def note(self, kind: str, reason: str) -> None:
        self.kind = self.kind or kind
        self.reasons.append(reason)


def propose_agenda(store: Store, meeting: Meeting, today: date) -> list[AgendaItem]:
    """The agenda the meeting needs, numbered from 1; nothing is saved.

    Args:
        store: the open database.
        meeting: the meeting (its area, day and next meeting bound what is proposed).
        today: the day actions are judged overdue and powers' days left are counted from.
    """
    held, upcoming = meeting_day(meeting), next_meeting_day(store, meeting)
    candidates = {h.id: _Candidate(h) for h in hotspots_in_area(store, meeting.area_id)
                  if h.status is not HotspotStatus.CLOSED}
    _note_nominations(candidates)
    _note_reviews(candidates, held)
    _note_actions(candidates, store.actions.all(), today, upcoming)
    _note_powers(candidates, lapsing_powers(store, today, max((upcoming - today).days, 0)))
    chosen = [c for c in candidates.values() if c.kind]
    items = [_standing(meeting, OPENING_TITLE)]
    for kind, key in _SECTIONS:
        section = sorted((c for c in chosen if c.kind == kind), key=key)
        items += [_item(meeting, c) for c in section]
    items.append(_standing(meeting, CLOSING_TITLE))
    for position, item in enumerate(items, start=1):
        item.position = position
    return items


def _note_nominations(candidates: dict[str, _Candidate]) -> None:
    for candidate in candidates.values():
        if candidate.hotspot.status is HotspotStatus.NOMINATED:
            candidate.note("nomination", f"Nominated · RAG {candidate.hotspot.rag.value}")


def _note_reviews(candidates: dict[str, _Candidate], held: date) -> None:
    for candidate in candidates.values():
        due = parse_day(candidate.hotspot.review_due)
        if candidate.hotspot.status is not HotspotStatus.NOMINATED and due and due <= held:
            candidate.note("review", f"RAG {candidate.hotspot.rag.value} · review due "
                                     f"{_day(due)}")


def _note_actions(candidates: dict[str, _Candidate], actions: Iterable[Action], today: date,
                  upcoming: date) -> None:
    overdue: dict[str, int] = {}
    due_soon: dict[str, int] = {}
    for action in actions:
        due = parse_day(action.due_on)
        candidate = candidates.get(action.hotspot_id or "")
        if candidate is None or due is None or action.status.is_finished:
            continue
        if action_rules.is_overdue(action, today):
            overdue[candidate.hotspot.id] = overdue.get(candidate.hotspot.id, 0) + 1
        elif due <= upcoming:
            due_soon[candidate.hotspot.id] = due_soon.get(candidate.hotspot.id, 0) + 1
        else:
            continue
        candidate.first_due = min(filter(None, (candidate.first_due, due)))
    for hotspot_id in sorted(set(overdue) | set(due_soon)):
        parts = []
        if overdue.get(hotspot_id):
            parts.append(_count(overdue[hotspot_id], "action") + " overdue")
        if due_soon.get(hotspot_id):
            parts.append(_count(due_soon[hotspot_id], "action") + " due before the next meeting")
        candidates[hotspot_id].note("actions", " · ".join(parts))


def _note_powers(candidates: dict[str, _Candidate], lapsing: list[LapsingPower]) -> None:
    for power in lapsing:
        candidate = candidates.get(power.hotspot_id)
        if candidate is None or power.days_left < -LAPSED_LOOKBACK_DAYS:
            continue
        when = (f"lapsed {_count(-power.days_left, 'day')} ago" if power.expired
                else f"lapses {_day(power.expires_on)} ({_count(power.days_left, 'day')} left)")
        candidate.note("power", f"{power.tactic_name} {when}")
        candidate.first_expiry = min(filter(None, (candidate.first_expiry, power.expires_on)))


def _rag_then(day: date | None, hotspot: Hotspot) -> tuple[int, date, str]:
    return _RAG_ORDER[hotspot.rag], day or date.max, hotspot.ref


_SECTIONS: list[tuple[str, Callable[[_Candidate], tuple[object, ...]]]] = [
    ("nomination", lambda c: (c.hotspot.ref,)),
    ("review", lambda c: _rag_then(parse_day(c.hotspot.review_due), c.hotspot)),
    ("actions", lambda c: _rag_then(c.first_due, c.hotspot)),
    ("power", lambda c: (c.first_expiry or date.max, c.hotspot.ref)),
]


def _item(meeting: Meeting, candidate: _Candidate) -> AgendaItem:
    name = candidate.hotspot.name
    title = f"New nomination: {name}" if candidate.kind == "nomination" else name
    return AgendaItem(meeting_id=meeting.id, position=0, title=title,
                      hotspot_id=candidate.hotspot.id, kind=candidate.kind,
                      brief=" · ".join(candidate.reasons))


def _standing(meeting: Meeting, title: str) -> AgendaItem:
    return AgendaItem(meeting_id=meeting.id, position=0, title=title, kind="standing")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
