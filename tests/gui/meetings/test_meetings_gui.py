"""Meetings in the window: the new-meeting dialog, agenda editor, live minutes, presentation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import Attendance, MeetingStatus
from jagdesk.paths import user_paths
from jagdesk.services import meetings as service
from jagdesk.store import Store
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.meetings import agenda_editor
from jagdesk.ui.meetings.meeting_dialog import MeetingDialog
from jagdesk.ui.meetings.minutes import RaiseActionDialog
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
TODAY = date.today()  # the demo is dated around today, and so are the dialogs' defaults
DEMO_MEETING = "Leicester City Centre JAG"


class FakeMap(QWidget):
    """Stands in for the map views: records which hotspot each was asked to show."""

    ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected: list[str | None] = []
        self.layers: list[dict[str, Any]] = []
        self.presenting = False

    def select_hotspot(self, hotspot_id: str | None) -> None:
        self.selected.append(hotspot_id)

    def set_presenting(self, presenting: bool) -> None:
        self.presenting = presenting

    def set_layers(self, payload: dict[str, Any]) -> None:
        self.layers.append(payload)

    def is_ready(self) -> bool:
        return True


class IdleMap(FakeMap):
    """The main window's map: never ready, so the window starts no background drawing."""

    def is_ready(self) -> bool:
        return False


@pytest.fixture(scope="module")
def demo_file(demo_copy) -> Path:
    return demo_copy(TODAY)


