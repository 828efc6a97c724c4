"""JAG meetings, their attendees and agenda items."""

from __future__ import annotations

from jagdesk.domain.records import AgendaItem, Attendee, Meeting
from jagdesk.store.refs import next_ref
from jagdesk.store.repo import Repo


class MeetingRepo(Repo[Meeting]):
    """Meetings, numbered ``JAG-0001`` onwards."""

    table = "meeting"
    record_type = Meeting
    order_by = "held_at DESC"

    def _prepare(self, record: Meeting) -> None:
        if not record.ref:
            record.ref = next_ref(self._db, self.table, "JAG")

    def _summary(self, record: Meeting) -> str:
        return f"meeting {record.ref} {record.title}"


class AttendeeRepo(Repo[Attendee]):
    """Who attended, sent apologies or was absent."""

    table = "meeting_attendee"
    record_type = Attendee

    def for_meeting(self, meeting_id: str) -> list[Attendee]:
        """Return a meeting's attendees in the order they were added."""
        return self.find("meeting_id = ?", [meeting_id])


class AgendaItemRepo(Repo[AgendaItem]):
    """The items of meetings' agendas."""

    table = "agenda_item"
    record_type = AgendaItem
    order_by = "position"

    def for_meeting(self, meeting_id: str) -> list[AgendaItem]:
        """Return a meeting's agenda in order."""
        return self.find("meeting_id = ?", [meeting_id])
