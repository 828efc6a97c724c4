"""Pieces the work views share: optional dates, inline field errors, confirmation, overdue style."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QMessageBox,
    QWidget,
)

OVERDUE_COLOUR = QColor("#c62828")
FINISHED_COLOUR = QColor("#8a8a8a")
WARNING_COLOUR = QColor("#a05a00")
WARNING_STYLE = ("background: #fff4e5; color: #7a3e00; border: 1px solid #f0b76b;"
                 " border-radius: 3px; padding: 6px;")

# QDateEdit cannot be empty; its minimum date shown as special text stands for "no date".
_NO_DATE = QDate(1900, 1, 1)


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class OptionalDateEdit(QDateEdit):
    """A date field that may be left empty (shown as "—"), read and written as ISO text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText("—")
        self.set_value(None)

    def value(self) -> str | None:
        if self.date() == _NO_DATE:
            return None
        return str(self.date().toString("yyyy-MM-dd"))

    def set_value(self, day: str | date | None) -> None:
        if day is None or day == "":
            self.setDate(_NO_DATE)
            return
        text = day.isoformat() if isinstance(day, date) else day
        self.setDate(QDate.fromString(text, "yyyy-MM-dd"))


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


_E = TypeVar("_E", bound=Enum)


def enum_data(combo: QComboBox, kind: type[_E]) -> _E | None:
    """The enum member behind the current entry; Qt hands string enums back as plain text."""
    data = combo.currentData()
    return None if data is None else kind(data)


def select_data(combo: QComboBox, value: object) -> None:
    """Select the combo entry whose data is ``value`` (the first entry when none is)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask before something that cannot be taken back; No is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
