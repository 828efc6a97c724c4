"""One search box over hotspots, plans and actions, with results in a popup as the user types."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyle, QWidget

from jagdesk.services.actions import overdue_actions
from jagdesk.services.search import SearchHit, search
from jagdesk.ui.views.common import OVERDUE_COLOUR, bold_font

if TYPE_CHECKING:
    from jagdesk.store import Store

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_KIND_NAMES = {"hotspot": "Hotspot", "plan": "Plan", "action": "Action"}
_KIND_ICONS = {"hotspot": QStyle.StandardPixmap.SP_DirHomeIcon,
               "plan": QStyle.StandardPixmap.SP_FileDialogDetailedView,
               "action": QStyle.StandardPixmap.SP_DialogApplyButton}
MAX_RESULTS = 20


class SearchBox(QLineEdit):
    """Type to find; choose a result with the mouse or the arrow keys and Enter.

    The results are plain text (names and notes are never read as markup), and the popup is a
    ``QCompleter`` attached without ``setCompleter`` so it never rewrites what was typed.

    Signals:
        hotspot_chosen(str): a hotspot, or a plan's hotspot, was chosen (the hotspot id).
        action_chosen(str): an action was chosen (its id).
    """

    hotspot_chosen = Signal(str)
    action_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.today = date.today()
        self.setPlaceholderText("Search hotspots, plans, actions (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.setMaximumWidth(420)
        self.results = QStandardItemModel(self)
        self.finder = QCompleter(self.results, self)
        self.finder.setWidget(self)
        self.finder.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.finder.setMaxVisibleItems(10)
        # The index overload: the text one would lose which record was chosen.
        self.finder.activated[QModelIndex].connect(  # type: ignore[index]
            self._on_result_activated)
        self.textEdited.connect(self._on_text_edited)
        self.returnPressed.connect(self._on_return)

    def _hide_popup(self) -> None:
        popup = self.finder.popup()
        if popup is not None:
            popup.hide()

    def popup_visible(self) -> bool:
        popup = self.finder.popup()
        return popup is not None and popup.isVisible()

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.clear()
        self.results.clear()

    def hits(self) -> list[tuple[str, str]]:
        """The (kind, id) of each result shown, in order."""
        return [(self.results.item(row).data(KIND_ROLE), self.results.item(row).data(ID_ROLE))
                for row in range(self.results.rowCount())
                if self.results.item(row).data(ID_ROLE)]

    def _on_text_edited(self, text: str) -> None:
        if self.store is None or not text.strip():
            self._hide_popup()
            self.results.clear()
            return
        self._fill(search(self.store, text, limit=MAX_RESULTS, mark=("", "")))
        self.finder.complete()

    def _fill(self, hits: list[SearchHit]) -> None:
        self.results.clear()
        overdue = self._overdue_ids() if any(hit.kind == "action" for hit in hits) else set()
        for hit in hits:
            self.results.appendRow(self._item(hit, hit.id in overdue))
        if not hits:
            empty = QStandardItem("No hotspot, plan or action matches")
            empty.setEnabled(False)
            self.results.appendRow(empty)

    def _overdue_ids(self) -> set[str]:
        assert self.store is not None
        return {row.action.id for row in overdue_actions(self.store, self.today)}

    def _item(self, hit: SearchHit, overdue: bool) -> QStandardItem:
        kind = _KIND_NAMES.get(hit.kind, hit.kind)
        flag = " — OVERDUE" if overdue else ""
        snippet = " ".join(hit.snippet.split())
        item = QStandardItem(self._icon(hit.kind), f"{hit.title}{flag}\n{kind}: {snippet}")
        item.setToolTip(f"{kind}: {hit.title}{flag}")
        item.setData(hit.kind, KIND_ROLE)
        item.setData(hit.id, ID_ROLE)
        item.setEditable(False)
        if overdue:
            item.setForeground(QBrush(OVERDUE_COLOUR))
            item.setFont(bold_font())
        return item

    def _icon(self, kind: str) -> QIcon:
        return self.style().standardIcon(_KIND_ICONS.get(kind, QStyle.StandardPixmap.SP_FileIcon))

    def _on_return(self) -> None:
        """Enter in the box itself takes the best result."""
        if self.hits():
            self.choose(0)

    def _on_result_activated(self, index: QModelIndex) -> None:
        kind, record_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if record_id:
            self._emit(kind, record_id)

    def choose(self, row: int) -> None:
        """Act on the result in a row, as clicking it does."""
        item = self.results.item(row)
        if item is not None and item.data(ID_ROLE):
            self._emit(item.data(KIND_ROLE), item.data(ID_ROLE))

    def _emit(self, kind: str, record_id: str) -> None:
        self._hide_popup()
        if kind == "action":
            self.action_chosen.emit(record_id)
        elif kind == "plan" and self.store is not None:
            self.hotspot_chosen.emit(self.store.plans.get(record_id).hotspot_id)
        elif kind == "hotspot":
            self.hotspot_chosen.emit(record_id)
