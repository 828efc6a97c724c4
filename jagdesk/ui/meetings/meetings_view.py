"""The Meetings window: the list of meetings, and the agenda, minutes and action log of one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import MeetingStatus
from jagdesk.domain.records import Meeting
from jagdesk.services import meetings as service
from jagdesk.ui.forms.form_support import ERROR_STYLE, plain_label
from jagdesk.ui.meetings.agenda_editor import AgendaEditor
from jagdesk.ui.meetings.meeting_dialog import MeetingDialog
from jagdesk.ui.meetings.minutes import MinutesPanel, action_tree, fill_action_rows
from jagdesk.ui.views.common import confirm
from jagdesk.ui.views.view_undo import ViewUndo

if TYPE_CHECKING:
    from jagdesk.domain.records import Record
    from jagdesk.store import Store

_ROLE = Qt.ItemDataRole.UserRole
AGENDA_TAB, MINUTES_TAB, LOG_TAB = 0, 1, 2


class MeetingsWindow(QWidget):
    """Prepare, run and minute JAG meetings.

    Signals:
        hotspot_requested(str): show this hotspot in the main window.
        present_requested(str): present this meeting's agenda full screen.
        changed(): meetings, agendas or actions were saved.
    """

    hotspot_requested = Signal(str)
    present_requested = Signal(str)
    changed = Signal()

    def __init__(self, store_of: Callable[[], Store | None], parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Meetings")
        self.resize(1240, 780)
        self._store_of = store_of
        self._today = today
        self.meetings = QTreeWidget()
        self.meetings.setHeaderLabels(["Ref", "Date", "Meeting", "Status"])
        self.meetings.setRootIsDecorated(False)
        self.meetings.currentItemChanged.connect(lambda *_: self._on_meeting_changed())
        self.meetings.itemDoubleClicked.connect(lambda *_: self.edit_meeting())
        self.new_button, self.edit_button = QPushButton("&New meeting…"), QPushButton("&Edit…")
        self.delete_button, self.held_button = QPushButton("&Delete"), QPushButton("Mark &held")
        self.present_button = QPushButton("&Present (F11)")
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.held_button.clicked.connect(self.toggle_held)
        self.present_button.clicked.connect(self._request_present)
        self.message = plain_label()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.undo = ViewUndo(self, self._restored, self._show_message)
        self.agenda = AgendaEditor(store_of, today=today)
        self.minutes = MinutesPanel(store_of, today=today, undo=self.undo)
        self.log = action_tree(["How"])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda, "&Agenda")
        self.tabs.addTab(self.minutes, "Mi&nutes")
        self.tabs.addTab(self.log, "Action &log")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.agenda.hotspot_requested.connect(self.hotspot_requested)
        self.agenda.changed.connect(self._on_agenda_changed)
        self.minutes.actions_changed.connect(self._on_actions_changed)
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.meetings, 1)
        for row in ((self.new_button, self.edit_button),
                    (self.delete_button, self.held_button),
                    (self.present_button, self.undo.button)):
            line = QHBoxLayout()
            for button in row:
                line.addWidget(button)
            column.addLayout(line)
        column.addWidget(self.message)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 880])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # --- the list ------------------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        store = self._store_of()
        self.undo.use_store(store)
        keep = select_id or self.meeting_id()
        self.meetings.blockSignals(True)
        self.meetings.clear()
        for meeting in store.meetings.all() if store is not None else []:
            line = QTreeWidgetItem([meeting.ref, meeting.held_at[:16].replace("T", " "),
                                    meeting.title, meeting.status.value.capitalize()])
            line.setData(0, _ROLE, meeting.id)
            self.meetings.addTopLevelItem(line)
            if meeting.id == keep:
                self.meetings.setCurrentItem(line)
        first = self.meetings.topLevelItem(0)
        if self.meetings.currentItem() is None and first is not None:
            self.meetings.setCurrentItem(first)
        for column in range(self.meetings.columnCount()):
            self.meetings.resizeColumnToContents(column)
        self.meetings.blockSignals(False)
        self._on_meeting_changed()

    def meeting_id(self) -> str | None:
        line = self.meetings.currentItem()
        return line.data(0, _ROLE) if line is not None else None

    def meeting(self) -> Meeting | None:
        store, meeting_id = self._store_of(), self.meeting_id()
        return store.meetings.get(meeting_id) if store is not None and meeting_id else None

    def select_meeting(self, meeting_id: str) -> None:
        self.reload(meeting_id)

    def _on_meeting_changed(self) -> None:
        meeting = self.meeting()
        for button in (self.edit_button, self.delete_button, self.held_button,
                       self.present_button):
            button.setEnabled(meeting is not None)
        self.held_button.setText("Mark &planned" if meeting and meeting.status is
                                 MeetingStatus.HELD else "Mark &held")
        meeting_id = meeting.id if meeting else None
        if meeting_id != self.agenda.meeting_id:
            self.agenda.set_meeting(meeting_id)
            self.minutes.set_meeting(meeting_id)
        self.show_log()

    def _on_tab_changed(self, index: int) -> None:
        self.minutes.save_current()
        if index == MINUTES_TAB:
            self.minutes.reload()
            current = self.agenda.current_id()
            if current:
                self.minutes.select_item(current)
        elif index == AGENDA_TAB:
            self.agenda.reload()
        self.show_log()

    def _on_agenda_changed(self) -> None:
        self.minutes.reload()
        self.show_log()
        self.changed.emit()

    def _on_actions_changed(self) -> None:
        self.show_log()
        self.changed.emit()

    def show_log(self) -> None:
        store, meeting_id = self._store_of(), self.meeting_id()
        rows = (service.meeting_action_log(store, meeting_id, self._today())
                if store is not None and meeting_id else [])
        fill_action_rows(self.log, [r.row for r in rows], None)
        for index, entry in enumerate(rows):
            if (line := self.log.topLevelItem(index)) is not None:
                line.setText(5, entry.how)
        self.log.resizeColumnToContents(5)

    # --- commands ------------------------------------------------------------------------
    def new_meeting(self) -> Meeting | None:
        store = self._store_of()
        if store is None:
            return None
        dialog = MeetingDialog(store, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return None
        service.build_agenda(store, dialog.saved.id, self._today())
        self.reload(dialog.saved.id)
        self.tabs.setCurrentIndex(AGENDA_TAB)
        self.changed.emit()
        return dialog.saved

    def edit_meeting(self) -> None:
        store, meeting = self._store_of(), self.meeting()
        if store is None or meeting is None:
            return
        dialog = MeetingDialog(store, meeting, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if (edit := dialog.edit()) is not None:
            attendees = dialog.attendees_before
            self.undo.use_store(store)
            self.undo.push(*edit, f"Undo edit of {meeting.ref}",
                           then=lambda: service.set_attendees(store, meeting.id, attendees))
        self.message.hide()
        self.reload(meeting.id)
        self.changed.emit()

    def _restored(self, record: Record) -> None:
        """Show what an undo put back: a meeting's details or one of its actions."""
        self.message.hide()
        if isinstance(record, Meeting):
            self.minutes.save_current()
            self.reload(record.id)
        else:
            self.minutes.show_actions()
            self.show_log()
        self.changed.emit()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def delete_meeting(self) -> None:
        store, meeting = self._store_of(), self.meeting()
        if store is None or meeting is None:
            return
        if not confirm(self, "Delete meeting", f"Delete {meeting.ref} {meeting.title}, its "
                       "attendance, agenda and minutes? Actions raised at it are kept."):
            return
        self.minutes.set_meeting(None)
        service.delete_meeting(store, meeting.id)
        self.reload()
        self.changed.emit()

    def toggle_held(self) -> None:
        store, meeting = self._store_of(), self.meeting()
        if store is None or meeting is None:
            return
        self.minutes.save_current()
        wanted = (MeetingStatus.PLANNED if meeting.status is MeetingStatus.HELD
                  else MeetingStatus.HELD)
        service.set_meeting_status(store, meeting.id, wanted)
        self.reload(meeting.id)
        self.changed.emit()

    def _request_present(self) -> None:
        self.minutes.save_current()
        if (meeting_id := self.meeting_id()) is not None:
            self.present_requested.emit(meeting_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.minutes.save_current()
        super().closeEvent(event)
