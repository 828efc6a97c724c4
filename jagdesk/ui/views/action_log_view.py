"""The action log across all hotspots: who owes what by when, with overdue actions in bold red.

"What does the council owe this month?" is two clicks: "Owed this month" and the partner.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import ActionStatus
from jagdesk.errors import UserError
from jagdesk.services.actions import ActionLogRow, action_log, delete_action
from jagdesk.ui.forms.form_support import ERROR_STYLE, plain_label
from jagdesk.ui.views import common
from jagdesk.ui.views.action_dialogs import ActionDialog, UpdateDialog, status_label
from jagdesk.ui.views.action_log_model import ID_ROLE, SORT_ROLE, ActionLogModel, Column
from jagdesk.ui.views.common import OptionalDateEdit, enum_data, select_data
from jagdesk.ui.views.view_undo import ViewUndo

if TYPE_CHECKING:
    from jagdesk.domain.records import Record
    from jagdesk.store import Store

_Form = TypeVar("_Form", ActionDialog, UpdateDialog)


class Due(StrEnum):
    """The due-date filters."""

    ANY = "Any time"
    OVERDUE = "Overdue"
    THIS_MONTH = "Due this month"
    NEXT_MONTH = "Due next month"
    RANGE = "Due between…"


def month_range(day: date, months_ahead: int = 0) -> tuple[date, date]:
    """The first and last day of the month ``months_ahead`` after the one holding ``day``."""
    year, month = divmod(day.month - 1 + months_ahead, 12)
    first = date(day.year + year, month + 1, 1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class ActionLogView(QWidget):
    """Filterable list of every action, with add, edit, update and delete.

    Signals:
        changed(): an action was added, edited, updated or deleted.
        hotspot_chosen(str): the user asked to see an action's hotspot (its id).
    """

    changed = Signal()
    hotspot_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.today = date.today()
        self._loading = False
        self.model = ActionLogModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.undo = ViewUndo(self, self._restored, self._show_message)
        self._build()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_filters())
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.message = plain_label()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())

    def _build_filters(self) -> QVBoxLayout:
        self.partner = QComboBox()
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for status in ActionStatus:
            self.status.addItem(status_label(status), status)
        self.due = QComboBox()
        for due in Due:
            self.due.addItem(due.value, due)
        self.due_from, self.due_to = OptionalDateEdit(), OptionalDateEdit()
        self.unfinished = QCheckBox("Unfinished only")
        self.owed_button = QToolButton()
        self.owed_button.setText("Owed this month")
        self.owed_button.setToolTip("What does a partner owe this month? Choose the partner.")
        self.owed_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.owed_menu = QMenu(self.owed_button)
        self.owed_button.setMenu(self.owed_menu)
        for combo in (self.partner, self.status, self.due):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        for edit in (self.due_from, self.due_to):
            edit.dateChanged.connect(self._on_filter_changed)
        self.unfinished.toggled.connect(self._on_filter_changed)
        first, second = QHBoxLayout(), QHBoxLayout()
        for widget in (self.partner, self.status, self.due):
            first.addWidget(widget, 1)
        second.addWidget(self.due_from)
        self.range_dash = QLabel("to")
        second.addWidget(self.range_dash)
        second.addWidget(self.due_to)
        second.addWidget(self.unfinished)
        second.addStretch(1)
        second.addWidget(self.owed_button)
        self._show_range(False)
        rows = QVBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.DUE, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in ((Column.REF, 64), (Column.TITLE, 190), (Column.DUE, 84),
                              (Column.DAYS_OVERDUE, 64), (Column.STATUS, 84),
                              (Column.OWNER, 150), (Column.CONTACT, 150), (Column.HOTSPOT, 150)):
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        table.selectionModel().currentRowChanged.connect(lambda *_: self._enable_buttons())
        return table

    def _build_buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton("Add action…")
        self.edit_button = QPushButton("Edit…")
        self.update_button = QPushButton("Add update…")
        self.hotspot_button = QPushButton("Show hotspot")
        self.delete_button = QPushButton("Delete")
        self.summary = QLabel("")
        self.add_button.clicked.connect(self.add_action)
        self.edit_button.clicked.connect(self.edit_selected)
        self.update_button.clicked.connect(self.update_selected)
        self.hotspot_button.clicked.connect(self._on_show_hotspot)
        self.delete_button.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        for button in (self.undo.button, self.add_button, self.edit_button, self.update_button,
                       self.hotspot_button, self.delete_button):
            row.addWidget(button)
        return row

    def _show_range(self, visible: bool) -> None:
        for widget in (self.due_from, self.range_dash, self.due_to):
            widget.setVisible(visible)

    # --- data -----------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        """Show the actions of a newly opened database (or nothing)."""
        self.store = store
        self.undo.use_store(store)
        self._fill_partners()
        self.reload()

    def _fill_partners(self) -> None:
        self._loading = True
        chosen = self.partner.currentData()
        self.partner.clear()
        self.partner.addItem("All partners", None)
        self.owed_menu.clear()
        for partner in self.store.partners.all() if self.store else []:
            self.partner.addItem(partner.name, partner.id)
            entry = self.owed_menu.addAction(partner.name)
            entry.setData(partner.id)
            entry.triggered.connect(lambda _=False, pid=partner.id: self.show_owed_this_month(pid))
        select_data(self.partner, chosen)
        self._loading = False

    def reload(self) -> None:
        """Read the actions again with the current filters, keeping the selected one."""
        selected = self.selected_id()
        rows = self._query() if self.store else []
        self.model.set_rows(rows)
        overdue = sum(row.overdue for row in rows)
        self.summary.setText(f"{len(rows)} actions" + (f" · {overdue} overdue" if overdue else ""))
        self.summary.setStyleSheet("color: #c62828; font-weight: bold;" if overdue else "")
        if selected:
            self.select_action(selected, clear_filters=False)
        self._enable_buttons()

    def _query(self) -> list[ActionLogRow]:
        assert self.store is not None
        due = enum_data(self.due, Due) or Due.ANY
        after, before = self._due_range(due)
        rows = action_log(self.store, self.partner.currentData(), enum_data(self.status, ActionStatus),
                          due_before=before, due_after=after,
                          unfinished_only=self.unfinished.isChecked(), today=self.today)
        return [row for row in rows if row.overdue] if due is Due.OVERDUE else rows

    def _due_range(self, due: Due) -> tuple[date | None, date | None]:
        if due is Due.THIS_MONTH:
            return month_range(self.today)
        if due is Due.NEXT_MONTH:
            return month_range(self.today, 1)
        if due is Due.OVERDUE:
            return None, self.today - timedelta(days=1)
        if due is Due.RANGE:
            start, end = self.due_from.value(), self.due_to.value()
            return (date.fromisoformat(start) if start else None,
                    date.fromisoformat(end) if end else None)
        return None, None

    def _on_filter_changed(self) -> None:
        self._show_range(enum_data(self.due, Due) is Due.RANGE)
        if not self._loading:
            self.reload()

    # --- filters set from outside ---------------------------------------------------------
    def set_filters(self, *, partner_id: str | None = None, status: ActionStatus | None = None,
                    due: Due = Due.ANY, unfinished_only: bool = False) -> None:
        """Set every filter at once and read the actions once."""
        self._loading = True
        select_data(self.partner, partner_id)
        select_data(self.status, status)
        select_data(self.due, due)
        self.unfinished.setChecked(unfinished_only)
        self._loading = False
        self._on_filter_changed()

    def show_owed_this_month(self, partner_id: str) -> None:
        """What a partner still has to do this month."""
        self.set_filters(partner_id=partner_id, due=Due.THIS_MONTH, unfinished_only=True)

    def show_overdue(self) -> None:
        """Every overdue action, most overdue first."""
        self.set_filters(due=Due.OVERDUE, unfinished_only=True)
        self.table.sortByColumn(Column.DAYS_OVERDUE, Qt.SortOrder.DescendingOrder)

    # --- selection ------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return self.proxy.data(index, ID_ROLE) if index.isValid() else None

    def selected_row(self) -> ActionLogRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.item_at(self.proxy.mapToSource(index).row())

    def select_action(self, action_id: str, *, clear_filters: bool = True) -> bool:
        """Select an action, clearing the filters that hide it when asked to."""
        row = self.model.row_of(action_id)
        if row is None and clear_filters:
            self.set_filters()
            row = self.model.row_of(action_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, Column.REF))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _enable_buttons(self) -> None:
        row = self.selected_row()
        writable = self.store is not None and not self.store.read_only
        self.add_button.setEnabled(writable)
        for button in (self.edit_button, self.update_button, self.delete_button):
            button.setEnabled(row is not None and writable)
        self.hotspot_button.setEnabled(row is not None and bool(row.action.hotspot_id))

    # --- commands -------------------------------------------------------------------------
    def add_action(self) -> ActionDialog | None:
        if self.store is None:
            return None
        return self._open(ActionDialog(self.store, parent=self))

    def edit_selected(self) -> ActionDialog | None:
        row = self.selected_row()
        if self.store is None or row is None:
            return None
        return self._open(ActionDialog(self.store, self.store.actions.get(row.action.id),
                                       parent=self))

    def update_selected(self) -> UpdateDialog | None:
        row = self.selected_row()
        if self.store is None or row is None:
            return None
        return self._open(UpdateDialog(self.store, self.store.actions.get(row.action.id),
                                       parent=self))

    def _open(self, dialog: _Form) -> _Form:
        """Open a form without blocking; a saved form refreshes the log and selects the action."""
        dialog.accepted.connect(lambda: self._on_saved(dialog))
        dialog.open()
        return dialog

    def _on_saved(self, dialog: ActionDialog | UpdateDialog) -> None:
        saved = dialog.saved.action if isinstance(dialog, UpdateDialog) and dialog.saved else None
        action = dialog.saved if isinstance(dialog, ActionDialog) else saved
        if (edit := dialog.edit()) is not None:
            what = "edit" if isinstance(dialog, ActionDialog) else "update"
            self.undo.push(*edit, f"Undo {what} of {edit[1].ref}")
        self.message.hide()
        self.reload()
        if action is not None:
            self.select_action(action.id)
        self.changed.emit()

    def delete_selected(self) -> bool:
        row = self.selected_row()
        if self.store is None or row is None:
            return False
        question = (f"Delete action {row.action.ref} “{row.action.title}” and its updates? "
                    "The deletion is kept in the audit log.")
        if not common.confirm(self, "Delete action", question):
            return False
        try:
            delete_action(self.store, row.action.id)
        except UserError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        self.message.hide()
        self.reload()
        self.changed.emit()
        return True

    def _restored(self, record: Record) -> None:
        """Show the action an undo put back."""
        self.message.hide()
        self.reload()
        self.select_action(record.id)
        self.changed.emit()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _on_show_hotspot(self) -> None:
        row = self.selected_row()
        if row is not None and row.action.hotspot_id:
            self.hotspot_chosen.emit(row.action.hotspot_id)
