"""Trends: monthly incidents by category for a hotspot, a ward or the force.

With the period-on-period headline, and a day-of-week by hour grid for incidents that carry a
time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jagdesk.ui.analysis.common import ChartArea, WrapLabel, cell, fill_categories

if TYPE_CHECKING:
    from jagdesk.analysis.spatial import Footprint
    from jagdesk.analysis.trends import MonthlyCounts, PeriodChange, WeekHourGrid
    from jagdesk.store import Store

FORCE = "force"
HOTSPOT = "hotspot:"
WARD = "ward:"
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def headline(change: PeriodChange | None, category: str | None, months: int) -> str:
    """The change as a JAG report words it: "19 percent fewer ... than the previous 6 months"."""
    if change is None:
        return "Too little data for a period-on-period comparison."
    what = f"{category.lower()} incidents" if category else "incidents"
    span = change.after_to != change.after_from
    period = f"{change.after_from} to {change.after_to}" if span else change.after_from
    n = len_months(change)
    previous = f"the previous {n} months" if n != 1 else "the previous month"
    wording = change.wording
    if wording.endswith(("fewer", "more")):
        text = f"{wording} {what} than {previous}"
    else:
        text = f"{what}: {wording} on {previous}"
    note = "" if n == months else f" (the data covers {2 * n} months)"
    return f"{period}: {text[0].upper()}{text[1:]} ({change.before} then {change.after}){note}."


def len_months(change: PeriodChange) -> int:
    from jagdesk.analysis.trends import months_between

    return len(months_between(change.after_from, change.after_to))


class TrendsView(QWidget):
    """Monthly counts by category, the headline change and when in the week incidents happen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.counts: MonthlyCounts | None = None
        self.grid: WeekHourGrid | None = None
        self._selected_hotspot: str | None = None
        self._build()

    def _build(self) -> None:
        self.scope = QComboBox()
        self.category = QComboBox()
        self.period = QSpinBox()
        self.period.setRange(1, 24)
        self.period.setValue(6)
        self.period.setSuffix(" months")
        self.period.setToolTip("Compare the latest months with as many months before them")
        form = QFormLayout()
        form.addRow("Show", self.scope)
        form.addRow("Category", self.category)
        form.addRow("Compare the last", self.period)
        self.show_button = QPushButton("Show trends")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_trends)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        self.headline = WrapLabel("Choose what to look at and press Show trends.")
        self.headline.setStyleSheet("font-weight: bold;")
        self.chart = ChartArea("The monthly chart appears here.")
        self.grid_label = WrapLabel()
        self.heat = QTableWidget(7, 24)
        self.heat.setVerticalHeaderLabels(list(SHORT_DAYS))
        self.heat.setHorizontalHeaderLabels([f"{h:02d}" for h in range(24)])
        self.heat.horizontalHeader().setDefaultSectionSize(26)
        self.heat.horizontalHeader().setMinimumSectionSize(20)
        self.heat.verticalHeader().setDefaultSectionSize(20)
        self.heat.setMinimumHeight(7 * 20 + 28)
        self.heat.setMaximumHeight(7 * 20 + 40)
        self.heat.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.headline)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.grid_label)
        layout.addWidget(self.heat)
        self.heat.hide()

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.counts = None
        self.reload()

    def reload(self) -> None:
        """Re-read the hotspots, wards and categories, keeping the choices."""
        from jagdesk.domain.enums import AreaKind

        current = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem("The whole force area", FORCE)
        if self.store is not None:
            for hotspot in self.store.hotspots.all():
                self.scope.addItem(f"Hotspot {hotspot.ref} {hotspot.name}", HOTSPOT + hotspot.id)
            for ward in sorted(self.store.areas.of_kind(AreaKind.WARD), key=lambda a: a.name):
                self.scope.addItem(f"{ward.name} ward", WARD + ward.id)
        self.scope.setCurrentIndex(max(self.scope.findData(current), 0))
        fill_categories(self.category, self.store, default="")
        self.show_button.setEnabled(self.store is not None)

    def set_hotspot(self, hotspot_id: str | None) -> None:
        """Look at the hotspot selected in the main list."""
        if hotspot_id is None:
            return
        index = self.scope.findData(HOTSPOT + hotspot_id)
        if index < 0:
            self.reload()
            index = self.scope.findData(HOTSPOT + hotspot_id)
        if index >= 0:
            self.scope.setCurrentIndex(index)

    def _footprint(self) -> tuple[Footprint | None, str]:
        from jagdesk.analysis.spatial import Footprint

        assert self.store is not None
        key = self.scope.currentData() or FORCE
        if key.startswith(HOTSPOT):
            hotspot = self.store.hotspots.get(key.removeprefix(HOTSPOT))
            return Footprint.of_hotspot(hotspot), f"{hotspot.ref} {hotspot.name}"
        if key.startswith(WARD):
            area = self.store.areas.get(key.removeprefix(WARD))
            return Footprint.of_area(area), f"{area.name} ward"
        return None, "the whole force area"

    def show_trends(self) -> None:
        """Count, chart and word the trend of the chosen place and category."""
        if self.store is None:
            return
        from jagdesk.analysis.charts import trend_figure
        from jagdesk.analysis.trends import monthly_counts, week_hours_in
        from jagdesk.domain.filters import IncidentFilter

        category = self.category.currentData()
        flt = IncidentFilter(categories=frozenset({category}) if category else frozenset())
        footprint, place = self._footprint()
        self.counts = monthly_counts(self.store, footprint, flt)
        months = self.period.value()
        self.headline.setText(f"{place[0].upper()}{place[1:]}, "
                              + headline(self.counts.period_on_period(months), category, months))
        what = category or "All categories"
        figure = trend_figure(self.counts, f"{what} by month: {place.split(' ', 1)[0]}"
                              if place.startswith("HS-") else f"{what} by month: {place}")
        for axes in figure.axes:
            if axes.get_legend() is not None:
                # Beside the plot, so the legend never hides the tallest months.
                axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                            frameon=False)
        self.chart.show_figure(figure, x_label="month")
        self.grid = week_hours_in(self.store, footprint, flt)
        self._show_grid(self.grid)

    def _show_grid(self, grid: WeekHourGrid) -> None:
        if grid.total == 0:
            self.heat.hide()
            self.grid_label.setText("No incident here carries a time of day (police.uk gives "
                                    "months only), so there is no day and hour grid.")
            return
        busiest = grid.busiest()
        top = max(max(row) for row in grid.counts)
        for day, row in enumerate(grid.counts):
            for hour, count in enumerate(row):
                item = cell(count or "", align_right=True,
                            tooltip=f"{SHORT_DAYS[day]} {hour:02d}:00 to {hour:02d}:59: {count}")
                shade = int(255 - 200 * count / top) if top else 255
                item.setBackground(QColor(255, shade, shade))
                item.setForeground(QColor(Qt.GlobalColor.black))
                self.heat.setItem(day, hour, item)
        when = f"; busiest {busiest[0]} {busiest[1]:02d}:00" if busiest else ""
        self.grid_label.setText(f"When the {grid.total} incidents with a time happened "
                                f"(UK time){when}:")
        self.heat.show()
