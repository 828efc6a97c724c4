"""The agenda of one meeting: built for the chair, reordered by dragging or Up/Down, edited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jagdesk.errors import UserError, ValidationError
from jagdesk.services import meetings as service
from jagdesk.services.agenda import KIND_LABELS
from jagdesk.ui.forms.form_support import ERROR_STYLE, confirm_delete, plain_label

if TYPE_CHECKING:
    from jagdesk.domain.records import AgendaItem
    from jagdesk.store import Store

_ROLE = Qt.ItemDataRole.UserRole
_KIND_COLOURS = {"nomination": "#5b2c83", "review": "#b00020", "actions": "#8a4b00",
                 "power": "#0b5394", "standing": "#555555", "other": "#2e6b30"}


def item_text(number: int, item: AgendaItem) -> str:
    """How an item reads in lists: number, title, and why it is on the agenda."""
    why = " · ".join(part for part in (KIND_LABELS.get(item.kind, ""), item.brief) if part)
    return f"{number}. {item.title}" + (f"\n     {why}" if why else "")


class AgendaEditor(QWidget):
    """Build, reorder, add and remove agenda items; every change is saved at once.

    Signals:
        hotspot_requested(str): the user asked to see an item's hotspot in the main window.
        changed(): the agenda was saved with a change.
    """

    hotspot_requested = Signal(str)
    changed = Signal()

    def __init__(self, store_of: Callable[[], Store | None], parent: QWidget | None = None,
                 *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._store_of = store_of
        self._today = today
        self.meeting_id: str | None = None
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.itemDoubleClicked.connect(lambda _item: self.show_hotspot())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.build_button = QPushButton("&Build agenda")
        self.build_button.setToolTip("Add the nominations, due reviews, actions due and lapsing "
                                     "powers this meeting needs; items already there stay")
        self.up_button, self.down_button = QPushButton("Move &up"), QPushButton("Move do&wn")
        self.add_button, self.remove_button = QPushButton("&Add item…"), QPushButton("&Remove")
        self.map_button = QPushButton("Show on &map")
        self.error = plain_label()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.build_button.clicked.connect(self.build)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_current)
        self.map_button.clicked.connect(self.show_hotspot)
        buttons = QHBoxLayout()
        for button in (self.build_button, self.up_button, self.down_button, self.add_button,
                       self.remove_button, self.map_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        self._enable()

    # --- showing ---------------------------------------------------------------------------
    def set_meeting(self, meeting_id: str | None) -> None:
        self.meeting_id = meeting_id
        self.reload()

    def items(self) -> list[AgendaItem]:
        store = self._store_of()
        if store is None or self.meeting_id is None:
            return []
        return store.agenda_items.for_meeting(self.meeting_id)

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for number, item in enumerate(self.items(), start=1):
            row = QListWidgetItem(item_text(number, item))
            row.setData(_ROLE, item.id)
            row.setForeground(QColor(_KIND_COLOURS.get(item.kind, "#000000")))
            row.setToolTip(item.brief or item.title)
            self.list.addItem(row)
            if item.id == current:
                self.list.setCurrentItem(row)
        self.list.blockSignals(False)
        self._enable()

    def current_id(self) -> str | None:
        row = self.list.currentItem()
        return str(row.data(_ROLE)) if row is not None else None

    def current_item(self) -> AgendaItem | None:
        store, item_id = self._store_of(), self.current_id()
        return store.agenda_items.get(item_id) if store is not None and item_id else None

    def _enable(self) -> None:
        has_meeting, row = self.meeting_id is not None, self.list.currentRow()
        self.build_button.setEnabled(has_meeting)
        self.add_button.setEnabled(has_meeting)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
        self.remove_button.setEnabled(row >= 0)
        item = self.current_item() if row >= 0 else None
        self.map_button.setEnabled(item is not None and item.hotspot_id is not None)

    # --- changing --------------------------------------------------------------------------
    def _run(self, change: Callable[[Store], object], select_id: str | None = None) -> None:
        store = self._store_of()
        if store is None or self.meeting_id is None:
            return
        self.error.hide()
        try:
            change(store)
        except UserError as exc:
            problems = exc.problems.values() if isinstance(exc, ValidationError) else [str(exc)]
            self.error.setText("\n".join(problems))
            self.error.show()
        self.reload(select_id)
        self.changed.emit()

    def build(self) -> None:
        meeting_id = self.meeting_id
        self._run(lambda store: service.build_agenda(store, str(meeting_id), self._today()))

    def move_current(self, offset: int) -> None:
        item_id = self.current_id()
        if item_id:
            self._run(lambda store: service.move_agenda_item(store, item_id, offset), item_id)

    def remove_current(self) -> None:
        """Remove the chosen item, with its notes and decision, once the user confirms."""
        item = self.current_item()
        if item is None:
            return
        if not confirm_delete(self, f"the agenda item “{item.title}”",
                              "Its notes and decision go with it; the deletion is kept in "
                              "the audit log."):
            return
        self._run(lambda store: service.remove_agenda_item(store, item.id))

    def _on_rows_moved(self, *_args: object) -> None:
        order = [self.list.item(n).data(_ROLE) for n in range(self.list.count())]
        meeting_id = self.meeting_id
        self._run(lambda store: service.set_agenda_order(store, str(meeting_id), order),
                  self.current_id())

    def add_item(self) -> None:
        store = self._store_of()
        if store is None or self.meeting_id is None:
            return
        dialog = AddItemDialog(store, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        title, hotspot_id = dialog.values()
        position = self.list.currentRow() + 2 if self.list.currentRow() >= 0 else None
        meeting_id = self.meeting_id
        added: list[AgendaItem] = []
        self._run(lambda s: added.append(service.add_agenda_item(
            s, str(meeting_id), title, hotspot_id=hotspot_id, position=position)))
        if added:
            self.reload(added[0].id)

    def show_hotspot(self) -> None:
        item = self.current_item()
        if item is not None and item.hotspot_id:
            self.hotspot_requested.emit(item.hotspot_id)


class AddItemDialog(QDialog):
    """A title and, optionally, the hotspot the item is about."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an agenda item")
        self.setMinimumWidth(460)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Street drinking pilot: first month")
        self.hotspot = QComboBox()
        self.hotspot.addItem("—", None)
        for hotspot in store.hotspots.all():
            self.hotspot.addItem(f"{hotspot.ref} {hotspot.name}", hotspot.id)
        self.hotspot.currentIndexChanged.connect(self._suggest_title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        form.addRow("&Hotspot:", self.hotspot)
        form.addRow(buttons)

    def _suggest_title(self) -> None:
        if not self.title.text().strip() and self.hotspot.currentData():
            self.title.setText(self.hotspot.currentText().split(" ", 1)[-1])

    def values(self) -> tuple[str, str | None]:
        return self.title.text(), self.hotspot.currentData()
