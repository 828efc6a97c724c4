"""The main window: hotspot list on the left, the map in the centre, details on the right.

This module holds layout and wiring. Reading goes through ``jagdesk.services.overview``; long
work (building the demo, importing, preparing map layers) runs through ``ui.workers``.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jagdesk import APP_NAME
from jagdesk.domain.filters import IncidentFilter
from jagdesk.errors import NotFoundError
from jagdesk.ui.dialogs.about import about_box
from jagdesk.ui.models.hotspot_table import Column, HotspotFilterProxy, HotspotTableModel
from jagdesk.ui.widgets.demo_banner import DemoBanner
from jagdesk.ui.widgets.filter_bar import FilterBar
from jagdesk.ui.widgets.hotspot_detail import HotspotDetailPanel
from jagdesk.ui.workers import Job, JobRunner, ProgressPanel

if TYPE_CHECKING:
    from jagdesk.paths import Paths
    from jagdesk.store import Store
    from jagdesk.ui.settings import UiSettings

log = logging.getLogger(__name__)

MAP_MIN_WIDTH = 420
# The first layout, before the user arranges the docks: widths in pixels, and the percentage of
# the right-hand column the details take above "Incidents at this hotspot".
LIST_WIDTH = 470
DETAIL_WIDTH = 380
DETAIL_SHARE = 65


class MainWindow(QMainWindow):
    """The application window.

    Signals:
        database_opened(str): a database was opened (its path).
        map_drawn(int): the map finished drawing the current layers (number of features).
    """

    database_opened = Signal(str)
    map_drawn = Signal(int)

    def __init__(self, paths: Paths, settings: UiSettings, *, error_dialogs: bool = True,
                 runner: JobRunner | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.error_dialogs = error_dialogs
        self.runner = runner or JobRunner(parent=self)
        self.store: Store | None = None
        self.map: Any = None  # MapView once start_map() has run
        self._layers_job: Job | None = None
        self.incident_filter = IncidentFilter()  # which incidents counts and the map include
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(900, 560)
        self.resize(1440, 880)
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_status_bar()
        self._connect_signals()
        self._install_data_actions()
        self._install_work_views()
        self._install_hotspot_editing()
        self._install_export_actions()
        self._install_analysis()
        self._install_trust()
        self._install_meetings()
        self._install_map_actions()
        self._default_dock_sizes()
        self._restore_state()

    # --- layout ---------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.banner = DemoBanner()
        self.banner.hide()
        self.map_stack = QStackedWidget()
        self.map_placeholder = QLabel("Loading map…")
        self.map_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map_placeholder.setEnabled(False)
        self.map_stack.addWidget(self.map_placeholder)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.map_stack, 1)
        # The map is the point of the window: docks may not squeeze it to a sliver.
        central.setMinimumWidth(MAP_MIN_WIDTH)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        self.model = HotspotTableModel(self)
        self.proxy = HotspotFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.REF, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        for column, width in ((Column.REF, 66), (Column.NAME, 180), (Column.STATUS, 86),
                              (Column.RAG, 70), (Column.PROBLEM, 140), (Column.WARD, 110),
                              (Column.OPEN_ACTIONS, 48), (Column.OVERDUE, 62),
                              (Column.REVIEW_DUE, 86)):
            self.table.setColumnWidth(column, width)
        self.filter_bar = FilterBar()
        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(6, 6, 6, 6)
        list_layout.addWidget(self.filter_bar)
        list_layout.addWidget(self.table, 1)
        self.list_dock = self._dock("Hotspots", "hotspotDock", list_panel,
                                    Qt.DockWidgetArea.LeftDockWidgetArea)
        self.detail = HotspotDetailPanel()
        self.detail_dock = self._dock("Details", "detailDock", self.detail,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.list_dock, self.detail_dock], [580, 360],
                         Qt.Orientation.Horizontal)

    def _default_dock_sizes(self) -> None:
        """A first layout that leaves the map the most room; a remembered layout replaces it."""
        self.resizeDocks([self.list_dock, self.detail_dock], [LIST_WIDTH, DETAIL_WIDTH],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.detail_dock, self.incident_actions.incidents_dock],
                         [DETAIL_SHARE, 100 - DETAIL_SHARE], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea, *,
              scroll: bool = False) -> QDockWidget:
        """A dock holding ``widget``.

        With ``scroll``, a wide widget scrolls rather than forcing every dock it shares a side
        with to be as wide.
        """
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState() needs a name for each dock
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        if scroll:
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setWidget(widget)
            widget = holder
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        return action

    def add_menu(self, menu: QMenu) -> None:
        """Add a menu to the menu bar, before Help, which stays last."""
        help_menu = self.about_action.associatedObjects()[0]
        if isinstance(help_menu, QMenu):
            self.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            self.menuBar().addMenu(menu)

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.open_action = self._action("&Open database…", self.choose_database,
                                        QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton)
        self.demo_action = self._action("Open &demo", self.open_demo, None, sp.SP_DirHomeIcon)
        self.import_action = self._action("&Import police.uk files…", self.choose_import,
                                          "Ctrl+I", sp.SP_ArrowDown)
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", sp.SP_DialogCloseButton)
        self.refresh_action = self._action("&Refresh", self.refresh, "F5", sp.SP_BrowserReload)
        self.about_action = self._action(f"&About {APP_NAME}", self.show_about, None,
                                         sp.SP_MessageBoxInformation)
        self.log_action = self._action("Open &log folder", self.open_log_folder, None, sp.SP_DirIcon)
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addActions([self.open_action, self.demo_action])
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menus.addMenu("&View")
        view_menu.addActions([self.list_dock.toggleViewAction(), self.detail_dock.toggleViewAction()])
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addActions([self.about_action, self.log_action])
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.open_action, self.import_action, self.refresh_action])

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.file_label = QLabel("No database")
        self.counts_label = QLabel("")
        self.progress = ProgressPanel()
        bar.addWidget(self.file_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.counts_label)

    def _connect_signals(self) -> None:
        self.filter_bar.text_changed.connect(self.proxy.set_text)
        self.filter_bar.statuses_changed.connect(self.proxy.set_statuses)
        self.filter_bar.rags_changed.connect(self.proxy.set_rags)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.banner.demo_requested.connect(self.open_demo)
        self.banner.import_requested.connect(self.choose_import)
        self.banner.dismissed.connect(lambda: self.settings.set_demo_offer_dismissed(True))

    def _install_export_actions(self) -> None:
        """File > Export: plan summaries, meeting packs and minutes, data files, the marking."""
        from jagdesk.ui.export_actions import ExportActions

        self.export_actions = ExportActions(self)

    def _install_hotspot_editing(self) -> None:
        """The Hotspot menu: new, edit (Enter, F2, double-click), delete, open the plan."""
        from jagdesk.ui.forms.hotspot_actions import HotspotActions

        self.hotspot_actions = HotspotActions(self)

    def _install_data_actions(self) -> None:
        """Imports (menu and drops), the incident filter, logging incidents, hotspot incidents."""
        from jagdesk.ui.import_actions import ImportActions
        from jagdesk.ui.incident_actions import IncidentActions

        self.import_actions = ImportActions(self)
        self.incident_actions = IncidentActions(self)
        file_menu = self.import_action.associatedObjects()[0]
        if isinstance(file_menu, QMenu):
            actions = file_menu.actions()
            after_files = actions[actions.index(self.import_action) + 1]
            file_menu.insertAction(after_files, self.import_actions.folder_action)
            file_menu.insertAction(self.quit_action, self.import_actions.boundary_action)
            file_menu.insertSeparator(self.quit_action)
        incidents_menu = QMenu("&Incidents", self)
        incidents_menu.addAction(self.incident_actions.log_action)
        incidents_menu.addSeparator()
        incidents_menu.addAction(self.incident_actions.view_action)
        self.add_menu(incidents_menu)

    def _install_analysis(self) -> None:
        """The Analysis menu: find hotspots, assess a response, trends and the dashboard."""
        from jagdesk.ui.analysis.actions import AnalysisActions

        self.analysis = AnalysisActions(self)

    def _install_map_actions(self) -> None:
        """View > Base map, File > Export > Map as HTML, and the map's remembered layers."""
        from jagdesk.ui.map_actions import MapActions

        self.map_actions = MapActions(self)

    def _install_meetings(self) -> None:
        """The Meeting menu: the Meetings window (Ctrl+M) and presenting an agenda (F11)."""
        from jagdesk.ui.meetings.actions import MeetingActions

        self.meetings = MeetingActions(self)

    def _install_trust(self) -> None:
        """Safe opening (lock, refusals), backups, Edit > Settings and the retention review."""
        from jagdesk.ui.trust_actions import TrustActions

        self.trust = TrustActions(self)

    @property
    def is_read_only(self) -> bool:
        """Whether the open database was opened read-only (editing commands are disabled)."""
        return self.store is not None and self.store.read_only

    def _install_work_views(self) -> None:
        """The action log, partner directory and audit log docks, the search box and their menu."""
        from jagdesk.ui.views.work_views import WorkViews

        self.work_views = WorkViews(self)

    # --- window state ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        if (geometry := self.settings.window_geometry()) is not None:
            self.restoreGeometry(geometry)
        if (state := self.settings.window_state()) is not None:
            self.restoreState(state)
        if (header := self.settings.header_state("hotspots")) is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.save_header("hotspots", self.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.runner.cancel_all()
        if self.store is not None:
            self.store.close()
            self.store = None
        self.trust.release()
        super().closeEvent(event)

    # --- database -------------------------------------------------------------------------
    def open_database(self, path: Path, *, read_only: bool = False) -> bool:
        """Open a database and show it; on refusal, explain why and offer the ways out."""
        store = self.trust.open_store(path, read_only=read_only)
        if store is None:
            return False
        path = store.path  # a backup opened read-only instead of the refused file
        if self.store is not None:
            self.store.close()
        self.store = store
        self.settings.set_last_database(path)
        self.setWindowTitle(f"{APP_NAME} — {path.name}")
        self.file_label.setText(str(path))
        self.file_label.setToolTip(str(path))
        self.detail.show_detail(None)
        self.refresh()
        log.info("opened %s", path)
        self.database_opened.emit(str(path))
        return True

    def refresh(self) -> None:
        """Re-read the hotspots and counts, keep the selection, and redraw the map layers."""
        if self.store is None:
            return
        from jagdesk.services.overview import summarise_hotspots, totals

        selected = self.detail.hotspot_id
        self.incident_actions.update_choices()
        self.model.set_rows(summarise_hotspots(self.store, flt=self.incident_filter))
        counted = totals(self.store, flt=self.incident_filter)
        shown = (f"{counted.incidents:,} of {counted.all_incidents:,} incidents"
                 if counted.all_incidents is not None else f"{counted.incidents:,} incidents")
        self.counts_label.setText(f"{counted.hotspots} hotspots · {shown}"
                                  f" · {counted.overdue_actions} overdue actions")
        self.banner.setVisible(counted.is_empty and not self.settings.demo_offer_dismissed())
        if selected is not None:
            self.select_hotspot(selected)
            self._show_detail(self.detail.hotspot_id or selected)
        self.incident_actions.show_incidents()
        self.load_layers()
        self.work_views.refresh()

    # --- selection ------------------------------------------------------------------------
    def select_hotspot(self, hotspot_id: str) -> None:
        """Select a hotspot in the list (clearing filters that hide it)."""
        row = self.proxy.proxy_row_of(hotspot_id)
        if row is None and self.model.row_of(hotspot_id) is not None:
            self.filter_bar.search.clear()
            self.filter_bar.status.setCurrentIndex(0)
            self.filter_bar.rag.setCurrentIndex(0)
            row = self.proxy.proxy_row_of(hotspot_id)
        if row is None:
            return
        index = self.proxy.index(row, Column.REF)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hotspot_id = self.proxy.hotspot_id(current.row()) if current.isValid() else None
        self._show_detail(hotspot_id)
        if self.map is not None:
            self.map.select_hotspot(hotspot_id)

    def _show_detail(self, hotspot_id: str | None) -> None:
        if hotspot_id is None or self.store is None:
            self.detail.show_detail(None)
            return
        from jagdesk.services.overview import hotspot_detail

        try:
            self.detail.show_detail(hotspot_detail(self.store, hotspot_id,
                                                   flt=self.incident_filter))
        except NotFoundError:
            self.detail.show_detail(None)

    # --- map ------------------------------------------------------------------------------
    def start_map(self) -> None:
        """Create the map view and load its page; layers follow once the page is ready."""
        if self.map is not None:
            return
        try:
            from jagdesk.ui.map_view import MapView
        except ImportError:
            log.exception("the map view is not available")
            self.map_placeholder.setText("The map is not available in this installation.")
            return
        self.map = MapView(self.paths.cache / "map", self.map_stack)
        self.map_actions.attach(self.map)
        self.map_stack.addWidget(self.map)
        self.map_stack.setCurrentWidget(self.map)
        self.map.ready.connect(self.load_layers)
        self.map.layers_drawn.connect(self.map_drawn)
        self.map.hotspot_clicked.connect(self.select_hotspot)
        self.map.load_page()

    def load_layers(self) -> None:
        """Prepare the map layers of the open database off the UI thread, then draw them."""
        if self.map is None or self.store is None or not self.map.is_ready():
            return
        if self._layers_job is not None:
            self._layers_job.cancel()
        from jagdesk.services.map_layers import build_map_layers

        flt = self.incident_filter
        density = self.map_actions.density_shown()  # squares are counted only when shown
        job = self.runner.start_with_store(
            "Preparing map layers", self.store.path,
            lambda store, **_: build_map_layers(store, flt, density=density))
        job.finished.connect(partial(self._on_layers_built, job))
        job.failed.connect(lambda exc: self.show_error("Cannot draw the map", str(exc)))
        self._layers_job = job

    def _on_layers_built(self, job: Job, payload: dict[str, Any]) -> None:
        if job is not self._layers_job or self.map is None:
            return  # superseded by a newer request
        self._layers_job = None
        self.map.set_layers(payload)
        if self.detail.hotspot_id is not None:
            self.map.select_hotspot(self.detail.hotspot_id)

    # --- commands -------------------------------------------------------------------------
    def choose_database(self) -> None:
        last = self.settings.last_database()
        start = str(last.parent if last else self.paths.data)
        name, _ = QFileDialog.getOpenFileName(self, "Open database", start,
                                              "JagDesk databases (*.sqlite *.db);;All files (*)")
        if name:
            self.open_database(Path(name))

    def open_demo(self) -> None:
        """Open the Leicester demo, building it in the background the first time."""
        from jagdesk.services.demo import DEMO_FILE_NAME, build_demo

        path = self.paths.data / DEMO_FILE_NAME
        if path.exists():
            self.open_database(path)
            return

        self.paths.data.mkdir(parents=True, exist_ok=True)
        job = self.runner.start("Building the Leicester demo", partial(build_demo, path))
        job.finished.connect(lambda _summary: self.open_database(path))
        self._track(job, "Building the demo failed")

    def choose_import(self) -> None:
        if self.store is None:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import police.uk files", self.settings.last_import_folder(),
            "police.uk files (*.csv *.zip);;All files (*)")
        if names:
            self.settings.set_last_import_folder(str(Path(names[0]).parent))
            self.import_files([Path(name) for name in names])

    def import_files(self, files: list[Path]) -> Job | None:
        """Import police.uk files into the open database in the background."""
        if self.store is None:
            return None
        if self.is_read_only:
            self.show_error("Cannot import", "This database is open read-only.")
            return None
        from jagdesk.services.importing import import_policeuk

        job = self.runner.start_with_store("Importing police.uk files", self.store.path,
                                           import_policeuk, paths=files)
        job.finished.connect(self._on_import_finished)
        job.cancelled.connect(self.refresh)  # files finished before the cancel stay imported
        self._track(job, "Import failed")
        return job

    def _on_import_finished(self, summary: Any) -> None:
        self.refresh()
        self.import_actions.show_summary(summary)
        self.statusBar().showMessage(f"Imported {summary.stored:,} incidents", 8000)

    def _track(self, job: Job, failure_title: str) -> None:
        self.progress.track(job)
        job.failed.connect(lambda exc: self.show_error(failure_title, str(exc)))
        job.cancelled.connect(lambda: self.statusBar().showMessage(f"{job.title}: cancelled", 8000))

    def show_about(self) -> None:
        about_box(self).open()

    def open_log_folder(self) -> None:
        self.paths.log.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.log)))

    def show_error(self, title: str, message: str) -> None:
        """Tell the user something failed: a message box, or a log line without dialogs."""
        log.error("%s: %s", title, message)
        if not self.error_dialogs:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
