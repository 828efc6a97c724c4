from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jagdesk.domain.enums import ActionStatus, AreaKind, HotspotStatus, Rag
from jagdesk.domain.records import Action, Area, Hotspot, Partner, Plan
from jagdesk.paths import user_paths
from jagdesk.store import Store
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.models.hotspot_table import Column
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
WARD = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.12, 52.63], [-1.12, 52.64],
                                             [-1.14, 52.64], [-1.14, 52.63]]]}


class FakeMap:
    """Stands in for the map view: records what the window asks it to select."""

    def __init__(self) -> None:
        self.selected: list[str | None] = []

    def select_hotspot(self, hotspot_id: str | None) -> None:
        self.selected.append(hotspot_id)

    def is_ready(self) -> bool:
        return False


def _small_database(path: Path) -> dict[str, str]:
    with Store(path, actor="tester") as store:
        ward = store.areas.add(Area(kind=AreaKind.WARD, code="E05000001", name="Castle",
                                    geometry=WARD))
        council = store.partners.add(Partner(name="City Council", partner_type="council"))
        ids = {}
        for name, status, rag in (("Clock Tower <b>bold</b>", HotspotStatus.OPEN, Rag.RED),
                                  ("Jubilee Park", HotspotStatus.MONITORING, Rag.GREEN),
                                  ("Market Street", HotspotStatus.CLOSED, Rag.AMBER)):
            hotspot = store.hotspots.add(Hotspot(
                name=name, geometry={"type": "Point", "coordinates": [-1.13, 52.635]},
                radius_m=100, status=status, rag=rag, ward_id=ward.id,
                problem_type="street drinking", description=f"About {name}"))
            ids[name] = hotspot.id
        first = ids["Clock Tower <b>bold</b>"]
        store.plans.add(Plan(hotspot_id=first, objective="Fewer street drinking reports"))
        store.actions.add(Action(title="Late patrols", owner_partner_id=council.id,
                                 due_on="2020-01-01", status=ActionStatus.OPEN, hotspot_id=first))
    return ids


@pytest.fixture
def window(qtbot):
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(win)
    win.map = FakeMap()
    return win


def _refs(win: MainWindow) -> list[str]:
    return [win.proxy.index(row, Column.NAME).data() for row in range(win.proxy.rowCount())]


def test_window_shows_the_hotspots_of_a_database(window, tmp_path, qtbot):
    db = tmp_path / "small.sqlite"
    _small_database(db)
    assert window.open_database(db)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "JagDesk — small.sqlite"
    assert window.proxy.rowCount() == 3
    assert "3 hotspots" in window.counts_label.text()
    assert "1 overdue" in window.counts_label.text()
    assert window.banner.isHidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.select_hotspot(window.model.item_at(0).id)
    window.grab().save(str(SHOTS / "main-small.png"))


def test_table_sorts_and_filters(window, tmp_path):
    _small_database(tmp_path / "small.sqlite")
    window.open_database(tmp_path / "small.sqlite")
    window.table.sortByColumn(Column.RAG, Qt.SortOrder.AscendingOrder)
    assert [window.proxy.index(r, Column.RAG).data() for r in range(3)] == ["Red", "Amber", "Green"]
    window.filter_bar.search.setText("jubilee")
    assert _refs(window) == ["Jubilee Park"]
    window.filter_bar.search.clear()
    window.filter_bar.status.setCurrentText("Not closed")
    assert sorted(_refs(window)) == ["Clock Tower <b>bold</b>", "Jubilee Park"]
    window.filter_bar.rag.setCurrentText("Green")
    assert _refs(window) == ["Jubilee Park"]


def test_selecting_a_row_fills_the_details_and_selects_on_the_map(window, tmp_path):
    ids = _small_database(tmp_path / "small.sqlite")
    window.open_database(tmp_path / "small.sqlite")
    first = ids["Clock Tower <b>bold</b>"]
    window.select_hotspot(first)
    assert window.map.selected[-1] == first
    assert window.detail.hotspot_id == first
    # User text is shown as written, never as markup.
    assert window.detail.name.text() == "Clock Tower <b>bold</b>"
    assert window.detail.name.textFormat() == Qt.TextFormat.PlainText
    assert window.detail.objective.text() == "Fewer street drinking reports"
    assert window.detail.partners.text() == "City Council"
    action = window.detail.action_list.topLevelItem(0)
    assert action.text(1) == "Late patrols"
    assert action.font(1).bold()


def test_a_map_click_selects_the_row_even_when_filtered_out(window, tmp_path):
    ids = _small_database(tmp_path / "small.sqlite")
    window.open_database(tmp_path / "small.sqlite")
    window.filter_bar.search.setText("jubilee")
    window.select_hotspot(ids["Market Street"])  # what map.hotspot_clicked is connected to
    assert window.detail.hotspot_id == ids["Market Street"]
    assert window.filter_bar.search.text() == ""
    assert window.table.currentIndex().data() is not None


def test_empty_database_offers_the_demo(window, tmp_path):
    assert window.open_database(tmp_path / "empty.sqlite")
    assert not window.banner.isHidden()
    assert window.banner.demo_button.text() == "Explore the Leicester demo"


def test_window_state_is_remembered(qtbot, tmp_path):
    paths = user_paths().ensure()
    first = MainWindow(paths, UiSettings(paths.config))
    qtbot.addWidget(first)
    first.table.setColumnWidth(Column.NAME, 321)
    first.detail_dock.hide()
    first.save_state()
    assert str(UiSettings(paths.config).path).startswith(os.environ["JAGDESK_HOME"])
    second = MainWindow(paths, UiSettings(paths.config))
    qtbot.addWidget(second)
    assert second.table.columnWidth(Column.NAME) == 321
    assert second.detail_dock.isHidden()


@pytest.mark.parametrize("kind", ["garbage", "foreign"])
def test_damaged_or_foreign_file_is_refused_and_left_unchanged(window, tmp_path, kind):
    path = tmp_path / f"{kind}.sqlite"
    if kind == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE songs (title TEXT)")
        conn.close()
    before = path.read_bytes()
    assert not window.open_database(path)
    assert window.store is None
    assert path.read_bytes() == before


def test_command_line_refuses_a_damaged_file_without_dialogs(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n")
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-m", "jagdesk", "--db", str(path), "--no-error-dialogs"],
                            capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    assert "not a JagDesk database" in result.stderr
    assert path.read_bytes() == before
