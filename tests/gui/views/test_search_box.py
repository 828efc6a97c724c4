from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jagdesk.paths import user_paths
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_db):
    paths = user_paths().ensure()
    main = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(main)
    main.show()
    assert main.open_database(demo_db)
    return main


def test_typing_finds_street_as_you_type_and_choosing_selects_the_hotspot(qtbot, window, shoot):
    box = window.work_views.search
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert box.hasFocus()
    qtbot.keyClicks(box, "stree")
    hits = box.hits()
    assert hits, "results appear before the word is finished"
    assert box.popup_visible()
    texts = [box.results.item(row).text().lower() for row in range(box.results.rowCount())]
    assert all("street" in text for text in texts)
    shoot(window, "search-window")
    shoot(box.finder.popup(), "search-popup")
    row = next(i for i, (kind, _id) in enumerate(hits) if kind == "hotspot")
    hotspot_id = hits[row][1]
    popup = box.finder.popup()
    popup.setCurrentIndex(box.finder.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.detail.hotspot_id == hotspot_id
    assert window.proxy.hotspot_id(window.table.currentIndex().row()) == hotspot_id


def test_choosing_an_action_opens_it_in_the_action_log(qtbot, window):
    box = window.work_views.search
    qtbot.keyClicks(box, "lighting survey")
    kinds = [kind for kind, _id in box.hits()]
    row = kinds.index("action")
    action_id = box.hits()[row][1]
    box.choose(row)
    assert window.work_views.action_log.isVisible()
    assert window.work_views.action_log.selected_id() == action_id


def test_a_plan_opens_its_hotspot(qtbot, window, demo_store):
    box = window.work_views.search
    qtbot.keyClicks(box, "drinking")
    row = next(i for i, (kind, _id) in enumerate(box.hits()) if kind == "plan")
    plan = demo_store.plans.get(box.hits()[row][1])
    box.choose(row)
    assert window.detail.hotspot_id == plan.hotspot_id


def test_the_overdue_count_opens_the_action_log_on_the_overdue_actions(qtbot, window):
    assert "overdue" in window.counts_label.text()
    qtbot.mouseClick(window.counts_label, Qt.MouseButton.LeftButton)
    log = window.work_views.action_log
    assert log.isVisible()
    assert log.model.rowCount() > 0
    assert all(log.model.item_at(row).overdue for row in range(log.model.rowCount()))
