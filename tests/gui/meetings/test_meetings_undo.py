"""Undo of a meeting edit, and of an action update made in the minutes, from the Meetings window."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import ActionStatus
from jagdesk.store import Store
from jagdesk.ui.meetings.meeting_dialog import MeetingDialog
from jagdesk.ui.meetings.meetings_view import MeetingsWindow
from jagdesk.ui.views.action_dialogs import UpdateDialog

pytestmark = pytest.mark.gui

TODAY = date.today()
DEMO_MEETING = "Leicester City Centre JAG"


@pytest.fixture(scope="module")
def demo_file(demo_copy) -> Path:
    return demo_copy(TODAY)


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    return copy


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    opened = Store(db, actor="officer.tester")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> Iterator[MeetingsWindow]:
    win = MeetingsWindow(lambda: store, today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _demo_meeting(store: Store):
    return next(m for m in store.meetings.all() if m.title == DEMO_MEETING)


def _edit_meeting(window: MeetingsWindow, monkeypatch: pytest.MonkeyPatch, meeting_id: str,
                  title: str, when: QDateTime) -> None:
    def change_and_save(dialog: MeetingDialog) -> int:
        dialog.title.setText(title)
        dialog.held_at.setDateTime(when)
        for attendee in dialog.attendees_before:  # nobody is invited any more
            dialog.set_attendance(attendee.partner_id, attendee.contact_id, invited=False)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(MeetingDialog, "exec", change_and_save)
    window.select_meeting(meeting_id)
    window.edit_meeting()


def _people(store: Store, meeting_id: str) -> set[tuple[str, str | None, str]]:
    return {(a.partner_id, a.contact_id, a.attendance.value)
            for a in store.attendees.for_meeting(meeting_id)}


def test_meeting_edit_undone_with_ctrl_z_restores_details_and_attendees(
        window: MeetingsWindow, qtbot: QtBot, store: Store,
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = _demo_meeting(store)
    people = _people(store, before.id)
    assert people, "the demo meeting should have attendees"
    assert not window.undo.button.isEnabled()
    later = QDateTime(QDate(2031, 3, 4), QTime(14, 30))
    _edit_meeting(window, monkeypatch, before.id, "Rescheduled JAG", later)
    edited = store.meetings.get(before.id)
    assert (edited.title, edited.held_at) == ("Rescheduled JAG", "2031-03-04T14:30:00")
    assert _people(store, before.id) == set()
    assert window.undo.button.text() == f"Undo edit of {before.ref}"

    window.activateWindow()
    window.meetings.setFocus()
    qtbot.waitUntil(window.meetings.hasFocus)
    with qtbot.waitSignal(window.changed):
        qtbot.keyClick(window.meetings, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    restored = store.meetings.get(before.id)
    assert (restored.title, restored.held_at) == (before.title, before.held_at)
    assert _people(store, before.id) == people
    latest = store.audit.entries(store.meetings.table, before.id)[0]
    assert latest.operation == "update"
    assert latest.after is not None
    assert latest.after["title"] == before.title
    assert window.meeting_id() == before.id
    assert not window.undo.button.isEnabled()


def test_undo_is_refused_when_someone_else_changed_the_meeting(
        window: MeetingsWindow, store: Store, db: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, edit_elsewhere: Callable[..., None]) -> None:
    before = _demo_meeting(store)
    _edit_meeting(window, monkeypatch, before.id, "Moved JAG",
                  QDateTime(QDate(2031, 5, 6), QTime(10, 0)))
    edit_elsewhere(db, "meetings", before.id, place="Their newer place")

    qtbot.mouseClick(window.undo.button, Qt.MouseButton.LeftButton)

    assert not window.message.isHidden()
    assert "changed again" in window.message.text()
    kept = store.meetings.get(before.id)
    assert (kept.title, kept.place) == ("Moved JAG", "Their newer place")
    assert _people(store, before.id) == set()  # the attendees are not put back either


def test_status_change_from_the_minutes_is_undone_in_the_window(
        window: MeetingsWindow, qtbot: QtBot, store: Store,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window.select_meeting(_demo_meeting(store).id)
    minutes = window.minutes
    for row in range(minutes.items.count()):  # the first agenda item with actions
        minutes.items.setCurrentRow(row)
        if minutes.action_list.topLevelItemCount():
            break
    assert minutes.action_list.topLevelItemCount(), "the demo agenda should list actions"
    minutes.action_list.setCurrentItem(minutes.action_list.topLevelItem(0))
    action_id = minutes.action_list.currentItem().data(0, Qt.ItemDataRole.UserRole)
    before = store.actions.get(action_id)
    wanted = next(s for s in ActionStatus if s not in (before.status, ActionStatus.DONE))

    def note_and_save(dialog: UpdateDialog) -> int:
        dialog.note.setPlainText("Discussed at the meeting")
        dialog.status.setCurrentIndex(dialog.status.findData(wanted))
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(UpdateDialog, "exec", note_and_save)
    minutes.update_action()
    assert store.actions.get(action_id).status is wanted
    assert window.undo.button.text() == f"Undo update of {before.ref}"

    qtbot.mouseClick(window.undo.button, Qt.MouseButton.LeftButton)

    assert store.actions.get(action_id).status is before.status
