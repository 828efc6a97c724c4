"""Incidents in the window: the filter drives counts and the map; logging one by a map click;
the selected hotspot's incidents with edit and delete for hand-logged ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Hotspot, Incident
from jagdesk.paths import user_paths
from jagdesk.store import Store
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.models.hotspot_table import Column
from jagdesk.ui.settings import UiSettings
from tests.gui.map_page import dispose, run_js

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
TIMEOUT_MS = 30_000
CENTRE = (-1.13, 52.635)


class RecordingMap:
    """Stands in for the map view: ready at once, remembers every layer payload."""

    def __init__(self) -> None:
        self.payloads: list[dict[str, Any]] = []

    def is_ready(self) -> bool:
        return True

    def set_layers(self, payload: dict[str, Any]) -> None:
        self.payloads.append(payload)

    def select_hotspot(self, _hotspot_id: str | None) -> None:
        pass


def _database(path: Path) -> str:
    with Store(path, actor="tester") as store:
        hotspot = store.hotspots.add(Hotspot(name="Clock Tower", radius_m=150,
                                             geometry={"type": "Point", "coordinates": list(CENTRE)}))
        rows = [("2024-01", "Anti-social behaviour", IncidentSource.POLICE_UK, "On or near Park"),
                ("2024-02", "Shoplifting", IncidentSource.POLICE_UK, "On or near Shop"),
                ("2024-03", "Anti-social behaviour", IncidentSource.MANUAL, "Clock Tower steps")]
        with store.atomic():
            store.incidents.add_many(
                Incident(source=source, month=month, category=category, location=location,
                         lon=CENTRE[0], lat=CENTRE[1], occurred_at=f"{month}-05T21:30")
                for month, category, source, location in rows)
            store.incidents.add_many([Incident(source=IncidentSource.POLICE_UK, month="2024-02",
                                               category="Shoplifting", lon=-1.0, lat=52.5)])
        return hotspot.id


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    yield win
    win.runner.cancel_all()


def _open(window: MainWindow, tmp_path: Path) -> str:
    db = tmp_path / "incidents.sqlite"
    hotspot_id = _database(db)
    assert window.open_database(db)
    return hotspot_id


def _incident_count(window: MainWindow) -> str:
    return str(window.proxy.index(0, Column.INCIDENTS).data())


def test_filters_drive_counts_map_and_settings(qtbot: QtBot, window: MainWindow,
                                                tmp_path: Path) -> None:
    fake = RecordingMap()
    window.map = fake
    hotspot_id = _open(window, tmp_path)
    qtbot.waitUntil(lambda: len(fake.payloads) >= 1, timeout=TIMEOUT_MS)
    assert fake.payloads[-1]["incidents"]["count"] == 4
    assert _incident_count(window) == "3"
    window.select_hotspot(hotspot_id)
    assert window.detail.incidents.text() == "3"
    bar = window.incident_actions.filter_bar
    assert bar.categories() == ["Anti-social behaviour", "Shoplifting"]
    assert [bar.month_from.itemText(i) for i in range(bar.month_from.count())] == [
        "Any", "2024-01", "2024-02", "2024-03"]

    drawn = len(fake.payloads)
    bar.set_categories({"Shoplifting"})
    qtbot.waitUntil(lambda: len(fake.payloads) > drawn, timeout=TIMEOUT_MS)
    assert fake.payloads[-1]["incidents"]["count"] == 2
    assert fake.payloads[-1]["incidents"]["categories"] == ["Shoplifting"]
    assert _incident_count(window) == "1"
    assert window.detail.incidents.text() == "1"
    assert "2 of 4 incidents" in window.counts_label.text()
    assert window.incident_actions.incidents_panel.table.rowCount() == 1
    assert bar.category_button.text() == "Shoplifting"

    bar.set_categories(set())
    bar.month_from.setCurrentIndex(bar.month_from.findData("2024-02"))
    qtbot.waitUntil(lambda: fake.payloads[-1]["incidents"]["count"] == 3, timeout=TIMEOUT_MS)
    assert _incident_count(window) == "2"
    assert window.incident_filter == IncidentFilter("2024-02", None, frozenset())
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "window-filter-bar.png"))

    window.settings.sync()
    again = UiSettings(window.paths.config)
    assert again.incident_filter() == IncidentFilter("2024-02", None, frozenset())
    reopened = MainWindow(window.paths, again, error_dialogs=False)
    qtbot.addWidget(reopened)
    assert reopened.incident_filter == IncidentFilter("2024-02", None, frozenset())


def test_hotspot_incidents_list_with_edit_and_confirmed_delete(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hotspot_id = _open(window, tmp_path)
    window.select_hotspot(hotspot_id)
    actions = window.incident_actions
    panel = actions.incidents_panel
    assert panel.table.rowCount() == 3
    assert [panel.table.item(r, 2).text() for r in range(3)] == [
        "Clock Tower steps", "On or near Shop", "On or near Park"]
    assert "Incidents at" in panel.caption.text()
    panel.table.selectRow(1)
    assert not panel.delete_button.isEnabled()  # imported: only a re-import changes it
    panel.table.selectRow(0)
    assert panel.delete_button.isEnabled()

    panel.edit_button.click()
    dialog = actions.incident_dialog
    assert dialog is not None
    assert dialog.location.text() == "Clock Tower steps"
    dialog.location.setText("Clock Tower, east steps")
    dialog.save()
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "Clock Tower, east steps",
                    timeout=TIMEOUT_MS)

    asked: list[str] = []
    monkeypatch.setattr(actions, "confirm", lambda _title, text: asked.append(text) or False)
    panel.table.selectRow(0)
    panel.delete_button.click()
    assert asked
    assert "Anti-social behaviour" in asked[0]
    assert window.store is not None
    assert window.store.incidents.count() == 4
    monkeypatch.setattr(actions, "confirm", lambda _title, _text: True)
    panel.table.selectRow(0)
    panel.delete_button.click()
    assert window.store.incidents.count() == 3
    assert panel.table.rowCount() == 2
    assert _incident_count(window) == "2"


def _run_js(qtbot: QtBot, window: MainWindow, code: str) -> Any:
    return run_js(qtbot, window.map, code, TIMEOUT_MS)


def test_log_incident_by_clicking_the_map(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    window.start_map()
    qtbot.waitUntil(window.map.is_ready, timeout=TIMEOUT_MS)
    actions = window.incident_actions
    actions.log_action.trigger()
    assert actions.where_box is not None
    assert actions.click_button.isEnabled()
    actions.click_button.click()
    qtbot.waitUntil(lambda: _run_js(qtbot, window, "JSON.stringify(window.jagdesk.picking())")
                    != "null", timeout=TIMEOUT_MS)
    assert "Click the map" in window.statusBar().currentMessage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "window-picking-hint.png"))
    _run_js(qtbot, window, "window.jagdesk.map().fire('click', "
                           "{latlng: L.latLng(52.6361, -1.1322)}); true")
    qtbot.waitUntil(lambda: actions.incident_dialog is not None, timeout=TIMEOUT_MS)
    dialog = actions.incident_dialog
    assert dialog is not None
    assert (dialog.lon.text(), dialog.lat.text()) == ("-1.132200", "52.636100")
    dialog.category.setCurrentText("Anti-social behaviour")
    dialog.save()
    assert window.store is not None
    assert window.store.incidents.count() == 5
    qtbot.waitUntil(lambda: "5 incidents" in window.counts_label.text(), timeout=TIMEOUT_MS)

    actions.incident_dialog = None
    actions.log_incident()
    actions.type_button.click()
    assert actions.incident_dialog is not None
    assert actions.incident_dialog.lon.text() == ""
    dispose(window.map)
