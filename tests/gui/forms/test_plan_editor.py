"""The plan editor: OSARA stages, the triangle, priorities, closing with an evaluation, undo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import PlanStatus
from jagdesk.domain.records import Hotspot, Plan, Response
from jagdesk.services.hotspots import create_hotspot
from jagdesk.services.plans import link_priorities, save_plan
from jagdesk.services.responses import add_response
from jagdesk.store import Store
from jagdesk.ui.forms.plan_editor import PlanEditor

pytestmark = pytest.mark.gui

DAY = date(2026, 3, 14)


@pytest.fixture
def hotspot(ref_store: Store) -> Hotspot:
    return create_hotspot(ref_store, Hotspot(
        name="Clock Tower", geometry={"type": "Point", "coordinates": [-1.1336, 52.6365]},
        radius_m=200), today=DAY)


def _editor(qtbot: QtBot, store: Store, hotspot: Hotspot) -> PlanEditor:
    editor = PlanEditor(store, hotspot.id, today=lambda: DAY)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _asb_priority(editor: PlanEditor) -> str:
    for item_id, node in editor.priorities.items.items():
        if "anti-social behaviour" in node.text(0).lower():
            return item_id
    raise AssertionError("no ASB priority in the reference data")


def test_a_new_plan_is_saved_with_its_stages_triangle_and_priorities(
        qtbot: QtBot, ref_store: Store, hotspot: Hotspot) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    assert not editor.responses.add_button.isEnabled()  # responses need a saved plan
    qtbot.keyClicks(editor.texts["objective"], "Halve street drinking calls by August")
    qtbot.keyClicks(editor.texts["scanning"], "42 ASB calls in 3 months")
    qtbot.keyClicks(editor.triangle.boxes["victim"], "Shop staff and shoppers")
    qtbot.keyClicks(editor.triangle.boxes["offender"], "Six regular street drinkers")
    qtbot.keyClicks(editor.triangle.boxes["location"], "Benches by the steps")
    qtbot.keyClicks(editor.triangle.boxes["manager"], "City council parks team")
    qtbot.keyClicks(editor.texts["success_measures"], "Calls down by half")
    qtbot.keyClicks(editor.texts["evidence_basis"], "College of Policing toolkit")
    editor.status.setCurrentIndex(editor.status.findData("active"))
    priority = _asb_priority(editor)
    editor.priorities.items[priority].setCheckState(0, Qt.CheckState.Checked)
    with qtbot.waitSignal(editor.saved):
        _click(qtbot, editor.save_button)
    plan = ref_store.plans.for_hotspot(hotspot.id)
    assert plan is not None
    assert plan.status is PlanStatus.ACTIVE
    assert plan.objective == "Halve street drinking calls by August"
    assert (plan.victim, plan.offender, plan.location, plan.manager) == (
        "Shop staff and shoppers", "Six regular street drinkers", "Benches by the steps",
        "City council parks team")
    assert plan.evidence_basis == "College of Policing toolkit"
    assert ref_store.plans.framework_item_ids(plan.id) == [priority]
    assert editor.responses.add_button.isEnabled()
    again = _editor(qtbot, ref_store, hotspot)
    assert again.texts["victim"].toPlainText() == "Shop staff and shoppers"
    assert again.priorities.checked_ids() == [priority]


def test_closing_without_an_evaluation_is_refused_field_by_field(
        qtbot: QtBot, ref_store: Store, hotspot: Hotspot, store_state: Any) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    qtbot.keyClicks(editor.texts["objective"], "Fewer calls")
    _click(qtbot, editor.close_plan_button)
    dialog = editor.close_dialog
    assert dialog is not None
    before = store_state(ref_store)
    _click(qtbot, dialog.close_button)
    shown = dialog.errors.visible()
    assert set(shown) >= {"closure_outcome", "closure_what_worked", "closure_what_did_not",
                          "sustainability_check_on"}
    assert dialog.isVisible()
    assert store_state(ref_store) == before
    assert ref_store.plans.for_hotspot(hotspot.id).status is PlanStatus.DRAFT


def test_a_sustainability_check_before_closing_is_refused(
        qtbot: QtBot, ref_store: Store, hotspot: Hotspot, store_state: Any) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    _click(qtbot, editor.close_plan_button)
    dialog = editor.close_dialog
    qtbot.keyClicks(dialog.outcome, "Calls down")
    qtbot.keyClicks(dialog.what_worked, "Alcohol PSPO")
    qtbot.keyClicks(dialog.what_did_not, "Nothing")
    qtbot.keyClicks(dialog.check_on.edit, "2026-01-01")
    before = store_state(ref_store)
    _click(qtbot, dialog.close_button)
    assert "after the plan is closed" in dialog.errors.visible()["sustainability_check_on"]
    assert store_state(ref_store) == before


def test_a_plan_closes_with_its_evaluation_and_can_be_undone(
        qtbot: QtBot, ref_store: Store, hotspot: Hotspot) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    qtbot.keyClicks(editor.texts["objective"], "Fewer calls")
    _click(qtbot, editor.close_plan_button)
    dialog = editor.close_dialog
    qtbot.keyClicks(dialog.outcome, "Calls down 48%")
    qtbot.keyClicks(dialog.what_worked, "Alcohol PSPO and outreach")
    qtbot.keyClicks(dialog.what_did_not, "Extra lighting made no difference")
    qtbot.keyClicks(dialog.check_on.edit, "2026-06-14")
    _click(qtbot, dialog.close_button)
    assert not dialog.isVisible()
    plan = ref_store.plans.for_hotspot(hotspot.id)
    assert plan.status is PlanStatus.CLOSED
    assert (plan.closed_on, plan.sustainability_check_on) == ("2026-03-14", "2026-06-14")
    assert plan.closure_what_did_not == "Extra lighting made no difference"
    assert editor.reopen_button.isVisible()
    assert not editor.close_plan_button.isVisible()
    assert editor.closure_labels["closure_outcome"].text() == "Calls down 48%"
    _click(qtbot, editor.undo.button)
    assert ref_store.plans.for_hotspot(hotspot.id).status is PlanStatus.DRAFT
    assert editor.close_plan_button.isVisible()


def test_undo_restores_the_previous_plan_text(qtbot: QtBot, ref_store: Store,
                                              hotspot: Hotspot) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    qtbot.keyClicks(editor.texts["objective"], "First objective")
    _click(qtbot, editor.save_button)
    editor.texts["objective"].clear()
    qtbot.keyClicks(editor.texts["objective"], "Second objective")
    _click(qtbot, editor.save_button)
    assert ref_store.plans.for_hotspot(hotspot.id).objective == "Second objective"
    editor.undo.shortcut.activated.emit()
    assert ref_store.plans.for_hotspot(hotspot.id).objective == "First objective"
    assert editor.texts["objective"].toPlainText() == "First objective"


def test_reopen_puts_a_closed_plan_back_in_work(qtbot: QtBot, ref_store: Store,
                                                hotspot: Hotspot) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    _click(qtbot, editor.close_plan_button)
    dialog = editor.close_dialog
    for box, text in ((dialog.outcome, "Quieter"), (dialog.what_worked, "Patrols"),
                      (dialog.what_did_not, "Nothing")):
        qtbot.keyClicks(box, text)
    qtbot.keyClicks(dialog.check_on.edit, "2026-06-14")
    _click(qtbot, dialog.close_button)
    _click(qtbot, editor.reopen_button)
    plan = ref_store.plans.for_hotspot(hotspot.id)
    assert plan.status is PlanStatus.ACTIVE
    assert plan.closure_outcome == "Quieter"  # kept for reference


def test_the_priority_search_narrows_the_tree(qtbot: QtBot, ref_store: Store,
                                              hotspot: Hotspot) -> None:
    editor = _editor(qtbot, ref_store, hotspot)
    qtbot.keyClicks(editor.priorities.search, "anti-social")
    visible = [node for node in editor.priorities.items.values() if not node.isHidden()]
    assert visible
    assert len(visible) < len(editor.priorities.items)


def test_opening_a_saved_plan_logs_a_consultation(
        qtbot: QtBot, ref_store: Store, hotspot: Hotspot) -> None:
    from jagdesk.domain.enums import AuditClass
    from jagdesk.domain.records import Plan
    from jagdesk.services.plans import save_plan

    save_plan(ref_store, Plan(hotspot_id=hotspot.id, victim="Quentin Sentinel-Victim"))
    _editor(qtbot, ref_store, hotspot)
    consulted = [e for e in ref_store.audit.entries() if e.audit_class is AuditClass.CONSULTATION]
    assert [(e.table_name, e.operation) for e in consulted] == [("plan", "view")]
    assert "Quentin" not in consulted[0].summary + str(consulted[0].after)


def test_a_read_only_database_shows_the_plan_for_reading_only(
        qtbot: QtBot, ref_store: Store, hotspot: Hotspot) -> None:
    plan = save_plan(ref_store, Plan(hotspot_id=hotspot.id, objective="Fewer calls",
                                     victim="Shop staff"), today=DAY)
    link_priorities(ref_store, plan.id, [_asb_priority(PlanEditor(ref_store, hotspot.id))])
    tactic = ref_store.tactics.all()[0]
    add_response(ref_store, Response(plan_id=plan.id, tactic_id=tactic.id,
                                     description="Weekly patrols", started_on="2026-03-01"))
    with Store(ref_store.path, read_only=True) as read_only:
        editor = _editor(qtbot, read_only, hotspot)
        assert editor.windowTitle().endswith("(read-only)")
        assert editor.read_only_note.isVisible()
        assert editor.texts["objective"].toPlainText() == "Fewer calls"
        assert editor.texts["victim"].isReadOnly()
        assert not editor.status.isEnabled()
        for button in (editor.save_button, editor.close_plan_button, editor.reopen_button,
                       editor.undo.button, editor.responses.add_button,
                       editor.responses.edit_button, editor.responses.delete_button):
            assert not button.isVisible()
        assert editor.responses.table.rowCount() == 1
        assert editor.responses.table.item(0, 4).text() == "Weekly patrols"
        ticked = editor.priorities.items[editor.priorities.checked_ids()[0]]
        assert not ticked.flags() & Qt.ItemFlag.ItemIsUserCheckable
        editor.responses.table.selectRow(0)
        editor.responses.edit_selected()
        assert editor.responses.dialog is None
        editor.close()
