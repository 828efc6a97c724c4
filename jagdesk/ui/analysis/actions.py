"""Puts the analysis views into the main window.

An Analysis menu with shortcuts, and docks tabbed with the hotspot list (as the action log and
partner directory are), so the map stays in view: a chosen cluster or hotspot shows there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QScrollArea, QWidget

from jagdesk.ui.analysis.assessment_view import AssessmentView
from jagdesk.ui.analysis.dashboard_view import DashboardView
from jagdesk.ui.analysis.finder_view import FinderView
from jagdesk.ui.analysis.trends_view import TrendsView

if TYPE_CHECKING:
    from jagdesk.ui.main_window import MainWindow

CLUSTER_ZOOM = 16


class AnalysisActions(QObject):
    """The hotspot finder, assessment, trends and dashboard of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.finder = FinderView(window.runner)
        self.assessment = AssessmentView()
        self.trends = TrendsView()
        self.dashboard = DashboardView()
        self._stale: set[int] = set()
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        self.finder_dock = window._dock("Find hotspots", "findHotspotsDock", self.finder, left)
        self.assessment_dock = window._dock("Assessment", "assessmentDock",
                                            _scrolling(self.assessment), left)
        self.trends_dock = window._dock("Trends", "trendsDock", _scrolling(self.trends), left)
        self.dashboard_dock = window._dock("Dashboard", "dashboardDock", self.dashboard, left)
        for dock in self.docks():
            window.tabifyDockWidget(window.list_dock, dock)
            dock.hide()
            dock.visibilityChanged.connect(lambda shown, d=dock: self._on_dock_shown(d, shown))
        window.list_dock.raise_()
        self._install_menu()
        self._connect()

    def docks(self) -> list[QDockWidget]:
        return [self.finder_dock, self.assessment_dock, self.trends_dock, self.dashboard_dock]

    def _views(self) -> list[tuple[QDockWidget, FinderView | AssessmentView | TrendsView
                                   | DashboardView]]:
        return [(self.finder_dock, self.finder), (self.assessment_dock, self.assessment),
                (self.trends_dock, self.trends), (self.dashboard_dock, self.dashboard)]

    def _install_menu(self) -> None:
        window = self.window
        self.find_action = window._action("&Find hotspots…", self.show_finder, "Ctrl+Shift+H")
        self.assess_action = window._action("&Assess response…", self.show_assessment,
                                            "Ctrl+Shift+E")
        self.trends_action = window._action("&Trends…", self.show_trends, "Ctrl+Shift+T")
        self.dashboard_action = window._action("&Dashboard", self.show_dashboard, "Ctrl+Shift+D")
        menu = QMenu("&Analysis", window)
        menu.addActions([self.find_action, self.assess_action, self.trends_action])
        menu.addSeparator()
        menu.addAction(self.dashboard_action)
        self.menu = menu
        window.add_menu(menu)

    def _connect(self) -> None:
        window = self.window
        window.database_opened.connect(lambda _path: self.set_store())
        window.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._follow_selection())
        self.finder.cluster_chosen.connect(self.centre_map)
        self.finder.nominated.connect(self._on_nominated)
        self.dashboard.hotspot_chosen.connect(self._choose_hotspot)

    # --- keeping up with the window -------------------------------------------------------
    def set_store(self) -> None:
        """Show the window's open database in every view (those out of sight when shown)."""
        self._stale = {id(view) for _dock, view in self._views()}
        for dock, view in self._views():
            if dock.isVisible():
                self._load(view)

    def _load(self, view: FinderView | AssessmentView | TrendsView | DashboardView) -> None:
        self._stale.discard(id(view))
        if view.store is not self.window.store:
            view.set_store(self.window.store)
        else:
            view.reload()
        if isinstance(view, AssessmentView | TrendsView):
            view.set_hotspot(self.window.detail.hotspot_id)

    def _on_dock_shown(self, dock: QDockWidget, shown: bool) -> None:
        for candidate, view in self._views():
            if candidate is dock and shown and id(view) in self._stale:
                self._load(view)

    def _follow_selection(self) -> None:
        hotspot_id = self.window.detail.hotspot_id
        self.assessment.set_hotspot(hotspot_id)
        self.trends.set_hotspot(hotspot_id)

    def _on_nominated(self, hotspot_id: str) -> None:
        # Other views list hotspots: read them again when next shown.
        self._stale |= {id(self.assessment), id(self.trends), id(self.dashboard)}
        self.window.refresh()
        self.window.select_hotspot(hotspot_id)

    def _choose_hotspot(self, hotspot_id: str) -> None:
        self.window.select_hotspot(hotspot_id)

    def centre_map(self, lon: float, lat: float) -> None:
        """Pan and zoom the map to a point."""
        if self.window.map is None:
            return
        script = ("(function(){var j=window.jagdesk;var m=j&&j.map&&j.map();"
                  f"if(m){{m.setView({json.dumps([lat, lon])},{CLUSTER_ZOOM});}}}})();")
        self.window.map.run_script(script)

    # --- commands -------------------------------------------------------------------------
    def _bring_up(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        for candidate, view in self._views():
            if candidate is dock and (id(view) in self._stale
                                      or view.store is not self.window.store):
                self._load(view)

    def show_finder(self) -> None:
        self._bring_up(self.finder_dock)

    def show_assessment(self) -> None:
        self._bring_up(self.assessment_dock)
        self.assessment.set_hotspot(self.window.detail.hotspot_id)

    def show_trends(self) -> None:
        self._bring_up(self.trends_dock)
        self.trends.set_hotspot(self.window.detail.hotspot_id)

    def show_dashboard(self) -> None:
        self._bring_up(self.dashboard_dock)


def _scrolling(view: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(view)
    return area
