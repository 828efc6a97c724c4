"""Screenshots of the agenda editor, minutes and presentation mode at projector size (1920x1080)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from jagdesk.ui.main_window import MainWindow
from tests.gui.meetings.test_meetings_gui import DEMO_MEETING, SHOTS, demo_file, window

pytestmark = pytest.mark.gui
__all__ = ["demo_file", "window"]
TIMEOUT_MS = 20_000


def test_screenshots(window: MainWindow, qtbot: QtBot) -> None:
    from jagdesk.ui.map_view import MapView

    SHOTS.mkdir(parents=True, exist_ok=True)
    store = window.store
    assert store is not None
    meeting = next(m for m in store.meetings.all() if m.title == DEMO_MEETING)
    view = window.meetings.show_meetings()
    assert view is not None
    view.select_meeting(meeting.id)
    view.agenda.list.setCurrentRow(1)
    qtbot.waitExposed(view)
    assert view.grab().save(str(SHOTS / "meeting-agenda.png"))
    view.tabs.setCurrentWidget(view.minutes)
    view.minutes.items.setCurrentRow(1)
    actions = view.minutes.action_list
    first = actions.topLevelItem(0)
    assert first is not None
    # the owner is the partner, cut short if need be so the due date and status stay in view;
    # the tooltip names the contact too
    assert actions.columnWidth(2) <= 180
    assert first.toolTip(2).startswith(first.text(2) + " — ")
    status_right = actions.header().sectionViewportPosition(4) + actions.columnWidth(4)
    assert status_right <= actions.viewport().width()
    assert view.grab().save(str(SHOTS / "meeting-minutes.png"))
    window.meetings.map_factory = lambda parent: MapView(window.paths.cache / "map", parent)
    shown = window.meetings.present(meeting.id, full_screen=False)
    assert shown is not None
    shown.resize(1920, 1080)
    with qtbot.waitSignal(shown.map.layers_drawn, timeout=TIMEOUT_MS):
        qtbot.waitExposed(shown)
    shown.show_item(1)
    qtbot.wait(1500)  # the map's zoom animation
    assert shown.grab().save(str(SHOTS / "meeting-presentation.png"))
    shown.close()
