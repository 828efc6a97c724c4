"""The incident form: problems shown by their fields, and a good entry saved."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from jagdesk.store import Store
from jagdesk.ui.dialogs.incident_dialog import IncidentDialog

pytestmark = pytest.mark.gui


def test_missing_location_is_shown_beside_the_field(qtbot: QtBot, store: Store) -> None:
    dialog = IncidentDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    assert dialog.isVisible()
    assert "map" in dialog.errors.message("location")
    assert store.incidents.count() == 0


def test_a_clicked_point_is_saved(qtbot: QtBot, store: Store) -> None:
    dialog = IncidentDialog(store, point=(-1.1336, 52.6365))
    qtbot.addWidget(dialog)
    dialog.category.setCurrentText("Anti-social behaviour")
    dialog.notes.setPlainText("<script>alert(1)</script> shouting")
    dialog.save()
    assert dialog.result() == IncidentDialog.DialogCode.Accepted
    assert dialog.saved is not None
    saved = store.incidents.get(dialog.saved.id or 0)
    assert saved is not None
    assert saved.notes == "<script>alert(1)</script> shouting"
    assert saved.lon == pytest.approx(-1.1336)


def test_editing_keeps_the_fields(qtbot: QtBot, store: Store) -> None:
    first = IncidentDialog(store, point=(-1.1336, 52.6365))
    qtbot.addWidget(first)
    first.location.setText("Clock Tower")
    first.save()
    assert first.saved is not None
    again = IncidentDialog(store, first.saved)
    qtbot.addWidget(again)
    assert again.location.text() == "Clock Tower"
    assert again.lat.text() == "52.636500"
    again.location.setText("Haymarket steps")
    again.save()
    edited = store.incidents.get(first.saved.id or 0)
    assert edited is not None
    assert edited.location == "Haymarket steps"
