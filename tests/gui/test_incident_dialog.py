"""The incident form: problems shown by their fields, and a good entry saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident
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


def _recorded_at(store: Store, location: str, lon: float, lat: float) -> None:
    with store.atomic():
        store.incidents.add_many([Incident(source=IncidentSource.POLICE_UK, month="2021-03",
                                           category="Drugs", location=location, lon=lon, lat=lat,
                                           lsoa_name="Leicester 020A")])


def _pick(qtbot: QtBot, dialog: IncidentDialog, typed: str) -> None:
    dialog.location.setFocus()
    qtbot.keyClicks(dialog.location, typed)
    popup = dialog.places.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_a_typed_street_is_picked_and_placed(qtbot: QtBot, store: Store) -> None:
    _recorded_at(store, "On or near Gallowtree Gate", -1.1331, 52.6352)
    dialog = IncidentDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(qtbot, dialog, "gallowt")
    assert dialog.location.text() == "On or near Gallowtree Gate"
    assert (dialog.lon.text(), dialog.lat.text()) == ("-1.133100", "52.635200")
    dialog.save()
    assert dialog.saved is not None
    assert (dialog.saved.lon, dialog.saved.lat) == (-1.1331, 52.6352)


def test_a_picked_street_keeps_a_clicked_point(qtbot: QtBot, store: Store) -> None:
    _recorded_at(store, "On or near Gallowtree Gate", -1.1331, 52.6352)
    dialog = IncidentDialog(store, point=(-1.1336, 52.6365))
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(qtbot, dialog, "gallowt")
    assert dialog.location.text() == "On or near Gallowtree Gate"
    assert dialog.lon.text() == "-1.133600"


def test_a_second_pick_moves_the_point_of_the_first(qtbot: QtBot, store: Store) -> None:
    _recorded_at(store, "On or near Gallowtree Gate", -1.1331, 52.6352)
    _recorded_at(store, "On or near Market Street", -1.1320, 52.6320)
    dialog = IncidentDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(qtbot, dialog, "gallowt")
    dialog.location.clear()
    _pick(qtbot, dialog, "market")
    assert (dialog.location.text(), dialog.lat.text()) == ("On or near Market Street", "52.632000")
