"""The hotspot list: a table model over hotspot summaries and a proxy that sorts and filters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from jagdesk.domain.enums import HotspotStatus, Rag

if TYPE_CHECKING:
    from jagdesk.services.overview import HotspotSummary

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the hotspot id of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts in a meaningful order

RAG_COLOURS = {Rag.RED: "#d32f2f", Rag.AMBER: "#f59e0b", Rag.GREEN: "#2e7d32"}
_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
_STATUS_ORDER = {s: i for i, s in enumerate(HotspotStatus)}
_OVERDUE_COLOUR = QColor("#c62828")


class Column(IntEnum):
    REF = 0
    NAME = 1
    STATUS = 2
    RAG = 3
    PROBLEM = 4
    WARD = 5
    OPEN_ACTIONS = 6
    OVERDUE = 7
    REVIEW_DUE = 8
    INCIDENTS = 9


HEADERS = {
    Column.REF: "Ref", Column.NAME: "Hotspot", Column.STATUS: "Status", Column.RAG: "RAG",
    Column.PROBLEM: "Problem", Column.WARD: "Ward", Column.OPEN_ACTIONS: "Open",
    Column.OVERDUE: "Overdue", Column.REVIEW_DUE: "Review due", Column.INCIDENTS: "Incidents",
}
_NUMERIC = (Column.OPEN_ACTIONS, Column.OVERDUE, Column.INCIDENTS)

_DISPLAY: dict[Column, Callable[[HotspotSummary], str]] = {
    Column.REF: lambda s: s.ref,
    Column.NAME: lambda s: s.name,
    Column.STATUS: lambda s: s.status.value.capitalize(),
    Column.RAG: lambda s: s.rag.value.capitalize(),
    Column.PROBLEM: lambda s: s.problem_type,
    Column.WARD: lambda s: s.ward,
    Column.OPEN_ACTIONS: lambda s: str(s.open_actions),
    Column.OVERDUE: lambda s: str(s.overdue_actions) if s.overdue_actions else "",
    Column.REVIEW_DUE: lambda s: s.review_due or "",
    Column.INCIDENTS: lambda s: f"{s.incidents:,}",
}

_SORT_KEY: dict[Column, Callable[[HotspotSummary], Any]] = {
    Column.STATUS: lambda s: _STATUS_ORDER[s.status],
    Column.RAG: lambda s: _RAG_ORDER[s.rag],
    Column.OPEN_ACTIONS: lambda s: s.open_actions,
    Column.OVERDUE: lambda s: s.overdue_actions,
    Column.REVIEW_DUE: lambda s: s.review_due or "9999",  # no date sorts last
    Column.INCIDENTS: lambda s: s.incidents,
}


def rag_icon(rag: Rag, size: int = 12) -> QIcon:
    """A filled circle in the RAG colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(RAG_COLOURS[rag]))
    painter.setPen(QColor(RAG_COLOURS[rag]).darker(130))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class HotspotTableModel(QAbstractTableModel):
    """One row per hotspot summary."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HotspotSummary] = []
        self._icons: dict[Rag, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[HotspotSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def item_at(self, row: int) -> HotspotSummary:
        return self._rows[row]

    def row_of(self, hotspot_id: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == hotspot_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary, column = self._rows[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _DISPLAY[column](summary)
        if role == ID_ROLE:
            return summary.id
        if role == SORT_ROLE:
            return _SORT_KEY.get(column, lambda s: _DISPLAY[column](s).casefold())(summary)
        return self._styled(summary, column, role)

    def _styled(self, summary: HotspotSummary, column: Column, role: int) -> Any:
        overdue = column == Column.OVERDUE and summary.overdue_actions > 0
        if role == Qt.ItemDataRole.DecorationRole and column == Column.RAG:
            return self._icon(summary.rag)
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(_OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and overdue:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _icon(self, rag: Rag) -> QIcon:
        if rag not in self._icons:
            self._icons[rag] = rag_icon(rag)
        return self._icons[rag]


class HotspotFilterProxy(QSortFilterProxyModel):
    """Sorts by meaningful keys and keeps rows matching a text, the chosen statuses and RAGs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._statuses: frozenset[HotspotStatus] = frozenset()
        self._rags: frozenset[Rag] = frozenset()

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange()

    def set_statuses(self, statuses: frozenset[HotspotStatus]) -> None:
        """Keep only these statuses; an empty set keeps all."""
        self.beginFilterChange()
        self._statuses = statuses
        self.endFilterChange()

    def set_rags(self, rags: frozenset[Rag]) -> None:
        """Keep only these ratings; an empty set keeps all."""
        self.beginFilterChange()
        self._rags = rags
        self.endFilterChange()

    def hotspot_id(self, proxy_row: int) -> str | None:
        value = self.index(proxy_row, 0).data(ID_ROLE)
        return str(value) if value is not None else None

    def proxy_row_of(self, hotspot_id: str) -> int | None:
        for row in range(self.rowCount()):
            if self.hotspot_id(row) == hotspot_id:
                return row
        return None

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: ARG002
        model = self.sourceModel()
        if not isinstance(model, HotspotTableModel):
            return True
        summary = model.item_at(source_row)
        if self._statuses and summary.status not in self._statuses:
            return False
        if self._rags and summary.rag not in self._rags:
            return False
        if not self._text:
            return True
        haystack = " ".join((summary.ref, summary.name, summary.problem_type, summary.ward))
        return self._text in haystack.casefold()
