"""A plan's responses and powers: what is being done, since when, and when a power lapses.

Powers on a statutory clock (a dispersal direction lasts 48 hours, a closure order three months,
a PSPO three years) are coloured as they near their end, using ``lapsing_powers``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.records import Response, Tactic
from jagdesk.domain.rules import parse_day
from jagdesk.services.responses import (
    LapsingPower,
    add_response,
    delete_response,
    lapsing_powers,
    update_response,
)
from jagdesk.ui.forms.form_support import (
    DateField,
    ErrorLabels,
    UndoControl,
    chosen_code,
    code_combo,
    confirm_delete,
    note_label,
    save_cancel_buttons,
    select_code,
)

if TYPE_CHECKING:
    from jagdesk.store import Store

EXPIRED = QColor("#ffcdd2")
LAPSING = QColor("#ffe0b2")
COLUMNS = ("Tactic or power", "Start", "Expiry", "Days left", "Details")


class ResponseDialog(QDialog):
    """Add or edit one response: a tactic from the catalogue, its start and its expiry.

    The expiry follows the tactic's statutory clock until the officer types another date.
    """

    def __init__(self, store: Store, plan_id: str, response: Response | None = None, *,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.plan_id = plan_id
        self.response = response
        self.saved: Response | None = None
        self._tactics = {t.id: t for t in store.tactics.all()}
        self._auto_expiry = ""
        self.errors = ErrorLabels()
        self.setWindowTitle("Edit response" if response else "Add a response")
        self._build()
        self._fill(response, today())

    def _build(self) -> None:
        ordered = sorted(self._tactics.values(), key=lambda t: (t.kind != "power", t.name.lower()))
        self.tactic = code_combo(((t.id, _tactic_label(t)) for t in ordered),
                                 blank="(choose a tactic or power)")
        self.tactic.setMaxVisibleItems(20)
        self.clock_note = note_label("")
        self.started_on, self.expires_on = DateField(), DateField()
        self.details = QLineEdit()
        self.details.setPlaceholderText("e.g. Dispersal authorised by Insp. Khan, Haymarket to Clock Tower")
        form = QFormLayout()
        form.addRow("&Tactic or power:", self.errors.wrap(self.tactic, "tactic_id"))
        form.addRow("", self.clock_note)
        form.addRow("&Start:", self.errors.wrap(self.started_on, "started_on"))
        form.addRow("&Expiry:", self.errors.wrap(self.expires_on, "expires_on"))
        form.addRow("&Details:", self.errors.wrap(self.details, "description"))
        self.buttons = save_cancel_buttons(self, self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 300)
        self.tactic.currentIndexChanged.connect(self._follow_clock)
        self.started_on.changed.connect(self._follow_clock)

    def _fill(self, response: Response | None, today: date) -> None:
        if response is None:
            self.started_on.set_date(today)
        else:
            select_code(self.tactic, response.tactic_id)
            self.started_on.setText(response.started_on)
            self.expires_on.setText(response.expires_on)
            self.details.setText(response.description)
        self._follow_clock()

    def _follow_clock(self) -> None:
        """Explain the chosen tactic's clock, and keep an untouched expiry at its end."""
        tactic = self._tactics.get(chosen_code(self.tactic))
        self.clock_note.setText(_clock_text(tactic))
        if self.expires_on.text() not in ("", self._auto_expiry):
            return  # typed by the officer: leave it alone
        start = parse_day(self.started_on.text())
        limit = (start + timedelta(days=tactic.max_duration_days)
                 if tactic and tactic.max_duration_days is not None and start else None)
        self._auto_expiry = limit.isoformat() if limit else ""
        self.expires_on.setText(self._auto_expiry)

    def record(self) -> Response:
        base = self.response or Response(plan_id=self.plan_id, tactic_id="")
        return dataclasses.replace(base, tactic_id=chosen_code(self.tactic),
                                   started_on=self.started_on.value(),
                                   expires_on=self.expires_on.value(),
                                   description=self.details.text().strip())

    def save(self) -> None:
        """Validate and save; on problems, show each by its field and stay open."""
        saved = self.errors.attempt(
            lambda: add_response(self.store, self.record()) if self.response is None
            else update_response(self.store, self.record()))
        if saved is not None:
            self.saved = saved
            self.accept()


