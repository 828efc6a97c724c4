"""Undo of a partner or contact edit from the partner directory, after its dialog has closed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jagdesk.store import Store

pytestmark = pytest.mark.gui


@pytest.fixture
def view(partners_view):
    return partners_view


def _retype(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def _a_contact(store: Store):
    return next(c for c in store.contacts.all() if c.role and not c.is_spoc)


def test_partner_edit_undone_with_ctrl_z_in_the_directory(qtbot, view, demo_store):
    before = demo_store.partners.by_name("Leicester City Council")
    assert view.select_partner(before.id)
    dialog = view.edit_partner()
    assert dialog is not None
    _retype(qtbot, dialog.name, "Leicester City Council (Neighbourhoods)")
    dialog.description.setPlainText("Renamed in the directory")
    dialog.save()
    assert not dialog.isVisible()
    assert demo_store.partners.get(before.id).name == "Leicester City Council (Neighbourhoods)"
    assert view.undo.button.text() == f"Undo edit of {before.name}"

    view.activateWindow()
    view.partners.setFocus()
    qtbot.waitUntil(view.partners.hasFocus)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.partners, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    restored = demo_store.partners.get(before.id)
    assert (restored.name, restored.description) == (before.name, before.description)
    latest = demo_store.audit.entries(demo_store.partners.table, before.id)[0]
    assert latest.operation == "update"
    assert latest.after is not None
    assert latest.after["name"] == before.name
    assert view.selected_partner_id() == before.id
    assert not view.undo.button.isEnabled()


def test_contact_edit_undone_with_the_button(qtbot, view, demo_store):
    before = _a_contact(demo_store)
    assert view.select_contact(before.id)
    dialog = view.edit_contact()
    assert dialog is not None
    _retype(qtbot, dialog.role, "Acting team leader")
    _retype(qtbot, dialog.phone, "0116 000 0000")
    dialog.save()
    assert demo_store.contacts.get(before.id).role == "Acting team leader"
    assert view.undo.button.text() == f"Undo edit of {before.name}"

    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.undo.button, Qt.MouseButton.LeftButton)

    restored = demo_store.contacts.get(before.id)
    assert (restored.role, restored.phone) == (before.role, before.phone)
    latest = demo_store.audit.entries(demo_store.contacts.table, before.id)[0]
    assert latest.operation == "update"
    assert latest.after is not None
    assert latest.after["role"] == before.role
    assert view.selected_contact_id() == before.id


def test_undo_is_refused_when_someone_else_changed_the_contact(edit_elsewhere, qtbot, view, demo_store, demo_db):
    before = _a_contact(demo_store)
    assert view.select_contact(before.id)
    dialog = view.edit_contact()
    assert dialog is not None
    _retype(qtbot, dialog.role, "Team leader")
    dialog.save()
    edit_elsewhere(demo_db, "contacts", before.id, role="Their newer role")

    qtbot.mouseClick(view.undo.button, Qt.MouseButton.LeftButton)

    assert not view.message.isHidden()
    assert "changed again" in view.message.text()
    assert demo_store.contacts.get(before.id).role == "Their newer role"
