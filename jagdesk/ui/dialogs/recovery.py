"""Dialogs for a database that cannot be opened as it is, and for choosing a backup.

Everything is said in plain words, and no choice here writes to the refused file: a backup is
restored only after the user confirms it, and the current file is kept first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.services.backups import BackupInfo, WayOut

if TYPE_CHECKING:
    from jagdesk.errors import StoreUnavailable

# What each refusal means, in the user's words (the error message names the file).
EXPLANATIONS = {
    "damaged": "The file is damaged: part of it cannot be read. JagDesk has not changed it. "
               "You can put back one of its backups (the damaged file is kept aside first) or "
               "open another file.",
    "foreign": "This file is not a JagDesk database. It may belong to another program. "
               "JagDesk has not changed it.",
    "newer": "This database was saved by a newer version of JagDesk. Install the newer "
             "version to open it; this version has not changed it.",
    "read_only": "JagDesk cannot save changes in this place (the file or its folder is "
                 "read-only). You can open it read-only to look at it, or copy it to a folder "
                 "of yours and open the copy.",
    "missing": "The file is no longer there. It may have been moved, renamed or deleted.",
}
WAY_OUT_TEXT = {
    WayOut.OPEN_BACKUP: "Open a backup…",
    WayOut.OPEN_READ_ONLY: "Open read-only",
    WayOut.CHOOSE_FILE: "Choose another file…",
}
KIND_TEXT = {"manual": "Backed up by hand", "daily": "Daily, automatic",
             "pre-migration": "Before an update", "pre-restore": "Before a restore"}


def human_size(size: int) -> str:
    """A file size as people read it: 812 KB, 4.2 MB."""
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1):,} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


class RefusedDialog(QDialog):
    """Why a database was refused and what can be done instead.

    ``chosen`` holds the way out picked, or None when the user closed the dialog.
    """

    def __init__(self, error: StoreUnavailable, ways: list[WayOut],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cannot open this database")
        self.chosen: WayOut | None = None
        layout = QVBoxLayout(self)
        headline = QLabel("JagDesk cannot open this file")
        headline.setStyleSheet("font-weight: 600; font-size: 14px;")
        layout.addWidget(headline)
        for text in (EXPLANATIONS.get(error.reason, "The file cannot be used just now."),
                     str(error)):
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)  # file names may hold markup
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.details = label
        self.details.setStyleSheet("color: #5f6368;")
        buttons = QDialogButtonBox()
        self.way_buttons: dict[WayOut, QPushButton] = {}
        for way in ways:
            button = buttons.addButton(WAY_OUT_TEXT[way], QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda _=False, w=way: self._choose(w))
            self.way_buttons[way] = button
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        if ways:
            self.way_buttons[ways[0]].setDefault(True)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _choose(self, way: WayOut) -> None:
        self.chosen = way
        self.accept()


class BackupChooser(QDialog):
    """The backups of a database, newest first, to restore one or open it read-only.

    After ``accept`` ``chosen`` is the backup and ``action`` is ``"restore"`` or
    ``"read_only"``.
    """

    def __init__(self, db_name: str, backups: list[BackupInfo], *, allow_read_only: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.backups = backups
        self.chosen: BackupInfo | None = None
        self.action = ""
        layout = QVBoxLayout(self)
        intro = QLabel(f"Backups of {db_name}. Restoring one replaces the database's contents; "
                       "the database as it is now is backed up first, so nothing is lost.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = self._table()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore this backup…",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.clicked.connect(lambda: self._finish("restore"))
        self.read_only_button = buttons.addButton("Open it read-only",
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.read_only_button.clicked.connect(lambda: self._finish("read_only"))
        self.read_only_button.setVisible(allow_read_only)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        if backups:
            self.table.selectRow(0)
        self._update_buttons()
        self.setMinimumSize(480, 260)
        self.resize(560, 340)

    def _table(self) -> QTableWidget:
        table = QTableWidget(len(self.backups), 3)
        table.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, backup in enumerate(self.backups):
            taken = backup.taken_at.astimezone().strftime("%a %d %b %Y, %H:%M:%S")
            size = QTableWidgetItem(human_size(backup.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate((QTableWidgetItem(taken),
                                           QTableWidgetItem(KIND_TEXT.get(backup.kind, backup.kind)),
                                           size)):
                item.setToolTip(str(backup.path))
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.doubleClicked.connect(lambda _index: self._finish("restore"))
        return table

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def _selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        has = self._selected() is not None
        self.restore_button.setEnabled(has)
        self.read_only_button.setEnabled(has)

    def _finish(self, action: str) -> None:
        self.chosen = self._selected()
        if self.chosen is not None:
            self.action = action
            self.accept()