class ResponsesPanel(QWidget):
    """The responses of one plan in a table, with add, edit and delete.

    Args:
        undo: the plan form's undo, so one "Undo last edit" covers the plan and its responses.

    Signals:
        changed(): a response was added, edited or deleted.
    """

    changed = Signal()

    def __init__(self, store: Store, *, undo: UndoControl | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo = undo
        self.today = today
        self.plan_id: str | None = None
        self.read_only = False
        self.dialog: ResponseDialog | None = None
        self._rows: list[Response] = []
        self._build()
        self.set_plan(None)

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.edit_selected)
        self.add_button = QPushButton("Add response…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.hint = note_label("")
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(row)

    def set_read_only(self, read_only: bool) -> None:
        """List the responses without the buttons that change them."""
        self.read_only = read_only
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(not read_only)
        self.refresh()

    def set_plan(self, plan_id: str | None) -> None:
        """Show a plan's responses; None (a plan not saved yet) disables the panel."""
        self.plan_id = plan_id
        self.add_button.setEnabled(plan_id is not None)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the responses and their lapsing state."""
        self._rows = self.store.responses.for_plan(self.plan_id) if self.plan_id else []
        today = self.today()
        lapsing = {p.response.id: p for p in lapsing_powers(self.store, today)}
        tactics = {t.id: t for t in self.store.tactics.all()}
        self.table.setRowCount(len(self._rows))
        for row, response in enumerate(self._rows):
            tactic = tactics.get(response.tactic_id)
            cells = (tactic.name if tactic else "(unknown tactic)", response.started_on or "",
                     response.expires_on or "", _days_left(response, today),
                     response.description)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, _cell(text, lapsing.get(response.id)))
        self.hint.setText(self._hint(lapsing))
        has_rows = bool(self._rows)
        self.edit_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)

    def _hint(self, lapsing: dict[str, LapsingPower]) -> str:
        if self.plan_id is None:
            return "No plan has been saved yet." if self.read_only else \
                "Save the plan to add responses."
        ours = [lapsing[r.id] for r in self._rows if r.id in lapsing]
        expired = sum(1 for p in ours if p.expired)
        if not ours:
            return "No power here is near the end of its statutory clock."
        parts = [f"{count} {'power' if count == 1 else 'powers'} {what}" for count, what in
                 ((len(ours) - expired, "lapsing within 28 days"), (expired, "expired")) if count]
        them = "it" if len(ours) == 1 else "them"
        return f"{' and '.join(parts)}: renew {them} or record what replaces {them}."

    def selected(self) -> Response | None:
        row = self.table.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- commands ---------------------------------------------------------------------------
    def add(self) -> None:
        if self.plan_id is not None and not self.read_only:
            self._open_dialog(None)

    def edit_selected(self) -> None:
        response = self.selected()
        if response is not None and not self.read_only:
            self._open_dialog(response)

    def _open_dialog(self, response: Response | None) -> None:
        assert self.plan_id is not None
        self.dialog = ResponseDialog(self.store, self.plan_id, response, today=self.today,
                                     parent=self)
        self.dialog.accepted.connect(lambda d=self.dialog, before=response: self._saved(d, before))
        self.dialog.open()

    def _saved(self, dialog: ResponseDialog, before: Response | None) -> None:
        if before is not None and dialog.saved is not None and self.undo is not None:
            self.undo.push(before, dialog.saved, "Undo edit of a response")
        self.refresh()
        self.changed.emit()

    def delete_selected(self) -> None:
        response = self.selected()
        if response is None or self.read_only:
            return
        cell = self.table.item(self.table.currentRow(), 0)
        name = cell.text() if cell is not None else "response"
        if not confirm_delete(self, f"the response “{name}”"):
            return
        delete_response(self.store, response.id)
        self.refresh()
        self.changed.emit()


def _tactic_label(tactic: Tactic) -> str:
    kind = "Power" if tactic.kind == "power" else "Tactic"
    return f"{tactic.name} ({kind})"


def _clock_text(tactic: Tactic | None) -> str:
    if tactic is None:
        return "Choose from the catalogue of tactics and powers."
    law = f" under {tactic.legislation}" if tactic.legislation else ""
    if tactic.max_duration_days is not None:
        return (f"Statutory clock: at most {tactic.max_duration_days} days{law}; "
                "the expiry is set to its end unless you enter an earlier date.")
    if tactic.kind == "power":
        return f"A power{law}: enter its expiry if it has one, so its lapse is flagged."
    return "No statutory clock."


def _days_left(response: Response, today: date) -> str:
    expiry = parse_day(response.expires_on)
    if expiry is None:
        return "—"
    days = (expiry - today).days
    if days < 0:
        return f"expired {-days} day(s) ago"
    return "expires today" if days == 0 else f"{days} day(s)"


def _cell(text: str, lapsing: LapsingPower | None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if lapsing is not None:
        item.setBackground(QBrush(EXPIRED if lapsing.expired else LAPSING))
        item.setToolTip("Expired" if lapsing.expired else f"Lapses in {lapsing.days_left} day(s)")
    return item
