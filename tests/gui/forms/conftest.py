"""Fixtures for the form tests: a store with reference data and boundaries, and a stand-in map."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from jagdesk import resources
from jagdesk.domain.enums import AreaKind
from jagdesk.services.boundaries import import_boundaries
from jagdesk.services.reference import ensure_reference_data
from jagdesk.store import Store


class FakeMap(QObject):
    """Stands in for MapView's picking: records the mode asked for; tests emit the result."""

    point_picked = Signal(float, float)
    polygon_drawn = Signal(dict)
    picking_cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.modes: list[str] = []
        self.stopped = 0

    def start_picking(self, mode: str) -> None:
        self.modes.append(mode)

    def stop_picking(self) -> None:
        self.stopped += 1

    # What the main window asks of its map; this one never draws.
    def select_hotspot(self, hotspot_id: str | None) -> None:
        pass

    def is_ready(self) -> bool:
        return False


@pytest.fixture(scope="session")
def _reference_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the reference data and boundaries, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "reference.sqlite"
    with Store(path, actor="tester") as template:
        ensure_reference_data(template)
        for name, kind in (("leicester-wards-2019.geojson", AreaKind.WARD),
                           ("llr-local-authorities-2019.geojson", AreaKind.LOCAL_AUTHORITY)):
            import_boundaries(template, resources.path("data", "boundaries", name), kind)
    return path


@pytest.fixture
def ref_store(_reference_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A store with the reference lists, tactics, frameworks, Leicester wards and authorities."""
    path = tmp_path / "forms.sqlite"
    shutil.copyfile(_reference_template, path)
    opened = Store(path, actor="tester")
    yield opened
    opened.close()


@pytest.fixture
def ref_db(_reference_template: Path, tmp_path: Path) -> Path:
    """A database file with the reference data and boundaries, not opened."""
    path = tmp_path / "window.sqlite"
    shutil.copyfile(_reference_template, path)
    return path


@pytest.fixture
def fake_map() -> FakeMap:
    return FakeMap()


@pytest.fixture
def answer_box() -> Any:
    """A function that clicks a button of the next message box (see ``answer_next_message_box``)."""
    return answer_next_message_box


@pytest.fixture
def store_state() -> Any:
    """A function returning what must not change when a save is refused."""
    return state


def answer_next_message_box(button_text: str) -> list[str]:
    """Click the button labelled ``button_text`` in the next message box; returns its text."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        box.reject()

    QTimer.singleShot(0, click)
    return seen


def last_audit_seq(store: Store) -> int:
    entries = store.audit.entries(limit=1)
    return entries[0].seq if entries else 0


def state(store: Store) -> tuple[Any, ...]:
    """What must not change when a save is refused."""
    return (store.hotspots.count(), store.plans.count(), store.responses.count(),
            last_audit_seq(store))
