"""The responses of a plan: catalogue picker, statutory clocks, lapsing powers, delete and undo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.records import Hotspot, Plan, Response
from jagdesk.services.hotspots import create_hotspot
from jagdesk.services.plans import save_plan
from jagdesk.services.responses import add_response
from jagdesk.store import Store
from jagdesk.ui.forms.plan_editor import PlanEditor
from jagdesk.ui.forms.responses_panel import EXPIRED, LAPSING, ResponseDialog, ResponsesPanel

pytestmark = pytest.mark.gui

DAY = date(2026, 3, 14)


@pytest.fixture
def plan(ref_store: Store) -> Plan:
    hotspot = create_hotspot(ref_store, Hotspot(
        name="Clock Tower", geometry={"type": "Point", "coordinates": [-1.1336, 52.6365]},
        radius_m=200), today=DAY)
    return save_plan(ref_store, Plan(hotspot_id=hotspot.id, objective="Fewer calls"))


def _panel(qtbot: QtBot, store: Store, plan: Plan) -> ResponsesPanel:
    panel = ResponsesPanel(store, today=lambda: DAY)
    qtbot.addWidget(panel)
    panel.set_plan(plan.id)
    panel.show()
    return panel


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _choose(dialog: ResponseDialog, store: Store, code: str) -> None:
    tactic = store.tactics.by_code(code)
    assert tactic is not None
    dialog.tactic.setCurrentIndex(dialog.tactic.findData(tactic.id))


def _retype(qtbot: QtBot, field: Any, text: str) -> None:
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)


def _open_add(qtbot: QtBot, panel: ResponsesPanel) -> ResponseDialog:
    _click(qtbot, panel.add_button)
    assert panel.dialog is not None
    return panel.dialog


def test_expiry_follows_the_statutory_clock(qtbot: QtBot, ref_store: Store, plan: Plan) -> None:
    panel = _panel(qtbot, ref_store, plan)
    dialog = _open_add(qtbot, panel)
    assert dialog.started_on.text() == "2026-03-14"
    _choose(dialog, ref_store, "closure_order")
    assert dialog.expires_on.text() == "2026-06-14"
    assert "92 days" in dialog.clock_note.text()
    _retype(qtbot, dialog.started_on, "2026-03-01")
    assert dialog.expires_on.text() == "2026-06-01"
    qtbot.keyClicks(dialog.details, "Closure order on 12 High Street")
    _click(qtbot, dialog.save_button)
    saved = ref_store.responses.for_plan(plan.id)
    assert [(r.started_on, r.expires_on, r.description) for r in saved] == [
        ("2026-03-01", "2026-06-01", "Closure order on 12 High Street")]
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 3).text() == "79 day(s)"


def test_an_expiry_beyond_the_clock_is_refused(qtbot: QtBot, ref_store: Store, plan: Plan,
                                               store_state: Any) -> None:
    panel = _panel(qtbot, ref_store, plan)
    dialog = _open_add(qtbot, panel)
    _choose(dialog, ref_store, "dispersal")
    _retype(qtbot, dialog.expires_on, "2026-03-20")
    before = store_state(ref_store)
    _click(qtbot, dialog.save_button)
    assert "at most 2 days" in dialog.errors.visible()["expires_on"]
    assert dialog.isVisible()
    assert store_state(ref_store) == before


def test_an_expiry_before_the_start_is_refused(qtbot: QtBot, ref_store: Store, plan: Plan,
                                               store_state: Any) -> None:
    panel = _panel(qtbot, ref_store, plan)
    dialog = _open_add(qtbot, panel)
    _choose(dialog, ref_store, "cctv")
    _retype(qtbot, dialog.expires_on, "2026-03-01")
    before = store_state(ref_store)
    _click(qtbot, dialog.save_button)
    assert dialog.errors.visible()["expires_on"] == "The expiry is before the start."
    assert store_state(ref_store) == before


def test_no_tactic_chosen_is_refused(qtbot: QtBot, ref_store: Store, plan: Plan,
                                     store_state: Any) -> None:
    panel = _panel(qtbot, ref_store, plan)
    dialog = _open_add(qtbot, panel)
    before = store_state(ref_store)
    _click(qtbot, dialog.save_button)
    assert "catalogue" in dialog.errors.visible()["tactic_id"]
    assert store_state(ref_store) == before


def test_lapsing_and_expired_powers_stand_out(qtbot: QtBot, ref_store: Store, plan: Plan) -> None:
    dispersal = ref_store.tactics.by_code("dispersal")
    cctv = ref_store.tactics.by_code("cctv")
    add_response(ref_store, Response(plan_id=plan.id, tactic_id=dispersal.id,
                                     started_on="2026-03-13"))
    add_response(ref_store, Response(plan_id=plan.id, tactic_id=dispersal.id,
                                     started_on="2026-01-01"))
    add_response(ref_store, Response(plan_id=plan.id, tactic_id=cctv.id, started_on="2026-01-01"))
    panel = _panel(qtbot, ref_store, plan)
    colours = {panel.table.item(row, 3).text(): panel.table.item(row, 0).background().color()
               for row in range(panel.table.rowCount())}
    assert colours["1 day(s)"] == LAPSING
    assert colours["expired 70 day(s) ago"] == EXPIRED
    assert colours["—"] not in (LAPSING, EXPIRED)
    assert panel.hint.text() == ("1 power lapsing within 28 days and 1 power expired: renew them "
                                 "or record what replaces them.")


def test_delete_asks_first_and_is_audited(qtbot: QtBot, ref_store: Store, plan: Plan,
                                          answer_box: Any) -> None:
    cctv = ref_store.tactics.by_code("cctv")
    response = add_response(ref_store, Response(plan_id=plan.id, tactic_id=cctv.id))
    panel = _panel(qtbot, ref_store, plan)
    panel.table.selectRow(0)
    asked = answer_box("Cancel")
    _click(qtbot, panel.delete_button)
    assert asked == ["Delete the response “CCTV”?"]
    assert ref_store.responses.count() == 1
    answer_box("Delete")
    _click(qtbot, panel.delete_button)
    assert ref_store.responses.count() == 0
    entry = ref_store.audit.entries("response", response.id)[0]
    assert (entry.operation, entry.audit_class) == ("delete", AuditClass.ERASURE)


def test_a_response_edit_is_undone_from_the_plan_editor(qtbot: QtBot, ref_store: Store,
                                                       plan: Plan) -> None:
    cctv = ref_store.tactics.by_code("cctv")
    add_response(ref_store, Response(plan_id=plan.id, tactic_id=cctv.id, description="Camera 4"))
    editor = PlanEditor(ref_store, plan.hotspot_id, today=lambda: DAY)
    qtbot.addWidget(editor)
    editor.show()
    panel = editor.responses
    panel.table.selectRow(0)
    _click(qtbot, panel.edit_button)
    dialog = panel.dialog
    assert dialog.details.text() == "Camera 4"
    dialog.details.clear()
    qtbot.keyClicks(dialog.details, "Cameras 4 and 5")
    _click(qtbot, dialog.save_button)
    assert ref_store.responses.for_plan(plan.id)[0].description == "Cameras 4 and 5"
    assert panel.table.item(0, 4).text() == "Cameras 4 and 5"
    _click(qtbot, editor.undo.button)
    assert ref_store.responses.for_plan(plan.id)[0].description == "Camera 4"
    assert panel.table.item(0, 4).text() == "Camera 4"
