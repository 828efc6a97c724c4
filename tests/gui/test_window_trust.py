"""The window's safe opening: refused files and their ways out, read-only mode, the lock
beside the database (two processes), backups and restore, settings and the retention review."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from jagdesk.domain.enums import HotspotStatus, Rag
from jagdesk.domain.records import Hotspot
from jagdesk.paths import user_paths
from jagdesk.services.backups import WayOut, back_up, backups_of
from jagdesk.services.preferences import load_settings
from jagdesk.store import Store
from jagdesk.ui.db_lock import DatabaseLock, lock_path
from jagdesk.ui.dialogs.recovery import BackupChooser, RefusedDialog
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings
from tests.sqlite_pages import page_size

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
POINT = {"type": "Point", "coordinates": [-1.13, 52.635]}
HOSTILE = "<b>bold</b><img src=x>"


class FakeMap:
    def select_hotspot(self, hotspot_id: str | None) -> None:
        del hotspot_id

    def is_ready(self) -> bool:
        return False


class Answers:
    """Stands in for the user: answers message boxes and dialogs, and remembers them."""

    def __init__(self) -> None:
        self.boxes: list[str] = []
        self.dialogs: list[QDialog] = []
        self.button: str | None = None
        self.on_dialog: list = []  # one callable per dialog expected, in order

    def answer(self, box: QMessageBox) -> str | None:
        self.boxes.append(f"{box.text()}\n{box.informativeText()}")
        _shot(box, "question-" + box.windowTitle().lower().replace(" ", "-"))
        return self.button

    def run_dialog(self, dialog: QDialog) -> bool:
        self.dialogs.append(dialog)
        act = self.on_dialog.pop(0) if self.on_dialog else None
        return bool(act(dialog)) if act is not None else False


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if isinstance(widget, QMessageBox):
        widget.adjustSize()
    widget.grab().save(str(SHOTS / f"trust-{name}.png"))


@pytest.fixture
def window(qtbot):
    paths = user_paths().ensure()
    win = MainWindow(paths, UiSettings(paths.config), error_dialogs=True)
    qtbot.addWidget(win)
    win.map = FakeMap()
    answers = Answers()
    win.trust.answer = answers.answer
    win.trust.run_dialog = answers.run_dialog
    win.answers = answers
    yield win
    win.trust.release()


def _database(path: Path, name: str = "Clock Tower", status: HotspotStatus = HotspotStatus.OPEN,
              closed_on: str | None = None) -> str:
    with Store(path, actor="tester") as store:
        hotspot = store.hotspots.add(Hotspot(name=name, geometry=POINT, radius_m=100,
                                             status=status, rag=Rag.RED, closed_on=closed_on))
    return hotspot.id


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = page_size(path)
    for start in range(2 * page, len(data), page):
        data[start + 8:start + 400] = b"\xa5" * 392
    path.write_bytes(bytes(data))


# --- refused files ----------------------------------------------------------------------------

def test_damaged_file_offers_its_backups_and_restores_one(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    hotspot_id = _database(db)
    back_up(db)
    _damage(db)
    damaged_bytes = db.read_bytes()

    def pick_backup(dialog: RefusedDialog) -> bool:
        assert list(dialog.way_buttons) == [WayOut.OPEN_BACKUP, WayOut.CHOOSE_FILE]
        assert dialog.way_buttons[WayOut.OPEN_BACKUP].text() == "Open a backup…"
        _shot(dialog, "refused-damaged")
        dialog.chosen = WayOut.OPEN_BACKUP
        return True

    def restore_first(chooser: BackupChooser) -> bool:
        assert chooser.table.rowCount() == 1
        assert chooser.table.item(0, 1).text() == "Backed up by hand"
        _shot(chooser, "backup-chooser")
        chooser.restore_button.click()
        return chooser.result() == QDialog.DialogCode.Accepted

    window.answers.on_dialog = [pick_backup, restore_first]
    window.answers.button = "Restore"
    assert window.open_database(db)
    assert "damaged" in window.answers.dialogs[0].details.text()
    assert window.store.hotspots.get(hotspot_id).name == "Clock Tower"
    # The damaged file was moved aside unchanged, never repaired in place.
    aside = list(user_paths().backups.glob("*.damaged"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == damaged_bytes


def test_damaged_file_without_backups_offers_another_file_only(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    _database(db)
    _damage(db)
    before = db.read_bytes()
    window.answers.on_dialog = [lambda d: list(d.way_buttons) == [WayOut.CHOOSE_FILE] and False]
    assert not window.open_database(db)
    assert window.store is None
    assert db.read_bytes() == before


def test_foreign_file_is_explained_in_plain_words(window, tmp_path):
    other = tmp_path / "notes.sqlite"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    seen = []
    window.answers.on_dialog = [lambda d: seen.append(d) or False]
    assert not window.open_database(other)
    dialog = seen[0]
    _shot(dialog, "refused-foreign")
    assert list(dialog.way_buttons) == [WayOut.CHOOSE_FILE]
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "not a JagDesk database" in texts


def test_read_only_place_opens_read_only_with_a_badge(window, tmp_path, monkeypatch):
    db = tmp_path / "jag.sqlite"
    _database(db)
    # Tests run as root, who may write anywhere: pretend the folder is read-only.
    monkeypatch.setattr("jagdesk.store.db.is_read_only_location", lambda path: True)

    def open_read_only(dialog: RefusedDialog) -> bool:
        assert WayOut.OPEN_READ_ONLY in dialog.way_buttons
        dialog.chosen = WayOut.OPEN_READ_ONLY
        return True

    window.answers.on_dialog = [open_read_only]
    assert window.open_database(db)
    assert window.is_read_only
    assert window.trust.read_only_badge.isVisibleTo(window)
    assert window.windowTitle().endswith("(read-only)")
    assert not window.hotspot_actions.new_action.isEnabled()
    assert not window.import_action.isEnabled()
    assert not window.import_actions.folder_action.isEnabled()
    assert not window.incident_actions.log_action.isEnabled()
    window.select_hotspot(window.store.hotspots.all()[0].id)
    window.hotspot_actions.update_state()
    assert not window.hotspot_actions.edit_action.isEnabled()
    assert not window.hotspot_actions.delete_action.isEnabled()
    assert window.hotspot_actions.plan_action.isEnabled()  # plans can be read
    assert window.incident_actions.incidents_panel.read_only
    assert window.runner.store_options["read_only"]  # background jobs read without writing
    action_log = window.work_views.action_log
    action_log._enable_buttons()
    assert not action_log.add_button.isEnabled()
    window.show()
    _shot(window.statusBar(), "read-only-status-bar")


def test_reopening_writable_clears_the_badge(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    _database(db)
    assert window.open_database(db, read_only=True)
    assert window.is_read_only
    other = tmp_path / "other.sqlite"
    _database(other)
    assert window.open_database(other)
    assert not window.is_read_only
    assert not window.trust.read_only_badge.isVisibleTo(window)
    assert window.hotspot_actions.new_action.isEnabled()


# --- the lock ---------------------------------------------------------------------------------

HOLDER = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
print("locked", flush=True)
sys.stdin.read()
"""


