"""A JAG meeting's pack (before: cover, agenda, one page per item) and minutes (after)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.domain.enums import Attendance
from jagdesk.errors import NotFoundError
from jagdesk.io.exports.document import (
    Block,
    Document,
    Fields,
    Heading,
    Letterhead,
    PageBreak,
    Paragraph,
    Table,
)
from jagdesk.services import export_parts as parts
from jagdesk.services.actions import ActionLogRow, action_log
from jagdesk.services.export_figures import FigureCache, assessment_blocks, trend_blocks
from jagdesk.services.export_profiles import FULL, PARTNER, PARTNER_NOTE, shows
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop

if TYPE_CHECKING:
    from jagdesk.domain.records import AgendaItem, Hotspot, Meeting
    from jagdesk.store import Store

KINDS = ("pack", "minutes")


def meeting_document(store: Store, meeting: Meeting, kind: str, letterhead: Letterhead, *,
                     figures: FigureCache | None = None, profile: str = FULL,
                     progress: Progress = noop, cancelled: CancelCheck = never) -> Document:
    """Build the pack (``kind="pack"``) or the minutes (``kind="minutes"``) of a meeting.

    ``profile="partner"`` leaves out people's names and free-text notes; decisions stay.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown meeting document {kind!r}")
    title = f"{'Meeting pack' if kind == 'pack' else 'Minutes'}: {meeting.title}"
    today = letterhead.created
    doc = Document.under(letterhead, title,
                         f"{meeting.ref} · {_when(meeting.held_at)} · {meeting.place}".strip(" ·"))
    items = store.agenda_items.for_meeting(meeting.id)
    if profile == PARTNER:
        doc.add(Paragraph(PARTNER_NOTE, "note"))
    doc.add(*_cover(store, meeting, profile))
    if kind == "pack":
        doc.add(Heading("Agenda"), _agenda(store, items))
        _item_pages(store, doc, items, today, figures or FigureCache(store), profile, progress,
                    cancelled)
    else:
        _minutes(store, doc, meeting, items, today, profile)
    return doc


def _when(held_at: str) -> str:
    day, _, time = held_at.partition("T")
    return f"{day} {time[:5]}".strip()


def _cover(store: Store, meeting: Meeting, profile: str) -> list[Block]:
    blocks: list[Block] = [Fields([
        ("Meeting", f"{meeting.ref} {meeting.title}"), ("Date and time", _when(meeting.held_at)),
        ("Place", meeting.place),
        *([("Chair", meeting.chair)] if shows(profile, "meeting", "chair") else []),
        ("Area", store.areas.get(meeting.area_id).name if meeting.area_id else ""),
    ])]
    if meeting.notes and shows(profile, "meeting", "notes"):
        blocks.append(Paragraph(meeting.notes))
    blocks += [Heading("Attendees by partner"), _attendees(store, meeting, profile)]
    return blocks


def _attendees(store: Store, meeting: Meeting, profile: str) -> Block:
    """Who came, by partner; a partner copy gives each person's role instead of their name."""
    partners = {p.id: p.name for p in store.partners.all()}
    named = shows(profile, "attendee", "name")
    by_partner: dict[str, list[list[str]]] = defaultdict(list)
    for person in store.attendees.for_meeting(meeting.id):
        partner = partners.get(person.partner_id, "")
        who = person.name if named else _role(store, person.contact_id)
        by_partner[partner].append([partner, who, _attendance(person.attendance)])
    rows = [row for partner in sorted(by_partner) for row in by_partner[partner]]
    if not rows:
        return Paragraph("No attendees recorded.", "note")
    return Table(["Partner", "Name" if named else "Role", "Attendance"], rows,
                 widths=[2.5, 3.5, 1.2])


def _role(store: Store, contact_id: str | None) -> str:
    try:
        return store.contacts.get(contact_id).role if contact_id else ""
    except NotFoundError:
        return ""


def _attendance(value: Attendance) -> str:
    return {Attendance.PRESENT: "Present", Attendance.APOLOGIES: "Apologies",
            Attendance.ABSENT: "Absent"}[value]


def _agenda(store: Store, items: list[AgendaItem]) -> Block:
    if not items:
        return Paragraph("No agenda items yet.", "note")
    rows = []
    for number, item in enumerate(items, start=1):
        hotspot = _hotspot(store, item)
        rows.append([str(number), item.title, hotspot.ref if hotspot else "",
                     f"{hotspot.status.value.capitalize()} · {hotspot.rag.value.upper()}"
                     if hotspot else ""])
    return Table(["No.", "Item", "Hotspot", "Status · RAG"], rows, widths=[0.6, 5, 1.2, 1.8])


def _hotspot(store: Store, item: AgendaItem) -> Hotspot | None:
    return store.hotspots.get(item.hotspot_id) if item.hotspot_id else None


def _item_pages(store: Store, doc: Document, items: list[AgendaItem], today: date,
                figures: FigureCache, profile: str, progress: Progress,
                cancelled: CancelCheck) -> None:
    for number, item in enumerate(items, start=1):
        check(cancelled)
        progress(number / (len(items) + 1), f"Item {number} of {len(items)}: {item.title}")
        doc.add(PageBreak(), Heading(f"Item {number}: {item.title}"))
        hotspot = _hotspot(store, item)
        if item.notes and shows(profile, "agenda_item", "notes"):
            doc.add(Paragraph(item.notes))
        if hotspot is None:
            continue
        found = figures.of(hotspot)
        doc.add(parts.hotspot_fields(store, hotspot, profile),
                Heading("Figures", 2), *trend_blocks(found, chart=False),
                *assessment_blocks(found, chart=True),
                Heading("Actions due", 2),
                *_due(parts.hotspot_actions(store, hotspot, today, unfinished_only=True),
                      profile))
        plan = store.plans.for_hotspot(hotspot.id)
        warnings = [b for b in parts.response_blocks(store, plan, today)
                    if isinstance(b, Paragraph) and b.style == "warning"]
        doc.add(*warnings)


def _due(rows: list[ActionLogRow], profile: str) -> list[Block]:
    if not rows:
        return [Paragraph("No open actions.", "note")]
    return [parts.action_table(rows, profile=profile)]


def _minutes(store: Store, doc: Document, meeting: Meeting, items: list[AgendaItem],
             today: date, profile: str) -> None:
    with_notes = shows(profile, "agenda_item", "notes")
    doc.add(Heading("Decisions and notes" if with_notes else "Decisions"))
    for number, item in enumerate(items, start=1):
        hotspot = _hotspot(store, item)
        doc.add(Heading(f"Item {number}: {item.title}", 2))
        doc.add(Fields([("Hotspot", f"{hotspot.ref} {hotspot.name}" if hotspot else ""),
                        *([("Notes", item.notes)] if with_notes else []),
                        ("Decision", item.decision)]))
    hotspot_ids = {item.hotspot_id for item in items if item.hotspot_id}
    rows = [row for row in action_log(store, today=today)
            if row.action.meeting_id == meeting.id or row.action.hotspot_id in hotspot_ids]
    doc.add(PageBreak(), Heading("Action log"),
            Paragraph("Actions raised at this meeting or reviewed under its items; overdue "
                      "actions are marked.", "note"),
            parts.action_table(rows, with_hotspot=True, profile=profile) if rows
            else Paragraph("No actions.", "note"))
