"""The audit viewer: who did what when, before and after, and a check of the hash chain."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jagdesk.ui.forms.form_support import plain_label
from jagdesk.ui.views.common import FINISHED_COLOUR, OptionalDateEdit, bold_font, select_data

if TYPE_CHECKING:
    from jagdesk.store import Store
    from jagdesk.store.audit import AuditEntry

SEQ_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_ENTRIES = 1000
_OK_STYLE = "color: #2e7d32; font-weight: bold;"
_BROKEN_STYLE = "color: #c62828; font-weight: bold;"


def _when(at: str) -> str:
    return at.replace("T", " ").replace("Z", " UTC")


def _value(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def field_changes(entry: AuditEntry) -> list[tuple[str, str, str, bool]]:
    """(field, before, after, changed) for every field an entry holds, changed fields first."""
    before, after = entry.before or {}, entry.after or {}
    rows = [(name, _value(before.get(name)), _value(after.get(name)),
             entry.before is not None and entry.after is not None
             and before.get(name) != after.get(name))
            for name in sorted(before.keys() | after.keys())]
    return sorted(rows, key=lambda row: not row[3])


class AuditView(QWidget):
    """Filter the audit log by record type, record, user and dates; show each entry's diff."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self._entries: dict[int, AuditEntry] = {}
        self._loading = False
        self._build()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.entries = QTreeWidget()
        self.entries.setHeaderLabels(["When", "Who", "Operation", "Class", "Record type",
                                      "Summary"])
        self.entries.setRootIsDecorated(False)
        self.entries.setAlternatingRowColors(True)
        self.entries.setUniformRowHeights(True)
        self.entries.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.entries.currentItemChanged.connect(lambda *_: self._show_diff())
        self.diff = QTreeWidget()
        self.diff.setHeaderLabels(["Field", "Before", "After"])
        self.diff.setRootIsDecorated(False)
        self.diff.setAlternatingRowColors(True)
        self.diff.setWordWrap(True)
        self.diff.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            self.diff.header().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.diff_title = plain_label("Choose an entry to see what changed.")
        diff_panel = QWidget()
        diff_layout = QVBoxLayout(diff_panel)
        diff_layout.setContentsMargins(0, 0, 0, 0)
        diff_layout.addWidget(self.diff_title)
        diff_layout.addWidget(self.diff, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.entries)
        splitter.addWidget(diff_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_filters())
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_verify_row())

    def _build_filters(self) -> QVBoxLayout:
        self.table_name, self.actor = QComboBox(), QComboBox()
        self.record = QLineEdit()
        self.record.setPlaceholderText("Record reference or id, e.g. HS-0001")
        self.record.setClearButtonEnabled(True)
        self.since, self.until = OptionalDateEdit(), OptionalDateEdit()
        self.table_name.currentIndexChanged.connect(self._on_filter_changed)
        self.actor.currentIndexChanged.connect(self._on_filter_changed)
        self.record.editingFinished.connect(self._on_filter_changed)
        self.since.dateChanged.connect(self._on_filter_changed)
        self.until.dateChanged.connect(self._on_filter_changed)
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.table_name, 1)
        first.addWidget(self.record, 2)
        second.addWidget(QLabel("User:"))
        second.addWidget(self.actor, 1)
        second.addWidget(QLabel("From:"))
        second.addWidget(self.since)
        second.addWidget(QLabel("to:"))
        second.addWidget(self.until)
        rows = QVBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _build_verify_row(self) -> QHBoxLayout:
        self.count = QLabel("")
        self.verify_button = QPushButton("Verify chain")
        self.verify_button.setToolTip("Recompute every entry's hash to prove nothing was "
                                      "altered or removed")
        self.verify_button.clicked.connect(self.verify)
        self.verify_result = plain_label()
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addWidget(self.verify_result, 1)
        row.addWidget(self.verify_button)
        return row

    # --- data -----------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.verify_result.clear()
        self._fill_choices()
        self.reload()

    def _fill_choices(self) -> None:
        self._loading = True
        for combo, everything, values in (
                (self.table_name, "All record types", self.store.audit.table_names() if self.store else []),
                (self.actor, "All users", self.store.audit.actors() if self.store else [])):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value.replace("_", " ").capitalize() if combo is self.table_name
                              else value, value)
            select_data(combo, chosen)
        self._loading = False

    def set_filters(self, *, table_name: str | None = None, record: str = "",
                    actor: str | None = None, since: str | None = None,
                    until: str | None = None) -> None:
        """Set every filter at once and read the log once."""
        self._fill_choices()
        self._loading = True
        select_data(self.table_name, table_name)
        select_data(self.actor, actor)
        self.record.setText(record)
        self.since.set_value(since)
        self.until.set_value(until)
        self._loading = False
        self.reload()

    def _on_filter_changed(self) -> None:
        if not self._loading:
            self.reload()

    def reload(self) -> None:
        """Read the entries matching the filters again, newest first."""
        if not self._loading:
            self._fill_choices()  # new users and record types since the last reading
        self.entries.clear()
        self._entries = {}
        found = self._query() if self.store else []
        for entry in found:
            self._entries[entry.seq] = entry
            self.entries.addTopLevelItem(self._entry_item(entry))
        more = " (the newest; narrow the filters to see older ones)" if len(found) >= MAX_ENTRIES else ""
        self.count.setText(f"{len(found)} entries{more}")
        self._show_diff()

    def _query(self) -> list[AuditEntry]:
        assert self.store is not None
        return self.store.audit.entries(
            self.table_name.currentData(), self._record_id(), MAX_ENTRIES,
            actor=self.actor.currentData(), since=self.since.value(), until=self.until.value())

    def _record_id(self) -> str | None:
        """The id behind what was typed: a hotspot, action or meeting reference, or an id."""
        text = self.record.text().strip()
        if not text or self.store is None:
            return None
        hotspot = self.store.hotspots.by_ref(text)
        if hotspot is not None:
            return hotspot.id
        for repo in (self.store.actions, self.store.meetings):
            found = next((r for r in repo.all() if r.ref.casefold() == text.casefold()), None)
            if found is not None:
                return found.id
        return text

    def _entry_item(self, entry: AuditEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem([_when(entry.at), entry.actor, entry.operation,
                                entry.audit_class.value, entry.table_name.replace("_", " "),
                                entry.summary])
        item.setData(0, SEQ_ROLE, entry.seq)
        item.setToolTip(5, f"Entry {entry.seq} · record {entry.record_id or '—'}\n{entry.summary}")
        return item

    def _show_diff(self) -> None:
        self.diff.clear()
        item = self.entries.currentItem()
        entry = self._entries.get(item.data(0, SEQ_ROLE)) if item is not None else None
        if entry is None:
            self.diff_title.setText("Choose an entry to see what changed.")
            return
        changes = field_changes(entry)
        changed = sum(row[3] for row in changes)
        what = (f"{changed} fields changed" if entry.before and entry.after
                else "no content kept" if not changes else "as recorded")
        self.diff_title.setText(f"Entry {entry.seq}: {entry.operation} {entry.table_name} "
                                f"{entry.record_id} by {entry.actor} at {_when(entry.at)} ({what})")
        for name, before, after, is_changed in changes:
            row = QTreeWidgetItem([name, before, after])
            for column in range(3):
                row.setToolTip(column, row.text(column))
                if is_changed:
                    row.setFont(column, bold_font())
                elif entry.before and entry.after:
                    row.setForeground(column, QBrush(FINISHED_COLOUR))
            self.diff.addTopLevelItem(row)

    # --- chain ----------------------------------------------------------------------------
    def verify(self) -> str | None:
        """Check the whole hash chain and show the result; return the problem, if any."""
        if self.store is None:
            return None
        problem = self.store.audit.verify_chain()
        if problem is None:
            self.verify_result.setText("✓ Chain verified: no entry was altered or removed.")
            self.verify_result.setStyleSheet(_OK_STYLE)
        else:
            self.verify_result.setText(f"✗ Chain broken: {problem}.")
            self.verify_result.setStyleSheet(_BROKEN_STYLE)
        return problem
