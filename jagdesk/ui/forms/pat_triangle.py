"""The Problem Analysis Triangle laid out as a triangle.

The inner sides are the offender (left), the victim or target (right) and the location
(base); outside each side sits the person who can influence it: the handler of the offender,
the guardian of the victim and the manager of the place.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

# Field name, title, hint; the order is the tab order.
SIDES = (
    ("offender", "Offender", "Who causes the harm, and why here?"),
    ("victim", "Victim or target", "Who or what is harmed, and how often?"),
    ("location", "Location", "What about the place lets it happen?"),
)
CONTROLLERS = (
    ("handler", "Handler", "Who can influence the offenders (family, YOS, probation)?"),
    ("guardian", "Guardian", "Who can protect the victims (staff, neighbours, CCTV)?"),
    ("manager", "Manager", "Who runs the place (landlord, licensee, council)?"),
)


class PatTriangle(QWidget):
    """Six text boxes on a drawn triangle; ``boxes`` maps each plan field name to its box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QPlainTextEdit] = {}
        self._cells: dict[str, QWidget] = {}
        for name, title, hint in SIDES:
            self._cells[name] = self._cell(name, title, hint, inner=True)
        for name, title, hint in CONTROLLERS:
            self._cells[name] = self._cell(name, title, hint, inner=False)
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.addWidget(self._cells["handler"], 0, 0)
        grid.addWidget(self._cells["guardian"], 0, 3)
        grid.addWidget(self._cells["offender"], 1, 1)
        grid.addWidget(self._cells["victim"], 1, 2)
        grid.addWidget(self._cells["location"], 2, 1, 1, 2)
        grid.addWidget(self._cells["manager"], 3, 1, 1, 2)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        self.setMinimumHeight(430)

    def _cell(self, name: str, title: str, hint: str, *, inner: bool) -> QWidget:
        label = QLabel(title)
        font = label.font()
        font.setBold(inner)
        font.setItalic(not inner)
        label.setFont(font)
        box = QPlainTextEdit()
        box.setPlaceholderText(hint)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(box.fontMetrics().lineSpacing() * 3 + 14)
        box.setMaximumHeight(box.fontMetrics().lineSpacing() * 5 + 14)
        label.setBuddy(box)
        self.boxes[name] = box
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(label)
        column.addWidget(box)
        return cell

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the inner triangle through the three sides and the outer one around them."""
        super().paintEvent(event)
        offender, victim = self._cells["offender"].geometry(), self._cells["victim"].geometry()
        location, manager = self._cells["location"].geometry(), self._cells["manager"].geometry()
        middle = (offender.left() + victim.right()) / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#546e7a"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inner_base = location.bottom() + 6
        painter.drawPolygon(QPolygonF([
            QPointF(middle, offender.top() - 40), QPointF(offender.left() - 12, inner_base),
            QPointF(victim.right() + 12, inner_base)]))
        painter.setPen(QPen(QColor("#90a4ae"), 1, Qt.PenStyle.DashLine))
        outer_base = manager.bottom() + 4
        painter.drawPolygon(QPolygonF([
            QPointF(middle, 2), QPointF(4, outer_base), QPointF(self.width() - 4, outer_base)]))
        painter.end()
