"""Puts meetings into the main window: a Meeting menu, the Meetings window and presenting."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from jagdesk.domain.enums import MeetingStatus
from jagdesk.services.agenda import meeting_day
from jagdesk.ui.meetings.meetings_view import MeetingsWindow
from jagdesk.ui.meetings.presentation import MapFactory, PresentationWindow

if TYPE_CHECKING:
    from jagdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class MeetingActions(QObject):
    """The Meeting menu of one main window.

    ``map_factory`` makes the presentation's map; None presents without one.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: MeetingsWindow | None = None
        self.presentation: PresentationWindow | None = None
        self.map_factory: MapFactory | None = self._map_view
        self.meetings_action = window._action("&Meetings…", self.show_meetings, "Ctrl+M")
        self.present_action = window._action("&Present agenda…", self.present, "F11")
        self.present_action.setShortcuts([QKeySequence("F11"), QKeySequence("Ctrl+F5")])
        menu = QMenu("Mee&ting", window)
        menu.addActions([self.meetings_action, self.present_action])
        self.menu = menu
        window.add_menu(menu)
        window.database_opened.connect(lambda _path: self._on_database_opened())

    def _map_view(self, parent: QWidget) -> Any:
        try:
            from jagdesk.ui.map_view import MapView
        except ImportError:
            log.exception("the map view is not available for presenting")
            return None
        return MapView(self.window.paths.cache / "map", parent)

    def _on_database_opened(self) -> None:
        if self.view is not None:
            self.view.reload()

    def show_meetings(self) -> MeetingsWindow | None:
        if self.window.store is None:
            return None
        if self.view is None:
            self.view = MeetingsWindow(lambda: self.window.store, self.window)
            self.view.hotspot_requested.connect(self._show_hotspot)
            self.view.present_requested.connect(self.present)
            self.view.changed.connect(self.window.refresh)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view

    def _show_hotspot(self, hotspot_id: str) -> None:
        self.window.select_hotspot(hotspot_id)
        self.window.raise_()
        self.window.activateWindow()

    def present(self, meeting_id: str | None = None, *, full_screen: bool = True
                ) -> PresentationWindow | None:
        """Present a meeting: the one chosen in the Meetings window, else the next one due."""
        store = self.window.store
        if store is None:
            return None
        meeting_id = meeting_id or (self.view.meeting_id() if self.view else None)
        meeting_id = meeting_id or self._next_meeting_id()
        if meeting_id is None:
            self.window.statusBar().showMessage("No meeting to present: add one first.", 8000)
            return None
        if self.presentation is not None:
            self.presentation.close()
        factory = self.map_factory
        shown = PresentationWindow(store, meeting_id, today=date.today, parent=self.window,
                                   map_factory=(factory) if factory
                                   else None)
        shown.destroyed.connect(lambda *_: self._forget(shown))
        self.presentation = shown
        if full_screen:
            shown.present(self.window.screen())
        else:
            shown.show()
        return shown

    def _forget(self, shown: PresentationWindow) -> None:
        if self.presentation is shown:
            self.presentation = None

    def _next_meeting_id(self) -> str | None:
        store = self.window.store
        meetings = store.meetings.all() if store is not None else []
        planned = sorted((m for m in meetings if m.status is MeetingStatus.PLANNED),
                         key=meeting_day)
        upcoming = [m for m in planned if meeting_day(m) >= date.today()]
        chosen = (upcoming or planned or meetings)[:1]
        return chosen[0].id if chosen else None
