"""Edit > Settings: the user's name in the audit log, and the open database's settings.

The user name is the user's own and is saved on this computer; the marking, the backups kept
and the retention periods belong to the partnership's data and are saved in the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jagdesk.errors import UserError, ValidationError
from jagdesk.services.preferences import (
    MAX_KEEP,
    MAX_MARKING,
    MAX_RETENTION_MONTHS,
    RECORD_TYPE_LABELS,
    DatabaseSettings,
    load_settings,
    save_settings,
)
from jagdesk.settings import UserSettings, load_user_settings, save_user_settings
from jagdesk.store.clock import default_actor

if TYPE_CHECKING:
    from jagdesk.store import Store


class SettingsDialog(QDialog):
    """The settings, saved together on OK; problems show under the fields and nothing is saved."""

    def __init__(self, config_dir: Path, store: Store | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.config_dir = config_dir
        self.store = store
        layout = QVBoxLayout(self)
        layout.addWidget(self._user_group(load_user_settings(config_dir)))
        layout.addWidget(self._database_group())
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _user_group(self, user: UserSettings) -> QGroupBox:
        group = QGroupBox("You")
        form = QFormLayout(group)
        self.user_name = QLineEdit(user.user_name)
        self.user_name.setPlaceholderText(default_actor())
        self.user_name.setMaxLength(80)
        form.addRow("Name in the audit log:", self.user_name)
        hint = QLabel("Leave empty to use your computer account. Takes effect the next time "
                      "a database is opened.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        form.addRow(hint)
        return group

    def _database_group(self) -> QGroupBox:
        store = self.store
        name = store.path.name if store is not None else "no database open"
        group = QGroupBox(f"This database ({name})")
        form = QFormLayout(group)
        current = load_settings(store) if store is not None else DatabaseSettings()
        self.marking = QLineEdit(current.marking)
        self.marking.setMaxLength(MAX_MARKING)
        form.addRow("Protective marking on exports:", self.marking)
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(current.keep_backups)
        self.keep.setSuffix(" backups")
        form.addRow("Backups to keep:", self.keep)
        retention = QLabel("Keep records after their work ended for:")
        form.addRow(retention)
        self.retention: dict[str, QSpinBox] = {}
        for record_type, label in RECORD_TYPE_LABELS.items():
            spin = QSpinBox()
            spin.setRange(0, MAX_RETENTION_MONTHS)
            spin.setSuffix(" months")
            spin.setSpecialValueText("No period set")
            spin.setValue(current.retention_months.get(record_type, 0))
            self.retention[record_type] = spin
            form.addRow(f"  {label}:", spin)
        writable = store is not None and not store.read_only
        for widget in (self.marking, self.keep, *self.retention.values()):
            widget.setEnabled(writable)
        if store is not None and store.read_only:
            form.addRow(QLabel("The database is open read-only; its settings cannot be changed."))
        return group

    def database_settings(self) -> DatabaseSettings:
        return DatabaseSettings(self.marking.text(), self.keep.value(),
                                {t: spin.value() for t, spin in self.retention.items()})

    def save(self) -> bool:
        """Save both groups; returns whether they were saved (the dialog closes when they were)."""
        try:
            save_user_settings(self.config_dir, UserSettings(self.user_name.text()))
            if self.store is not None and not self.store.read_only:
                save_settings(self.store, self.database_settings())
        except ValidationError as exc:
            self._show_problem("\n".join(exc.problems.values()))
            return False
        except UserError as exc:
            self._show_problem(str(exc))
            return False
        self.accept()
        return True

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
