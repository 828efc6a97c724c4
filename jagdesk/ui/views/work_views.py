"""The work views in the main window: docks, search box, View menu and the overdue count link.

The action log, partner directory and audit log are tabbed docks beside the hotspot list; the
search box sits in the toolbar (Ctrl+F); clicking the status bar's overdue count opens the
action log on the overdue actions.

The docks share the hotspot list's side of the window, so the map stays in view while the
action log, partner directory or audit log is open: choosing an action's hotspot shows it there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QSizePolicy, QToolBar, QWidget

from jagdesk.ui.views.action_log_view import ActionLogView
from jagdesk.ui.views.audit_view import AuditView
from jagdesk.ui.views.partners_view import PartnersView
from jagdesk.ui.views.search_box import SearchBox

if TYPE_CHECKING:
    from jagdesk.store import Store
    from jagdesk.ui.main_window import MainWindow

View = ActionLogView | PartnersView | AuditView


class WorkViews(QObject):
    """The action log, partner directory, audit log and search box of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action_log = ActionLogView()
        self.partners = PartnersView()
        self.audit = AuditView()
        self.search = SearchBox()
        self._stale: set[int] = set()
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        self.action_log_dock = window._dock("Action log", "actionLogDock", self.action_log, left,
                                            scroll=True)
        self.partners_dock = window._dock("Partners", "partnersDock", self.partners, left, scroll=True)
        self.audit_dock = window._dock("Audit log", "auditDock", self.audit, left, scroll=True)
        self._view_of: dict[int, View] = {id(self.action_log_dock): self.action_log,
                                          id(self.partners_dock): self.partners,
                                          id(self.audit_dock): self.audit}
        for dock in self.docks():
            window.tabifyDockWidget(window.list_dock, dock)
            dock.visibilityChanged.connect(lambda shown, d=dock: self._on_dock_shown(d, shown))
        window.list_dock.raise_()
        self._install_actions()
        self._install_search()
        self._install_overdue_link()
        self._connect()

    def docks(self) -> list[QDockWidget]:
        return [self.action_log_dock, self.partners_dock, self.audit_dock]

    # --- installing -----------------------------------------------------------------------
    def _install_actions(self) -> None:
        window = self.window
        self.partners_action = window._action("&Partners", self.show_partners, "Ctrl+Shift+P")
        self.action_log_action = window._action("&Action log", self.show_action_log,
                                                "Ctrl+Shift+A")
        self.audit_action = window._action("A&udit log", self.show_audit, "Ctrl+Shift+U")
        self.find_action = window._action("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        window.addAction(self.find_action)
        view_menu = window.refresh_action.associatedObjects()[0]
        if isinstance(view_menu, QMenu):
            before = window.refresh_action
            for action in (self.action_log_action, self.partners_action, self.audit_action,
                           self.find_action):
                view_menu.insertAction(before, action)
            view_menu.insertSeparator(before)

    def _install_search(self) -> None:
        toolbar = self.window.findChild(QToolBar, "mainToolBar")
        if toolbar is None:
            return
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)

    def _install_overdue_link(self) -> None:
        label = self.window.counts_label
        label.setCursor(Qt.CursorShape.PointingHandCursor)
        label.setToolTip("Click to see the overdue actions")
        label.installEventFilter(self)

    def _connect(self) -> None:
        self.search.hotspot_chosen.connect(self._on_hotspot_chosen)
        self.search.action_chosen.connect(self.show_action)
        self.action_log.hotspot_chosen.connect(self._on_hotspot_chosen)
        self.action_log.changed.connect(self.window.refresh)
        self.partners.changed.connect(self.window.refresh)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window.counts_label and event.type() is QEvent.Type.MouseButtonRelease:
            self.show_overdue()
            return True
        return super().eventFilter(watched, event)

    # --- keeping up with the database -----------------------------------------------------
    def _views(self) -> list[tuple[QDockWidget, View]]:
        return [(self.action_log_dock, self.action_log), (self.partners_dock, self.partners),
                (self.audit_dock, self.audit)]

    def refresh(self) -> None:
        """Show the open database: the views in sight now, the others when they come into view."""
        store = self.window.store
        if self.search.store is not store:
            self.search.set_store(store)
        self._stale = {id(view) for _dock, view in self._views()}
        for _dock, view in self._views():
            if view.isVisible() or view.store is not store:
                self._load(view, store)

    def _load(self, view: View, store: Store | None) -> None:
        self._stale.discard(id(view))
        if view.store is not store:
            view.set_store(store)
        else:
            view.reload()

    def _on_dock_shown(self, dock: QDockWidget, shown: bool) -> None:
        view = self._view_of.get(id(dock))
        if shown and view is not None and id(view) in self._stale:
            self._load(view, self.window.store)

    # --- commands -------------------------------------------------------------------------
    def _bring_up(self, dock: QDockWidget, view: View) -> None:
        dock.show()
        dock.raise_()
        if id(view) in self._stale or view.store is not self.window.store:
            self._load(view, self.window.store)

    def show_action_log(self) -> None:
        self._bring_up(self.action_log_dock, self.action_log)

    def show_partners(self) -> None:
        self._bring_up(self.partners_dock, self.partners)

    def show_audit(self) -> None:
        self._bring_up(self.audit_dock, self.audit)

    def show_overdue(self) -> None:
        """The action log, showing only the overdue actions."""
        self.show_action_log()
        self.action_log.show_overdue()

    def show_action(self, action_id: str) -> None:
        self.show_action_log()
        self.action_log.select_action(action_id)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_hotspot_chosen(self, hotspot_id: str) -> None:
        self.window.list_dock.show()
        self.window.list_dock.raise_()
        self.window.select_hotspot(hotspot_id)
