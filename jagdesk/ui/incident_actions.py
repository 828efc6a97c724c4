"""Incidents in the window: the filter, logging one by hand, the selected hotspot's incidents.

An incident is logged by clicking the map or typing coordinates; the filter (a period and
categories) drives the counts, the map and the lists.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox, QPushButton, QStyle, QVBoxLayout

from jagdesk.errors import JagdeskError, NotFoundError
from jagdesk.ui.views import common
from jagdesk.ui.widgets.hotspot_incidents import HotspotIncidentsPanel
from jagdesk.ui.widgets.incident_filter_bar import IncidentFilterBar

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.ui.dialogs.incident_dialog import IncidentDialog
    from jagdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

PICK_HINT = "Click the map to place the incident — Esc to cancel"


class IncidentActions(QObject):
    """The incident filter, the Log incident command and the hotspot incident list of a window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.incident_dialog: IncidentDialog | None = None
        self.where_box: QMessageBox | None = None
        self._picking = False
        self._map_connected: object = None
        self._build_filter_bar()
        self._build_incident_dock()
        self.log_action = window._action("&Log incident…", self.log_incident, "Ctrl+L",
                                         QStyle.StandardPixmap.SP_FileDialogNewFolder)
        window.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_incidents())

    # --- filter -------------------------------------------------------------------------------
    def _build_filter_bar(self) -> None:
        window = self.window
        self.filter_bar = IncidentFilterBar()
        window.incident_filter = window.settings.incident_filter()
        self.filter_bar.set_filter(window.incident_filter, emit=False)
        self.filter_bar.filter_changed.connect(self.set_filter)
        list_panel = window.list_dock.widget()
        layout = list_panel.layout() if list_panel is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.filter_bar)

    def set_filter(self, flt: IncidentFilter) -> None:
        """Count and draw only incidents of this period and these categories; remembered."""
        window = self.window
        window.incident_filter = flt
        window.settings.set_incident_filter(flt)
        window.refresh()

    def update_choices(self) -> None:
        """Offer the months and categories of the open database."""
        store = self.window.store
        if store is None:
            return
        self.filter_bar.set_choices(store.incidents.month_range(), store.incidents.categories())

    # --- hotspot incidents --------------------------------------------------------------------
    def _build_incident_dock(self) -> None:
        window = self.window
        self.incidents_panel = HotspotIncidentsPanel()
        self.incidents_panel.edit_requested.connect(self.edit_incident)
        self.incidents_panel.delete_requested.connect(self.delete_incident)
        self.incidents_dock = QDockWidget("Incidents at this hotspot", window)
        self.incidents_dock.setObjectName("hotspotIncidentsDock")
        self.incidents_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                        | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.incidents_dock.setWidget(self.incidents_panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.incidents_dock)
        window.splitDockWidget(window.detail_dock, self.incidents_dock, Qt.Orientation.Vertical)
        self.view_action = self.incidents_dock.toggleViewAction()

    def show_incidents(self) -> None:
        """List the incidents inside the selected hotspot, through the filter in use."""
        window, panel = self.window, self.incidents_panel
        hotspot_id = window.detail.hotspot_id
        if window.store is None or hotspot_id is None:
            panel.show_lines(None, "", [])
            return
        from jagdesk.services.overview import MAX_INCIDENT_LINES, hotspot_incidents

        try:
            hotspot = window.store.hotspots.get(hotspot_id)
            lines = hotspot_incidents(window.store, hotspot_id, window.incident_filter)
        except NotFoundError:
            panel.show_lines(None, "", [])
            return
        total = None
        if len(lines) >= MAX_INCIDENT_LINES:
            from jagdesk.services.overview import incidents_within

            total = incidents_within(window.store, hotspot, window.incident_filter)
        panel.show_lines(hotspot_id, f"{hotspot.ref} {hotspot.name}".strip(), lines, total)

    def edit_incident(self, incident_id: int) -> IncidentDialog | None:
        store = self.window.store
        incident = store.incidents.get(incident_id) if store is not None else None
        if store is None or incident is None:
            return None
        return self._open_dialog(incident=incident)

    def delete_incident(self, incident_id: int) -> bool:
        """Delete a hand-logged incident after the user confirms."""
        window = self.window
        if window.store is None:
            return False
        incident = window.store.incidents.get(incident_id)
        if incident is None:
            return False
        what = f"{incident.category} in {incident.month}" + (
            f" at {incident.location}" if incident.location else "")
        if not self.confirm("Delete incident", f"Delete this incident ({what})? "
                            "This cannot be undone here."):
            return False
        from jagdesk.services.incidents import delete_incident

        try:
            delete_incident(window.store, incident_id)
        except JagdeskError as error:
            window.show_error("Cannot delete the incident", str(error))
            return False
        window.statusBar().showMessage("Incident deleted", 8000)
        self.after_change()
        return True

    def confirm(self, title: str, question: str) -> bool:
        return common.confirm(self.window, title, question)

    # --- logging one ----------------------------------------------------------------------------
    def map_can_pick(self) -> bool:
        view = self.window.map
        return view is not None and hasattr(view, "start_picking") and bool(view.is_ready())

    def log_incident(self) -> QMessageBox | None:
        """Ask where it happened: a click on the map, or typed coordinates."""
        window = self.window
        if window.store is None:
            window.show_error("No database open", "Open a database before logging incidents.")
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Log an incident",
                          "Where did it happen?", parent=window)
        box.setInformativeText("Click the place on the map, or type it in the form: a street "
                               "in the imported police.uk data is offered as you type and "
                               "gives the coordinates, or enter them yourself.")
        self.click_button = QPushButton("Click on &map")
        self.type_button = QPushButton("&Type the place")
        box.addButton(self.click_button, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.type_button, QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        self.click_button.setEnabled(self.map_can_pick())
        self.click_button.clicked.connect(self.pick_on_map)
        self.type_button.clicked.connect(self.type_coordinates)
        self.where_box = box
        box.open()
        return box

    def type_coordinates(self) -> None:
        self._open_dialog()

    def pick_on_map(self) -> None:
        view = self.window.map
        if not self.map_can_pick():
            self._open_dialog()
            return
        if self._map_connected is not view:
            view.point_picked.connect(self._on_point_picked)
            view.picking_cancelled.connect(self._on_picking_cancelled)
            self._map_connected = view
        self._picking = True
        view.start_picking("point", PICK_HINT)
        self.window.statusBar().showMessage(PICK_HINT)

    def _on_point_picked(self, lon: float, lat: float) -> None:
        if not self._picking:
            return
        self._picking = False
        self.window.statusBar().clearMessage()
        self._open_dialog(point=(lon, lat))

    def _on_picking_cancelled(self) -> None:
        if self._picking:
            self._picking = False
            self.window.statusBar().showMessage("Logging the incident was cancelled", 5000)

    def _open_dialog(self, *, incident: object = None,
                     point: tuple[float, float] | None = None) -> IncidentDialog | None:
        window = self.window
        if window.store is None:
            return None
        from jagdesk.domain.records import Incident
        from jagdesk.ui.dialogs.incident_dialog import IncidentDialog

        dialog = IncidentDialog(window.store, incident if isinstance(incident, Incident) else None,
                                point=point, parent=window)
        dialog.accepted.connect(self._saved)
        self.incident_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.window.statusBar().showMessage("Incident saved", 8000)
        self.after_change()

    def after_change(self) -> None:
        """Counts, the map and the lists after an incident was added, changed or removed."""
        self.window.refresh()
        self.show_incidents()
