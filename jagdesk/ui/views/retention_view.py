"""Records past retention: the records kept longer than their type's period, for review.

The user ticks what to erase and confirms; erasure is permanent (``secure_delete``) and the
audit log keeps that it happened, not what was erased.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.errors import UserError
from jagdesk.services.retention import RECORD_TYPE_LABELS, Ended, erase, past_retention

if TYPE_CHECKING:
    from jagdesk.store import Store


def confirm_erasure(parent: QWidget, count: int) -> bool:
    """Ask before erasing for good; Cancel is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Delete permanently",
                      f"Delete {count} record{'s' if count != 1 else ''} permanently?", parent=parent)
    box.setInformativeText("They cannot be brought back, not even by Undo: their content is "
                           "overwritten in the file. The audit log records the erasure, not "
                           "what was erased. Backups taken earlier still hold them.")
    delete = box.addButton("Delete permanently", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class RetentionReview(QDialog):
    """The review list with "Delete permanently…".

    Signals:
        erased(int): records were erased (how many).
    """

    erased = Signal(int)

    def __init__(self, store: Store, *, today: date | None = None,
                 confirm: Callable[[QWidget, int], bool] = confirm_erasure,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Records past retention")
        self.store = store
        self.today = today
        self.confirm = confirm
        self.records: list[Ended] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Record type", "Record", "Work ended"])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.delete_button: QPushButton = buttons.addButton(
            "Delete permanently…", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.clicked.connect(self.delete_checked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemChanged.connect(lambda _item: self._update_button())
        self.setMinimumSize(560, 320)
        self.resize(680, 420)
        self.reload()

    def reload(self) -> None:
        self.records = past_retention(self.store, today=self.today)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            kind = QTableWidgetItem(RECORD_TYPE_LABELS.get(record.record_type, record.record_type))
            kind.setFlags(kind.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            kind.setCheckState(Qt.CheckState.Checked)
            for column, item in enumerate((kind, QTableWidgetItem(record.label),
                                           QTableWidgetItem(record.ended_on))):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(0)
        if self.records:
            many = len(self.records)
            self.summary.setText(f"{many} record{' is' if many == 1 else 's are'} past the "
                                 "retention periods set in Edit > Settings. Untick any that must "
                                 "be kept longer; the rest can be deleted permanently.")
        else:
            self.summary.setText("No record is past its retention period. Periods are set per "
                                 "record type in Edit > Settings.")
        self._update_button()

    def checked(self) -> list[Ended]:
        return [record for row, record in enumerate(self.records)
                if (item := self.table.item(row, 0)) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, row: int, checked: bool) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_button(self) -> None:
        self.delete_button.setEnabled(bool(self.checked()) and not self.store.read_only)

    def delete_checked(self) -> int:
        """Erase the ticked records after confirmation; returns how many were erased."""
        chosen = self.checked()
        if not chosen or not self.confirm(self, len(chosen)):
            return 0
        try:
            count = erase(self.store, chosen, today=self.today)
        except UserError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            self.reload()
            return 0
        self.problem.hide()
        self.reload()
        self.erased.emit(count)
        return count
