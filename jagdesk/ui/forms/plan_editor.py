"""The problem-solving plan of a hotspot, stage by stage (OSARA), and its closure evaluation.

A plan cannot be closed without saying what the outcome was, what worked, what did not and
when to check the improvement has lasted: the closing dialog refuses, field by field, until
each is there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import PlanStatus
from jagdesk.domain.records import Plan, Record, Response
from jagdesk.errors import UserError
from jagdesk.services.plans import (
    ClosureEvaluation,
    close_plan,
    link_priorities,
    open_plan_for_viewing,
    reopen_plan,
    save_plan,
)
from jagdesk.services.undo import UndoStack
from jagdesk.ui.forms.form_support import (
    DateField,
    ErrorLabels,
    UndoControl,
    chosen_code,
    code_combo,
    group_form,
    note_label,
    plain_label,
    select_code,
    text_box,
)
from jagdesk.ui.forms.pat_triangle import PatTriangle
from jagdesk.ui.forms.priority_tree import PriorityTree
from jagdesk.ui.forms.responses_panel import ResponsesPanel

if TYPE_CHECKING:
    from jagdesk.store import Store

# Plan field, tab it is on, label, hint.
STAGE_FIELDS = (
    ("objective", "Objective", "What should be different, for whom, by when?"),
    ("scanning", "Scanning", "What is the problem? Calls, incidents, who reported it, since when."),
    ("analysis", "Analysis", "Why does it happen here? Times, places, people, conditions."),
    ("response", "Response", "What the partnership has agreed to do, and why it should work."),
    ("assessment", "Assessment", "Did it work? Before and after figures, displacement, feedback."),
)


class PlanEditor(QDialog):
    """Edit the plan of one hotspot (a new plan is created on the first save).

    On a database open read-only the plan is shown for reading, with nothing that changes it.

    Signals:
        saved(str): the plan or one of its responses changed (the hotspot id).
    """

    saved = Signal(str)

    def __init__(self, store: Store, hotspot_id: str, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.hotspot = store.hotspots.get(hotspot_id)
        self.plan = open_plan_for_viewing(store, hotspot_id) or Plan(hotspot_id=hotspot_id)
        self.close_dialog: ClosePlanDialog | None = None
        self.errors = ErrorLabels()
        self.undo = UndoControl(UndoStack(store), self, self._restored, self.errors.show_message)
        self.read_only = store.read_only
        title = f"Plan for {self.hotspot.ref} — {self.hotspot.name}"
        self.setWindowTitle(title + (" (read-only)" if self.read_only else ""))
        self._build()
        self._fill(self.plan)
        if self.read_only:
            self._show_read_only()

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.texts: dict[str, QPlainTextEdit] = {}
        self.tabs = QTabWidget()
        for name, title, hint in STAGE_FIELDS:
            self.tabs.addTab(self._stage_tab(name, hint), title)
        self.tabs.addTab(self._priorities_tab(), "Priorities")
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self.errors.general)
        self.read_only_note = note_label("This database is open read-only: the plan can be read "
                                         "but not changed.")
        self.read_only_note.hide()
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons())
        self.resize(980, 760)

    def _header(self) -> QHBoxLayout:
        self.status = code_combo(((s.value, s.value.capitalize()) for s in
                                  (PlanStatus.DRAFT, PlanStatus.ACTIVE)), blank=None)
        self.status.setMinimumContentsLength(10)
        self.status_note = plain_label()
        row = QHBoxLayout()
        title = plain_label(f"{self.hotspot.ref}  {self.hotspot.name}", wrap=False)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(self.status_note)
        row.addWidget(self.errors.wrap(self.status, "status"))
        return row

    def _stage_tab(self, name: str, hint: str) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.texts[name] = text_box(hint, lines=5)
        column.addWidget(self.errors.wrap(self.texts[name], name))
        if name in ("analysis", "response"):  # the triangle and the table need the room
            self.texts[name].setMaximumHeight(self.texts[name].minimumHeight())
        if name == "analysis":
            column.addWidget(note_label("Problem Analysis Triangle: the three sides of the problem, "
                                        "and outside each, who can influence it."))
            self.triangle = PatTriangle()
            column.addWidget(self.triangle, 1)
            self.texts.update(self.triangle.boxes)
        elif name == "response":
            self.responses = ResponsesPanel(self.store, undo=self.undo, today=self.today)
            self.responses.changed.connect(lambda: self.saved.emit(self.hotspot.id))
            column.addWidget(self.responses, 1)
        elif name == "assessment":
            column.addWidget(self._measures_box())
            column.addWidget(self._closure_box())
            column.addStretch(1)
        else:
            column.addStretch(1)
        return tab

    def _measures_box(self) -> QWidget:
        box, form = group_form("Measuring success")
        for name, label, hint in (
                ("success_measures", "Success &measures:",
                 "e.g. ASB calls within 200 m down by a third on the same months last year"),
                ("evidence_basis", "&Evidence basis:",
                 "Why these responses: College of Policing toolkit, past results, partner data")):
            self.texts[name] = text_box(hint, lines=3)
            form.addRow(label, self.errors.wrap(self.texts[name], name))
        return box

    def _closure_box(self) -> QWidget:
        self.closure, form = group_form("Closure evaluation")
        self.closure_labels: dict[str, Any] = {}
        for name, label in (("closed_on", "Closed on:"), ("closure_outcome", "Outcome:"),
                            ("closure_what_worked", "What worked:"),
                            ("closure_what_did_not", "What did not:"),
                            ("sustainability_check_on", "Sustainability check:")):
            self.closure_labels[name] = plain_label()
            form.addRow(label, self.closure_labels[name])
        return self.closure

    def _priorities_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(note_label("Tick the Police and Crime Plan priorities this plan serves."))
        self.priorities = PriorityTree(self.store)
        column.addWidget(self.errors.wrap(self.priorities, "framework_items"), 1)
        return tab

    def _buttons(self) -> QHBoxLayout:
        self.close_plan_button = QPushButton("Close plan…")
        self.close_plan_button.setToolTip("Record the closure evaluation and close the plan")
        self.close_plan_button.clicked.connect(self.start_closing)
        self.reopen_button = QPushButton("Reopen plan")
        self.reopen_button.clicked.connect(self.reopen)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.done_button = QPushButton("Close")
        self.done_button.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.undo.button)
        row.addStretch(1)
        for button in (self.close_plan_button, self.reopen_button, self.save_button,
                       self.done_button):
            row.addWidget(button)
        return row

    def _show_read_only(self) -> None:
        self.read_only_note.show()
        for box in self.texts.values():
            box.setReadOnly(True)
        self.status.setEnabled(False)
        self.priorities.set_read_only(True)
        self.responses.set_read_only(True)
        for button in (self.undo.button, self.close_plan_button, self.reopen_button,
                       self.save_button):
            button.hide()
        self.done_button.setDefault(True)

    # --- showing ----------------------------------------------------------------------------
    def _fill(self, plan: Plan) -> None:
        self.plan = plan
        for name, box in self.texts.items():
            box.setPlainText(getattr(plan, name))
        self._show_state()
        saved = plan.version > 0
        self.priorities.set_checked(self.store.plans.framework_item_ids(plan.id) if saved else [])
        self.responses.set_plan(plan.id if saved else None)

    def _show_state(self) -> None:
        plan = self.plan
        closed = plan.status is PlanStatus.CLOSED
        self.status.setVisible(not closed)
        if not closed:
            select_code(self.status, plan.status.value)
        self.status_note.setText(f"Closed on {plan.closed_on}" if closed else
                                 ("Status:" if plan.version else "New plan — status:"))
        self.close_plan_button.setVisible(not closed and not self.read_only)
        self.reopen_button.setVisible(closed and not self.read_only)
        self.closure.setVisible(bool(plan.closure_outcome))
        for name, label in self.closure_labels.items():
            label.setText(getattr(plan, name) or "—")

    # --- saving -----------------------------------------------------------------------------
    def record(self) -> Plan:
        """The plan as the form now describes it (not saved)."""
        texts: dict[str, Any] = {name: box.toPlainText().strip() for name, box in self.texts.items()}
        status = (self.plan.status if self.plan.status is PlanStatus.CLOSED
                  else PlanStatus(chosen_code(self.status)))
        return dataclasses.replace(self.plan, status=status, **texts)

    def save(self) -> bool:
        """Save the plan and its priorities together; returns whether it was saved."""
        before = self.plan
        wanted_links = self.priorities.checked_ids()

        def store_plan() -> Plan:
            with self.store.atomic():
                saved = save_plan(self.store, self.record(), today=self.today())
                if before.version == 0 or wanted_links != self.store.plans.framework_item_ids(saved.id):
                    link_priorities(self.store, saved.id, wanted_links)
            return saved

        saved = self.errors.attempt(store_plan)
        if saved is None:
            return False
        self._after_save(before, saved, "Undo edit of the plan")
        return True

    def _after_save(self, before: Plan, saved: Plan, label: str) -> None:
        self.errors.clear()
        if before.version > 0:
            self.undo.push(before, saved, label)
        self.plan = saved
        self._show_state()
        self.responses.set_plan(saved.id)
        self.saved.emit(self.hotspot.id)

    def start_closing(self) -> None:
        """Save what is on the form, then ask for the closure evaluation."""
        if not self.save():
            return
        self.close_dialog = ClosePlanDialog(self.store, self.plan.id, today=self.today, parent=self)
        self.close_dialog.accepted.connect(self._closed)
        self.close_dialog.open()

    def _closed(self) -> None:
        assert self.close_dialog is not None
        assert self.close_dialog.saved is not None
        self._after_save(self.plan, self.close_dialog.saved, "Undo closing the plan")

    def reopen(self) -> None:
        before = self.plan
        try:
            reopened = reopen_plan(self.store, before.id)
        except UserError as exc:
            self.errors.show_message(str(exc))
            return
        self._after_save(before, reopened, "Undo reopening the plan")

    def _restored(self, record: Record) -> None:
        self.errors.clear()
        if isinstance(record, Plan):
            self._fill(record)
        elif isinstance(record, Response):
            self.responses.refresh()
        self.saved.emit(self.hotspot.id)


class ClosePlanDialog(QDialog):
    """Ask for the closure evaluation; closing is refused, field by field, until it is complete."""

    def __init__(self, store: Store, plan_id: str, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.plan_id = plan_id
        self.today = today
        self.saved: Plan | None = None
        self.errors = ErrorLabels()
        self.setWindowTitle("Close the plan")
        self.outcome = text_box("What changed for the people and the place?", lines=3)
        self.what_worked = text_box("Which responses made the difference?", lines=3)
        self.what_did_not = text_box("What did not work, or 'nothing'", lines=3)
        self.check_on = DateField()
        form = QFormLayout()
        form.addRow(note_label("Every part is needed: an honest evaluation is how the next JAG "
                               "learns from this one."))
        form.addRow("&Outcome:", self.errors.wrap(self.outcome, "closure_outcome"))
        form.addRow("What &worked:", self.errors.wrap(self.what_worked, "closure_what_worked"))
        form.addRow("What did &not:", self.errors.wrap(self.what_did_not, "closure_what_did_not"))
        form.addRow("&Sustainability check on:",
                    self.errors.wrap(self.check_on, "sustainability_check_on", "closed_on"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton("Close plan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 480)

    def evaluation(self) -> ClosureEvaluation:
        return ClosureEvaluation(outcome=self.outcome.toPlainText(),
                                 what_worked=self.what_worked.toPlainText(),
                                 what_did_not=self.what_did_not.toPlainText(),
                                 sustainability_check_on=self.check_on.value())

    def save(self) -> None:
        saved = self.errors.attempt(
            lambda: close_plan(self.store, self.plan_id, self.evaluation(), today=self.today()))
        if saved is not None:
            self.saved = saved
            self.accept()
