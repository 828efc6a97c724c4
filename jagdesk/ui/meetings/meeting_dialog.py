"""New or edit a meeting: area, date and time, place, chair, and who is invited or sent apologies."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import Attendance
from jagdesk.domain.records import Attendee, Meeting
from jagdesk.services import meetings as service
from jagdesk.ui.forms.form_support import ErrorLabels, plain_label, save_cancel_buttons
from jagdesk.ui.views.common import OptionalDateEdit, select_data

if TYPE_CHECKING:
    from jagdesk.store import Store

ATTENDING, APOLOGIES = 2, 3  # columns of the attendee tree holding check boxes
_ROLE = Qt.ItemDataRole.UserRole


class MeetingDialog(QDialog):
    """The details of a meeting and its attendees by partner (with a tick for apologies)."""

    def __init__(self, store: Store, meeting: Meeting | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._original = meeting
        self.saved: Meeting | None = None
        # Who was down for the meeting when the form opened, put back when its edit is undone.
        self.attendees_before = store.attendees.for_meeting(meeting.id) if meeting else []
        self.errors = ErrorLabels()
        self.setWindowTitle(f"Edit meeting {meeting.ref}" if meeting else "New meeting")
        self.resize(640, 640)
        self._build()
        self._fill(meeting)

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Leicester City Centre JAG")
        self.area = QComboBox()
        self.area.addItem("All areas", None)
        for area in service.meeting_areas(self._store):
            self.area.addItem(f"{area.name} ({area.kind.value.replace('_', ' ')})", area.id)
        self.area.currentIndexChanged.connect(self._suggest_title)
        self.held_at = QDateTimeEdit()
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.next_meeting = OptionalDateEdit()
        self.place, self.chair = QLineEdit(), QLineEdit()
        self.attendees = QTreeWidget()
        self.attendees.setHeaderLabels(["Partner", "Person", "Invited", "Apologies"])
        self.attendees.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.attendees.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.attendees.setRootIsDecorated(False)
        self.attendees.itemChanged.connect(self._on_attendee_changed)
        form = QFormLayout()
        form.addRow("&Title:", self.errors.wrap(self.title, "title"))
        form.addRow("&Area:", self.errors.wrap(self.area, "area_id"))
        form.addRow("&Date and time:", self.errors.wrap(self.held_at, "held_at"))
        form.addRow("&Next meeting:", self.errors.wrap(self.next_meeting, "next_meeting_on"))
        form.addRow("&Place:", self.place)
        form.addRow("C&hair:", self.chair)
        self.general_error = self.errors.general
        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(plain_label("Attendees by partner (tick Apologies for those who sent them)"))
        layout.addWidget(self.attendees, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def _fill(self, meeting: Meeting | None) -> None:
        if meeting is None:
            start = datetime.combine(datetime.now().date() + timedelta(days=7),
                                     datetime.min.time()).replace(hour=10)
            self.held_at.setDateTime(_qdatetime(start))
            self._fill_attendees([])
            self._suggest_title()
            return
        self.title.setText(meeting.title)
        select_data(self.area, meeting.area_id)
        self.held_at.setDateTime(_qdatetime(datetime.fromisoformat(meeting.held_at)))
        self.next_meeting.set_value(meeting.next_meeting_on)
        self.place.setText(meeting.place)
        self.chair.setText(meeting.chair)
        self._fill_attendees(self._store.attendees.for_meeting(meeting.id))

    def _fill_attendees(self, current: list[Attendee]) -> None:
        """A row per person in the directory and one per partner for "someone from" them."""
        known = {(a.partner_id, a.contact_id): a for a in current}
        self.attendees.blockSignals(True)
        for partner in self._store.partners.all():
            people = [(None, "Someone from the partner")] + [
                (c.id, c.name + (f" — {c.role}" if c.role else ""))
                for c in self._store.contacts.for_partner(partner.id) if not c.valid_to]
            for contact_id, label in people:
                row = QTreeWidgetItem([partner.name, label, "", ""])
                row.setData(0, _ROLE, (partner.id, contact_id))
                found = known.get((partner.id, contact_id))
                attending = found is not None
                sent = found is not None and found.attendance is Attendance.APOLOGIES
                row.setCheckState(ATTENDING, _state(attending))
                row.setCheckState(APOLOGIES, _state(sent))
                self.attendees.addTopLevelItem(row)
        self.attendees.blockSignals(False)

    def _on_attendee_changed(self, row: QTreeWidgetItem, column: int) -> None:
        # Sending apologies implies being invited; un-inviting clears the apologies.
        self.attendees.blockSignals(True)
        if column == APOLOGIES and row.checkState(APOLOGIES) == Qt.CheckState.Checked:
            row.setCheckState(ATTENDING, Qt.CheckState.Checked)
        if column == ATTENDING and row.checkState(ATTENDING) == Qt.CheckState.Unchecked:
            row.setCheckState(APOLOGIES, Qt.CheckState.Unchecked)
        self.attendees.blockSignals(False)

    def _suggest_title(self) -> None:
        if self._original is None and self.area.currentData():
            name = self.area.currentText().rsplit(" (", 1)[0]
            if not self.title.isModified():
                self.title.setText(f"{name} JAG")

    def set_attendance(self, partner_id: str, contact_id: str | None, *, invited: bool = True,
                       apologies: bool = False) -> None:
        """Tick a row as a user would (for scripted use and tests)."""
        for row in self._rows():
            if row.data(0, _ROLE) == (partner_id, contact_id):
                row.setCheckState(ATTENDING, _state(invited))
                row.setCheckState(APOLOGIES, _state(apologies))

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = (self.attendees.topLevelItem(n) for n in range(self.attendees.topLevelItemCount()))
        return [row for row in rows if row is not None]

    def chosen_attendees(self) -> list[Attendee]:
        chosen = []
        for row in self._rows():
            if row.checkState(ATTENDING) != Qt.CheckState.Checked:
                continue
            partner_id, contact_id = row.data(0, _ROLE)
            sent = row.checkState(APOLOGIES) == Qt.CheckState.Checked
            chosen.append(Attendee(meeting_id="", partner_id=partner_id, contact_id=contact_id,
                                   attendance=Attendance.APOLOGIES if sent
                                   else Attendance.PRESENT))
        return chosen

    def meeting(self) -> Meeting:
        when = self.held_at.dateTime().toPython()
        assert isinstance(when, datetime)
        fields = {"title": self.title.text(), "area_id": self.area.currentData(),
                  "held_at": when.replace(second=0, microsecond=0).isoformat(timespec="seconds"),
                  "next_meeting_on": self.next_meeting.value(), "place": self.place.text().strip(),
                  "chair": self.chair.text().strip()}
        if self._original is None:
            return Meeting(**fields)
        return dataclasses.replace(self._original, **fields)

    def save(self) -> None:
        saved = self.errors.attempt(self._store_meeting)
        if saved is not None:
            self.saved = saved
            self.accept()

    def _store_meeting(self) -> Meeting:
        if self._original is None:
            return service.create_meeting(self._store, self.meeting(), self.chosen_attendees())
        with self._store.atomic():
            saved = service.update_meeting(self._store, self.meeting())
            service.set_attendees(self._store, saved.id, self.chosen_attendees())
        return saved

    def edit(self) -> tuple[Meeting, Meeting] | None:
        """The meeting as it was and as saved, once an existing one was saved (for undo).

        Its attendees as they were are in ``attendees_before``.
        """
        if self._original is None or self.saved is None:
            return None
        return self._original, self.saved


def _state(checked: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked


def _qdatetime(moment: datetime) -> QDateTime:
    """A QDateTime of the same wall-clock time (built from parts, which every PySide6 accepts)."""
    return QDateTime(QDate(moment.year, moment.month, moment.day),
                     QTime(moment.hour, moment.minute, moment.second))
