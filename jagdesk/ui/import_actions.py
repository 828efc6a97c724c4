"""Importing into the open database from the window: police.uk files and boundary files.

Files arrive through the File menu or dropped onto the window; the work runs as a background
job with the status-bar progress and Cancel, and ends with a summary.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStyle

from jagdesk.ui.dialogs.boundary_dialog import BoundaryChoice, BoundaryImportDialog
from jagdesk.ui.dialogs.import_summary import ImportSummaryDialog
from jagdesk.ui.file_drop import FileDropFilter, sort_paths

if TYPE_CHECKING:
    from jagdesk.ui.main_window import MainWindow
    from jagdesk.ui.workers import Job

log = logging.getLogger(__name__)


class ImportActions(QObject):
    """Drops, the boundary import and the import summary, for one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.summary_dialog: ImportSummaryDialog | None = None
        self.boundary_dialog: BoundaryImportDialog | None = None
        self.result_box: QMessageBox | None = None
        self.boundary_job: Job | None = None
        self.drops = FileDropFilter(self)
        self.drops.dropped.connect(self.import_dropped)
        window.setAcceptDrops(True)
        window.installEventFilter(self.drops)
        self.boundary_action = window._action(
            "Import &boundaries…", self.choose_boundaries, "Ctrl+Shift+B",
            QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.folder_action = window._action(
            "Import police.uk &folder…", self.choose_folder, "Ctrl+Shift+I",
            QStyle.StandardPixmap.SP_DirOpenIcon)

    # --- police.uk ----------------------------------------------------------------------------
    def import_dropped(self, paths: list[Path]) -> None:
        """Import dropped police.uk files and folders; offer the boundary dialog for a boundary file."""
        window = self.window
        if not self._database_open():
            return
        dropped = sort_paths(paths)
        if dropped.unsupported:
            message = dropped.unsupported_message()
            window.statusBar().showMessage(message, 15000)
            window.show_error("Cannot import", message)
        if dropped.police_uk:
            window.import_files(dropped.police_uk)
        elif dropped.boundaries:
            self.choose_boundaries(dropped.boundaries[0])

    def show_summary(self, summary: Any) -> ImportSummaryDialog:
        """Show what an import did (a window of its own, so work can go on beside it)."""
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        dialog = ImportSummaryDialog(summary, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.summary_dialog = dialog
        dialog.open()
        return dialog

    def choose_folder(self) -> None:
        """Import a folder of police.uk files, as a download unpacks (a folder a month)."""
        window = self.window
        if not self._database_open():
            return
        folder = QFileDialog.getExistingDirectory(window, "Import a police.uk folder",
                                                  window.settings.last_import_folder())
        if folder:
            window.settings.set_last_import_folder(folder)
            window.import_files([Path(folder)])

    def _database_open(self) -> bool:
        """Whether there is a database to import into; says so when there is not."""
        if self.window.store is None:
            self.window.show_error("No database open", "Open a database before importing files.")
            return False
        return True

    # --- boundaries ---------------------------------------------------------------------------
    def choose_boundaries(self, path: Path | None = None) -> BoundaryImportDialog | None:
        """Ask for a boundary file and how to read it, then import it in the background."""
        window = self.window
        if window.store is None:
            window.show_error("No database open", "Open a database before importing boundaries.")
            return None
        dialog = BoundaryImportDialog(path if isinstance(path, Path) else None,
                                      start_folder=window.settings.last_boundary_folder(),
                                      parent=window)
        dialog.accepted.connect(lambda: self._accepted(dialog))
        self.boundary_dialog = dialog
        dialog.open()
        if not isinstance(path, Path):
            dialog.browse()
        return dialog

    def _accepted(self, dialog: BoundaryImportDialog) -> None:
        choice = dialog.choice()
        if choice is not None:
            self.window.settings.set_last_boundary_folder(str(choice.path.parent))
            self.import_boundaries(choice)

    def import_boundaries(self, choice: BoundaryChoice) -> Job | None:
        """Import a boundary file as a background job; the map shows the new areas after."""
        window = self.window
        if window.store is None:
            return None
        from jagdesk.services.boundaries import import_boundaries

        job = window.runner.start_with_store(
            f"Importing {choice.path.name}", window.store.path, import_boundaries,
            path=choice.path, kind=choice.kind, code_field=choice.code_field,
            name_field=choice.name_field, repair=choice.repair)
        job.finished.connect(self._boundaries_imported)
        window._track(job, f"Cannot import {choice.path.name}")
        self.boundary_job = job
        return job

    def _boundaries_imported(self, result: Any) -> None:
        window = self.window
        window.refresh()
        text = result.describe()
        log.info("boundaries imported: %s", text)
        window.statusBar().showMessage(
            f"{result.path.name}: {len(result.added)} added, {len(result.updated)} updated", 10000)
        if self.result_box is not None:
            self.result_box.close()
        box = QMessageBox(QMessageBox.Icon.Information, "Boundaries imported", text, parent=window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.result_box = box
        box.open()
