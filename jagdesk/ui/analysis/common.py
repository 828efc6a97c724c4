"""Pieces the analysis views share: a chart area, choosers and small table helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from jagdesk.store import Store

ASB = "Anti-social behaviour"
ALL_CATEGORIES = "All categories"


class WrapLabel(QLabel):
    """A word-wrapped label that asks its layout for the height its text needs at its width.

    A plain wrapped QLabel lets a crowded layout squeeze it to fewer lines than its text needs.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.text():
            return hint
        return QSize(hint.width(), self.heightForWidth(max(self.width(), 200)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class ChartArea(QWidget):
    """Shows one matplotlib figure on a Qt canvas; matplotlib is imported on first use."""

    def __init__(self, empty_text: str = "No chart yet.", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(empty_text)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setEnabled(False)
        self._layout.addWidget(self._placeholder)
        self.canvas: Any = None
        self.setMinimumHeight(260)

    def show_figure(self, figure: Figure, *, x_label: str = "", y_label: str = "") -> None:
        """Show a figure, labelling the axes that have no label yet."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        for axes in figure.axes:
            if x_label and not axes.get_xlabel():
                axes.set_xlabel(x_label, fontsize=8)
            if y_label and not axes.get_ylabel():
                axes.set_ylabel(y_label, fontsize=8)

        self.clear()
        self._placeholder.hide()
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setMinimumHeight(300)
        self._layout.addWidget(self.canvas)
        self.canvas.draw()

    def clear(self, text: str | None = None) -> None:
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
            self.canvas = None
        if text is not None:
            self._placeholder.setText(text)
        self._placeholder.show()


def fill_categories(combo: QComboBox, store: Store | None, *, default: str = ASB) -> None:
    """List the categories in the data (and "All categories"), keeping the current choice."""
    current = combo.currentData() if combo.count() else default
    combo.clear()
    combo.addItem(ALL_CATEGORIES, None)
    for category in store.incidents.categories() if store is not None else []:
        combo.addItem(category, category)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)


def fill_months(combo: QComboBox, months: list[str], *, first_item: tuple[str, Any] | None = None,
                pick_last: bool = False) -> None:
    """List months, optionally after a leading item such as "From the first response"."""
    current = combo.currentData()
    combo.clear()
    if first_item is not None:
        combo.addItem(*first_item)
    for month in months:
        combo.addItem(month, month)
    index = combo.findData(current) if current is not None else -1
    if index < 0:
        index = combo.count() - 1 if pick_last else 0
    combo.setCurrentIndex(max(index, 0))


def data_months(store: Store | None) -> list[str]:
    """Every month from the first to the last in the data."""
    from jagdesk.analysis.trends import months_between

    span = store.incidents.month_range() if store is not None else None
    return months_between(*span) if span else []


def cell(text: object, *, align_right: bool = False, tooltip: str = "") -> QTableWidgetItem:
    """A read-only table cell."""
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def read_only_table(columns: list[str]) -> QTableWidget:
    """A table of whole rows, not editable, with the given headers."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fit_rows(table: QTableWidget) -> None:
    """Make a short table exactly as tall as its rows, so no empty space follows them."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.rowCount()))
    table.setFixedHeight(height + 2)


def number(value: float | None, digits: int = 0, *, signed: bool = False) -> str:
    """A figure for a table: a dash when there is none."""
    if value is None:
        return "-"
    text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    return text
