"""The search box and status / RAG choices above the hotspot list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from jagdesk.domain.enums import HotspotStatus, Rag

_ACTIVE = frozenset({HotspotStatus.NOMINATED, HotspotStatus.OPEN, HotspotStatus.MONITORING})
_STATUS_CHOICES: list[tuple[str, frozenset[HotspotStatus]]] = [
    ("All statuses", frozenset()),
    ("Not closed", _ACTIVE),
    *((status.value.capitalize(), frozenset({status})) for status in HotspotStatus),
]
_RAG_CHOICES: list[tuple[str, frozenset[Rag]]] = [
    ("Any RAG", frozenset()),
    *((rag.value.capitalize(), frozenset({rag})) for rag in Rag),
]


class FilterBar(QWidget):
    """Filter choices for the hotspot list.

    Signals:
        text_changed(str): the search text.
        statuses_changed(object): a frozenset of HotspotStatus (empty: all).
        rags_changed(object): a frozenset of Rag (empty: all).
    """

    text_changed = Signal(str)
    statuses_changed = Signal(object)
    rags_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by name, ref, ward or problem…")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for label, statuses in _STATUS_CHOICES:
            self.status.addItem(label, statuses)
        self.rag = QComboBox()
        for label, rags in _RAG_CHOICES:
            self.rag.addItem(label, rags)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.rag)
        self.search.textChanged.connect(self.text_changed)
        self.status.currentIndexChanged.connect(
            lambda _: self.statuses_changed.emit(self.status.currentData()))
        self.rag.currentIndexChanged.connect(lambda _: self.rags_changed.emit(self.rag.currentData()))

    def statuses(self) -> frozenset[HotspotStatus]:
        return frozenset(self.status.currentData() or ())

    def rags(self) -> frozenset[Rag]:
        return frozenset(self.rag.currentData() or ())
