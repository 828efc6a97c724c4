"""The Hotspot menu in the main window, and a hotspot taken from nomination to a closed,
evaluated plan entirely through the forms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import AuditClass, HotspotStatus, PlanStatus
from jagdesk.paths import user_paths
from jagdesk.store import Store
from jagdesk.ui.forms.hotspot_form import HotspotForm
from jagdesk.ui.forms.plan_editor import PlanEditor
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.models.hotspot_table import Column
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot, ref_db: Path, fake_map: Any) -> MainWindow:
    paths = user_paths().ensure()
    main = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(main)
    main.map = fake_map
    assert main.open_database(ref_db)
    main.show()
    return main


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _last_form(window: MainWindow) -> Any:
    return window.hotspot_actions.forms[-1]


def _new_hotspot(qtbot: QtBot, window: MainWindow, fake_map: Any, name: str) -> HotspotForm:
    window.hotspot_actions.new_action.trigger()
    form = _last_form(window)
    assert isinstance(form, HotspotForm)
    qtbot.keyClicks(form.name, name)
    _click(qtbot, form.place_point)
    fake_map.point_picked.emit(-1.1336, 52.6365)
    _click(qtbot, form.save_button)
    return form


def test_menu_commands_follow_the_selection(window: MainWindow) -> None:
    actions = window.hotspot_actions
    assert actions.new_action.isEnabled()
    assert actions.new_action.shortcut().toString() == "Ctrl+N"
    assert actions.plan_action.shortcut().toString() == "Ctrl+P"
    assert not actions.edit_action.isEnabled()
    assert not actions.delete_action.isEnabled()
    titles = [a.text() for a in window.menuBar().actions()]
    assert "Hot&spot" in titles


def test_a_new_hotspot_appears_in_the_list_and_details(qtbot: QtBot, window: MainWindow,
                                                       fake_map: Any) -> None:
    form = _new_hotspot(qtbot, window, fake_map, "Clock Tower")
    assert window.model.rowCount() == 1
    assert window.detail.hotspot_id == form.hotspot.id
    assert window.hotspot_actions.edit_action.isEnabled()
    assert form.ward.text() == "Castle"


def test_enter_and_double_click_open_the_selected_hotspot(qtbot: QtBot, window: MainWindow,
                                                          fake_map: Any) -> None:
    created = _new_hotspot(qtbot, window, fake_map, "Clock Tower")
    created.close()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    opened = _last_form(window)
    assert opened is not created
    assert opened.name.text() == "Clock Tower"
    index = window.proxy.index(0, Column.NAME)
    rect = window.table.visualRect(index)
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _last_form(window) is opened  # already open: brought forward, not opened twice
    opened.close()
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _last_form(window) is not opened
    assert _last_form(window).isVisible()


def test_delete_asks_first_and_audits_the_erasure(qtbot: QtBot, window: MainWindow,
                                                  fake_map: Any, answer_box: Any) -> None:
    form = _new_hotspot(qtbot, window, fake_map, "Clock Tower")
    hotspot_id = form.hotspot.id
    store: Store = window.store
    asked = answer_box("Cancel")
    window.hotspot_actions.delete_action.trigger()
    assert asked == [f"Delete hotspot {form.hotspot.ref} “Clock Tower”?"]
    assert store.hotspots.count() == 1
    answer_box("Delete")
    window.hotspot_actions.delete_action.trigger()
    assert store.hotspots.count() == 0
    assert window.model.rowCount() == 0
    entry = store.audit.entries("hotspot", hotspot_id)[0]
    assert (entry.operation, entry.audit_class) == ("delete", AuditClass.ERASURE)


def test_from_nomination_to_a_closed_evaluated_plan(qtbot: QtBot, window: MainWindow,
                                                    fake_map: Any) -> None:
    store: Store = window.store
    form = _new_hotspot(qtbot, window, fake_map, "Haymarket steps")
    hotspot_id = form.hotspot.id
    _click(qtbot, form.move_buttons[HotspotStatus.OPEN])
    assert window.model.item_at(0).status is HotspotStatus.OPEN

    window.hotspot_actions.plan_action.trigger()
    editor = _last_form(window)
    assert isinstance(editor, PlanEditor)
    qtbot.keyClicks(editor.texts["objective"], "Halve street drinking calls by August")
    qtbot.keyClicks(editor.triangle.boxes["offender"], "Six regular street drinkers")
    qtbot.keyClicks(editor.texts["success_measures"], "Calls down by half")
    editor.status.setCurrentIndex(editor.status.findData("active"))
    _click(qtbot, editor.save_button)
    _click(qtbot, editor.responses.add_button)
    response_form = editor.responses.dialog
    tactic = store.tactics.by_code("pspo")
    response_form.tactic.setCurrentIndex(response_form.tactic.findData(tactic.id))
    _click(qtbot, response_form.save_button)
    assert editor.responses.table.rowCount() == 1

    _click(qtbot, form.move_buttons[HotspotStatus.MONITORING])
    _click(qtbot, editor.close_plan_button)
    closing = editor.close_dialog
    qtbot.keyClicks(closing.outcome, "Street drinking calls down 48%")
    qtbot.keyClicks(closing.what_worked, "Alcohol PSPO with outreach")
    qtbot.keyClicks(closing.what_did_not, "Moving benches displaced drinkers")
    closing.check_on.set_date(closing.today().replace(year=closing.today().year + 1))
    _click(qtbot, closing.close_button)
    _click(qtbot, form.move_buttons[HotspotStatus.CLOSED])

    hotspot = store.hotspots.get(hotspot_id)
    assert hotspot.status is HotspotStatus.CLOSED
    assert hotspot.opened_on is not None
    assert hotspot.closed_on is not None
    plan = store.plans.for_hotspot(hotspot_id)
    assert plan.status is PlanStatus.CLOSED
    assert plan.closure_outcome == "Street drinking calls down 48%"
    assert window.model.item_at(0).status is HotspotStatus.CLOSED
    steps = [(e.table_name, e.operation) for e in reversed(store.audit.entries(limit=50))
             if e.table_name in {"hotspot", "plan", "response"}]
    assert steps[0] == ("hotspot", "create")
    assert ("plan", "create") in steps
    assert ("response", "create") in steps
    assert steps[-1] == ("hotspot", "update")
    assert store.audit.entries("plan", plan.id)[0].after["status"] == "closed"
