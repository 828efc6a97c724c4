"""Importing from the window: files dropped on it, the summary, Cancel, and the boundary dialog."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from jagdesk import resources
from jagdesk.domain.enums import AreaKind
from jagdesk.paths import user_paths
from jagdesk.services import importing
from jagdesk.store import Store
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parents[1] / "data" / "policeuk"
GOOD, BAD, OTHER = DATA / "good", DATA / "bad", DATA / "other"
WARDS = resources.path("data", "boundaries", "leicester-wards-2019.geojson")
SHOTS = Path("/tmp/jagdesk-shots")
TIMEOUT_MS = 30_000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(win)
    Store(tmp_path / "data.sqlite", actor="tester").close()
    assert win.open_database(tmp_path / "data.sqlite")
    win.resize(1200, 760)
    win.show()
    yield win
    win.runner.cancel_all()


def drop(window: MainWindow, paths: list[Path]) -> None:
    """Drag files onto the window and let go, as the desktop would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(300, 300), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(300, 300), actions, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    assert event.isAccepted()


def incidents(window: MainWindow) -> int:
    with Store(window.store.path) as store:  # type: ignore[union-attr]
        return store.incidents.count()


def summary_of(qtbot: QtBot, window: MainWindow) -> Any:
    qtbot.waitUntil(lambda: window.import_actions.summary_dialog is not None, timeout=TIMEOUT_MS)
    dialog = window.import_actions.summary_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    return dialog


def test_a_dropped_zip_and_bad_csv_import_with_a_summary(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    archive = tmp_path / "leicestershire.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for csv in sorted(GOOD.glob("*.csv")):
            zipped.write(csv, f"2021/{csv.name}")
    drop(window, [archive, BAD / "malformed-line.csv"])
    dialog = summary_of(qtbot, window)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "import-summary.png"))
    assert dialog.headline.text() == ("2 of 3 files imported, 1 refused: 9 incidents stored; "
                                      "refused files were not written.")
    assert dialog.files.rowCount() == 3
    rows = {dialog.files.item(r, 0).text(): [dialog.files.item(r, c).text() for c in range(1, 8)]
            for r in range(3)}
    assert rows["2021-01-leicestershire-street.csv"] == [
        "Leicestershire Police", "2021-01", "6", "6", "0", "1", "Imported"]
    assert rows["malformed-line.csv"][-1] == "Refused"
    assert dialog.rejections.isVisibleTo(dialog)
    assert dialog.rejections.item(0, 0).text() == "malformed-line.csv"
    assert dialog.rejections.item(0, 1).text().isdigit()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("2 of 3 files imported")
    assert "malformed-line.csv, line" in copied
    assert incidents(window) == 9
    assert "9 incidents" in window.counts_label.text()


