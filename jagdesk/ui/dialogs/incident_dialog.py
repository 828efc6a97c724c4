"""Log or edit one incident by hand: when, what, where, who reported it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QStringListModel, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.incidents import POLICE_UK_CATEGORIES, UK_LAT, UK_LON, parse_when
from jagdesk.domain.records import Incident, KnownPlace
from jagdesk.errors import ValidationError
from jagdesk.services.incidents import edit_incident, known_places, log_incident
from jagdesk.ui.forms.form_support import ErrorLabels, save_cancel_buttons

if TYPE_CHECKING:
    from jagdesk.store import Store


class IncidentDialog(QDialog):
    """A form for one hand-logged incident; saving validates and shows each problem by its field."""

    def __init__(self, store: Store, incident: Incident | None = None, *,
                 point: tuple[float, float] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._original = incident
        self.saved: Incident | None = None
        self.setWindowTitle("Edit incident" if incident else "Log an incident")
        self._build()
        self._fill(incident, point)

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(POLICE_UK_CATEGORIES)
        self.reported_by = QComboBox()
        self.reported_by.setEditable(True)
        self.reported_by.addItems(["", *(p.name for p in self._store.partners.all())])
        self.location = QLineEdit()
        self.location.setPlaceholderText("e.g. Outside 12 Gallowtree Gate, or type a street to pick it")
        self.lon, self.lat = self._coordinate(UK_LON, "longitude"), self._coordinate(UK_LAT, "latitude")
        self._offer_known_places()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("What happened, who was affected, what was done")
        self.errors = ErrorLabels()
        form = QFormLayout()
        form.addRow("&When:", self.errors.wrap(self.when, "occurred_at"))
        form.addRow("&Category:", self.errors.wrap(self.category, "category"))
        form.addRow("&Reported by:", self.reported_by)
        form.addRow("&Location:", self.errors.wrap(self.location, "location"))
        coordinates = QHBoxLayout()
        coordinates.addWidget(self.lon)
        coordinates.addWidget(self.lat)
        holder = QWidget()
        holder.setLayout(coordinates)
        coordinates.setContentsMargins(0, 0, 0, 0)
        form.addRow("Longitude, latitude:", self.errors.wrap(holder, "lon", "lat"))
        form.addRow("&Notes:", self.notes)
        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.resize(520, 440)

    def _offer_known_places(self) -> None:
        """Typing a street lists the police.uk places that match; picking one places the incident."""
        self._offered: dict[str, KnownPlace] = {}
        self._placed_from: KnownPlace | None = None  # the pick the coordinates came from
        self.places = QCompleter(QStringListModel(self), self)
        self.places.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.places.setFilterMode(Qt.MatchFlag.MatchContains)
        self.places.setMaxVisibleItems(12)
        self.location.setCompleter(self.places)
        self.location.textEdited.connect(self._suggest_places)
        self.places.activated.connect(self.choose_place)
        for edit in (self.lon, self.lat):  # typed coordinates are the officer's: a pick keeps them
            edit.textEdited.connect(self._forget_pick)

    def _forget_pick(self) -> None:
        self._placed_from = None

    def _suggest_places(self, text: str) -> None:
        self._offered = {place.label: place for place in known_places(self._store, text)}
        model = self.places.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(self._offered))

    def choose_place(self, label: str) -> None:
        """Take a suggested place: its location text, and its point unless one was given."""
        place = self._offered.get(label)
        if place is None:
            return
        self.location.setText(place.location)
        given = self.lon.text().strip() or self.lat.text().strip()
        if not given or self._placed_from is not None:
            self._placed_from = place
            self.lon.setText(f"{place.lon:.6f}")
            self.lat.setText(f"{place.lat:.6f}")

    def _coordinate(self, bounds: tuple[float, float], what: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(what)
        edit.setValidator(QDoubleValidator(bounds[0] - 1, bounds[1] + 1, 6))
        return edit

    def _fill(self, incident: Incident | None, point: tuple[float, float] | None) -> None:
        if incident is not None:
            when = parse_when(incident.occurred_at or "")
            if when is not None:
                self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))
            self.category.setCurrentText(incident.category)
            self.reported_by.setCurrentText(incident.reported_by)
            self.location.setText(incident.location)
            self.notes.setPlainText(incident.notes)
            point = (incident.lon, incident.lat) if incident.lon is not None and incident.lat is not None else point
        if point is not None:
            self.lon.setText(f"{point[0]:.6f}")
            self.lat.setText(f"{point[1]:.6f}")

    # --- saving -----------------------------------------------------------------------------
    def incident(self) -> Incident:
        """The incident as the form now describes it."""
        base = self._original or Incident(source=IncidentSource.MANUAL, month="", category="")
        return dataclasses.replace(
            base, occurred_at=self.when.dateTime().toUTC().toString("yyyy-MM-ddTHH:mm") + "Z",
            category=self.category.currentText().strip(), reported_by=self.reported_by.currentText().strip(),
            location=self.location.text().strip(), notes=self.notes.toPlainText().strip(),
            lon=_number(self.lon.text()), lat=_number(self.lat.text()))

    def save(self) -> None:
        """Validate and save; on problems, show each beside its field and stay open."""
        self.errors.clear()
        try:
            if self._original is None:
                self.saved = log_incident(self._store, self.incident())
            else:
                self.saved = edit_incident(self._store, self.incident())
        except ValidationError as problems:
            self.show_problems(problems.problems)
            return
        self.accept()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem under its field."""
        self.errors.show(problems)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None
