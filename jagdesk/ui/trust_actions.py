"""Opening databases safely, backups, settings and retention review, for the main window.

- Opening: a lock beside the file tells a second window the file is open elsewhere; a refused
  file (damaged, foreign, newer, read-only place) is explained with its ways out. Nothing here
  writes to a refused file.
- File > Back up now… and Restore from backup…; Edit > Settings… and Records past retention….
- A read-only database shows a badge in the status bar and its editing commands are disabled.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QStyle,
)

from jagdesk.errors import StoreUnavailable, UserError
from jagdesk.services.backups import BackupPolicy, WayOut, back_up, backups_of, restore, ways_out
from jagdesk.settings import load_user_settings
from jagdesk.ui.db_lock import DatabaseLock, LockHolder
from jagdesk.ui.dialogs.recovery import BackupChooser, RefusedDialog

if TYPE_CHECKING:
    from jagdesk.store import Store
    from jagdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# Automatic backups on open are pruned to the database's own setting once it is open.
_KEEP_WHILE_OPENING = 100
OPEN_READ_ONLY = "Open read-only"
OPEN_ANYWAY = "Open anyway"
# How often a window that opened a database anyway tries to take its lock, once the other
# window has let go, so that a third window is warned in turn.
LOCK_RETRY_MS = 30_000


def _open_once(path: Path, options: dict[str, Any], *, progress: Any, cancelled: Any) -> None:
    """Open and close a database, which backs it up and upgrades it (a background job)."""
    del cancelled  # an upgrade runs to its end: each step is one transaction
    from jagdesk.store import Store

    progress(0.0, f"Backing up and upgrading {path.name}")
    Store(path, **options).close()


@contextlib.contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor while a database opens: a backup or an upgrade of a big file takes seconds."""
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class TrustActions(QObject):
    """The window's safe opening, backup, settings and retention commands.

    ``answer`` (a message box to the text of the button clicked) and ``run_dialog`` (a dialog
    to whether it was accepted) run the modal questions; tests replace them.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lock: DatabaseLock | None = None
        self.lock_retry = QTimer(self)
        self.lock_retry.setInterval(LOCK_RETRY_MS)
        self.lock_retry.timeout.connect(self.retry_lock)
        self.answer: Callable[[QMessageBox], str | None] = self._exec_box
        self.run_dialog: Callable[[QDialog], bool] = self._exec_dialog
        self.last_question = ""  # the text of the last question asked, for the log and tests
        sp = QStyle.StandardPixmap
        self.backup_action = window._action("&Back up now…", self.back_up_now, None,
                                            sp.SP_DialogSaveButton)
        self.restore_action = window._action("&Restore from backup…", self.restore_from_backup)
        self.settings_action = window._action("&Settings…", self.show_settings, "Ctrl+,")
        self.retention_action = window._action("Records past &retention…", self.review_retention)
        self.read_only_badge = QLabel(" Read-only ")
        self.read_only_badge.setToolTip("This database is open read-only: nothing can be changed.")
        self.read_only_badge.setStyleSheet("background: #fff3cd; color: #664d03; "
                                           "border: 1px solid #e0c36a; border-radius: 3px;")
        self.read_only_badge.hide()
        window.statusBar().addPermanentWidget(self.read_only_badge)
        self._install_menus()
        window.database_opened.connect(lambda _path: self.apply_read_only())
        self.apply_read_only()

    def _install_menus(self) -> None:
        window = self.window
        file_menu = window.quit_action.associatedObjects()[0]
        if isinstance(file_menu, QMenu):
            file_menu.insertAction(window.quit_action, self.backup_action)
            file_menu.insertAction(window.quit_action, self.restore_action)
            file_menu.insertSeparator(window.quit_action)
        edit_menu = QMenu("&Edit", window)
        edit_menu.addAction(self.settings_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.retention_action)
        view_menu = window.list_dock.toggleViewAction().associatedObjects()
        menus = [m for m in view_menu if isinstance(m, QMenu)]
        if menus:
            window.menuBar().insertMenu(menus[0].menuAction(), edit_menu)
        else:
            window.menuBar().addMenu(edit_menu)
        self.edit_menu = edit_menu

    # --- modal questions ------------------------------------------------------------------
    def _exec_box(self, box: QMessageBox) -> str | None:
        if not self.window.error_dialogs:
            return None
        box.exec()
        clicked = box.clickedButton()
        return clicked.text() if clicked is not None else None

    def _exec_dialog(self, dialog: QDialog) -> bool:
        if not self.window.error_dialogs:
            return False
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _ask(self, title: str, text: str, buttons: list[str], *, detail: str = "",
             icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> str | None:
        box = QMessageBox(icon, title, text, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if detail:
            box.setInformativeText(detail)
        for label in buttons:
            box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.last_question = text
        log.info("asked: %s", title)
        chosen = self.answer(box)
        return chosen if chosen in buttons else None

    # --- opening --------------------------------------------------------------------------
    def open_store(self, path: Path, *, read_only: bool = False) -> Store | None:
        """Open a database for the window, or return None when it is not opened.

        Takes the file's lock (asking what to do when another window holds it), explains a
        refusal and offers its ways out.
        """
        from jagdesk.store import Store

        new_lock: DatabaseLock | None = None
        if not read_only:
            decision = self._claim(path)
            if decision is None:
                return None
            if decision == OPEN_READ_ONLY:
                read_only = True
            elif isinstance(decision, DatabaseLock):
                new_lock = decision
        options: dict[str, Any] = {"actor": load_user_settings(self.window.paths.config).actor,
                                   "backups": BackupPolicy(keep=_KEEP_WHILE_OPENING)}
        if not read_only:
            self._upgrade_first(path, options)
        try:
            with busy_cursor():
                store = Store(path, read_only=read_only, **options)
        except StoreUnavailable as exc:
            if new_lock is not None and new_lock is not self.lock:
                new_lock.unlock()
            return self._refused(path, exc)
        self._prune_backups(store)
        # Background jobs open the same file the same way; the window took any backup due and
        # checked every page (a map redraw would otherwise read the whole file first).
        self.window.runner.store_options = {"actor": store.audit.actor, "read_only": read_only,
                                            "backups": BackupPolicy(enabled=False),
                                            "check_pages": False}
        if self.lock is not None and self.lock is not new_lock:
            self.lock.unlock()
        self.lock = new_lock
        if new_lock is None and not read_only:
            self.lock_retry.start()  # opened anyway: the lock is held elsewhere for now
        else:
            self.lock_retry.stop()
        return store

    def retry_lock(self) -> bool:
        """Take the open database's lock if the window that held it has let go."""
        store = self.window.store
        if store is None or store.read_only or self.lock is not None:
            self.lock_retry.stop()
            return self.lock is not None
        lock = DatabaseLock(store.path)
        if lock.try_lock() is not None:
            return False
        log.info("took the lock of %s after the other window let go", store.path.name)
        self.lock = lock
        self.lock_retry.stop()
        return True

    def _upgrade_first(self, path: Path, options: dict[str, Any]) -> None:
        """Upgrade a database of an older JagDesk in the background, showing the window is busy.

        A million incidents take a quarter of a minute to upgrade, once; the window stays drawn
        meanwhile. Opening afterwards finds nothing left to do, or explains what went wrong.
        """
        from jagdesk.store.db import upgrade_due

        if not upgrade_due(path):
            return
        log.info("upgrading %s in the background", path.name)
        job = self.window.runner.start(f"Upgrading {path.name}", partial(_open_once, path, options))
        self.window.progress.track(job)
        busy = None
        if self.window.error_dialogs:
            busy = QProgressDialog(self.window)
            busy.setLabelText("Upgrading this database for this version of JagDesk. It is "
                              "backed up first.")
            busy.setCancelButton(None)  # an upgrade runs to its end
            busy.setRange(0, 0)
            busy.setWindowTitle("Upgrading the database")
            busy.setWindowModality(Qt.WindowModality.WindowModal)
            busy.setMinimumDuration(0)
            busy.show()
        waiting = QEventLoop()
        job.done.connect(waiting.quit)
        if job.running:
            waiting.exec()
        if busy is not None:
            busy.close()

    def _claim(self, path: Path) -> DatabaseLock | str | None:
        """The lock of ``path``, or the user's choice when it is held elsewhere (None: cancel)."""
        if self.lock is not None and self.lock.db_path == path and self.lock.is_locked():
            return self.lock
        lock = DatabaseLock(path)
        holder = lock.try_lock()
        if holder is None:
            return lock
        choice = self.ask_about_lock(holder)
        if choice is None and not self.window.error_dialogs:
            log.warning("database open in %s; opening it anyway", holder.describe())
            return OPEN_ANYWAY
        return choice

    def ask_about_lock(self, holder: LockHolder) -> str | None:
        return self._ask(
            "Database already open",
            f"This database is open in another JagDesk window ({holder.describe()}).",
            [OPEN_READ_ONLY, OPEN_ANYWAY],
            detail="Open read-only to look without changing anything. If you open it anyway, "
                   "both windows can make changes: an edit to a record the other window changed "
                   "meanwhile is refused, never lost.", icon=QMessageBox.Icon.Warning)

    def _refused(self, path: Path, error: StoreUnavailable) -> Store | None:
        log.warning("refused %s: %s", path.name, error.reason)
        ways = ways_out(error, path, BackupPolicy().backups_folder())
        dialog = RefusedDialog(error, ways, self.window)
        self.last_question = str(error)
        if not self.run_dialog(dialog) or dialog.chosen is None:
            if not self.window.error_dialogs:
                self.window.show_error("Cannot open this database", str(error))
            return None
        if dialog.chosen is WayOut.OPEN_READ_ONLY:
            return self.open_store(path, read_only=True)
        if dialog.chosen is WayOut.OPEN_BACKUP:
            return self._open_from_backup(path)
        QTimer.singleShot(0, self.window.choose_database)
        return None

    def _open_from_backup(self, path: Path) -> Store | None:
        chooser = BackupChooser(path.name, backups_of(path), parent=self.window)
        if not self.run_dialog(chooser) or chooser.chosen is None:
            return None
        if chooser.action == "read_only":
            return self.open_store(chooser.chosen.path, read_only=True)
        if not self._confirm_restore(path, chooser):
            return None
        if not self._restore(path, chooser.chosen.path):
            return None
        return self.open_store(path)

    def _prune_backups(self, store: Store) -> None:
        if store.read_only:
            return
        from jagdesk.services.preferences import load_settings
        from jagdesk.store.backup import prune_backups

        prune_backups(store.path, load_settings(store).keep_backups)

    def release(self) -> None:
        """Give up the lock (the window is closing)."""
        self.lock_retry.stop()
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    # --- read-only ------------------------------------------------------------------------
    def editing_actions(self) -> list[QAction]:
        window = self.window
        found = [window.import_action, self.restore_action]
        for owner, names in ((getattr(window, "hotspot_actions", None),
                              ("new_action", "edit_action", "delete_action")),
                             (getattr(window, "incident_actions", None), ("log_action",)),
                             (getattr(window, "import_actions", None),
                              ("boundary_action", "folder_action"))):
            found.extend(getattr(owner, name) for name in names if hasattr(owner, name))
        return found

    def apply_read_only(self) -> None:
        """Show the read-only badge and disable editing, or the reverse."""
        window = self.window
        read_only = window.is_read_only
        self.read_only_badge.setVisible(read_only)
        has_store = window.store is not None
        for action in self.editing_actions():
            action.setEnabled(has_store and not read_only)
        incidents = getattr(getattr(window, "incident_actions", None), "incidents_panel", None)
        if incidents is not None:
            incidents.read_only = read_only
        hotspot_actions = getattr(window, "hotspot_actions", None)
        if hotspot_actions is not None and not read_only:
            hotspot_actions.update_state()
        for action in (self.backup_action, self.retention_action):
            action.setEnabled(has_store)
        if read_only and window.store is not None:
            window.setWindowTitle(window.windowTitle().removesuffix(" (read-only)") + " (read-only)")

    # --- backups --------------------------------------------------------------------------
    def _policy(self) -> BackupPolicy:
        from jagdesk.services.preferences import load_settings

        store = self.window.store
        keep = load_settings(store).keep_backups if store is not None else BackupPolicy().keep
        return BackupPolicy(keep=keep)

    def back_up_now(self) -> Path | None:
        """Take a verified backup of the open database into the backups folder."""
        store = self.window.store
        if store is None:
            return None
        try:
            info = back_up(store.path, policy=self._policy())
        except UserError as exc:
            self.window.show_error("Backup failed", str(exc))
            return None
        self.window.statusBar().showMessage(f"Backed up to {info.path}", 10000)
        return info.path

    def restore_from_backup(self) -> bool:
        """Choose one of the open database's backups and restore it, after confirmation."""
        store = self.window.store
        if store is None or store.read_only:
            return False
        path = store.path
        found = backups_of(path)
        if not found:
            self._ask("No backups", f"There is no backup of {path.name} yet. Use File > Back up "
                      "now… to take one.", [], icon=QMessageBox.Icon.Information)
            return False
        chooser = BackupChooser(path.name, found, allow_read_only=False, parent=self.window)
        if not self.run_dialog(chooser) or chooser.chosen is None:
            return False
        if not self._confirm_restore(path, chooser):
            return False
        store.close()
        self.window.store = None
        restored = self._restore(path, chooser.chosen.path)
        return self.window.open_database(path) and restored

    def _confirm_restore(self, path: Path, chooser: BackupChooser) -> bool:
        assert chooser.chosen is not None
        when = chooser.chosen.taken_at.astimezone().strftime("%d %b %Y %H:%M")
        return self._ask("Restore from backup", f"Restore {path.name} from the backup of {when}?",
                         ["Restore"], detail="The database as it is now is kept first, in the "
                         "backups folder; anything changed since the backup is not in the restored "
                         "file.", icon=QMessageBox.Icon.Warning) == "Restore"

    def _restore(self, path: Path, backup: Path) -> bool:
        try:
            result = restore(path, backup, self._policy_without_store())
        except UserError as exc:
            self.window.show_error("Restore failed", str(exc))
            return False
        kept = f"; the previous file is kept as {result.previous.name}" if result.previous else ""
        self.window.statusBar().showMessage(f"Restored {path.name} from the backup{kept}", 15000)
        return True

    def _policy_without_store(self) -> BackupPolicy:
        # The database may be closed or damaged: keep every backup until it is open again.
        return BackupPolicy(keep=_KEEP_WHILE_OPENING)

    # --- settings and retention -----------------------------------------------------------
    def show_settings(self) -> bool:
        from jagdesk.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.window.paths.config, self.window.store, self.window)
        self.settings_dialog = dialog
        return self.run_dialog(dialog)

    def review_retention(self) -> None:
        from jagdesk.ui.views.retention_view import RetentionReview

        store = self.window.store
        if store is None:
            return
        review = RetentionReview(store, parent=self.window)
        review.erased.connect(lambda _n: self.window.refresh())
        self.retention_review = review
        self.run_dialog(review)