def test_a_downloads_other_files_are_listed_as_skipped(qtbot: QtBot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for csv in sorted([*GOOD.glob("*.csv"), *OTHER.glob("*.csv")]):
            zipped.write(csv, f"{csv.name[:7]}/{csv.name}")
    drop(window, [archive])
    dialog = summary_of(qtbot, window)
    assert dialog.headline.text() == "All 2 files imported: 9 incidents stored."
    assert "2 outcomes or stop and search file(s) skipped" in dialog.totals.text()
    results = {dialog.files.item(r, 0).text(): dialog.files.item(r, 7) for r in range(4)}
    skipped = results["2021-01-leicestershire-outcomes.csv"]
    assert skipped.text() == "Skipped"
    assert skipped.toolTip() == "police.uk outcomes data, not street-level crime"
    assert results["2021-01-leicestershire-stop-and-search.csv"].text() == "Skipped"
    assert not dialog.rejections.isVisibleTo(dialog)
    assert incidents(window) == 9


def test_a_folder_chosen_from_the_file_menu_is_imported(qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from jagdesk.ui import import_actions

    asked: list[str] = []

    def choose(_parent: object, title: str, _start: str) -> str:
        asked.append(title)
        return str(GOOD)

    monkeypatch.setattr(import_actions.QFileDialog, "getExistingDirectory", choose)
    actions = window.import_action.associatedObjects()[0].actions()
    assert actions[actions.index(window.import_action) + 1] is window.import_actions.folder_action
    window.import_actions.folder_action.trigger()
    dialog = summary_of(qtbot, window)
    assert asked == ["Import a police.uk folder"]
    assert dialog.headline.text() == "All 2 files imported: 9 incidents stored."
    assert window.settings.last_import_folder() == str(GOOD)


def test_dropping_a_folder_imports_it_and_reimport_replaces(qtbot: QtBot, window: MainWindow) -> None:
    drop(window, [GOOD])
    first = summary_of(qtbot, window)
    assert first.headline.text() == "All 2 files imported: 9 incidents stored."
    window.import_actions.summary_dialog = None
    drop(window, [GOOD / "2021-02-leicestershire-street.csv"])
    again = summary_of(qtbot, window)
    assert again.files.item(0, 5).text() == "3"  # replaced
    assert incidents(window) == 9


def test_an_unsupported_drop_is_named_and_nothing_imports(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    notes = tmp_path / "meeting notes.docx"
    notes.write_text("not data")
    drop(window, [notes])
    assert "meeting notes.docx" in window.statusBar().currentMessage()
    assert "cannot be imported" in window.statusBar().currentMessage()
    assert window.runner.running() == []
    assert window.import_actions.summary_dialog is None


def test_cancel_keeps_finished_files_and_drops_the_one_in_progress(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importing.import_file
    started: list[str] = []

    def wait_for_cancel_on_second(store: Store, source: Any, **kwargs: Any) -> Any:
        started.append(source.file_name)
        if len(started) == 2:  # hold the second file until the user cancels
            deadline = time.monotonic() + 30
            while not kwargs["cancelled"]() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(store, source, **kwargs)

    monkeypatch.setattr(importing, "import_file", wait_for_cancel_on_second)
    job = window.import_files([GOOD])
    assert job is not None
    qtbot.waitUntil(lambda: len(started) == 2, timeout=TIMEOUT_MS)
    assert window.progress.isVisible()
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT_MS):
        window.progress._cancel.click()
    assert incidents(window) == 6  # January stays; February was rolled back
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS)
    assert window.import_actions.summary_dialog is None


def test_boundary_dialog_guesses_fields_and_imports_as_a_job(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.import_actions.choose_boundaries(WARDS)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    assert dialog.code_field.currentText() == "code"
    assert dialog.name_field.currentText() == "name"
    assert [dialog.code_field.itemText(i) for i in range(dialog.code_field.count())] == ["code", "name"]
    assert dialog.kind.currentData() == AreaKind.WARD
    dialog.repair.setChecked(True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "boundary-dialog.png"))
    dialog.accept()
    qtbot.waitUntil(lambda: window.import_actions.result_box is not None, timeout=TIMEOUT_MS)
    box = window.import_actions.result_box
    assert box is not None
    assert "21 ward area(s) added" in box.text()
    with Store(window.store.path) as store:  # type: ignore[union-attr]
        assert len(store.areas.of_kind(AreaKind.WARD)) == 21


def test_boundary_dialog_names_an_unreadable_file(qtbot: QtBot, window: MainWindow,
                                                  tmp_path: Path) -> None:
    broken = tmp_path / "wards.geojson"
    broken.write_text("{ not json")
    dialog = window.import_actions.choose_boundaries(broken)
    assert dialog is not None
    assert "wards.geojson" in dialog.message.text()
    assert dialog.choice() is None
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_dropped_boundary_file_opens_the_boundary_dialog(qtbot: QtBot, window: MainWindow) -> None:
    drop(window, [WARDS])
    dialog = window.import_actions.boundary_dialog
    assert dialog is not None
    assert dialog.path_edit.text() == str(WARDS)
    assert dialog.choice() is not None
