"""Add or edit an action, and add a dated update to one; problems are shown by their fields."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import ActionStatus, PatSide
from jagdesk.domain.records import Action
from jagdesk.services.actions import Progressed, add_action, add_update, update_action
from jagdesk.ui.forms.form_support import ErrorLabels, plain_label, save_cancel_buttons
from jagdesk.ui.views.common import OptionalDateEdit, enum_data, select_data

if TYPE_CHECKING:
    from jagdesk.store import Store

_NONE = "—"


def status_label(status: ActionStatus) -> str:
    return status.value.replace("_", " ").capitalize()


class ActionDialog(QDialog):
    """Who does what by when: owner partner and person, dates, status and what it is linked to."""

    def __init__(self, store: Store, action: Action | None = None, *,
                 hotspot_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._original = action
        self.saved: Action | None = None
        self.errors = ErrorLabels()
        self.setWindowTitle(f"Edit action {action.ref}" if action else "Add an action")
        self.setMinimumWidth(480)
        self._build()
        self._fill(action or Action(title="", owner_partner_id="", hotspot_id=hotspot_id,
                                    started_on=date.today().isoformat()))

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Lighting survey of the riverside path")
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(64)
        self.partner, self.contact, self.status = QComboBox(), QComboBox(), QComboBox()
        self.partner.addItem("Choose a partner…", "")
        for partner in self._store.partners.all():
            self.partner.addItem(partner.name, partner.id)
        for status in ActionStatus:
            self.status.addItem(status_label(status), status)
        self.started_on, self.due_on, self.completed_on = (OptionalDateEdit() for _ in range(3))
        self.hotspot, self.plan, self.pat_side, self.tactic = (QComboBox() for _ in range(4))
        self.hotspot.addItem(_NONE, None)
        for hotspot in self._store.hotspots.all():
            self.hotspot.addItem(f"{hotspot.ref} {hotspot.name}", hotspot.id)
        self.pat_side.addItem(_NONE, None)
        for side in PatSide:
            self.pat_side.addItem(side.value.capitalize(), side)
        self.tactic.addItem(_NONE, None)
        for tactic in self._store.tactics.all():
            self.tactic.addItem(tactic.name, tactic.id)
        self.partner.currentIndexChanged.connect(self._fill_contacts)
        self.hotspot.currentIndexChanged.connect(self._fill_plans)
        self._lay_out()

    def _lay_out(self) -> None:
        wrap = self.errors.wrap
        form = QFormLayout()
        form.addRow("&Title:", wrap(self.title, "title"))
        form.addRow("&Description:", self.description)
        form.addRow("Owner &partner:", wrap(self.partner, "owner_partner_id"))
        form.addRow("Named &contact:", wrap(self.contact, "owner_contact_id"))
        form.addRow("&Status:", self.status)
        form.addRow("Started:", wrap(self.started_on, "started_on"))
        form.addRow("D&ue:", wrap(self.due_on, "due_on"))
        form.addRow("Completed:", wrap(self.completed_on, "completed_on"))
        form.addRow("&Hotspot:", wrap(self.hotspot, "hotspot_id"))
        form.addRow("P&lan:", wrap(self.plan, "plan_id"))
        form.addRow("PAT side:", self.pat_side)
        form.addRow("T&actic:", wrap(self.tactic, "tactic_id"))
        self.general_error = self.errors.general
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def _fill(self, action: Action) -> None:
        self.title.setText(action.title)
        self.description.setPlainText(action.description)
        select_data(self.partner, action.owner_partner_id)
        self._fill_contacts()
        select_data(self.contact, action.owner_contact_id)
        select_data(self.status, action.status)
        self.started_on.set_value(action.started_on)
        self.due_on.set_value(action.due_on)
        self.completed_on.set_value(action.completed_on)
        select_data(self.hotspot, action.hotspot_id)
        self._fill_plans()
        if self._original is not None:
            select_data(self.plan, action.plan_id)
        select_data(self.pat_side, action.pat_side)
        select_data(self.tactic, action.tactic_id)

    def _fill_contacts(self) -> None:
        self.contact.clear()
        self.contact.addItem(_NONE, None)
        partner_id = self.partner.currentData()
        if partner_id:
            for contact in self._store.contacts.for_partner(partner_id):
                spoc = " (SPOC)" if contact.is_spoc and not contact.valid_to else ""
                self.contact.addItem(f"{contact.name}{spoc}", contact.id)

    def _fill_plans(self) -> None:
        """A hotspot has at most one plan; a new action links to it unless told otherwise."""
        self.plan.clear()
        self.plan.addItem(_NONE, None)
        hotspot_id = self.hotspot.currentData()
        plan = self._store.plans.for_hotspot(hotspot_id) if hotspot_id else None
        if plan is not None:
            self.plan.addItem(f"Plan for {self.hotspot.currentText()}", plan.id)
            self.plan.setCurrentIndex(1)

    def action(self) -> Action:
        """The action as the form stands."""
        fields = {
            "title": self.title.text().strip(), "description": self.description.toPlainText(),
            "owner_partner_id": self.partner.currentData() or "",
            "owner_contact_id": self.contact.currentData(),
            "status": enum_data(self.status, ActionStatus) or ActionStatus.OPEN,
            "started_on": self.started_on.value(), "due_on": self.due_on.value(),
            "completed_on": self.completed_on.value(), "hotspot_id": self.hotspot.currentData(),
            "plan_id": self.plan.currentData(), "pat_side": enum_data(self.pat_side, PatSide),
            "tactic_id": self.tactic.currentData(),
        }
        if self._original is None:
            return Action(**fields)
        return dataclasses.replace(self._original, **fields)

    def save(self) -> None:
        saved = self.errors.attempt(
            lambda: add_action(self._store, self.action()) if self._original is None
            else update_action(self._store, self.action()))
        if saved is not None:
            self.saved = saved
            self.accept()

    def edit(self) -> tuple[Action, Action] | None:
        """The action as it was and as saved, once an existing action was saved (for undo)."""
        if self._original is None or self.saved is None:
            return None
        return self._original, self.saved


class UpdateDialog(QDialog):
    """A dated progress note on an action, optionally moving it to another status."""

    def __init__(self, store: Store, action: Action, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._action = action
        self.saved: Progressed | None = None
        self.errors = ErrorLabels()
        self.setWindowTitle(f"Update {action.ref}")
        self.setMinimumWidth(460)
        self._build()

    def _build(self) -> None:
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What happened since the last update")
        self.status = QComboBox()
        self.status.addItem(f"No change ({status_label(self._action.status)})", None)
        for status in ActionStatus:
            if status is not self._action.status:
                self.status.addItem(status_label(status), status)
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["Date", "Status", "Note"])
        self.history.setRootIsDecorated(False)
        self.history.setMaximumHeight(120)
        for update in self._store.action_updates.for_action(self._action.id):
            self.history.addTopLevelItem(QTreeWidgetItem(
                [update.on, status_label(update.status) if update.status else "", update.note]))
        form = QFormLayout()
        form.addRow("Action:", plain_label(f"{self._action.ref} {self._action.title}"))
        form.addRow("&Date:", self.errors.wrap(self.on, "on"))
        form.addRow("&Note:", self.errors.wrap(self.note, "note"))
        form.addRow("&Status:", self.status)
        self.general_error = self.errors.general
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(plain_label("Earlier updates"))
        layout.addWidget(self.history)
        layout.addWidget(self.general_error)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def save(self) -> None:
        saved = self.errors.attempt(lambda: add_update(
            self._store, self._action.id, on=str(self.on.date().toString("yyyy-MM-dd")),
            note=self.note.toPlainText(), status=enum_data(self.status, ActionStatus)))
        if saved is not None:
            self.saved = saved
            self.accept()

    def edit(self) -> tuple[Action, Action] | None:
        """The action before and after, once the saved update changed it (its status, say).

        An update that only adds a note leaves the action as it was, so there is no edit.
        """
        if self.saved is None or self.saved.action.version == self._action.version:
            return None
        return self._action, self.saved.action
