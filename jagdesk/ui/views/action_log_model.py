"""The action log table: one row per action, overdue rows in bold red."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from jagdesk.domain.enums import ActionStatus
from jagdesk.ui.views.action_dialogs import status_label
from jagdesk.ui.views.common import FINISHED_COLOUR, OVERDUE_COLOUR, bold_font

if TYPE_CHECKING:
    from jagdesk.services.actions import ActionLogRow

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the action id of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    # When and how late come before who and where: a narrow dock still shows them.
    REF = 0
    TITLE = 1
    DUE = 2
    DAYS_OVERDUE = 3
    STATUS = 4
    OWNER = 5
    CONTACT = 6
    HOTSPOT = 7


HEADERS = {
    Column.REF: "Ref", Column.TITLE: "Action", Column.OWNER: "Owner", Column.CONTACT: "Contact",
    Column.HOTSPOT: "Hotspot", Column.DUE: "Due", Column.STATUS: "Status",
    Column.DAYS_OVERDUE: "Overdue",
}

_DISPLAY: dict[Column, Callable[[ActionLogRow], str]] = {
    Column.REF: lambda r: r.action.ref,
    Column.TITLE: lambda r: r.action.title,
    Column.OWNER: lambda r: r.partner_name,
    Column.CONTACT: lambda r: r.contact_name,
    Column.HOTSPOT: lambda r: f"{r.hotspot_ref} {r.hotspot_name}".strip(),
    Column.DUE: lambda r: r.action.due_on or "",
    Column.STATUS: lambda r: status_label(r.action.status),
    Column.DAYS_OVERDUE: lambda r: f"{r.days_overdue} d" if r.overdue else "",
}
_STATUS_ORDER = {status: i for i, status in enumerate(ActionStatus)}
_SORT_KEY: dict[Column, Callable[[ActionLogRow], Any]] = {
    Column.DUE: lambda r: r.action.due_on or "9999",  # no date sorts last
    Column.STATUS: lambda r: -1 if r.overdue else _STATUS_ORDER[r.action.status],
    Column.DAYS_OVERDUE: lambda r: r.days_overdue,
    Column.HOTSPOT: lambda r: r.hotspot_ref or "~",
}


class ActionLogModel(QAbstractTableModel):
    """Rows of ``ActionLogRow``; the id of a row's action is under ``ID_ROLE``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionLogRow] = []

    def set_rows(self, rows: list[ActionLogRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def item_at(self, row: int) -> ActionLogRow:
        return self._rows[row]

    def row_of(self, action_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.action.id == action_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return HEADERS[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _DISPLAY[column](row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == ID_ROLE:
            return row.action.id
        if role == SORT_ROLE:
            key = _SORT_KEY.get(column)
            return key(row) if key else _DISPLAY[column](row).casefold()
        return self._style(row, column, role)

    def _style(self, row: ActionLogRow, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return QBrush(OVERDUE_COLOUR)
            if row.action.status.is_finished:
                return QBrush(FINISHED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and row.overdue:
            return bold_font()
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.DAYS_OVERDUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _tooltip(row: ActionLogRow) -> str:
        state = (f"overdue by {row.days_overdue} days" if row.overdue
                 else status_label(row.action.status).lower())
        owner = ", ".join(x for x in (row.partner_name, row.contact_name) if x)
        return (f"{row.action.ref} {row.action.title}\n{owner}\n"
                f"due {row.action.due_on or 'no date'} · {state}")
