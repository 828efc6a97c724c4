"""The incidents inside the selected hotspot: month, category, location; hand-logged ones editable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from jagdesk.services.overview import IncidentLine

HEADERS = ("Month", "Category", "Location", "Source")
_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HotspotIncidentsPanel(QWidget):
    """A small table of a hotspot's incidents with Edit and Delete for hand-logged ones.

    Signals:
        edit_requested(int): edit this incident (its id).
        delete_requested(int): delete this incident (its id).
    """

    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_only = False  # a database opened read-only: nothing can be edited
        self.caption = QLabel("Select a hotspot to list the incidents inside it.")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete…")
        self.edit_button.clicked.connect(lambda: self._request(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._request(self.delete_requested))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self._request(self.edit_requested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.hotspot_id: str | None = None
        self._editable: dict[int, bool] = {}
        self._update_buttons()

    def show_lines(self, hotspot_id: str | None, title: str, lines: list[IncidentLine],
                   total: int | None = None) -> None:
        """List a hotspot's incidents; ``total`` is the full count when the list was cut."""
        self.hotspot_id = hotspot_id
        self.table.setRowCount(0)
        self._editable = {line.id: line.editable for line in lines}
        if hotspot_id is None:
            self.caption.setText("Select a hotspot to list the incidents inside it.")
        else:
            shown = f"{len(lines):,}" if total is None or total <= len(lines) else (
                f"the newest {len(lines):,} of {total:,}")
            self.caption.setText(f"Incidents at {title}: {shown}")
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            source = "Logged here" if line.editable else line.source.value
            for column, text in enumerate((line.month, line.category, line.location, source)):
                item = QTableWidgetItem(text)
                item.setData(_ID_ROLE, line.id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return int(item.data(_ID_ROLE)) if item is not None else None

    def select_incident(self, incident_id: int) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(_ID_ROLE) == incident_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        incident_id = self.selected_id() if self.table.selectedItems() else None
        editable = (incident_id is not None and self._editable.get(incident_id, False)
                    and not self.read_only)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        tip = "" if editable or incident_id is None else (
            "Imported incidents change only through a new import of their file.")
        self.edit_button.setToolTip(tip)
        self.delete_button.setToolTip(tip)

    def _request(self, signal: SignalInstance) -> None:
        incident_id = self.selected_id()
        if incident_id is not None and self._editable.get(incident_id, False):
            signal.emit(incident_id)