@pytest.fixture
def window(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(win)
    win.map = IdleMap()
    win.meetings.map_factory = FakeMap
    assert win.open_database(copy)
    yield win
    if win.meetings.view is not None:
        win.meetings.view.close()


def _store(win: MainWindow) -> Store:
    assert win.store is not None
    return win.store


def _new_meeting(store: Store) -> str:
    base = next(m for m in store.meetings.all() if m.title == DEMO_MEETING)
    dialog = MeetingDialog(store)
    dialog.title.setText("Leicester JAG (December)")
    dialog.area.setCurrentIndex(dialog.area.findData(base.area_id))
    dialog.place.setText("City Hall")
    dialog.save()
    assert dialog.saved is not None
    service.build_agenda(store, dialog.saved.id, TODAY)
    return dialog.saved.id


# --- the new-meeting dialog ---------------------------------------------------------------------
def test_new_meeting_dialog_saves_attendees_and_apologies(window: MainWindow, qtbot: QtBot) -> None:
    store = _store(window)
    police = next(p for p in store.partners.all() if "Police" in p.name)
    person = store.contacts.for_partner(police.id)[0]
    council = next(p for p in store.partners.all() if "Council" in p.name)
    dialog = MeetingDialog(store)
    qtbot.addWidget(dialog)
    area = next(a for a in service.meeting_areas(store) if a.name == "Leicester")
    dialog.area.setCurrentIndex(dialog.area.findData(area.id))
    assert dialog.title.text() == "Leicester JAG"  # suggested from the area
    dialog.chair.setText("Insp. Patel")
    dialog.set_attendance(police.id, person.id)
    dialog.set_attendance(council.id, None, apologies=True)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None
    saved = store.meetings.get(dialog.saved.id)
    assert (saved.area_id, saved.chair, saved.status) == (area.id, "Insp. Patel",
                                                          MeetingStatus.PLANNED)
    people = {(a.partner_id, a.contact_id): a for a in store.attendees.for_meeting(saved.id)}
    assert people[(police.id, person.id)].attendance is Attendance.PRESENT
    assert people[(police.id, person.id)].name == person.name
    assert people[(council.id, None)].attendance is Attendance.APOLOGIES


def test_new_meeting_dialog_shows_problems_by_field(window: MainWindow, qtbot: QtBot) -> None:
    dialog = MeetingDialog(_store(window))
    qtbot.addWidget(dialog)
    dialog.title.setText("  ")
    dialog.save()
    assert dialog.saved is None
    assert dialog.errors.message("title")


def test_new_meeting_from_the_window_gets_its_agenda(window: MainWindow, qtbot: QtBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_save(dialog: MeetingDialog) -> int:
        dialog.area.setCurrentIndex(dialog.area.findText("Leicester (local authority)"))
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(MeetingDialog, "exec", fill_and_save)
    view = window.meetings.show_meetings()
    assert view is not None
    saved = view.new_meeting()
    assert saved is not None
    assert view.meeting_id() == saved.id
    texts = [view.agenda.list.item(n).text() for n in range(view.agenda.list.count())]
    assert texts[0].startswith("1. Welcome")
    assert texts[-1].startswith(f"{len(texts)}. Any other business")
    assert len(texts) > 2


# --- the agenda editor --------------------------------------------------------------------------
def test_agenda_buttons_reorder_and_link_to_the_hotspot(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(window)
    meeting_id = _new_meeting(store)
    view = window.meetings.show_meetings()
    assert view is not None
    view.select_meeting(meeting_id)
    before = [i.id for i in store.agenda_items.for_meeting(meeting_id)]
    view.agenda.list.setCurrentRow(2)
    qtbot.mouseClick(view.agenda.up_button, Qt.MouseButton.LeftButton)
    after = [i.id for i in store.agenda_items.for_meeting(meeting_id)]
    assert after == [before[0], before[2], before[1], *before[3:]]
    assert view.agenda.current_id() == before[2]  # the moved item stays chosen
    item = store.agenda_items.get(before[2])
    assert item.hotspot_id is not None
    qtbot.mouseClick(view.agenda.map_button, Qt.MouseButton.LeftButton)
    assert window.detail.hotspot_id == item.hotspot_id
    view.agenda.list.setCurrentRow(0)
    asked: list[str] = []
    monkeypatch.setattr(agenda_editor, "confirm_delete",
                        lambda _parent, what, _why: asked.append(what) or True)
    qtbot.mouseClick(view.agenda.remove_button, Qt.MouseButton.LeftButton)
    assert asked, "removing an agenda item must be confirmed"
    assert len(store.agenda_items.for_meeting(meeting_id)) == len(before) - 1


def test_dragging_saves_the_new_order(window: MainWindow) -> None:
    store = _store(window)
    meeting_id = _new_meeting(store)
    view = window.meetings.show_meetings()
    assert view is not None
    view.select_meeting(meeting_id)
    before = [i.id for i in store.agenda_items.for_meeting(meeting_id)]
    agenda = view.agenda.list
    # A drop moves the row inside the list's model, as a drag does.
    agenda.model().moveRow(agenda.rootIndex(), 3, agenda.rootIndex(), 1)
    after = [i.id for i in store.agenda_items.for_meeting(meeting_id)]
    assert after == [before[0], before[3], before[1], before[2], *before[4:]]


# --- live minutes -------------------------------------------------------------------------------
def test_notes_typed_in_the_minutes_are_saved(window: MainWindow, qtbot: QtBot) -> None:
    store = _store(window)
    view = window.meetings.show_meetings()
    assert view is not None
    meeting_id = _new_meeting(store)
    view.select_meeting(meeting_id)
    view.tabs.setCurrentWidget(view.minutes)
    view.minutes.items.setCurrentRow(1)
    qtbot.keyClicks(view.minutes.notes, "Door-knock found three broken entry doors.")
    qtbot.keyClicks(view.minutes.decision, "Accept for scanning")
    view.minutes.items.setCurrentRow(2)  # moving on saves
    item = store.agenda_items.for_meeting(meeting_id)[1]
    assert item.notes == "Door-knock found three broken entry doors."
    assert item.decision == "Accept for scanning"
    qtbot.keyClicks(view.minutes.notes, "Patrols doubled")
    view.close()  # closing saves too
    assert store.agenda_items.for_meeting(meeting_id)[2].notes == "Patrols doubled"


def test_raised_action_is_linked_and_shows_in_the_action_log(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(window)
    partner = store.partners.all()[0]

    def fill_and_save(dialog: RaiseActionDialog) -> int:
        dialog.title.setText("Weekend patrol plan")
        dialog.partner.setCurrentIndex(dialog.partner.findData(partner.id))
        dialog.due_on.set_value(TODAY + timedelta(days=21))
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(RaiseActionDialog, "exec", fill_and_save)
    view = window.meetings.show_meetings()
    assert view is not None
    meeting_id = _new_meeting(store)
    view.select_meeting(meeting_id)
    view.tabs.setCurrentWidget(view.minutes)
    items = store.agenda_items.for_meeting(meeting_id)
    row = next(n for n, i in enumerate(items) if i.hotspot_id)
    view.minutes.items.setCurrentRow(row)
    qtbot.mouseClick(view.minutes.raise_button, Qt.MouseButton.LeftButton)
    action = next(a for a in store.actions.all() if a.title == "Weekend patrol plan")
    assert action.meeting_id == meeting_id
    assert action.hotspot_id == items[row].hotspot_id
    shown = [view.minutes.action_list.topLevelItem(n).text(0)
             for n in range(view.minutes.action_list.topLevelItemCount())]
    assert action.ref in shown
    log = view.log
    lines = {log.topLevelItem(n).text(0): log.topLevelItem(n).text(5)
             for n in range(log.topLevelItemCount())}
    assert lines[action.ref] == "Raised"


# --- presentation mode --------------------------------------------------------------------------
def test_presentation_keys_step_the_map_and_escape_leaves(window: MainWindow,
                                                          qtbot: QtBot) -> None:
    store = _store(window)
    meeting = next(m for m in store.meetings.all() if m.title == DEMO_MEETING)
    items = store.agenda_items.for_meeting(meeting.id)
    shown = window.meetings.present(meeting.id, full_screen=False)
    assert shown is not None
    qtbot.waitExposed(shown)
    fake = shown.map
    assert isinstance(fake, FakeMap)
    assert fake.layers  # the map got its layers
    assert fake.presenting  # no popup or layer list over the hotspot
    assert shown.counter.text() == f"1 / {len(items)}"
    for key, index in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_Space, 2), (Qt.Key.Key_PageDown, 3),
                       (Qt.Key.Key_Left, 2), (Qt.Key.Key_PageUp, 1), (Qt.Key.Key_End,
                                                                       len(items) - 1),
                       (Qt.Key.Key_Right, len(items) - 1), (Qt.Key.Key_Home, 0)):
        qtbot.keyClick(shown, key)
        assert shown.index == index
        assert shown.counter.text() == f"{index + 1} / {len(items)}"
        assert shown.title.text() == items[index].title
        assert fake.selected[-1] == items[index].hotspot_id
    qtbot.keyClick(shown, Qt.Key.Key_Right)
    assert "Objective:" in shown.panel.text()  # the Clock Tower's plan
    assert "Actions" in shown.panel.text()
    with qtbot.waitSignal(shown.closed):
        qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert not shown.isVisible()


def test_presenting_fills_the_screen(window: MainWindow, qtbot: QtBot) -> None:
    shown = window.meetings.present()
    assert shown is not None
    qtbot.waitExposed(shown)
    assert shown.isFullScreen()
    shown.close()


def test_before_after_failure_reads_not_enough_data(window: MainWindow, qtbot: QtBot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from jagdesk.errors import UserError

    def no_data(*_args: object, **_kwargs: object) -> None:
        raise UserError("no incidents in the windows")

    monkeypatch.setattr("jagdesk.services.analysis.assess_hotspot", no_data)
    store = _store(window)
    meeting = next(m for m in store.meetings.all() if m.title == DEMO_MEETING)
    shown = window.meetings.present(meeting.id, full_screen=False)
    assert shown is not None
    shown.show_item(1)
    assert "Not enough data" in shown.panel.text()
    shown.close()
