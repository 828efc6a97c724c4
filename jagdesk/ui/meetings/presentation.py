"""Presentation mode: the agenda on a projector, full screen, one item at a time.

The map zooms to each item's hotspot; beside it, in type that reads from the back of a room,
the plan's objective and SARA headlines, the before/after figures and the actions (overdue ones
in red). Right, Page Down or Space go on; Left or Page Up go back; Home and End jump; Escape
leaves.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from jagdesk.services.presentation import Slide, slide_for

if TYPE_CHECKING:
    from jagdesk.domain.records import AgendaItem
    from jagdesk.store import Store

log = logging.getLogger(__name__)

MapFactory = Callable[[QWidget], Any]

INK, MUTED, ALERT, BAND = "#111111", "#444444", "#b00020", "#12263f"
_STYLE = f"""
QWidget#presentation {{ background: #ffffff; }}
QFrame#band {{ background: {BAND}; }}
QLabel#meeting, QLabel#counter {{ color: #ffffff; font-size: 26px; }}
QLabel#counter {{ font-size: 30px; font-weight: bold; }}
QLabel#itemTitle {{ color: {INK}; font-size: 44px; font-weight: bold; }}
QLabel#brief {{ color: {MUTED}; font-size: 26px; }}
QLabel#panel {{ color: {INK}; font-size: 22px; }}
QLabel#hint {{ color: {MUTED}; font-size: 18px; }}
QScrollArea#side {{ border: none; border-left: 3px solid #d0d7e2; background: #ffffff; }}
"""

_NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down)
_PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace)


class PresentationWindow(QWidget):
    """Full-screen agenda with the map stepping from item to item.

    Signals:
        item_shown(int): the item at this index (from 0) is on screen.
        closed(): the presentation ended (Escape or closed).
    """

    item_shown = Signal(int)
    closed = Signal()

    def __init__(self, store: Store, meeting_id: str, *, map_factory: MapFactory | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet(_STYLE)
        self._store = store
        self._today = today
        self.meeting = store.meetings.get(meeting_id)
        self.agenda: list[AgendaItem] = store.agenda_items.for_meeting(meeting_id)
        self._slides: dict[str, Slide] = {}
        self.index = -1
        self.setWindowTitle(f"{self.meeting.title} — presentation")
        self.map = map_factory(self) if map_factory else None
        self._build()
        self._install_keys()
        self._start_map()
        self.show_item(0)

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        band = QFrame()
        band.setObjectName("band")
        self.meeting_label = _label("meeting", f"{self.meeting.ref} · {self.meeting.title}")
        self.counter = _label("counter", "")
        top = QHBoxLayout(band)
        top.setContentsMargins(28, 12, 28, 12)
        top.addWidget(self.meeting_label, 1)
        top.addWidget(self.counter)
        self.title = _label("itemTitle", "")
        self.brief = _label("brief", "")
        self.panel = _label("panel", "")
        self.panel.setTextFormat(Qt.TextFormat.RichText)
        self.panel.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        side = QScrollArea()
        side.setObjectName("side")
        side.setWidgetResizable(True)
        side.setWidget(self.panel)
        side.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.panel.setContentsMargins(24, 8, 24, 8)
        body = QHBoxLayout()
        body.setSpacing(0)
        if self.map is not None:
            self.map.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            body.addWidget(self.map, 3)
        body.addWidget(side, 2)
        hint = _label("hint", "→ or Space: next   ← : previous   Home / End   Esc: leave")
        heading = QVBoxLayout()
        heading.setContentsMargins(28, 14, 28, 10)
        heading.addWidget(self.title)
        heading.addWidget(self.brief)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(band)
        layout.addLayout(heading)
        layout.addLayout(body, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(28, 6, 28, 8)
        footer.addWidget(hint)
        layout.addLayout(footer)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _install_keys(self) -> None:
        steps: list[tuple[tuple[Qt.Key, ...], Callable[[], None]]] = [
            (_NEXT_KEYS, self.next_item), (_PREVIOUS_KEYS, self.previous_item),
            ((Qt.Key.Key_Home,), lambda: self.show_item(0)),
            ((Qt.Key.Key_End,), lambda: self.show_item(len(self.agenda) - 1)),
            ((Qt.Key.Key_Escape,), self.leave)]
        for keys, slot in steps:
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self, slot)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys the shortcuts did not take (a focused child passed them on)."""
        key = event.key()
        if key in _NEXT_KEYS:
            self.next_item()
        elif key in _PREVIOUS_KEYS:
            self.previous_item()
        elif key == Qt.Key.Key_Home:
            self.show_item(0)
        elif key == Qt.Key.Key_End:
            self.show_item(len(self.agenda) - 1)
        elif key == Qt.Key.Key_Escape:
            self.leave()
        else:
            super().keyPressEvent(event)

    # --- showing -----------------------------------------------------------------------
    def present(self, screen: QScreen | None = None) -> None:
        """Fill the given screen (the one the app is on, by default)."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()

    def leave(self) -> None:
        self.close()

    def next_item(self) -> None:
        self.show_item(self.index + 1)

    def previous_item(self) -> None:
        self.show_item(self.index - 1)

    def show_item(self, index: int) -> None:
        if not self.agenda:
            self.counter.setText("0 / 0")
            self.title.setText("This meeting has no agenda yet")
            return
        index = min(max(index, 0), len(self.agenda) - 1)
        if index == self.index:
            return
        self.index = index
        item = self.agenda[index]
        slide = self.slide(item)
        self.counter.setText(f"{index + 1} / {len(self.agenda)}")
        self.title.setText(item.title)
        parts = [p for p in (slide.kind_label, item.brief) if p]
        self.brief.setText(" · ".join(parts))
        self.panel.setText(panel_html(slide))
        if self.map is not None:
            self.map.select_hotspot(item.hotspot_id)
        self.item_shown.emit(index)

    def slide(self, item: AgendaItem) -> Slide:
        if item.id not in self._slides:
            self._slides[item.id] = slide_for(self._store, item, self._today())
        return self._slides[item.id]

    def current_item(self) -> AgendaItem | None:
        return self.agenda[self.index] if 0 <= self.index < len(self.agenda) else None

    # --- the map -----------------------------------------------------------------------
    def _start_map(self) -> None:
        if self.map is None:
            return
        if hasattr(self.map, "set_presenting"):
            self.map.set_presenting(True)
        if hasattr(self.map, "ready"):
            self.map.ready.connect(self._draw_layers)
        if hasattr(self.map, "load_page"):
            self.map.load_page()
        if self.map.is_ready():
            self._draw_layers()

    def _draw_layers(self) -> None:
        from jagdesk.services.map_layers import build_map_layers

        if self.map is None:
            return
        try:
            self.map.set_layers(build_map_layers(self._store))
            if hasattr(self.map, "set_layer_visible"):
                # The room sees where incidents concentrate around each hotspot.
                self.map.set_layer_visible("density", True)
        except Exception:  # the room can still follow the side panel without a map
            log.exception("presentation map layers failed")
            return
        item = self.current_item()
        self.map.select_hotspot(item.hotspot_id if item else None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


def _label(name: str, text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def panel_html(slide: Slide) -> str:
    """The side panel as simple rich text (every value escaped)."""
    e = html.escape
    parts: list[str] = []
    if slide.hotspot is not None:
        h = slide.hotspot
        rag_colour = {"red": ALERT, "amber": "#b36b00", "green": "#2e7d32"}[h.rag.value]
        parts.append(f"<p><b>{e(h.ref)}</b> · {e(h.status.value.capitalize())} · "
                     f"<span style='color:{rag_colour}'><b>RAG {e(h.rag.value.upper())}</b>"
                     "</span></p>")
    if slide.hotspot is not None:
        parts.append("<h2>Actions</h2>" + _actions_html(slide))
    if slide.figures is not None:
        parts.append("<h2>Before and after</h2>")
        if slide.figures.missing:
            parts.append(f"<p style='color:{MUTED}'>{e(slide.figures.missing)}</p>")
        else:
            parts.append("<p>" + "<br>".join(e(line) for line in slide.figures.lines) + "</p>")
    if slide.objective or slide.headlines:
        parts.append("<h2>Plan</h2>")
        if slide.objective:
            parts.append(f"<p><b>Objective:</b> {e(slide.objective)}</p>")
        parts += [f"<p><b>{e(stage)}:</b> {e(text)}</p>" for stage, text in slide.headlines]
    elif slide.hotspot is not None:
        parts.append("<h2>Plan</h2><p style='color:#444'>No plan written yet.</p>")
    if not parts:
        parts.append(f"<p style='color:{MUTED}'>{e(slide.item.notes or 'Standing item.')}</p>")
    return "".join(parts)


def _actions_html(slide: Slide) -> str:
    e = html.escape
    rows = [r for r in slide.actions if not r.action.status.is_finished]
    if not rows:
        return f"<p style='color:{MUTED}'>No open actions.</p>"
    lines = []
    for row in rows:
        due = f"due {e(row.action.due_on)}" if row.action.due_on else "no due date"
        if row.overdue:
            due = f"<b>{row.days_overdue} days overdue</b>"
        colour = ALERT if row.overdue else INK
        lines.append(f"<p style='color:{colour}'>{e(row.action.ref)} {e(row.action.title)}"
                     f"<br><span style='color:{colour if row.overdue else MUTED}'>"
                     f"{e(row.partner_name)} · {due}</span></p>")
    return "".join(lines)
