from __future__ import annotations

from pathlib import Path

import pytest

from jagdesk.paths import user_paths
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings
from tests.gui.map_page import run_js

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")


@pytest.fixture(scope="module")
def demo_db(demo_copy) -> Path:
    return demo_copy()


def _leaflet_type(qtbot, view) -> str:
    return str(run_js(qtbot, view, "typeof L", 5000))


def test_demo_opens_with_the_map_drawn_and_leaflet_present(qtbot, demo_db):
    paths = user_paths().ensure()
    window = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.map_drawn, timeout=20000) as drawn:
        window.start_map()
        assert window.open_database(demo_db)
    assert drawn.args[0] > 0
    assert window.map.is_ready()
    assert _leaflet_type(qtbot, window.map) == "object"
    assert window.proxy.rowCount() >= 6
    window.select_hotspot(window.model.item_at(0).id)
    assert window.detail.hotspot_id == window.model.item_at(0).id
    qtbot.wait(300)  # let the map pan to the selection before the picture is taken
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "main.png"))


def test_empty_per_user_database_builds_and_opens_the_demo(qtbot, demo_db, monkeypatch):
    from jagdesk.services import demo

    paths = user_paths().ensure()
    window = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(window)
    assert window.open_database(paths.default_db)
    assert not window.banner.isHidden()
    # Copying the prepared demo stands in for building it: the wiring is what is tested here.
    def fake_build(path, *, progress, cancelled):
        progress(0.5, "Copying")
        path.write_bytes(demo_db.read_bytes())

    monkeypatch.setattr(demo, "build_demo", fake_build)
    with qtbot.waitSignal(window.database_opened, timeout=10000) as opened:
        window.banner.demo_button.click()
    assert opened.args[0] == str(paths.data / demo.DEMO_FILE_NAME)
    assert window.banner.isHidden()
    assert window.windowTitle() == f"JagDesk — {demo.DEMO_FILE_NAME}"
