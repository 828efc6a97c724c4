"""Meetings on the Leicester demo: the agenda built for the chair, minutes and the action log."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from jagdesk.domain.enums import ActionStatus, Attendance, MeetingStatus
from jagdesk.domain.records import Action, Attendee, Meeting
from jagdesk.errors import ValidationError
from jagdesk.services import meetings as M
from jagdesk.store import Store

TODAY = date(2026, 3, 10)
NEXT_WEEK = TODAY + timedelta(days=7)


@pytest.fixture(scope="module")
def demo_file(demo_copy) -> Path:
    return demo_copy(TODAY)


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    store = Store(copy, actor="tester")
    yield store
    store.close()


def _demo_meeting(store: Store) -> Meeting:
    return next(m for m in store.meetings.all() if m.title == "Leicester City Centre JAG")


def _next_meeting(store: Store, **changes: object) -> Meeting:
    base = _demo_meeting(store)
    fields: dict[str, object] = {"title": "Leicester JAG", "area_id": base.area_id,
                                 "held_at": f"{NEXT_WEEK.isoformat()}T10:00:00",
                                 "place": "City Hall", "chair": base.chair} | changes
    return M.create_meeting(store, Meeting(**fields))  # type: ignore[arg-type]


def _by_ref(store: Store) -> dict[str, str]:
    return {h.id: h.ref for h in store.hotspots.all()}


# --- meetings and attendees -------------------------------------------------------------------
def test_meeting_areas_offer_authorities_and_wards(demo: Store) -> None:
    names = [a.name for a in M.meeting_areas(demo)]
    assert "Leicester" in names
    assert names.index("Leicester") < names.index("Castle")  # authorities before wards


def test_create_meeting_with_attendees_and_apologies(demo: Store) -> None:
    police = next(p for p in demo.partners.all() if "Police" in p.name)
    person = demo.contacts.for_partner(police.id)[0]
    council = next(p for p in demo.partners.all() if "Council" in p.name)
    meeting = _next_meeting(demo)
    M.set_attendees(demo, meeting.id, [
        Attendee(meeting_id="", partner_id=police.id, contact_id=person.id),
        Attendee(meeting_id="", partner_id=council.id, attendance=Attendance.APOLOGIES)])
    people = demo.attendees.for_meeting(meeting.id)
    assert [(p.partner_id, p.name, p.attendance) for p in people] == [
        (police.id, person.name, Attendance.PRESENT), (council.id, "", Attendance.APOLOGIES)]
    assert [a.partner_id for a in M.apologies(demo, meeting.id)] == [council.id]
    assert demo.meetings.get(meeting.id).status is MeetingStatus.PLANNED


def test_meeting_problems_are_named_by_field(demo: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        _next_meeting(demo, title=" ", held_at="soon", next_meeting_on="2020-01-01")
    assert set(caught.value.problems) == {"title", "held_at"}
    with pytest.raises(ValidationError) as caught:
        _next_meeting(demo, next_meeting_on=TODAY.isoformat())
    assert "next_meeting_on" in caught.value.problems


def test_attendee_under_the_wrong_partner_is_refused(demo: Store) -> None:
    police, council = (next(p for p in demo.partners.all() if word in p.name)
                       for word in ("Police", "Council"))
    person = demo.contacts.for_partner(police.id)[0]
    meeting = _next_meeting(demo)
    with pytest.raises(ValidationError) as caught:
        M.set_attendees(demo, meeting.id, [Attendee(meeting_id="", partner_id=council.id,
                                                    contact_id=person.id)])
    assert "attendees" in caught.value.problems


def test_mark_held_and_delete_keeps_raised_actions(demo: Store) -> None:
    meeting = _demo_meeting(demo)
    raised = [a.id for a in demo.actions.all() if a.meeting_id == meeting.id]
    assert raised
    assert M.set_meeting_status(demo, meeting.id, MeetingStatus.PLANNED).status is \
        MeetingStatus.PLANNED
    M.delete_meeting(demo, meeting.id)
    assert demo.meetings.count() == 0
    assert demo.agenda_items.count() == 0
    assert all(demo.actions.get(a).meeting_id is None for a in raised)


# --- the agenda ---------------------------------------------------------------------------------
def test_agenda_order_nominations_reviews_actions_powers(demo: Store) -> None:
    meeting = _next_meeting(demo)
    items = M.build_agenda(demo, meeting.id, TODAY)
    refs = _by_ref(demo)
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    assert items[0].kind == items[-1].kind == "standing"
    kinds = [i.kind for i in items[1:-1]]
    sections = ["nomination", "review", "actions", "power"]
    assert kinds == sorted(kinds, key=sections.index)  # sections in order
    nominated = [refs[i.hotspot_id or ""] for i in items if i.kind == "nomination"]
    assert nominated == ["HS-0006", "HS-0009"]  # Southey Close and Spinney Hill Park
    assert all(i.title.startswith("New nomination: ") for i in items if i.kind == "nomination")
    hotspots = [i.hotspot_id for i in items if i.hotspot_id]
    assert len(hotspots) == len(set(hotspots))  # each hotspot once
    closed = next(h for h in demo.hotspots.all() if h.status.value == "closed")
    assert closed.id not in hotspots


def test_reviews_are_red_first_then_by_review_date(demo: Store) -> None:
    hotspots = {h.id: h for h in demo.hotspots.all()}
    # A meeting far enough ahead that every open hotspot's review is due by then.
    meeting = _next_meeting(demo, held_at=f"{(TODAY + timedelta(days=90)).isoformat()}T10:00:00")
    reviews = [hotspots[i.hotspot_id or ""] for i in M.build_agenda(demo, meeting.id, TODAY)
               if i.kind == "review"]
    assert len(reviews) >= 4
    rag_order = {"red": 0, "amber": 1, "green": 2}
    keys = [(rag_order[h.rag.value], h.review_due) for h in reviews]
    assert keys == sorted(keys)
    assert reviews[0].rag.value == "red"
    assert all("review due" in i.brief for i in demo.agenda_items.for_meeting(meeting.id)
               if i.kind == "review")


def test_items_name_overdue_actions_and_lapsing_powers(demo: Store) -> None:
    meeting = _next_meeting(demo)
    items = {i.hotspot_id: i for i in M.build_agenda(demo, meeting.id, TODAY) if i.hotspot_id}
    refs = _by_ref(demo)
    briefs = {refs[h]: i.brief for h, i in items.items()}
    # Braunstone's dispersal direction runs out the day after "today" in the demo.
    assert "Dispersal direction lapses" in briefs["HS-0005"]
    assert "overdue" in briefs["HS-0005"]
    assert "Closure order lapses" in briefs["HS-0003"]
    # Beaumont Leys: monitoring, review months away, its only action not due before the next JAG.
    assert "HS-0007" not in briefs


def test_actions_due_after_the_next_meeting_are_left_out(demo: Store) -> None:
    soon = _next_meeting(demo, next_meeting_on=(NEXT_WEEK + timedelta(days=1)).isoformat())
    late = _next_meeting(demo, title="Later JAG",
                         next_meeting_on=(NEXT_WEEK + timedelta(days=60)).isoformat())
    few = {i.hotspot_id for i in M.build_agenda(demo, soon.id, TODAY)}
    many = {i.hotspot_id for i in M.build_agenda(demo, late.id, TODAY)}
    assert few < many


def test_rebuilding_keeps_the_agenda_and_adds_before_any_other_business(demo: Store) -> None:
    meeting = _demo_meeting(demo)
    before = demo.agenda_items.for_meeting(meeting.id)
    after = M.build_agenda(demo, meeting.id, TODAY)
    assert [i.id for i in after[:len(before) - 1]] == [i.id for i in before[:-1]]
    assert after[-1].id == before[-1].id
    assert after[-1].title == "Any other business"
    assert len(after) > len(before)
    assert M.build_agenda(demo, meeting.id, TODAY) == after  # nothing more to add


def test_reorder_add_remove(demo: Store) -> None:
    meeting = _next_meeting(demo)
    items = M.build_agenda(demo, meeting.id, TODAY)
    moved = M.move_agenda_item(demo, items[2].id, -1)
    assert [i.id for i in moved[:3]] == [items[0].id, items[2].id, items[1].id]
    assert M.move_agenda_item(demo, items[0].id, -5)[0].id == items[0].id  # stops at the top
    reordered = M.set_agenda_order(demo, meeting.id, [i.id for i in reversed(items)])
    assert [i.id for i in reordered] == [i.id for i in reversed(items)]
    assert [i.position for i in reordered] == list(range(1, len(items) + 1))
    added = M.add_agenda_item(demo, meeting.id, "Street drinking pilot", position=2)
    assert demo.agenda_items.for_meeting(meeting.id)[1].id == added.id
    remaining = M.remove_agenda_item(demo, added.id)
    assert [i.position for i in remaining] == list(range(1, len(items) + 1))
    with pytest.raises(ValidationError):
        M.add_agenda_item(demo, meeting.id, "  ")


# --- minutes and the action log -----------------------------------------------------------------
def test_minutes_are_saved_per_item(demo: Store) -> None:
    meeting = _next_meeting(demo)
    item = M.build_agenda(demo, meeting.id, TODAY)[1]
    M.record_minutes(demo, item.id, notes=" Door-knock done. ", decision="Accept for scanning")
    saved = demo.agenda_items.get(item.id)
    assert (saved.notes, saved.decision) == ("Door-knock done.", "Accept for scanning")
    M.record_minutes(demo, item.id, decision="Accept")
    assert demo.agenda_items.get(item.id).notes == "Door-knock done."


def test_raised_and_reviewed_actions_make_the_meeting_log(demo: Store) -> None:
    meeting = _next_meeting(demo)
    items = M.build_agenda(demo, meeting.id, TODAY)
    item = next(i for i in items if i.kind == "review")
    partner = demo.partners.all()[0]
    action = M.raise_action(demo, meeting.id, Action(
        title="Patrol plan for the weekend", owner_partner_id=partner.id,
        due_on=(NEXT_WEEK + timedelta(days=14)).isoformat()), item_id=item.id)
    assert action.meeting_id == meeting.id
    assert action.hotspot_id == item.hotspot_id
    assert action.plan_id is not None
    assert action.started_on == NEXT_WEEK.isoformat()
    existing = next(r.action for r in M.item_actions(demo, item, TODAY)
                    if r.action.id != action.id and not r.action.status.is_finished)
    M.review_action(demo, meeting.id, existing.id, "Chased at the JAG", ActionStatus.IN_PROGRESS)
    log = M.meeting_action_log(demo, meeting.id, TODAY)
    how = {r.row.action.id: r.how for r in log}
    assert log[0].row.action.id == action.id
    assert how[action.id] == "Raised"
    assert how[existing.id] == "Updated"
    agenda_hotspots = {i.hotspot_id for i in items if i.hotspot_id}
    assert all(r.raised or r.row.action.hotspot_id in agenda_hotspots for r in log)
    other = next(a for a in demo.actions.all() if a.hotspot_id not in agenda_hotspots
                 and a.hotspot_id is not None)
    assert other.id not in how


def test_item_actions_put_overdue_first(demo: Store) -> None:
    meeting = _next_meeting(demo)
    item = next(i for i in M.build_agenda(demo, meeting.id, TODAY) if "overdue" in i.brief)
    rows = M.item_actions(demo, item, TODAY)
    assert rows[0].overdue
    assert all(r.action.hotspot_id == item.hotspot_id for r in rows)
