"""The summary shown after a police.uk import: a headline, one row per file, every rejection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from jagdesk.services.importing import FileResult, ImportSummary

FILE_HEADERS = ("File", "Force", "Month", "Rows read", "Stored", "Replaced", "No location",
                "Result")
REJECTION_HEADERS = ("File", "Line", "Reason")
_NUMBER_COLUMNS = range(3, 7)


def headline(summary: ImportSummary) -> str:
    """One sentence saying how the import went."""
    files = len(summary.files)
    refused = sum(not f.ok for f in summary.files)
    stored = f"{summary.stored:,} incident{'s' if summary.stored != 1 else ''} stored"
    if files == 0:
        return "No police.uk files were found."
    if refused == 0:
        return f"All {files} file{'s' if files != 1 else ''} imported: {stored}."
    return (f"{files - refused} of {files} files imported, {refused} refused: {stored}; "
            "refused files were not written.")


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1]


def _item(text: str, tooltip: str = "", number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        item.setToolTip(tooltip)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ImportSummaryDialog(QDialog):
    """What an import did, file by file, with a button to copy the whole summary as text."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle("Import finished" if summary.ok else "Import finished with refusals")
        self.headline = QLabel(headline(summary))
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.totals = QLabel(self._totals_text())
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.totals.setWordWrap(True)
        self.files = _table(FILE_HEADERS)
        # Long file names give way (their whole path is in the tooltip), so Result stays in view.
        self.files.horizontalHeader().setStretchLastSection(False)
        self.files.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.rejections = _table(REJECTION_HEADERS)
        self._fill()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy summary")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.totals)
        layout.addWidget(self.files, 2)
        self.rejections_label = QLabel("Refused files and lines:")
        layout.addWidget(self.rejections_label)
        layout.addWidget(self.rejections, 1)
        self.rejections_label.setVisible(bool(summary.rejected))
        self.rejections.setVisible(bool(summary.rejected))
        layout.addWidget(buttons)
        self.resize(820, 460 if summary.rejected else 340)

    def _totals_text(self) -> str:
        s = self.summary
        skipped = (f" · {len(s.skipped):,} outcomes or stop and search file(s) skipped"
                   if s.skipped else "")
        return (f"{s.rows_read:,} rows read · {s.stored:,} stored · {s.replaced:,} replaced from "
                f"earlier imports · {s.no_location:,} with no location (kept, not on the map) · "
                f"{s.rows_read - s.stored:,} rejected{skipped}")

    def _fill(self) -> None:
        for result in self.summary.files:
            self._add_file(result)
        for skipped in self.summary.skipped:
            row = self.files.rowCount()
            self.files.insertRow(row)
            self.files.setItem(row, 0, _item(_file_name(skipped.name), skipped.name))
            self.files.setItem(row, len(FILE_HEADERS) - 1, _item("Skipped", skipped.reason))
        for rejection in self.summary.rejected:
            row = self.rejections.rowCount()
            self.rejections.insertRow(row)
            line = "" if rejection.line is None else str(rejection.line)
            self.rejections.setItem(row, 0, _item(_file_name(rejection.path), rejection.path))
            self.rejections.setItem(row, 1, _item(line, number=True))
            self.rejections.setItem(row, 2, _item(rejection.reason, rejection.reason))

    def _add_file(self, result: FileResult) -> None:
        row = self.files.rowCount()
        self.files.insertRow(row)
        values = (_file_name(result.path), result.force, result.month, f"{result.rows_read:,}",
                  f"{result.stored:,}", f"{result.replaced:,}", f"{result.no_location:,}",
                  "Imported" if result.ok else "Refused")
        for column, text in enumerate(values):
            self.files.setItem(row, column, _item(text, result.path if column == 0 else "",
                                                  column in _NUMBER_COLUMNS))

    def text(self) -> str:
        """The whole summary as plain text: the headline, then every file and rejection."""
        return f"{self.headline.text()}\n{self.summary.describe()}"

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
