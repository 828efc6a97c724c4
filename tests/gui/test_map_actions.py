"""The map in the window: base map menu, remembered layers and base map, tile failure message,
and File > Export > Map as HTML."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.paths import user_paths
from jagdesk.store import Store
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings
from tests.gui.map_page import run_js as page_js

sys.path.insert(0, str(Path(__file__).parent))
from test_map_offline import make_mbtiles

pytestmark = pytest.mark.gui

TIMEOUT_MS = 20_000


def _database(path: Path) -> Path:
    with Store(path, actor="tester") as store, store.atomic():
        store.incidents.add_many(
            Incident(source=IncidentSource.POLICE_UK, month="2024-01", category="Shoplifting",
                     lon=-1.134 + n * 0.001, lat=52.635 + n * 0.0005) for n in range(20))
    return path


def _window(qtbot: QtBot, db: Path) -> MainWindow:
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.start_map()
    with qtbot.waitSignal(win.map_drawn, timeout=TIMEOUT_MS):
        assert win.open_database(db)
    return win


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return _database(tmp_path / "map.sqlite")


@pytest.fixture
def window(qtbot: QtBot, db: Path) -> Iterator[MainWindow]:
    win = _window(qtbot, db)
    yield win
    win.runner.cancel_all()
    win.close()


def run_js(qtbot: QtBot, window: MainWindow, code: str) -> object:
    return page_js(qtbot, window.map, code)


def _submenu(window: MainWindow, title: str, child: str) -> QMenu:
    top = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)
    assert isinstance(top, QMenu)
    menu = next(a.menu() for a in top.actions() if a.text().replace("&", "") == child)
    assert isinstance(menu, QMenu)
    return menu


def test_menus_offer_base_maps_and_the_html_export(window: MainWindow) -> None:
    base = _submenu(window, "View", "Base map")
    assert [a.text().replace("&", "") for a in base.actions()] == [
        "None (boundaries only)", "OpenStreetMap (needs a network)", "Open MBTiles file…"]
    assert window.map_actions.none_action.isChecked()
    export = _submenu(window, "File", "Export")
    assert "Map as HTML…" in [a.text().replace("&", "") for a in export.actions()]


def test_layers_and_base_map_are_remembered(qtbot: QtBot, window: MainWindow, db: Path,
                                            tmp_path: Path) -> None:
    with qtbot.waitSignal(window.map.layer_toggled, timeout=TIMEOUT_MS):
        window.map.run_script("Array.from(document.querySelectorAll("
                              "'.leaflet-control-layers-overlays label')).find(l => l.textContent"
                              ".includes('density')).querySelector('input').click();")
    assert window.settings.map_layers() == {"density": True}
    tiles = make_mbtiles(tmp_path / "city.mbtiles", range(12, 14), (-1.1335, 52.6357), span=1)
    assert window.map_actions.choose_base_map("mbtiles", tiles)
    assert window.settings.base_map() == ("mbtiles", str(tiles))
    assert window.map_actions.mbtiles_action.isChecked()
    window.save_state()
    window.close()

    again = _window(qtbot, db)
    shown = run_js(qtbot, again, "JSON.stringify(window.jagdesk.visibleLayers())")
    assert '"density":true' in str(shown)
    assert run_js(qtbot, again, "window.jagdesk.baseMap().kind") == "mbtiles"
    assert again.map_actions.mbtiles_action.isChecked()
    assert again.map_actions.choose_base_map("none")
    assert again.settings.base_map() == ("none", "")
    again.runner.cancel_all()
    again.close()


def test_tile_failure_is_explained_in_the_status_bar(window: MainWindow) -> None:
    window.map.tiles_failed.emit("osm")
    assert "OpenStreetMap tiles could not be loaded" in window.statusBar().currentMessage()


def test_unusable_mbtiles_file_is_refused(window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mbtiles"
    bad.write_text("not a database", "utf-8")
    assert not window.map_actions.choose_base_map("mbtiles", bad)
    assert window.settings.base_map() == ("none", "")
    assert window.map_actions.none_action.isChecked()


def test_export_map_as_html_writes_the_shown_map(qtbot: QtBot, window: MainWindow,
                                                 tmp_path: Path) -> None:
    assert run_js(qtbot, window, "window.jagdesk.counts().incidents") == 20
    window.map.set_layer_visible("density", True)
    out = tmp_path / "shown.html"
    window.map_actions.export(out)
    # The job may finish before a signal wait could start, so wait for what it leaves behind.
    qtbot.waitUntil(lambda: "Wrote" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS)
    html = out.read_text("utf-8")
    assert '"visible":{"density":true}' in html
    assert '"count":20' in html
    assert "Wrote" in window.statusBar().currentMessage()


def test_density_squares_are_counted_when_shown(qtbot: QtBot, window: MainWindow) -> None:
    assert run_js(qtbot, window, "window.jagdesk.counts().density") == 0  # hidden: not counted
    with qtbot.waitSignal(window.map_drawn, timeout=TIMEOUT_MS):
        window.map.run_script("Array.from(document.querySelectorAll("
                              "'.leaflet-control-layers-overlays label')).find(l => l.textContent"
                              ".includes('density')).querySelector('input').click();")
    assert run_js(qtbot, window, "window.jagdesk.counts().density") > 0
