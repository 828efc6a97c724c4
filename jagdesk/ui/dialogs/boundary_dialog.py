"""Choosing a boundary file to import: its kind, its code and name fields, and repair."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import AreaKind
from jagdesk.errors import ImportFormatError
from jagdesk.io.boundaries import boundary_fields

# The kinds users import, most common first; the label is what the list shows.
KIND_LABELS: tuple[tuple[AreaKind, str], ...] = (
    (AreaKind.WARD, "Ward"), (AreaKind.LSOA, "LSOA"), (AreaKind.BEAT, "Beat"),
    (AreaKind.NEIGHBOURHOOD, "Neighbourhood"), (AreaKind.JAG_AREA, "JAG area"),
    (AreaKind.CUSTOM, "Custom"), (AreaKind.LOCAL_AUTHORITY, "Local authority"),
    (AreaKind.FORCE, "Force area"),
)
FILE_FILTER = "Boundary files (*.geojson *.json *.gpkg *.shp *.zip);;All files (*)"
_ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class BoundaryChoice:
    """What the user chose to import."""

    path: Path
    kind: AreaKind
    code_field: str
    name_field: str
    repair: bool


class BoundaryImportDialog(QDialog):
    """Pick a boundary file and how to read it; ``choice()`` gives the answer once accepted."""

    def __init__(self, path: Path | None = None, *, start_folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import boundaries")
        self._start_folder = start_folder
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("GeoJSON, GeoPackage or Shapefile")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        self.kind = QComboBox()
        for kind, label in KIND_LABELS:
            self.kind.addItem(label, kind)
        self.code_field, self.name_field = QComboBox(), QComboBox()
        self.repair = QCheckBox("&Repair invalid geometry (and list what was repaired)")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._path: Path | None = None
        self._update_ok()
        if path is not None:
            self.set_path(path)

    def _lay_out(self) -> None:
        file_row = QHBoxLayout()
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        holder = QWidget()
        holder.setLayout(file_row)
        form = QFormLayout()
        form.addRow("&File:", holder)
        form.addRow("&Kind of area:", self.kind)
        form.addRow("&Code field:", self.code_field)
        form.addRow("&Name field:", self.name_field)
        form.addRow("", self.repair)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 280)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a boundary file", self._start_folder,
                                              FILE_FILTER)
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> bool:
        """Read the file's fields and pre-select the guessed code and name; False if unreadable."""
        self._path = None
        self.path_edit.setText(str(path))
        self.code_field.clear()
        self.name_field.clear()
        try:
            fields = boundary_fields(path)
        except ImportFormatError as error:
            self._say(str(error), error=True)
            self._update_ok()
            return False
        self._path = path
        self.code_field.addItems(fields.columns)
        self.name_field.addItems(fields.columns)
        if fields.code_field:
            self.code_field.setCurrentText(fields.code_field)
        if fields.name_field:
            self.name_field.setCurrentText(fields.name_field)
        guessed = [f for f in (fields.code_field, fields.name_field) if f]
        self._say(f"{len(fields.columns)} field(s) found" +
                  (f"; guessed {' and '.join(guessed)}." if guessed else
                   "; choose which holds the codes and which the names."))
        self._update_ok()
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else "")

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._path is not None)

    def choice(self) -> BoundaryChoice | None:
        """What to import, or None while no readable file is chosen."""
        if self._path is None:
            return None
        return BoundaryChoice(self._path, AreaKind(self.kind.currentData()),
                              self.code_field.currentText(), self.name_field.currentText(),
                              self.repair.isChecked())
