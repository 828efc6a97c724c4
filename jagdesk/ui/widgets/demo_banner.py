"""The bar offered on an empty database: explore the Leicester demo or import data."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)


class DemoBanner(QFrame):
    """A dismissable, non-modal offer shown above the map.

    Signals:
        demo_requested(): the user chose to explore the Leicester demo.
        import_requested(): the user chose to import police.uk files.
        dismissed(): the user closed the bar.
    """

    demo_requested = Signal()
    import_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setStyleSheet("#demoBanner { background: #e8f0fe; border-bottom: 1px solid #b6c8ea; }")
        text = QLabel("<b>This database is empty.</b> Explore the Leicester demo, built from real "
                      "police.uk data and ward boundaries, or import your own police.uk files.")
        text.setWordWrap(True)
        self.demo_button = QPushButton("Explore the Leicester demo")
        self.demo_button.setDefault(True)
        self.import_button = QPushButton("Import police.uk files…")
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Hide this offer")
        # Text across the top and the buttons under it, so the offer reads well in a narrow map.
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 8, 8, 10)
        layout.addWidget(text, 0, 0, 1, 3)
        layout.addWidget(close, 0, 3, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.demo_button, 1, 0)
        layout.addWidget(self.import_button, 1, 1)
        layout.setColumnStretch(2, 1)
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button.clicked.connect(self.import_requested)
        close.clicked.connect(self._on_close_clicked)

    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
