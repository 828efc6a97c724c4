"""Before/after assessment of a hotspot's response: the figures, their reading and a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jagdesk.ui.analysis.common import (
    ChartArea,
    WrapLabel,
    cell,
    data_months,
    fill_categories,
    fill_months,
    fit_rows,
    number,
    read_only_table,
)

if TYPE_CHECKING:
    from jagdesk.analysis.assessment import Assessment
    from jagdesk.store import Store

ZONE_COLUMNS = ["Zone", "Before", "After", "Change", "Change %"]
FIRST_RESPONSE = "From the first response"


class AssessmentView(QWidget):
    """Did the response work, or just move the problem? Figures, reading and chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.assessment: Assessment | None = None
        self._build()

    def _build(self) -> None:
        self.hotspot = QComboBox()
        self.start = QComboBox()
        self.months = QSpinBox()
        self.months.setRange(1, 24)
        self.months.setValue(6)
        self.months.setSuffix(" months")
        self.control = QComboBox()
        self.control.addItem("The rest of its ward", "ward")
        self.control.addItem("The rest of its local authority", "local_authority")
        self.category = QComboBox()
        form = QFormLayout()
        form.addRow("Hotspot", self.hotspot)
        form.addRow("Response start", self.start)
        form.addRow("Each window", self.months)
        form.addRow("Comparison area", self.control)
        form.addRow("Category", self.category)
        self.assess_button = QPushButton("Assess")
        self.assess_button.setDefault(True)
        self.assess_button.clicked.connect(self.assess)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assess_button)
        buttons.addStretch(1)
        self.windows_label = WrapLabel()
        self.zones = read_only_table(ZONE_COLUMNS)
        self.effects = read_only_table(["Measure", "Value", "Meaning"])
        self.reading = WrapLabel("Choose a hotspot and press Assess.")
        self.reading.setStyleSheet("font-weight: bold;")
        self.notes = WrapLabel()
        self.chart = ChartArea("The before/after chart appears here.")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.windows_label)
        layout.addWidget(self.zones)
        layout.addWidget(self.effects)
        layout.addWidget(self.reading)
        layout.addWidget(self.notes)
        layout.addWidget(self.chart, 1)

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.assessment = None
        self.reload()

    def reload(self) -> None:
        """Re-read hotspots, months and categories, keeping the choices."""
        current = self.hotspot.currentData()
        self.hotspot.clear()
        for hotspot in self.store.hotspots.all() if self.store is not None else []:
            self.hotspot.addItem(f"{hotspot.ref} {hotspot.name}", hotspot.ref)
        self.hotspot.setCurrentIndex(max(self.hotspot.findData(current), 0))
        fill_months(self.start, data_months(self.store), first_item=(FIRST_RESPONSE, None))
        fill_categories(self.category, self.store)
        self.assess_button.setEnabled(self.hotspot.count() > 0)

    def set_hotspot(self, hotspot_id: str | None) -> None:
        """Choose the hotspot selected in the main list."""
        if self.store is None or hotspot_id is None:
            return
        from jagdesk.errors import NotFoundError

        try:
            ref = self.store.hotspots.get(hotspot_id).ref
        except NotFoundError:
            return
        if self.hotspot.findData(ref) < 0:
            self.reload()
        self.hotspot.setCurrentIndex(max(self.hotspot.findData(ref), 0))

    def assess(self) -> Assessment | None:
        """Measure the chosen hotspot and show the result, or say why it cannot be done."""
        ref = self.hotspot.currentData()
        if self.store is None or ref is None:
            return None
        from jagdesk.errors import UserError
        from jagdesk.services.analysis import assess_hotspot

        try:
            assessment = assess_hotspot(self.store, ref, self.start.currentData(),
                                        self.months.value(), self.control.currentData(),
                                        self.category.currentData())
        except UserError as exc:
            self.show_problem(str(exc))
            return None
        self.show_assessment(assessment)
        return assessment

    def show_problem(self, message: str) -> None:
        self.assessment = None
        self.zones.setRowCount(0)
        self.effects.setRowCount(0)
        self.windows_label.clear()
        self.notes.clear()
        self.reading.setText(message)
        self.chart.clear("No chart: the assessment could not be made.")

    def show_assessment(self, a: Assessment) -> None:
        from jagdesk.analysis.charts import before_after_figure

        self.assessment = a
        self.windows_label.setText(f"{a.subject}: {a.windows.describe()} · "
                                   f"{a.category or 'all categories'}")
        zones = (("Hotspot", a.hotspot), (f"Buffer ring ({a.buffer_m:.0f} m)", a.buffer),
                 (f"Comparison: {a.control_name}", a.control))
        self.zones.setRowCount(len(zones))
        for row, (name, zone) in enumerate(zones):
            values = [zone.before, zone.after, number(zone.change, signed=True),
                      number(zone.percent, 1, signed=True)]
            self.zones.setItem(row, 0, cell(name))
            for column, value in enumerate(values, start=1):
                self.zones.setItem(row, column, cell(value, align_right=True))
        self._show_effects(a)
        fit_rows(self.zones)
        fit_rows(self.effects)
        self.reading.setText(a.reading)
        self.notes.setText("\n".join(a.notes))
        self.notes.setVisible(bool(a.notes))
        self.chart.show_figure(before_after_figure(a), y_label="incidents")

    def _show_effects(self, a: Assessment) -> None:
        wdq_meaning = ("not computed: the hotspot did not improve relative to the comparison area"
                       if a.wdq is None else
                       "above 0: benefits spread to the ring; below 0: displacement; "
                       "below -1: displacement outweighs the gain")
        rows = [("Gross effect", number(a.gross_effect, signed=True),
                 "the hotspot's change, after minus before"),
                ("Expected after", number(a.expected_after, 1),
                 "had the hotspot followed the comparison area's trend"),
                ("Net effect", number(a.net_effect, 1, signed=True),
                 "after, beyond (+) or below (-) the expected count"),
                ("Net effect %", number(a.net_percent, 1, signed=True), "relative to the expected count"),
                ("WDQ", number(a.wdq, 2), wdq_meaning)]
        self.effects.setRowCount(len(rows))
        for row, (name, value, meaning) in enumerate(rows):
            self.effects.setItem(row, 0, cell(name))
            self.effects.setItem(row, 1, cell(value, align_right=True))
            self.effects.setItem(row, 2, cell(meaning, tooltip=meaning))
