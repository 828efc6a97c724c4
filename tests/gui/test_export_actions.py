"""File > Export asks whom an export is for, and a partner copy leaves out people and notes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.records import Hotspot
from jagdesk.paths import user_paths
from jagdesk.services.export_profiles import FULL, PARTNER, PROFILE_LABELS
from jagdesk.store import Store
from jagdesk.ui.export_actions import DATA_FILTERS
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui

OFFICER = "QZOFFICERQZ"
TIMEOUT_MS = 20_000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    db = tmp_path / "jag.sqlite"
    with Store(db, actor="tester") as store:
        store.hotspots.add(Hotspot(name="Clock Tower", radius_m=100, lead_officer=OFFICER,
                                   description="Seen nightly by the steps",
                                   geometry={"type": "Point", "coordinates": [-1.13, 52.635]}))
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(win)
    assert win.open_database(db)
    yield win
    win.runner.cancel_all()


class Answer:
    """Clicks one button of the profile question and remembers what was asked."""

    def __init__(self, label: str | None) -> None:
        self.label = label
        self.asked: list[QMessageBox] = []

    def __call__(self, box: QMessageBox) -> str | None:
        self.asked.append(box)
        return self.label


def _save_as(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    offered: list[str] = []

    def fake(_parent, _title, start, *_filters):
        offered.append(start)
        return str(out), DATA_FILTERS["csv"]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return offered


@pytest.mark.parametrize(("profile", "shown"), [(PARTNER, False), (FULL, True)])
def test_data_export_asks_for_the_profile(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, profile: str,
                                          shown: bool) -> None:
    out = tmp_path / "hotspots.csv"
    offered = _save_as(monkeypatch, out)
    answer = Answer(PROFILE_LABELS[profile])
    window.export_actions.answer = answer
    window.export_actions.export_data("hotspots")
    qtbot.waitUntil(out.exists, timeout=TIMEOUT_MS)
    [box] = answer.asked
    labels = [button.text() for button in box.buttons()]
    assert PROFILE_LABELS[PARTNER] in labels
    assert PROFILE_LABELS[FULL] in labels
    assert box.defaultButton().text() == PROFILE_LABELS[PARTNER]
    assert (Path(offered[0]).name == "hotspots-partner.gpkg") is (profile == PARTNER)
    assert (OFFICER in out.read_text(encoding="utf-8-sig")) is shown
    assert window.store is not None
    qtbot.waitUntil(lambda: any(e.audit_class is AuditClass.DISCLOSURE
                                for e in window.store.audit.entries()), timeout=TIMEOUT_MS)
    entry = next(e for e in window.store.audit.entries() if e.audit_class is AuditClass.DISCLOSURE)
    assert (entry.after or {})["profile"] == profile


def test_cancelling_the_question_exports_nothing(window: MainWindow, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "hotspots.csv"
    offered = _save_as(monkeypatch, out)
    window.export_actions.answer = Answer(None)
    window.export_actions.export_data("hotspots")
    assert offered == []
    assert not out.exists()


@pytest.mark.parametrize("profile", [PARTNER, FULL])
def test_map_export_asks_for_the_profile(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, profile: str) -> None:
    out = tmp_path / "map.html"
    offered = _save_as(monkeypatch, out)
    window.export_actions.answer = Answer(PROFILE_LABELS[profile])
    window.map_actions.choose_export()
    qtbot.waitUntil(out.exists, timeout=TIMEOUT_MS)
    assert (Path(offered[0]).name == "jagdesk-map partner.html") is (profile == PARTNER)
    assert ("(partner copy)" in out.read_text(encoding="utf-8")) is (profile == PARTNER)


def test_cancelling_the_map_question_exports_nothing(window: MainWindow, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    offered = _save_as(monkeypatch, tmp_path / "map.html")
    window.export_actions.answer = Answer(None)
    window.map_actions.choose_export()
    assert offered == []
