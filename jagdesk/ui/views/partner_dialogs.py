"""Forms for an agency, one of its people, and handing over the single point of contact."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import AreaKind
from jagdesk.domain.records import Contact, Partner
from jagdesk.services.partners import (
    add_contact,
    add_partner,
    set_spoc,
    update_contact,
    update_partner,
)
from jagdesk.ui.forms.form_support import ErrorLabels, plain_label, save_cancel_buttons
from jagdesk.ui.views.common import OptionalDateEdit, select_data, to_date

if TYPE_CHECKING:
    from jagdesk.store import Store

PARTNER_WIDE = "Partner-wide (all areas)"


class _Form(QDialog):
    """A dialog whose Save runs ``_save`` and shows any problems inline."""

    def __init__(self, store: Store, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._store = store
        self.errors = ErrorLabels()
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.general_error = self.errors.general

    def _finish_layout(self, form: QFormLayout) -> None:
        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.errors.attempt(self._save) is not None:
            self.accept()

    def _save(self) -> object:
        """Save the record through its service and return it as saved."""
        raise NotImplementedError


class PartnerDialog(_Form):
    """An agency: its name, type and what it does."""

    def __init__(self, store: Store, partner: Partner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, f"Edit {partner.name}" if partner else "Add a partner", parent)
        self._original = partner
        self.saved: Partner | None = None
        self.name = QLineEdit(partner.name if partner else "")
        self.partner_type = QComboBox()
        self.partner_type.addItem("Choose a type…", "")
        for item in store.lookups.items("partner_type"):
            self.partner_type.addItem(item.label, item.code)
        select_data(self.partner_type, partner.partner_type if partner else "")
        self.description = QPlainTextEdit(partner.description if partner else "")
        self.description.setFixedHeight(72)
        form = QFormLayout()
        form.addRow("&Name:", self.errors.wrap(self.name, "name"))
        form.addRow("&Type:", self.errors.wrap(self.partner_type, "partner_type"))
        form.addRow("&Description:", self.description)
        self._finish_layout(form)

    def _save(self) -> object:
        fields: dict[str, Any] = {
            "name": self.name.text(), "partner_type": self.partner_type.currentData() or "",
            "description": self.description.toPlainText()}
        if self._original is None:
            self.saved = add_partner(self._store, Partner(**fields))
        else:
            self.saved = update_partner(self._store, dataclasses.replace(self._original, **fields))
        return self.saved

    def edit(self) -> tuple[Partner, Partner] | None:
        """The agency as it was and as saved, once an existing one was saved (for undo)."""
        if self._original is None or self.saved is None:
            return None
        return self._original, self.saved


class ContactDialog(_Form):
    """A person at an agency, and whether (and when) they are its single point of contact."""

    def __init__(self, store: Store, partner_id: str, contact: Contact | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, "Edit contact" if contact else "Add a contact", parent)
        self._original = contact
        self._partner_id = partner_id
        self.saved: Contact | None = None
        self._build()
        self._fill(contact or Contact(partner_id=partner_id, name=""))

    def _build(self) -> None:
        self.name, self.role, self.email, self.phone = (QLineEdit() for _ in range(4))
        self.name.setPlaceholderText("A name or a post, e.g. Neighbourhood Sergeant, City Centre")
        self.area = QComboBox()
        self.area.addItem(PARTNER_WIDE, None)
        for kind in (AreaKind.LOCAL_AUTHORITY, AreaKind.WARD):
            for area in self._store.areas.of_kind(kind):
                self.area.addItem(area.name, area.id)
        self.is_spoc = QCheckBox("Single point of contact for this partner and area")
        self.valid_from, self.valid_to = OptionalDateEdit(), OptionalDateEdit()
        wrap = self.errors.wrap
        form = QFormLayout()
        form.addRow("&Name:", wrap(self.name, "name"))
        form.addRow("&Role:", self.role)
        form.addRow("&Email:", wrap(self.email, "email"))
        form.addRow("&Phone:", self.phone)
        form.addRow("&Area:", wrap(self.area, "area_id"))
        form.addRow("", wrap(self.is_spoc, "partner_id"))
        form.addRow("SPOC &from:", wrap(self.valid_from, "valid_from"))
        form.addRow("SPOC &to:", wrap(self.valid_to, "valid_to"))
        self._finish_layout(form)

    def _fill(self, contact: Contact) -> None:
        self.name.setText(contact.name)
        self.role.setText(contact.role)
        self.email.setText(contact.email)
        self.phone.setText(contact.phone)
        select_data(self.area, contact.area_id)
        self.is_spoc.setChecked(contact.is_spoc)
        self.valid_from.set_value(contact.valid_from)
        self.valid_to.set_value(contact.valid_to)

    def _save(self) -> object:
        fields = {"name": self.name.text().strip(), "role": self.role.text().strip(),
                  "email": self.email.text().strip(), "phone": self.phone.text().strip(),
                  "area_id": self.area.currentData(), "is_spoc": self.is_spoc.isChecked(),
                  "valid_from": self.valid_from.value(), "valid_to": self.valid_to.value()}
        if self._original is None:
            self.saved = add_contact(self._store, Contact(partner_id=self._partner_id, **fields))
        else:
            self.saved = update_contact(self._store, dataclasses.replace(self._original, **fields))
        return self.saved

    def edit(self) -> tuple[Contact, Contact] | None:
        """The person as they were and as saved, once an existing one was saved (for undo)."""
        if self._original is None or self.saved is None:
            return None
        return self._original, self.saved


class SpocDialog(_Form):
    """Make a person the single point of contact from a date; the previous one's term ends."""

    def __init__(self, store: Store, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(store, "Make single point of contact", parent)
        self._contact = contact
        self.saved: Contact | None = None
        self.starts = QDateEdit(QDate.currentDate())
        self.starts.setCalendarPopup(True)
        self.starts.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow("Contact:", plain_label(contact.name))
        form.addRow("&From:", self.errors.wrap(self.starts, "valid_from"))
        form.addRow("", plain_label("The current single point of contact for the same partner "
                                    "and area stays in the history, ending the day before."))
        self._finish_layout(form)

    def start_day(self) -> date:
        return to_date(self.starts.date())

    def _save(self) -> object:
        self.saved = set_spoc(self._store, self._contact.id, self.start_day())
        return self.saved
