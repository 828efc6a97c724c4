"""Two stores on one file: the hotspot form shows the conflict message instead of saving
over the other user's change; hostile text in a hotspot's name stays literal everywhere."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from jagdesk.domain.enums import HotspotStatus, Rag
from jagdesk.domain.records import Hotspot
from jagdesk.paths import user_paths
from jagdesk.services.hotspots import update_hotspot
from jagdesk.store import Store
from jagdesk.ui.forms.hotspot_form import HotspotForm
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.models.hotspot_table import Column
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui

POINT = {"type": "Point", "coordinates": [-1.13, 52.635]}
HOSTILE = "<b>bold</b><img src=x>"


def _hotspot(store: Store, name: str) -> Hotspot:
    return store.hotspots.add(Hotspot(name=name, geometry=POINT, radius_m=50,
                                      status=HotspotStatus.OPEN, rag=Rag.RED,
                                      description=f"About {name}"))


def test_form_shows_the_conflict_and_keeps_the_other_change(qtbot, tmp_path: Path):
    path = tmp_path / "shared.sqlite"
    with Store(path, actor="alice") as mine, Store(path, actor="bob") as theirs:
        hotspot = _hotspot(mine, "Clock Tower")
        form = HotspotForm(mine, mine.hotspots.get(hotspot.id))
        qtbot.addWidget(form)
        update_hotspot(theirs, dataclasses.replace(theirs.hotspots.get(hotspot.id),
                                                   name="Clock Tower (Bob)"))
        form.name.setText("Clock Tower (Alice)")
        assert not form.save()
        message = form.errors.general.text()
        assert "was changed by someone else since you opened it" in message
        assert "Reopen it" in message
        assert form.errors.general.isVisibleTo(form)
        assert mine.hotspots.get(hotspot.id).name == "Clock Tower (Bob)"


def _labels_showing(widget, text: str) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if text in label.text()]


def test_hostile_name_shows_literally_in_list_details_and_form(qtbot, tmp_path: Path):
    path = tmp_path / "hostile.sqlite"
    with Store(path, actor="tester") as store:
        hotspot = _hotspot(store, HOSTILE)
    paths = user_paths().ensure()
    window = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(window)
    assert window.open_database(path)
    row = window.proxy.proxy_row_of(hotspot.id)
    assert row is not None
    assert window.proxy.index(row, Column.NAME).data() == HOSTILE
    window.select_hotspot(hotspot.id)
    shown = _labels_showing(window.detail, HOSTILE)
    assert shown, "the detail panel shows the name"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    form = HotspotForm(window.store, window.store.hotspots.get(hotspot.id))
    qtbot.addWidget(form)
    assert form.name.text() == HOSTILE
    for label in _labels_showing(form, "<img"):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in form.windowTitle() or "HS-0001" in form.windowTitle()
    window.trust.release()
