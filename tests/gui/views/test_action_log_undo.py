"""Undo of an action edit from the action log, after its dialog has closed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jagdesk.domain.enums import ActionStatus
from jagdesk.store import Store
from jagdesk.ui.views.action_log_view import ActionLogView

pytestmark = pytest.mark.gui


@pytest.fixture
def view(action_log):
    return action_log


def _unfinished(store: Store):
    return next(a for a in store.actions.all() if a.due_on
                and a.status not in (ActionStatus.DONE, ActionStatus.CANCELLED))


def _edit_through_dialog(qtbot, view: ActionLogView, action_id: str, title: str, due: str):
    assert view.select_action(action_id)
    dialog = view.edit_selected()
    assert dialog is not None
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, title)
    dialog.due_on.set_value(due)
    dialog.save()
    assert dialog.saved is not None, dialog.general_error.text()
    assert not dialog.isVisible()  # the dialog closes on save; the undo lives on the log


def test_edit_then_ctrl_z_in_the_log_restores_title_and_due_date(qtbot, view, demo_store):
    before = _unfinished(demo_store)
    assert not view.undo.button.isEnabled()
    _edit_through_dialog(qtbot, view, before.id, "Relight the underpass", "2031-01-31")
    edited = demo_store.actions.get(before.id)
    assert (edited.title, edited.due_on) == ("Relight the underpass", "2031-01-31")
    assert view.undo.button.isEnabled()
    assert view.undo.button.text() == f"Undo edit of {before.ref}"

    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    restored = demo_store.actions.get(before.id)
    assert (restored.title, restored.due_on) == (before.title, before.due_on)
    assert restored.version == edited.version + 1  # an undo is a new, audited version
    latest = demo_store.audit.entries(demo_store.actions.table, before.id)[0]
    assert latest.operation == "update"
    assert latest.before is not None
    assert latest.after is not None
    assert (latest.before["title"], latest.after["title"]) == ("Relight the underpass",
                                                               before.title)
    assert not view.undo.button.isEnabled()
    assert view.selected_id() == before.id
    assert view.message.isHidden()


def test_undo_button_puts_back_a_status_changed_by_an_update(qtbot, view, demo_store):
    before = _unfinished(demo_store)
    assert view.select_action(before.id)
    dialog = view.update_selected()
    assert dialog is not None
    qtbot.keyClicks(dialog.note, "Contractor booked")
    wanted = next(s for s in ActionStatus if s not in (before.status, ActionStatus.DONE))
    dialog.status.setCurrentIndex(dialog.status.findData(wanted))
    dialog.save()
    assert demo_store.actions.get(before.id).status is wanted
    assert view.undo.button.text() == f"Undo update of {before.ref}"
    qtbot.mouseClick(view.undo.button, Qt.MouseButton.LeftButton)
    assert demo_store.actions.get(before.id).status is before.status


def test_undo_is_refused_when_someone_else_changed_the_action(edit_elsewhere, qtbot, view, demo_store, demo_db):
    before = _unfinished(demo_store)
    _edit_through_dialog(qtbot, view, before.id, "Survey the car park", "2031-02-28")
    edit_elsewhere(demo_db, "actions", before.id, title="Their newer title")

    qtbot.mouseClick(view.undo.button, Qt.MouseButton.LeftButton)

    assert not view.message.isHidden()
    assert "changed again" in view.message.text()
    assert demo_store.actions.get(before.id).title == "Their newer title"
    assert not view.undo.button.isEnabled()
