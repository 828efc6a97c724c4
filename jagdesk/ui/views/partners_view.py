"""The partner directory: agencies by type, their people, and who is the single point of contact.

A banner at the top lists every hotspot whose lead partner, or an action's owner, has no
current single point of contact, so a lost contact cannot go unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.records import Partner
from jagdesk.errors import UserError
from jagdesk.services.partners import (
    delete_contact,
    delete_partner,
    hotspots_missing_contact,
    spoc_history,
)
from jagdesk.ui.forms.form_support import ERROR_STYLE, plain_label
from jagdesk.ui.views import common
from jagdesk.ui.views.common import FINISHED_COLOUR, WARNING_COLOUR, WARNING_STYLE, bold_font
from jagdesk.ui.views.partner_dialogs import (
    PARTNER_WIDE,
    ContactDialog,
    PartnerDialog,
    SpocDialog,
)
from jagdesk.ui.views.view_undo import ViewUndo

if TYPE_CHECKING:
    from jagdesk.domain.records import Contact, Record
    from jagdesk.store import Store

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Dialog = TypeVar("_Dialog", PartnerDialog, ContactDialog, SpocDialog)


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(len(headers) == 1)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.header().setStretchLastSection(False)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return tree


def _select(tree: QTreeWidget, record_id: str) -> bool:
    """Make the item holding this record id current; False when there is none."""
    everything = tree.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
    found = next((item for item in everything if item.data(0, ID_ROLE) == record_id), None)
    if found is not None:
        tree.setCurrentItem(found)
    return found is not None


class PartnersView(QWidget):
    """Agencies and their people, with SPOC hand-over and the missing-contact warning.

    Signals:
        changed(): a partner or contact was added, edited or deleted.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.today = date.today()
        self._areas: dict[str, str] = {}
        self._missing: set[str] = set()
        self.undo = ViewUndo(self, self._restored, self._show_message)
        self._build()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.warning = plain_label()
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.partners = _tree(["Partner"])
        self.partners.currentItemChanged.connect(lambda *_: self._show_partner())
        self.contacts = _tree(["Name", "Area", "SPOC", "From", "To"])
        self.contacts.currentItemChanged.connect(lambda *_: self._show_contact())
        self.contacts.itemDoubleClicked.connect(lambda *_: self.edit_contact())
        self.history = _tree(["Name", "From", "To"])
        self.history_title = QLabel("Single point of contact history")
        self.history_title.setFont(bold_font())
        self.partner_title = plain_label()
        self.partner_title.setFont(bold_font())
        self.message = plain_label()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._left_panel())
        splitter.addWidget(self._right_panel())
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.warning)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.undo.button)
        layout.addLayout(bottom)

    def _left_panel(self) -> QWidget:
        self.add_partner_button = QPushButton("Add…")
        self.edit_partner_button = QPushButton("Edit…")
        self.delete_partner_button = QPushButton("Delete")
        self.add_partner_button.clicked.connect(self.add_partner)
        self.edit_partner_button.clicked.connect(self.edit_partner)
        self.delete_partner_button.clicked.connect(self.delete_partner)
        return self._panel(self.partners, [self.add_partner_button, self.edit_partner_button,
                                           self.delete_partner_button])

    def _right_panel(self) -> QWidget:
        self.add_contact_button = QPushButton("Add person…")
        self.edit_contact_button = QPushButton("Edit…")
        self.spoc_button = QPushButton("Make SPOC…")
        self.delete_contact_button = QPushButton("Delete")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.spoc_button.clicked.connect(self.make_spoc)
        self.delete_contact_button.clicked.connect(self.delete_contact)
        panel = self._panel(self.contacts, [self.add_contact_button, self.edit_contact_button,
                                            self.spoc_button, self.delete_contact_button])
        layout = panel.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.partner_title)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history)
        self.history.setMaximumHeight(130)
        return panel

    @staticmethod
    def _panel(main: QWidget, buttons: list[QPushButton]) -> QWidget:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main, 1)
        layout.addLayout(row)
        return panel

    # --- data -----------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        """Show the directory of a newly opened database (or nothing)."""
        self.store = store
        self.undo.use_store(store)
        self.reload()

    def reload(self) -> None:
        """Read partners, people and warnings again, keeping the selection."""
        partner_id, contact_id = self.selected_partner_id(), self.selected_contact_id()
        self.partners.clear()
        self._areas = {}
        if self.store is not None:
            self._areas = {a.id: a.name for a in self.store.areas.all()}
            self._fill_partners(self.store)
        self._show_warning()
        self._flag_missing()
        if partner_id:
            self.select_partner(partner_id)
        self._show_partner()
        if contact_id:
            _select(self.contacts, contact_id)  # gone when it was just deleted

    def _fill_partners(self, store: Store) -> None:
        labels = {item.code: item.label for item in store.lookups.items("partner_type")}
        groups: dict[str, QTreeWidgetItem] = {}
        for partner in sorted(store.partners.all(),
                              key=lambda p: (labels.get(p.partner_type, p.partner_type), p.name)):
            label = labels.get(partner.partner_type, partner.partner_type)
            group = groups.get(label)
            if group is None:
                group = groups[label] = QTreeWidgetItem([label])
                group.setFont(0, bold_font())
                group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.partners.addTopLevelItem(group)
            item = QTreeWidgetItem(group, [partner.name])
            item.setData(0, ID_ROLE, partner.id)
            item.setToolTip(0, partner.description or partner.name)
        self.partners.expandAll()

    def _show_warning(self) -> None:
        missing = hotspots_missing_contact(self.store, self.today) if self.store else []
        self._missing = {m.partner_id for m in missing}
        lines = [f"• {m.message}" for m in missing]
        self.warning.setText("No current single point of contact:\n" + "\n".join(lines))
        self.warning.setVisible(bool(missing))

    def _flag_missing(self) -> None:
        """Mark the agencies the warning names, so they can be found in the tree."""
        items = self.partners.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
        for item in items:
            if item.data(0, ID_ROLE) in self._missing:
                item.setText(0, f"⚠ {item.text(0)}")
                item.setForeground(0, QBrush(WARNING_COLOUR))
                item.setToolTip(0, "No current single point of contact where it has work")

    def _show_partner(self) -> None:
        partner = self.selected_partner()
        self.contacts.clear()
        self.partner_title.setText(partner.name if partner else "Choose a partner")
        if partner is not None and self.store is not None:
            for contact in self.store.contacts.for_partner(partner.id):
                self.contacts.addTopLevelItem(self._contact_item(contact))
        self._show_contact()

    def _contact_item(self, contact: Contact) -> QTreeWidgetItem:
        current = self._is_current(contact)
        item = QTreeWidgetItem([contact.name, self._area_name(contact.area_id),
                                "current" if current else ("former" if contact.is_spoc else ""),
                                contact.valid_from or "" if contact.is_spoc else "",
                                contact.valid_to or "" if contact.is_spoc else ""])
        item.setData(0, ID_ROLE, contact.id)
        item.setToolTip(0, "\n".join(x for x in (contact.name, contact.role, contact.email,
                                                contact.phone) if x))
        if current:
            item.setFont(2, bold_font())
        elif contact.is_spoc:
            item.setForeground(2, QBrush(FINISHED_COLOUR))
        return item

    def _is_current(self, contact: Contact) -> bool:
        today = self.today.isoformat()
        return (contact.is_spoc and (contact.valid_from or "") <= today
                and (contact.valid_to is None or contact.valid_to >= today))

    def _area_name(self, area_id: str | None) -> str:
        return self._areas.get(area_id, "") if area_id else PARTNER_WIDE

    def _show_contact(self) -> None:
        contact = self.selected_contact()
        partner = self.selected_partner()
        self.history.clear()
        if partner is not None and self.store is not None:
            area_id = contact.area_id if contact else None
            self.history_title.setText("Single point of contact history: "
                                       f"{self._area_name(area_id)}")
            for spoc in spoc_history(self.store, partner.id, area_id):
                item = QTreeWidgetItem([spoc.name, spoc.valid_from or "", spoc.valid_to or ""])
                if self._is_current(spoc):
                    item.setFont(0, bold_font())
                self.history.addTopLevelItem(item)
        self._enable_buttons(partner, contact)

    def _enable_buttons(self, partner: Partner | None, contact: Contact | None) -> None:
        writable = self.store is not None and not self.store.read_only
        self.add_partner_button.setEnabled(writable)
        for button in (self.edit_partner_button, self.delete_partner_button,
                       self.add_contact_button):
            button.setEnabled(partner is not None and writable)
        for button in (self.edit_contact_button, self.spoc_button, self.delete_contact_button):
            button.setEnabled(contact is not None and writable)

    # --- selection ------------------------------------------------------------------------
    def selected_partner_id(self) -> str | None:
        item = self.partners.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def selected_contact_id(self) -> str | None:
        item = self.contacts.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def selected_partner(self) -> Partner | None:
        partner_id = self.selected_partner_id()
        return self.store.partners.get(partner_id) if partner_id and self.store else None

    def selected_contact(self) -> Contact | None:
        contact_id = self.selected_contact_id()
        return self.store.contacts.get(contact_id) if contact_id and self.store else None

    def select_partner(self, partner_id: str) -> bool:
        return _select(self.partners, partner_id)

    def select_contact(self, contact_id: str) -> bool:
        if self.store is None:
            return False
        self.select_partner(self.store.contacts.get(contact_id).partner_id)
        return _select(self.contacts, contact_id)

    # --- commands -------------------------------------------------------------------------
    def add_partner(self) -> PartnerDialog | None:
        if self.store is None:
            return None
        return self._open(PartnerDialog(self.store, parent=self))

    def edit_partner(self) -> PartnerDialog | None:
        partner = self.selected_partner()
        if self.store is None or partner is None:
            return None
        return self._open(PartnerDialog(self.store, partner, parent=self))

    def add_contact(self) -> ContactDialog | None:
        partner_id = self.selected_partner_id()
        if self.store is None or partner_id is None:
            return None
        return self._open(ContactDialog(self.store, partner_id, parent=self))

    def edit_contact(self) -> ContactDialog | None:
        contact = self.selected_contact()
        if self.store is None or contact is None:
            return None
        return self._open(ContactDialog(self.store, contact.partner_id, contact, parent=self))

    def make_spoc(self) -> SpocDialog | None:
        contact = self.selected_contact()
        if self.store is None or contact is None:
            return None
        return self._open(SpocDialog(self.store, contact, parent=self))

    def _open(self, dialog: _Dialog) -> _Dialog:
        dialog.accepted.connect(lambda: self._on_saved(dialog))
        dialog.open()
        return dialog

    def _on_saved(self, dialog: PartnerDialog | ContactDialog | SpocDialog) -> None:
        if isinstance(dialog, PartnerDialog) and (edit := dialog.edit()) is not None:
            self.undo.push(*edit, f"Undo edit of {edit[0].name}")
        elif isinstance(dialog, ContactDialog) and (change := dialog.edit()) is not None:
            self.undo.push(*change, f"Undo edit of {change[0].name}")
        self.message.hide()
        self.reload()
        if isinstance(dialog, PartnerDialog) and dialog.saved is not None:
            self.select_partner(dialog.saved.id)
        elif isinstance(dialog, ContactDialog | SpocDialog) and dialog.saved is not None:
            self.select_contact(dialog.saved.id)
        self.changed.emit()

    def _restored(self, record: Record) -> None:
        """Show the agency or person an undo put back."""
        self.message.hide()
        self.reload()
        if isinstance(record, Partner):
            self.select_partner(record.id)
        else:
            self.select_contact(record.id)
        self.changed.emit()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def delete_partner(self) -> bool:
        partner = self.selected_partner()
        if self.store is None or partner is None:
            return False
        store = self.store
        question = f"Delete {partner.name} from the directory?"
        return self._delete(question, lambda: delete_partner(store, partner.id))

    def delete_contact(self) -> bool:
        contact = self.selected_contact()
        if self.store is None or contact is None:
            return False
        question = (f"Delete {contact.name}? Actions they own keep their partner, "
                    "and any hotspot left without a single point of contact is flagged.")
        store = self.store
        return self._delete(question, lambda: delete_contact(store, contact.id))

    def _delete(self, question: str, run: Callable[[], None]) -> bool:
        if not common.confirm(self, "Delete", question):
            return False
        try:
            run()
        except UserError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        self.message.hide()
        self.reload()
        self.changed.emit()
        return True
