"""The forms filled with the Leicester demo, saved as pictures for review."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jagdesk.store import Store
from jagdesk.ui.forms.hotspot_form import HotspotForm
from jagdesk.ui.forms.plan_editor import PlanEditor

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")


@pytest.fixture(scope="module")
def demo_store(demo_copy) -> Iterator[Store]:
    with Store(demo_copy(), actor="tester") as store:
        yield store


def _busiest_plan(store: Store) -> str:
    """The hotspot whose plan has the most responses, to show a full table."""
    plans = store.plans.all()
    best = max(plans, key=lambda p: len(store.responses.for_plan(p.id)))
    return best.hotspot_id


def test_forms_filled_with_demo_data(qtbot: QtBot, demo_store: Store) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    hotspot_id = _busiest_plan(demo_store)
    form = HotspotForm(demo_store, demo_store.hotspots.get(hotspot_id))
    qtbot.addWidget(form)
    form.show()
    assert form.name.text()
    assert form.ward.text()
    form.grab().save(str(SHOTS / "form-hotspot.png"))

    empty = HotspotForm(demo_store)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.mouseClick(empty.save_button, Qt.MouseButton.LeftButton)
    assert empty.errors.visible()
    empty.grab().save(str(SHOTS / "form-hotspot-problems.png"))

    editor = PlanEditor(demo_store, hotspot_id)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.texts["objective"].toPlainText()
    for index, name in ((0, "objective"), (2, "analysis"), (3, "response"), (5, "priorities")):
        editor.tabs.setCurrentIndex(index)
        editor.grab().save(str(SHOTS / f"form-plan-{name}.png"))
    assert editor.responses.table.rowCount() > 0

    editor.tabs.setCurrentIndex(3)
    editor.responses.table.selectRow(0)
    editor.responses.edit_selected()
    editor.responses.dialog.grab().save(str(SHOTS / "form-response.png"))
    editor.responses.dialog.reject()

    editor.start_closing()
    closing = editor.close_dialog
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert closing.errors.visible()
    closing.grab().save(str(SHOTS / "form-close-plan-refused.png"))
