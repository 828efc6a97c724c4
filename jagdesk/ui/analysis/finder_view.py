"""Hotspot detection: significant clusters of a category in a period and an area.

The search runs in the background; the clusters come back ranked, and one click nominates one
as a hotspot.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from jagdesk.ui.analysis.common import (
    WrapLabel,
    cell,
    data_months,
    fill_categories,
    fill_months,
    read_only_table,
)

if TYPE_CHECKING:
    from jagdesk.domain.geometry import BBox
    from jagdesk.services.analysis import HotspotSearch
    from jagdesk.store import Store
    from jagdesk.ui.workers import Job, JobRunner

COLUMNS = ["Rank", "Centre (lat, lon)", "Cells", "Incidents", "z", "p", "q", "Snap point"]
SNAP_WARNING = ("{top} of the {n} incidents are on one police.uk snap point. police.uk moves each "
                "crime to an anonymised \"On or near\" point, so this may be one busy address or "
                "the anonymisation rather than a problem place.")


class FinderView(QWidget):
    """Suggests candidate hotspots with Getis-Ord Gi*.

    Signals:
        search_finished(int): a search ended with this many clusters.
        cluster_chosen(float, float): a cluster was selected (lon, lat of its centre).
        nominated(str): a cluster became a nominated hotspot (its id).
    """

    search_finished = Signal(int)
    cluster_chosen = Signal(float, float)
    nominated = Signal(str)

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store: Store | None = None
        self.search: HotspotSearch | None = None
        self._job: Job | None = None
        self._build()

    def _build(self) -> None:
        self.category = QComboBox()
        self.month_from = QComboBox()
        self.month_to = QComboBox()
        self.area = QComboBox()
        self.cell_m = QSpinBox()
        self.cell_m.setRange(0, 2000)
        self.cell_m.setSingleStep(25)
        self.cell_m.setSuffix(" m")
        self.cell_m.setSpecialValueText("Auto")
        self.cell_m.setToolTip("Grid cell size; Auto chooses it from the area and the count")
        period = QHBoxLayout()
        period.addWidget(self.month_from)
        period.addWidget(QLabel("to"))
        period.addWidget(self.month_to)
        form = QFormLayout()
        form.addRow("Category", self.category)
        form.addRow("Period", period)
        form.addRow("Area", self.area)
        form.addRow("Cell size", self.cell_m)
        self.find_button = QPushButton("Find hotspots")
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.start_search)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(14)
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.busy, 1)
        buttons.addWidget(self.cancel_button)
        self.status = WrapLabel("Choose what to look at and press Find hotspots.")
        self.table = read_only_table(COLUMNS)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemDoubleClicked.connect(lambda _item: self.nominate_selected())
        self.nominate_button = QPushButton("Nominate as hotspot")
        self.nominate_button.setEnabled(False)
        self.nominate_button.clicked.connect(self.nominate_selected)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.nominate_button)
        self._set_running(False)

    # --- data -----------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        """Show the choices of an open database."""
        if self._job is not None:
            self.cancel()
        self.store = store
        self.search = None
        self.table.setRowCount(0)
        self.reload()

    def reload(self) -> None:
        """Re-read categories, months and areas."""
        from jagdesk.domain.enums import AreaKind

        fill_categories(self.category, self.store)
        months = data_months(self.store)
        fill_months(self.month_from, months)
        fill_months(self.month_to, months, pick_last=True)
        current = self.area.currentData()
        self.area.clear()
        self.area.addItem("All the data", None)
        if self.store is not None:
            for kind, label in ((AreaKind.LOCAL_AUTHORITY, ""), (AreaKind.WARD, " ward")):
                for area in sorted(self.store.areas.of_kind(kind), key=lambda a: a.name):
                    self.area.addItem(f"{area.name}{label}", area.id)
        self.area.setCurrentIndex(max(self.area.findData(current), 0))
        self.find_button.setEnabled(self.store is not None)

    def _bbox(self) -> BBox | None:
        from jagdesk.domain.geometry import bbox

        area_id = self.area.currentData()
        if area_id is None or self.store is None:
            return None
        return bbox(self.store.areas.get(area_id).geometry)

    # --- searching ------------------------------------------------------------------------
    def start_search(self) -> Job | None:
        """Run the search in the background; ``search_finished`` tells when it is done."""
        if self.store is None:
            return None
        from jagdesk.services.analysis import find_hotspots

        first, last = self.month_from.currentData(), self.month_to.currentData()
        if first and last and first > last:
            first, last = last, first
        kwargs: dict[str, Any] = {"category": self.category.currentData(), "month_from": first,
                                  "month_to": last, "bbox": self._bbox(),
                                  "cell_m": float(self.cell_m.value()) or None}
        if self._job is not None:
            self._job.cancel()
        job = self.runner.start_with_store(
            "Finding hotspots", self.store.path,
            lambda store, **job: find_hotspots(store, **kwargs, **job))
        job.finished.connect(partial(self._on_finished, job))
        job.failed.connect(partial(self._on_failed, job))
        self._job = job
        self._set_running(True)
        self.status.setText("Counting incidents on a grid and testing every cell…")
        return job

    def cancel(self) -> None:
        """Stop the search in progress at its next stage; nothing it found is shown."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._set_running(False)
        self.status.setText("Search cancelled.")

    def _set_running(self, running: bool) -> None:
        self.busy.setVisible(running)
        self.cancel_button.setVisible(running)
        self.find_button.setEnabled(not running and self.store is not None)

    def _on_failed(self, job: Job, exc: object) -> None:
        if job is not self._job:
            return
        self._job = None
        self._set_running(False)
        self.status.setText(f"The search failed: {exc}")
        self.search_finished.emit(0)

    def _on_finished(self, job: Job, search: HotspotSearch) -> None:
        if job is not self._job:
            return  # cancelled or superseded
        self._job = None
        self._set_running(False)
        self.show_search(search)
        self.search_finished.emit(len(search.analysis.clusters))

    def show_search(self, search: HotspotSearch) -> None:
        """Fill the ranked table."""
        self.search = search
        found = search.analysis
        clusters = found.clusters
        self.table.setRowCount(len(clusters))
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for row, c in enumerate(clusters):
            values = [c.rank, f"{c.lat:.5f}, {c.lon:.5f}", c.cells, c.incidents, f"{c.z:.1f}",
                      f"{c.p:.2g}", f"{c.q:.2g}"]
            for column, value in enumerate(values):
                self.table.setItem(row, column, cell(value, align_right=column != 1))
            snap = cell("one point" if c.single_snap_point else f"{c.snap_points} points")
            if c.single_snap_point:
                snap.setIcon(warn)
                snap.setToolTip(SNAP_WARNING.format(top=c.top_point_incidents, n=c.incidents))
            self.table.setItem(row, len(values), snap)
        what = search.category or "incidents of every category"
        self.status.setText(
            f"{len(clusters)} significant clusters of {what}, {search.month_from} to "
            f"{search.month_to}: {found.incidents:,} incidents on a {found.rows} by {found.cols} "
            f"grid of {found.cell_m:.0f} m cells, Gi* with the {found.correction} "
            f"(q < {found.alpha:g}).")
        self.nominate_button.setEnabled(False)

    # --- choosing -------------------------------------------------------------------------
    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_selection(self) -> None:
        row = self.selected_row()
        self.nominate_button.setEnabled(row is not None)
        if row is not None and self.search is not None:
            cluster = self.search.analysis.clusters[row]
            self.cluster_chosen.emit(cluster.lon, cluster.lat)

    def nominate_selected(self) -> str | None:
        """Make the selected cluster a nominated hotspot; return its id."""
        row = self.selected_row()
        if row is None or self.search is None or self.store is None:
            return None
        from jagdesk.services.analysis import nominate_candidate

        hotspot = nominate_candidate(self.store, self.search.analysis.clusters[row])
        self.status.setText(f"{hotspot.ref} {hotspot.name} was added as a nominated hotspot.")
        self.nominated.emit(hotspot.id)
        return hotspot.id
