"""The panel on the right: everything about the selected hotspot.

Every label that shows text a user typed is set to plain text, so markup in a name or
description is shown as written and never interpreted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from jagdesk.services.overview import ActionLine, HotspotDetail
from jagdesk.ui.models.hotspot_table import RAG_COLOURS

_OVERDUE = QColor("#c62828")


def _plain_label(word_wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(word_wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 2)
    return label


class HotspotDetailPanel(QStackedWidget):
    """Shows a ``HotspotDetail``, or a hint when nothing is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(280)
        self.placeholder = QLabel("Select a hotspot in the list or on the map to see its plan, "
                                  "partners and actions.")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.placeholder.setMargin(24)
        self.addWidget(self.placeholder)
        self.addWidget(self._build_content())
        self.hotspot_id: str | None = None

    def _build_content(self) -> QScrollArea:
        self.name = _plain_label()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        self.ref, self.status, self.rag, self.ward, self.problem = (
            _plain_label() for _ in range(5))
        self.incidents, self.review_due = _plain_label(), _plain_label()
        self.description, self.objective, self.partners = (_plain_label() for _ in range(3))
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for caption, widget in (("Reference", self.ref), ("Status", self.status),
                                ("RAG", self.rag), ("Problem", self.problem), ("Ward", self.ward),
                                ("Review due", self.review_due), ("Incidents inside", self.incidents)):
            facts.addRow(f"{caption}:", widget)
        self.action_list = self._build_actions_tree()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.name)
        layout.addLayout(facts)
        sections: tuple[tuple[str, QWidget], ...] = (
            ("Description", self.description), ("Plan objective", self.objective),
            ("Partners", self.partners), ("Actions", self.action_list))
        for title, body in sections:
            layout.addWidget(_section(title))
            layout.addWidget(body)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

    def _build_actions_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        # The owner and state are in each row's tooltip; the panel is too narrow for more columns.
        tree.setHeaderLabels(["Ref", "Action", "Due"])
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setMinimumHeight(140)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(False)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return tree

    def show_detail(self, detail: HotspotDetail | None) -> None:
        if detail is None:
            self.hotspot_id = None
            self.setCurrentIndex(0)
            return
        hotspot = detail.hotspot
        self.hotspot_id = hotspot.id
        self.name.setText(hotspot.name)
        self.ref.setText(hotspot.ref)
        self.status.setText(hotspot.status.value.capitalize())
        self.rag.setText(f"● {hotspot.rag.value.capitalize()}")
        self.rag.setStyleSheet(f"color: {RAG_COLOURS[hotspot.rag]}; font-weight: bold;")
        self.ward.setText(detail.ward or "—")
        self.problem.setText(detail.problem or "—")
        self.review_due.setText(hotspot.review_due or "—")
        self.incidents.setText(f"{detail.incidents:,}")
        self.description.setText(hotspot.description or "No description.")
        self.objective.setText(detail.plan.objective if detail.plan and detail.plan.objective
                               else "No plan objective yet.")
        self.partners.setText(", ".join(detail.partners) or "No partners yet.")
        self._fill_actions(detail.actions)
        self.setCurrentIndex(1)

    def _fill_actions(self, actions: list[ActionLine]) -> None:
        self.action_list.clear()
        bold = QFont()
        bold.setBold(True)
        for line in actions:
            item = QTreeWidgetItem([line.ref, line.title, line.due_on or ""])
            state = "overdue" if line.overdue else line.status
            for column in range(item.columnCount()):
                item.setToolTip(column, f"{line.ref} {line.title}\n{line.partner} · due "
                                        f"{line.due_on or 'no date'} · {state}")
            if line.finished:
                for column in range(item.columnCount()):
                    item.setForeground(column, QBrush(QColor("#8a8a8a")))
            if line.overdue:
                for column in range(item.columnCount()):
                    item.setForeground(column, QBrush(_OVERDUE))
                    item.setFont(column, bold)
            self.action_list.addTopLevelItem(item)
