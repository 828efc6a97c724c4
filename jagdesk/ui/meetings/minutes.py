"""Live minutes: notes and a decision per item, and actions raised or updated as the meeting goes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.errors import UserError
from jagdesk.services import meetings as service
from jagdesk.ui.forms.form_support import plain_label
from jagdesk.ui.meetings.agenda_editor import item_text
from jagdesk.ui.views.action_dialogs import ActionDialog, UpdateDialog, status_label
from jagdesk.ui.views.common import bold_font, to_qdate
from jagdesk.ui.views.view_undo import ViewUndo

if TYPE_CHECKING:
    from jagdesk.domain.records import Action
    from jagdesk.services.actions import ActionLogRow
    from jagdesk.store import Store

_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_COLOUR = QColor("#b00020")
_ACTION, _OWNER = 1, 2
# Owners can run long; capped, they leave the due date and status in view.
_OWNER_MAX_PX = 180


def fill_action_rows(tree: QTreeWidget, rows: Sequence[ActionLogRow],
                     extra: Callable[[ActionLogRow], list[str]] | None = None) -> None:
    """Show action log rows in a tree (overdue ones in red), keeping the action id on each."""
    tree.clear()
    for row in rows:
        action = row.action
        due = action.due_on or ""
        if row.overdue:
            due += f", {row.days_overdue} days late"
        cells = [action.ref, action.title, row.partner_name, due, status_label(action.status)]
        line = QTreeWidgetItem(cells + (extra(row) if extra else []))
        line.setData(0, _ROLE, action.id)
        # The cell names the partner; the tooltip adds who there owns it.
        line.setToolTip(_ACTION, action.title)
        line.setToolTip(_OWNER, row.partner_name + (f" — {row.contact_name}"
                                                    if row.contact_name else ""))
        if row.overdue:
            for column in range(line.columnCount()):
                line.setForeground(column, QBrush(OVERDUE_COLOUR))
        tree.addTopLevelItem(line)
    for column in range(tree.columnCount()):
        if column != _ACTION:  # the action takes the width that is left
            tree.resizeColumnToContents(column)
    tree.setColumnWidth(_OWNER, min(tree.columnWidth(_OWNER), _OWNER_MAX_PX))


def action_tree(extra_headers: Sequence[str] = ()) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(["Ref", "Action", "Owner", "Due", "Status", *extra_headers])
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(_ACTION, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(60)
    return tree


class RaiseActionDialog(ActionDialog):
    """The action dialog, saving through the meeting so the action is linked to it."""

    def __init__(self, store: Store, meeting_id: str, item_id: str,
                 hotspot_id: str | None, parent: QWidget | None = None) -> None:
        self._meeting_id, self._item_id = meeting_id, item_id
        super().__init__(store, hotspot_id=hotspot_id, parent=parent)
        self.setWindowTitle("Raise an action at this meeting")
        day = service.meeting_day(store.meetings.get(meeting_id))
        self.started_on.set_value(day)

    def save(self) -> None:
        saved = self.errors.attempt(lambda: service.raise_action(
            self._store, self._meeting_id, self.action(), self._item_id))
        if saved is not None:
            self.saved = saved
            self.accept()


class MinutesPanel(QWidget):
    """Per item: notes, decision, and the actions of its hotspot.

    Notes and decisions are saved when another item is chosen, on Save (Ctrl+S) and whenever
    the panel is asked to (before presenting, closing or switching meeting).

    Args:
        undo: the window's "Undo last edit", which takes the status changes of updates here.

    Signals:
        actions_changed(): an action was raised or updated.
    """

    actions_changed = Signal()

    def __init__(self, store_of: Callable[[], Store | None], parent: QWidget | None = None,
                 *, today: Callable[[], date] = date.today, undo: ViewUndo | None = None) -> None:
        super().__init__(parent)
        self._store_of = store_of
        self._today = today
        self.undo = undo
        self.meeting_id: str | None = None
        self._shown_id: str | None = None
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._on_item_changed)
        self.heading = QLabel()
        self.heading.setFont(bold_font())
        self.heading.setWordWrap(True)
        self.brief = plain_label()
        self.notes, self.decision = QPlainTextEdit(), QPlainTextEdit()
        self.notes.setPlaceholderText("What partners reported and discussed")
        self.decision.setPlaceholderText("What the JAG agreed")
        self.decision.setMaximumHeight(90)
        self.save_button = QPushButton("&Save minutes")
        self.save_button.clicked.connect(self.save_current)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_current)
        self.saved_label = plain_label()
        self.action_list = action_tree()
        self.raise_button = QPushButton("&Raise action…")
        self.update_button = QPushButton("&Update action…")
        self.raise_button.clicked.connect(self.raise_action)
        self.update_button.clicked.connect(self.update_action)
        self.action_list.itemSelectionChanged.connect(self._enable)
        self.action_list.itemDoubleClicked.connect(lambda *_: self.update_action())
        self._lay_out()
        self._enable()

    def _lay_out(self) -> None:
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.brief)
        layout.addWidget(plain_label("Notes"))
        layout.addWidget(self.notes, 2)
        layout.addWidget(plain_label("Decision"))
        layout.addWidget(self.decision)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        layout.addLayout(row)
        layout.addWidget(plain_label("Actions of this hotspot (overdue in red)"))
        layout.addWidget(self.action_list, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.raise_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.items)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([210, 690])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

    # --- items ---------------------------------------------------------------------------
    def set_meeting(self, meeting_id: str | None) -> None:
        self.save_current()
        self.meeting_id = meeting_id
        self._shown_id = None
        self.reload()

    def reload(self) -> None:
        store = self._store_of()
        keep = self.items.currentRow()
        self.items.blockSignals(True)
        self.items.clear()
        if store is not None and self.meeting_id is not None:
            for number, item in enumerate(store.agenda_items.for_meeting(self.meeting_id), 1):
                line = QListWidgetItem(item_text(number, item).split("\n")[0])
                line.setData(_ROLE, item.id)
                self.items.addItem(line)
        self.items.blockSignals(False)
        if self.items.count():
            self.items.setCurrentRow(min(max(keep, 0), self.items.count() - 1))
            self._show(self.items.currentItem().data(_ROLE))
        else:
            self._show(None)

    def select_item(self, item_id: str) -> None:
        for row in range(self.items.count()):
            if self.items.item(row).data(_ROLE) == item_id:
                self.items.setCurrentRow(row)

    def _on_item_changed(self, row: int) -> None:
        self.save_current()
        self._show(self.items.item(row).data(_ROLE) if row >= 0 else None)

    def _show(self, item_id: str | None) -> None:
        store = self._store_of()
        self._shown_id = item_id
        item = store.agenda_items.get(item_id) if store is not None and item_id else None
        self.heading.setText(item.title if item else "No item chosen")
        self.brief.setText(item.brief if item else "")
        self.notes.setPlainText(item.notes if item else "")
        self.decision.setPlainText(item.decision if item else "")
        self.saved_label.clear()
        for editor in (self.notes, self.decision):
            editor.setEnabled(item is not None)
        self.show_actions()

    def save_current(self) -> None:
        """Save the shown item's notes and decision (nothing happens when they are unchanged)."""
        store = self._store_of()
        if store is None or self._shown_id is None:
            return
        try:
            service.record_minutes(store, self._shown_id, notes=self.notes.toPlainText(),
                                   decision=self.decision.toPlainText())
        except UserError as exc:
            self.saved_label.setText(str(exc))
            return
        self.saved_label.setText("Saved")

    # --- actions -------------------------------------------------------------------------
    def show_actions(self) -> None:
        store = self._store_of()
        item = (store.agenda_items.get(self._shown_id)
                if store is not None and self._shown_id else None)
        fill_action_rows(self.action_list, service.item_actions(store, item, self._today())
                         if store is not None and item is not None else [])
        self._enable()

    def _enable(self) -> None:
        self.raise_button.setEnabled(self._shown_id is not None)
        self.update_button.setEnabled(self.action_list.currentItem() is not None)

    def raise_action(self) -> Action | None:
        store = self._store_of()
        if store is None or self.meeting_id is None or self._shown_id is None:
            return None
        item = store.agenda_items.get(self._shown_id)
        dialog = RaiseActionDialog(store, self.meeting_id, item.id, item.hotspot_id, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return None
        self.show_actions()
        self.actions_changed.emit()
        return dialog.saved

    def update_action(self) -> None:
        store, line = self._store_of(), self.action_list.currentItem()
        if store is None or line is None or self.meeting_id is None:
            return
        dialog = UpdateDialog(store, store.actions.get(line.data(0, _ROLE)), self)
        dialog.on.setDate(to_qdate(service.meeting_day(store.meetings.get(self.meeting_id))))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            if self.undo is not None and (edit := dialog.edit()) is not None:
                self.undo.use_store(store)
                self.undo.push(*edit, f"Undo update of {edit[1].ref}")
            self.show_actions()
            self.actions_changed.emit()
