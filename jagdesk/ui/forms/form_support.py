"""Pieces every form shares: inline problems, dates, pick lists, delete confirmation, undo.

Problems come from the services as ``ValidationError.problems`` (field name to message);
a form wraps each editor with ``ErrorLabels.wrap`` under the record's field name, so the
message appears right under the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from jagdesk.errors import UserError, ValidationError

if TYPE_CHECKING:
    from jagdesk.domain.records import Record
    from jagdesk.services.undo import UndoStack

T = TypeVar("T")

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: palette(placeholder-text);"


def plain_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A label that shows user text as written (no rich text), selectable for copying."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def note_label(text: str) -> QLabel:
    """A quiet hint under or beside a field."""
    label = plain_label(text)
    label.setStyleSheet(NOTE_STYLE)
    return label


def text_box(placeholder: str = "", *, lines: int = 4) -> QPlainTextEdit:
    """A multi-line plain-text box about ``lines`` lines tall; Tab moves to the next field."""
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setMinimumHeight(height)
    box.setMaximumHeight(height * 3)
    return box


class ErrorLabels:
    """Error lines under fields, keyed by the record's field names, plus one for the whole form."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}
        self.general = self._new_label()

    @staticmethod
    def _new_label() -> QLabel:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.hide()
        return label

    def wrap(self, widget: QWidget, *fields: str) -> QWidget:
        """Return ``widget`` with an error line under it for the named fields (hidden until needed)."""
        label = self._new_label()
        for name in fields:
            self._labels[name] = label
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(label)
        return box

    def label(self, field: str) -> QLabel | None:
        """The error line of a field, if the form shows that field."""
        return self._labels.get(field)

    def clear(self) -> None:
        """Hide every message."""
        for label in (*self._labels.values(), self.general):
            label.clear()
            label.hide()

    def show(self, problems: dict[str, str]) -> None:
        """Show each problem under its field; problems about fields not on the form go on top."""
        self.clear()
        shown: dict[QLabel, list[str]] = {}
        for name, message in problems.items():
            shown.setdefault(self._labels.get(name, self.general), []).append(message)
        for label, messages in shown.items():
            label.setText("\n".join(messages))
            label.show()

    def message(self, field: str) -> str:
        """The message now shown under a field, or an empty string."""
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def attempt(self, save: Callable[[], T]) -> T | None:
        """Run a save and return what it saved; when it is refused, show why here and return None.

        A refusal is a ``ValidationError`` (shown under each field) or any other ``UserError``
        (shown across the form).
        """
        self.clear()
        try:
            return save()
        except ValidationError as exc:
            self.show(exc.problems)
        except UserError as exc:
            self.show_message(str(exc))
        return None

    def show_message(self, message: str) -> None:
        """Show a message about the whole form (a conflict, a refused undo)."""
        self.show({"": message})

    def visible(self) -> dict[str, str]:
        """The messages now shown, by field (the form-wide one under ``""``), for checks."""
        found = {name: label.text() for name, label in self._labels.items() if not label.isHidden()}
        if not self.general.isHidden():
            found[""] = self.general.text()
        return found


class DateField(QWidget):
    """An optional date typed as ``YYYY-MM-DD``, with a calendar button beside it.

    The text is passed to the services as typed, so a wrong date gets their inline message.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("YYYY-MM-DD")
        self.edit.setMaxLength(10)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.edit.textChanged.connect(self.changed)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Choose from a calendar")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self._calendar_menu())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addStretch(1)
        self.setFocusProxy(self.edit)

    def _calendar_menu(self) -> QMenu:
        menu = QMenu(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._show_current)
        self.calendar.clicked.connect(self._chosen)
        self._menu = menu
        return menu

    def _chosen(self, day: QDate) -> None:
        self.setText(day.toString("yyyy-MM-dd"))
        self._menu.close()

    def _show_current(self) -> None:
        typed = QDate.fromString(self.text(), "yyyy-MM-dd")
        self.calendar.setSelectedDate(typed if typed.isValid() else QDate.currentDate())

    def text(self) -> str:
        return self.edit.text().strip()

    def value(self) -> str | None:
        """The date text, or None when empty."""
        return self.text() or None

    def setText(self, text: str | None) -> None:
        self.edit.setText(text or "")

    def set_date(self, day: date | None) -> None:
        self.setText(day.isoformat() if day else "")

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)


def save_cancel_buttons(dialog: QDialog, save: Callable[[], object]) -> QDialogButtonBox:
    """Save and Cancel for a form dialog: Save calls ``save``, Cancel rejects the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def group_form(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A titled section holding a form layout with right-aligned labels."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
    return box, form


def row_of(*widgets: QWidget) -> QWidget:
    """Widgets side by side, without margins, to sit in one form row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return holder


def code_combo(items: Iterable[tuple[str, str]], *, blank: str | None = "(not set)") -> QComboBox:
    """A pick list of (code, label) pairs keeping the code as item data; ``blank`` adds an empty choice."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(22)
    if blank is not None:
        combo.addItem(blank, "")
    for code, label in items:
        combo.addItem(label, code)
    return combo


def select_code(combo: QComboBox, code: Any) -> None:
    """Select the entry holding ``code``; an unknown code is added so nothing stored is lost."""
    value = "" if code is None else str(code)
    index = combo.findData(value)
    if index < 0:
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def chosen_code(combo: QComboBox) -> str:
    """The code of the selected entry ("" for the empty choice)."""
    return str(combo.currentData() or "")


def confirm_delete(parent: QWidget, what: str, consequences: str = "") -> bool:
    """Ask before deleting; the safe answer (Cancel) is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Confirm delete", f"Delete {what}?", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(consequences or "The deletion is kept in the audit log.")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class UndoControl(QObject):
    """The "Undo last edit" button and Ctrl+Z of a form, over an ``UndoStack``.

    Args:
        stack: where the form records its saved edits.
        form: the window Ctrl+Z works in.
        restored: called with the record an undo brought back.
        failed: called with the message when an undo is refused.
    """

    def __init__(self, stack: UndoStack, form: QWidget, restored: Callable[[Record], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(form)
        self.stack = stack
        self._restored = restored
        self._failed = failed
        self.button = QPushButton("Undo last edit")
        self.button.setToolTip("Put back what was there before the last save (Ctrl+Z)")
        self.button.clicked.connect(self.undo)
        self.shortcut = QShortcut(QKeySequence.StandardKey.Undo, form)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.undo)
        self.update_state()

    def push(self, before: Record, after: Record, label: str) -> None:
        """Remember an edit just saved."""
        self.stack.push(before, after, label)
        self.update_state()

    def update_state(self) -> None:
        self.button.setEnabled(self.stack.can_undo)
        self.button.setToolTip(f"{self.stack.undo_label} (Ctrl+Z)" if self.stack.can_undo
                               else "Nothing to undo yet")

    def undo(self) -> None:
        """Undo the last edit, or report why it cannot be undone."""
        if not self.stack.can_undo:
            return
        try:
            record = self.stack.undo()
        except UserError as exc:
            self.update_state()
            self._failed(str(exc))
            return
        self.update_state()
        self._restored(record)
