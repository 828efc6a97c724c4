"""The period and category choices that decide which incidents the counts and the map include."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from jagdesk.domain.filters import IncidentFilter

ANY = "Any"


def months_between(first: str, last: str) -> list[str]:
    """Every month ``YYYY-MM`` from first to last inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class IncidentFilterBar(QWidget):
    """Month from/to and a multi-choice of categories.

    Signals:
        filter_changed(object): the new ``IncidentFilter``.
    """

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month_from, self.month_to = QComboBox(), QComboBox()
        for combo, tip in ((self.month_from, "First month of incidents counted"),
                           (self.month_to, "Last month of incidents counted")):
            combo.setToolTip(tip)
            combo.addItem(ANY, None)
            combo.currentIndexChanged.connect(self._emit)
        self.category_menu = QMenu(self)
        self.category_button = QToolButton()
        self.category_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.category_button.setMenu(self.category_menu)
        self.category_button.setToolTip("Categories of incident counted")
        self.category_button.setSizePolicy(QSizePolicy.Policy.Expanding,
                                           QSizePolicy.Policy.Preferred)
        self.reset_button = QToolButton()
        self.reset_button.setText("All incidents")
        self.reset_button.setToolTip("Count every month and category")
        self.reset_button.clicked.connect(lambda: self.set_filter(IncidentFilter()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Incidents from"))
        layout.addWidget(self.month_from)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.month_to)
        layout.addWidget(self.category_button, 1)
        layout.addWidget(self.reset_button)
        self._muted = False
        self._update_category_text()

    # --- choices ----------------------------------------------------------------------------
    def set_choices(self, month_range: tuple[str, str] | None, categories: list[str]) -> None:
        """Offer the months and categories a database holds, keeping what is chosen."""
        chosen = self.current()
        self._muted = True
        months = months_between(*month_range) if month_range else []
        for combo in (self.month_from, self.month_to):
            combo.clear()
            combo.addItem(ANY, None)
            for month in months:
                combo.addItem(month, month)
        self.category_menu.clear()
        for category in sorted(set(categories) | set(chosen.categories)):
            action = QAction(category, self.category_menu)
            action.setCheckable(True)
            action.toggled.connect(self._on_category_toggled)
            self.category_menu.addAction(action)
        self._muted = False
        self.set_filter(chosen, emit=False)

    def set_filter(self, flt: IncidentFilter, *, emit: bool = True) -> None:
        """Show a filter (months not on offer are added so nothing chosen is lost)."""
        before = self.current()
        self._muted = True
        for combo, month in ((self.month_from, flt.month_from), (self.month_to, flt.month_to)):
            if month and combo.findData(month) < 0:
                combo.addItem(month, month)
            combo.setCurrentIndex(max(combo.findData(month), 0) if month else 0)
        for action in self.category_menu.actions():
            action.setChecked(action.text() in flt.categories)
        self._muted = False
        self._update_category_text()
        if emit and self.current() != before:
            self.filter_changed.emit(self.current())

    def current(self) -> IncidentFilter:
        """The filter as chosen now."""
        first, last = self.month_from.currentData(), self.month_to.currentData()
        if first and last and first > last:
            first, last = last, first
        categories = frozenset(a.text() for a in self.category_menu.actions() if a.isChecked())
        return IncidentFilter(first or None, last or None, categories)

    def categories(self) -> list[str]:
        """The categories on offer."""
        return [a.text() for a in self.category_menu.actions()]

    def set_categories(self, categories: set[str]) -> None:
        """Tick exactly these categories."""
        flt = self.current()
        self.set_filter(IncidentFilter(flt.month_from, flt.month_to, frozenset(categories)))

    # --- changes ----------------------------------------------------------------------------
    def _on_category_toggled(self, _checked: bool) -> None:
        self._update_category_text()
        self._emit()

    def _update_category_text(self) -> None:
        ticked = [a.text() for a in self.category_menu.actions() if a.isChecked()]
        if not ticked:
            text = "All categories"
        elif len(ticked) == 1:
            text = ticked[0]
        else:
            text = f"{len(ticked)} categories"
        self.category_button.setText(text)
        self.category_button.setToolTip("\n".join(ticked) or "Every category counted")

    def _emit(self, *_args: object) -> None:
        if not self._muted:
            self.filter_changed.emit(self.current())