def _holder(db: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path(db))],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A database whose lock another process holds until it is told to end."""
    db = tmp_path / "jag.sqlite"
    _database(db)
    holder = _holder(db)
    yield db, holder
    if holder.poll() is None:
        holder.communicate("")


def test_database_open_in_another_process_is_named_and_can_open_read_only(window, held):
    db, holder = held
    window.answers.button = "Open read-only"
    assert window.open_database(db)
    assert window.is_read_only
    message = window.answers.boxes[0]
    assert (f"This database is open in another JagDesk window (process {holder.pid} "
            f"on {socket.gethostname()})") in message


def test_cancel_leaves_the_database_closed_and_open_anyway_writes(window, held):
    db, _ = held
    window.answers.button = None
    assert not window.open_database(db)
    assert window.store is None
    window.answers.button = "Open anyway"
    assert window.open_database(db)
    assert not window.is_read_only
    assert window.hotspot_actions.new_action.isEnabled()


def test_open_anyway_takes_the_lock_once_the_other_window_lets_go(window, held):
    db, holder = held
    window.answers.button = "Open anyway"
    assert window.open_database(db)
    assert window.trust.lock is None
    assert window.trust.lock_retry.isActive()
    assert not window.trust.retry_lock()  # still held elsewhere
    holder.communicate("")
    assert window.trust.retry_lock()
    assert not window.trust.lock_retry.isActive()
    held_by = DatabaseLock(db).try_lock()
    assert held_by is not None
    assert held_by.pid == os.getpid()


def test_stale_lock_of_a_dead_process_is_reclaimed(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    _database(db)
    holder = _holder(db)
    holder.kill()
    holder.communicate()
    assert lock_path(db).exists()
    assert window.open_database(db)
    assert window.answers.boxes == []
    assert lock_path(db).read_text().split()[0] == str(os.getpid())
    window.close()
    assert not lock_path(db).exists()


def test_own_lock_is_kept_when_reopening_and_released_on_switching(window, tmp_path):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    _database(first)
    _database(second)
    assert window.open_database(first)
    assert window.open_database(first)
    assert window.answers.boxes == []
    assert window.open_database(second)
    assert not lock_path(first).exists()
    assert lock_path(second).exists()


# --- backups ----------------------------------------------------------------------------------

def test_back_up_now_and_restore_from_backup(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    hotspot_id = _database(db)
    assert window.open_database(db)
    taken = window.trust.back_up_now()
    assert taken is not None
    assert taken.exists()
    hotspot = window.store.hotspots.get(hotspot_id)
    window.store.hotspots.update(type(hotspot)(**{**hotspot.__dict__, "name": "Renamed"}))

    def choose_manual(chooser: BackupChooser) -> bool:
        assert not chooser.read_only_button.isVisibleTo(chooser)
        row = next(r for r in range(chooser.table.rowCount())
                   if chooser.table.item(r, 1).text() == "Backed up by hand")
        chooser.select(row)
        chooser.restore_button.click()
        return True

    window.answers.on_dialog = [choose_manual]
    window.answers.button = "Restore"
    assert window.trust.restore_from_backup()
    assert window.store.hotspots.get(hotspot_id).name == "Clock Tower"
    kinds = {b.kind for b in backups_of(db)}
    assert "pre-restore" in kinds  # the file as it was is kept first
    assert "Restore" in window.answers.boxes[0]


def test_restore_is_not_done_without_confirmation(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    hotspot_id = _database(db)
    assert window.open_database(db)
    window.trust.back_up_now()
    hotspot = window.store.hotspots.get(hotspot_id)
    window.store.hotspots.update(type(hotspot)(**{**hotspot.__dict__, "name": "Renamed"}))
    window.answers.on_dialog = [lambda chooser: chooser.restore_button.click() or True]
    window.answers.button = None
    assert not window.trust.restore_from_backup()
    assert window.store.hotspots.get(hotspot_id).name == "Renamed"


# --- settings and retention -------------------------------------------------------------------

def test_settings_dialog_saves_user_name_marking_backups_and_retention(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    _database(db)
    assert window.open_database(db)

    def fill(dialog) -> bool:
        assert dialog.marking.text() == "OFFICIAL-SENSITIVE"
        dialog.user_name.setText("PC 1234 Patel")
        dialog.marking.setText("official")
        dialog.keep.setValue(4)
        dialog.retention["hotspot"].setValue(72)
        _shot(dialog, "settings")
        return dialog.save()

    window.answers.on_dialog = [fill]
    assert window.trust.show_settings()
    settings = load_settings(window.store)
    assert (settings.marking, settings.keep_backups, settings.retention_months["hotspot"]) == (
        "OFFICIAL", 4, 72)
    assert window.open_database(db)  # the user name applies from the next opening
    window.store.hotspots.add(Hotspot(name="New", geometry=POINT, radius_m=10,
                                      status=HotspotStatus.OPEN, rag=Rag.RED))
    assert window.store.audit.entries("hotspot")[0].actor == "PC 1234 Patel"
    assert window.runner.store_options["actor"] == "PC 1234 Patel"  # imports in the background too
    assert window.runner.store_options["check_pages"] is False  # the window checked the file


def test_settings_dialog_refuses_a_bad_marking_and_saves_nothing(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    _database(db)
    assert window.open_database(db)

    def fill(dialog) -> bool:
        dialog.marking.setText("   ")
        saved = dialog.save()
        assert dialog.problem.isVisibleTo(dialog)
        assert "protective marking" in dialog.problem.text()
        return saved

    window.answers.on_dialog = [fill]
    assert not window.trust.show_settings()
    assert load_settings(window.store).marking == "OFFICIAL-SENSITIVE"


def test_retention_review_deletes_permanently_after_confirmation(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    old_id = _database(db, "Old yard", HotspotStatus.CLOSED, "2015-01-01")
    with Store(db, actor="tester") as store:
        from jagdesk.services.preferences import save_settings

        settings = load_settings(store)
        settings.retention_months["hotspot"] = 24
        save_settings(store, settings)
    assert window.open_database(db)
    asked = []

    def review(dialog) -> bool:
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 1).text().endswith("Old yard")
        _shot(dialog, "retention-review")
        dialog.confirm = lambda parent, count: asked.append(count) or True
        assert dialog.delete_checked() == 1
        assert dialog.table.rowCount() == 0
        return True

    window.answers.on_dialog = [review]
    window.trust.review_retention()
    assert asked == [1]
    assert window.store.hotspots.count() == 0
    entry = window.store.audit.entries("hotspot", old_id)[0]
    assert entry.operation == "erase"
    assert "Old yard" not in entry.summary


def test_retention_review_unticked_records_stay(window, tmp_path):
    db = tmp_path / "jag.sqlite"
    _database(db, "Old yard", HotspotStatus.CLOSED, "2015-01-01")
    with Store(db, actor="tester") as store:
        from jagdesk.services.preferences import save_settings

        settings = load_settings(store)
        settings.retention_months["hotspot"] = 24
        save_settings(store, settings)
    assert window.open_database(db)

    def review(dialog) -> bool:
        dialog.set_checked(0, False)
        assert not dialog.delete_button.isEnabled()
        return True

    window.answers.on_dialog = [review]
    window.trust.review_retention()
    assert window.store.hotspots.count() == 1


def test_a_wait_cursor_shows_while_a_database_opens(window, tmp_path, monkeypatch):
    db = tmp_path / "jag.sqlite"
    _database(db)
    seen: list[object] = []
    real_store = Store

    def watched(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return real_store(*args, **kwargs)

    monkeypatch.setattr("jagdesk.store.Store", watched)
    assert window.open_database(db)
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None


def test_an_older_database_is_upgraded_off_the_window_thread(window, tmp_path, monkeypatch):
    import threading

    from jagdesk.store import db as store_db
    from jagdesk.store.schema import SCHEMA_VERSION
    from tests.unit.store.test_schema import _database_before_compact_incidents

    path = tmp_path / "older.sqlite"
    _database_before_compact_incidents(path)
    upgraded_in: list[threading.Thread] = []
    real_migrate = store_db._migrate

    def watched(db) -> None:
        if store_db.migrations.pending(db):
            upgraded_in.append(threading.current_thread())
        real_migrate(db)

    monkeypatch.setattr(store_db, "_migrate", watched)
    assert window.open_database(path)
    assert upgraded_in
    assert all(thread is not threading.main_thread() for thread in upgraded_in)
    assert window.store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert window.store.incidents.count() == 4
    assert [b.kind for b in backups_of(path)] == ["pre-migration"]
