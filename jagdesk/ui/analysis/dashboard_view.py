"""The dashboard: work and incident trends by Police and Crime Plan priority, and record gaps.

Choosing a hotspot in either list selects it in the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.ui.analysis.common import WrapLabel

if TYPE_CHECKING:
    from jagdesk.services.dashboard import Completeness, Dashboard, Gap, PriorityRow
    from jagdesk.store import Store

PRIORITY_COLUMNS = ["Priority / hotspot", "Plans open", "Actions open", "Overdue", "Trend",
                    "Change"]
BARS = "▁▂▃▄▅▆▇█"
HOTSPOT_ROLE = Qt.ItemDataRole.UserRole


def sparkline(values: list[int]) -> str:
    """Monthly values as a line of block characters, tallest for the largest."""
    if not values:
        return ""
    top = max(values)
    if top == 0:
        return BARS[0] * len(values)
    return "".join(BARS[round((len(BARS) - 1) * v / top)] for v in values)


class DashboardView(QWidget):
    """Priorities with their plans, actions and incident trend; the completeness gaps.

    Signals:
        hotspot_chosen(str): the user chose a hotspot (its id).
    """

    hotspot_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.dashboard: Dashboard | None = None
        self._build()

    def _build(self) -> None:
        self.summary = WrapLabel("Open a database to see the dashboard.")
        self.reload_button = QPushButton("Refresh")
        self.reload_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.reload_button)
        self.priorities = QTreeWidget()
        self.priorities.setHeaderLabels(PRIORITY_COLUMNS)
        self.priorities.setAlternatingRowColors(True)
        self.priorities.setUniformRowHeights(True)
        header = self.priorities.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 230)
        self.gaps = QTreeWidget()
        self.gaps.setHeaderLabels(["Gap", "Record"])
        self.gaps.header().resizeSection(0, 380)
        self.outside = WrapLabel()
        gaps_panel = QWidget()
        gaps_layout = QVBoxLayout(gaps_panel)
        gaps_layout.setContentsMargins(0, 0, 0, 0)
        gaps_layout.addWidget(QLabel("<b>Data completeness</b>"))
        gaps_layout.addWidget(self.outside)
        gaps_layout.addWidget(self.gaps, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.priorities)
        splitter.addWidget(gaps_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        for tree in (self.priorities, self.gaps):
            tree.itemActivated.connect(self._on_item_chosen)
            tree.itemClicked.connect(self._on_item_chosen)

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.reload()

    def reload(self) -> None:
        """Re-read the dashboard from the database."""
        self.priorities.clear()
        self.gaps.clear()
        if self.store is None:
            self.dashboard = None
            return
        from jagdesk.services.dashboard import build_dashboard

        self.dashboard = build_dashboard(self.store)
        self._show_priorities(self.dashboard)
        self._show_completeness(self.dashboard.completeness)

    def _show_priorities(self, board: Dashboard) -> None:
        months = f"{board.months[0]} to {board.months[-1]}" if board.months else "no incidents"
        what = (board.category or "all").lower()
        self.summary.setText(
            f"{len(board.priorities)} Police and Crime Plan priorities served by plans. Trend: "
            f"{what} incidents at the linked hotspots by month ({months}); change: the last "
            f"{board.period_months} months against the {board.period_months} before.")
        bold = QFont()
        bold.setBold(True)
        for row in board.priorities:
            item = QTreeWidgetItem(self._priority_values(row))
            item.setToolTip(0, f"{row.framework} {row.label}")
            item.setFont(0, bold)
            self._mark_overdue(item, row.overdue_actions)
            for line in row.hotspots:
                child = QTreeWidgetItem([
                    f"{line.ref} {line.name}", line.plan_status, str(line.open_actions),
                    str(line.overdue_actions), sparkline(line.monthly),
                    line.change.wording if line.change else ""])
                child.setData(0, HOTSPOT_ROLE, line.hotspot_id)
                self._mark_overdue(child, line.overdue_actions)
                item.addChild(child)
            self.priorities.addTopLevelItem(item)

    @staticmethod
    def _priority_values(row: PriorityRow) -> list[str]:
        return [f"{row.framework} · {row.label}", f"{row.open_plans} of {row.plans}",
                f"{row.open_actions} of {row.actions}", str(row.overdue_actions),
                sparkline(row.monthly), row.trend_wording]

    @staticmethod
    def _mark_overdue(item: QTreeWidgetItem, overdue: int) -> None:
        if overdue:
            item.setForeground(3, QColor("#b00020"))

    def _show_completeness(self, gaps: Completeness) -> None:
        what = (gaps.category or "").lower()
        self.outside.setText(
            f"{gaps.incidents_outside_hotspots:,} of {gaps.located_incidents:,} located "
            f"{what} incidents fall in no hotspot's area.")
        groups: list[tuple[str, list[Gap]]] = [
            ("Hotspots with no plan", gaps.hotspots_without_plan),
            ("Plans with no partner action", gaps.plans_without_action),
            ("Open actions with no owner named", gaps.actions_without_owner)]
        for title, entries in groups:
            group = QTreeWidgetItem([f"{title} ({len(entries)})", ""])
            for gap in entries:
                child = QTreeWidgetItem([gap.description, gap.ref])
                child.setData(0, HOTSPOT_ROLE, gap.hotspot_id)
                group.addChild(child)
            self.gaps.addTopLevelItem(group)
            group.setExpanded(bool(entries))

    def _on_item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hotspot_id = item.data(0, HOTSPOT_ROLE)
        if hotspot_id:
            self.hotspot_chosen.emit(str(hotspot_id))
