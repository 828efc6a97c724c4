"""The hotspot form: what the problem is, where, who leads, and where it is in the workflow.

The form is not modal, so the officer can click the map behind it to place the hotspot.
Rules live in ``jagdesk.services.hotspots``; the form only gathers the fields and shows the
problems it gets back beside the fields they are about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jagdesk.domain.enums import AsbCategory, HotspotStatus, Rag
from jagdesk.domain.hotspot_rules import MAX_RADIUS_M, MIN_RADIUS_M, TRANSITIONS
from jagdesk.domain.records import Hotspot, Record
from jagdesk.errors import NotFoundError
from jagdesk.services.hotspots import create_hotspot, update_hotspot
from jagdesk.services.undo import UndoStack
from jagdesk.ui.forms.form_support import (
    DateField,
    ErrorLabels,
    UndoControl,
    chosen_code,
    code_combo,
    group_form,
    note_label,
    plain_label,
    row_of,
    select_code,
    text_box,
)

if TYPE_CHECKING:
    from jagdesk.store import Store

DEFAULT_RADIUS_M = 150

# The button for each step of the workflow, by (from, to).
MOVE_LABELS: dict[tuple[HotspotStatus, HotspotStatus], str] = {
    (HotspotStatus.NOMINATED, HotspotStatus.OPEN): "Open hotspot",
    (HotspotStatus.OPEN, HotspotStatus.MONITORING): "Move to monitoring",
    (HotspotStatus.MONITORING, HotspotStatus.CLOSED): "Close hotspot",
    (HotspotStatus.MONITORING, HotspotStatus.OPEN): "Back to open",
    (HotspotStatus.CLOSED, HotspotStatus.OPEN): "Reopen hotspot",
}


class HotspotForm(QDialog):
    """Create or edit one hotspot.

    Args:
        store: the open database.
        hotspot: the hotspot to edit, or None for a new one.
        map_view: the map to place the hotspot on (anything with ``start_picking``); optional.
        point: (lon, lat) to start a new hotspot at, for example where the map was clicked.
        today: the date stamped by workflow moves (tests pass a fixed one).

    Signals:
        saved(str): the hotspot was saved, moved along the workflow or restored by undo (its id).
    """

    saved = Signal(str)

    def __init__(self, store: Store, hotspot: Hotspot | None = None, *, map_view: Any = None,
                 point: tuple[float, float] | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hotspot = hotspot
        self.map_view = map_view
        self.today = today
        self._polygon: dict[str, Any] | None = None
        self._picking = False
        self.setModal(False)
        self.errors = ErrorLabels()
        self.undo = UndoControl(UndoStack(store), self, self._restored, self.errors.show_message)
        self._build()
        self._fill(hotspot, point)

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._about_box())
        left.addWidget(self._location_box())
        right.addWidget(self._lead_box())
        right.addWidget(self._status_box())
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(columns)
        layout.addLayout(self._buttons())
        self.resize(900, 560)

    def _about_box(self) -> QGroupBox:
        self.name = QLineEdit()
        self.name.setPlaceholderText("Street, park or landmark, e.g. Clock Tower and Haymarket steps")
        self.description = text_box("What is happening, when, and who is affected", lines=3)
        lookups = self.store.lookups
        self.problem_type = code_combo((i.code, i.label) for i in lookups.items("problem_type"))
        self.asb_category = code_combo(
            (i.code, i.label) for i in lookups.items("asb_category")
            if i.code in {c.value for c in AsbCategory})
        self.designation = code_combo((i.code, i.label) for i in lookups.items("designation"))
        box, form = group_form("Hotspot")
        self.ref = plain_label()
        form.addRow("Reference:", self.ref)
        form.addRow("&Name:", self.errors.wrap(self.name, "name"))
        form.addRow("&Description:", self.errors.wrap(self.description, "description"))
        form.addRow("&Problem type:", self.errors.wrap(self.problem_type, "problem_type"))
        form.addRow("&ASB category:", self.errors.wrap(self.asb_category, "asb_category"))
        form.addRow("De&signation:", self.errors.wrap(self.designation, "designation"))
        return box

    def _location_box(self) -> QGroupBox:
        self.lon, self.lat = QLineEdit(), QLineEdit()
        self.lon.setPlaceholderText("longitude, e.g. -1.1336")
        self.lat.setPlaceholderText("latitude, e.g. 52.6365")
        self.radius = QSpinBox()
        self.radius.setRange(0, 99_999)
        self.radius.setSuffix(" m")
        self.radius.setToolTip(f"From {MIN_RADIUS_M:.0f} to {MAX_RADIUS_M:.0f} metres")
        self.place_point = QPushButton("Place point on map")
        self.draw_area = QPushButton("Draw area on map")
        self.use_point = QPushButton("Use a point instead")
        self.place_point.clicked.connect(lambda: self.start_picking("point"))
        self.draw_area.clicked.connect(lambda: self.start_picking("polygon"))
        self.use_point.clicked.connect(lambda: self.set_polygon(None))
        self.shape_note = note_label("")
        self.pick_hint = note_label("")
        self.pick_hint.hide()
        self.ward, self.lsoa, self.authority = (plain_label(wrap=False) for _ in range(3))
        box, form = group_form("Location")
        form.addRow("", row_of(self.place_point, self.draw_area, self.use_point))
        form.addRow("", self.pick_hint)
        form.addRow("Lon&gitude, latitude:", self.errors.wrap(row_of(self.lon, self.lat), "geometry"))
        form.addRow("&Radius:", self.errors.wrap(self.radius, "radius_m"))
        form.addRow("", self.shape_note)
        form.addRow("Ward:", self.ward)
        form.addRow("LSOA:", self.lsoa)
        form.addRow("Local authority:", self.authority)
        return box

    def _lead_box(self) -> QGroupBox:
        partners = sorted(self.store.partners.all(), key=lambda p: p.name.lower())
        self.lead_partner = code_combo(((p.id, p.name) for p in partners), blank="(no lead partner)")
        self.lead_officer = QLineEdit()
        self.lead_officer.setPlaceholderText("e.g. PC 1234 Patel")
        self.rag = code_combo(((r.value, r.value.capitalize()) for r in Rag), blank=None)
        self.review_due = DateField()
        box, form = group_form("Responsibility")
        form.addRow("Lead &partner:", self.errors.wrap(self.lead_partner, "lead_partner_id"))
        form.addRow("Lead &officer:", self.errors.wrap(self.lead_officer, "lead_officer"))
        form.addRow("RA&G:", self.errors.wrap(self.rag, "rag"))
        form.addRow("Re&view date:", self.errors.wrap(self.review_due, "review_due"))
        return box

    def _status_box(self) -> QGroupBox:
        self.status = plain_label()
        self.opened_on, self.closed_on = plain_label(), plain_label()
        self.moves = QWidget()
        self.moves_row = QHBoxLayout(self.moves)
        self.moves_row.setContentsMargins(0, 0, 0, 0)
        self.move_buttons: dict[HotspotStatus, QPushButton] = {}
        box, form = group_form("Workflow")
        form.addRow("Status:", self.errors.wrap(self.status, "status"))
        form.addRow("Opened on:", self.errors.wrap(self.opened_on, "opened_on"))
        form.addRow("Closed on:", self.errors.wrap(self.closed_on, "closed_on"))
        form.addRow("", self.moves)
        return box

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.undo.button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- showing a hotspot ------------------------------------------------------------------
    def _fill(self, hotspot: Hotspot | None, point: tuple[float, float] | None) -> None:
        if hotspot is None:
            self.setWindowTitle("New hotspot")
            self.radius.setValue(DEFAULT_RADIUS_M)
            select_code(self.rag, Rag.AMBER.value)
            self.set_polygon(None)
            if point is not None:
                self.set_point(*point)
            self._show_state(None)
            return
        self.name.setText(hotspot.name)
        self.description.setPlainText(hotspot.description)
        select_code(self.problem_type, hotspot.problem_type)
        select_code(self.asb_category, hotspot.asb_category.value if hotspot.asb_category else "")
        select_code(self.designation, hotspot.designation)
        select_code(self.lead_partner, hotspot.lead_partner_id)
        self.lead_officer.setText(hotspot.lead_officer)
        select_code(self.rag, hotspot.rag.value)
        self.review_due.setText(hotspot.review_due)
        self._fill_geometry(hotspot)
        self._show_state(hotspot)

    def _fill_geometry(self, hotspot: Hotspot) -> None:
        self.radius.setValue(round(hotspot.radius_m) if hotspot.radius_m else DEFAULT_RADIUS_M)
        if hotspot.geometry.get("type") == "Polygon":
            self.set_polygon(hotspot.geometry)
        else:
            self.set_polygon(None)
            coordinates = hotspot.geometry.get("coordinates") or []
            if len(coordinates) >= 2:
                self.set_point(coordinates[0], coordinates[1])

    def _show_state(self, hotspot: Hotspot | None) -> None:
        """Show what only saving decides: reference, areas, status and its dates."""
        self.hotspot = hotspot
        if hotspot is not None:
            self.setWindowTitle(f"Hotspot {hotspot.ref} — {hotspot.name}")
        self.ref.setText(hotspot.ref if hotspot else "given when saved")
        self.ward.setText(self._area_name(hotspot.ward_id) if hotspot else "found when saved")
        self.lsoa.setText((hotspot.lsoa_code or "no LSOA boundary here") if hotspot else "")
        self.authority.setText(self._area_name(hotspot.local_authority_id) if hotspot else "")
        status = hotspot.status if hotspot else HotspotStatus.NOMINATED
        self.status.setText(status.value.capitalize())
        self.opened_on.setText((hotspot.opened_on if hotspot else None) or "not yet")
        self.closed_on.setText((hotspot.closed_on if hotspot else None) or "—")
        self._show_moves(status, saved=hotspot is not None)

    def _show_moves(self, status: HotspotStatus, *, saved: bool) -> None:
        for button in self.move_buttons.values():
            button.deleteLater()
        self.move_buttons.clear()
        for wanted in TRANSITIONS[status] if saved else ():
            button = QPushButton(MOVE_LABELS[(status, wanted)])
            button.setToolTip(f"Save the form and move the hotspot to {wanted.value}")
            button.clicked.connect(lambda _=False, w=wanted: self.move_to(w))
            self.moves_row.addWidget(button)
            self.move_buttons[wanted] = button

    def _area_name(self, area_id: str | None) -> str:
        if area_id is None:
            return "outside the loaded boundaries"
        try:
            return self.store.areas.get(area_id).name
        except NotFoundError:
            return "outside the loaded boundaries"

    # --- location ---------------------------------------------------------------------------
    def set_point(self, lon: float, lat: float) -> None:
        """Place the hotspot at a point (typed coordinates stay editable)."""
        self.set_polygon(None)
        self.lon.setText(f"{lon:.6f}")
        self.lat.setText(f"{lat:.6f}")

    def set_polygon(self, polygon: dict[str, Any] | None) -> None:
        """Use a drawn polygon as the footprint, or None to go back to a point with a radius."""
        self._polygon = polygon
        is_area = polygon is not None
        for widget in (self.lon, self.lat, self.radius):
            widget.setEnabled(not is_area)
        self.use_point.setVisible(is_area)
        if is_area:
            corners = max(len((polygon or {}).get("coordinates", [[]])[0]) - 1, 0)
            self.shape_note.setText(f"Drawn area with {corners} corners; draw again to change it.")
        else:
            self.shape_note.setText("A point with a radius; or draw an area on the map.")

    def start_picking(self, mode: str) -> None:
        """Let the officer click (or draw on) the map; the form fills in the result."""
        view = self.map_view
        if view is None or not hasattr(view, "start_picking"):
            self.errors.show_message("The map is not available; type the coordinates instead.")
            return
        if not self._picking:
            view.point_picked.connect(self._on_point_picked)
            view.polygon_drawn.connect(self._on_polygon_drawn)
            view.picking_cancelled.connect(self._stop_picking)
            self._picking = True
        self.pick_hint.setText("Click the map to place the hotspot — Esc to cancel." if mode == "point"
                               else "Click the corners on the map; double-click or Enter to finish "
                                    "— Esc to cancel.")
        self.pick_hint.show()
        view.start_picking(mode)

    def _on_point_picked(self, lon: float, lat: float) -> None:
        self._stop_picking()
        self.set_point(lon, lat)

    def _on_polygon_drawn(self, polygon: dict[str, Any]) -> None:
        self._stop_picking()
        self.set_polygon(polygon.get("geometry", polygon) if polygon.get("type") == "Feature"
                         else polygon)

    def _stop_picking(self) -> None:
        self.pick_hint.hide()
        if not self._picking:
            return
        self._picking = False
        view = self.map_view
        view.point_picked.disconnect(self._on_point_picked)
        view.polygon_drawn.disconnect(self._on_polygon_drawn)
        view.picking_cancelled.disconnect(self._stop_picking)

    def _geometry(self) -> dict[str, Any]:
        if self._polygon is not None:
            return self._polygon
        if not self.lon.text().strip() and not self.lat.text().strip():
            return {}
        return {"type": "Point", "coordinates": [_number(self.lon.text()), _number(self.lat.text())]}

    # --- saving -----------------------------------------------------------------------------
    def record(self) -> Hotspot:
        """The hotspot as the form now describes it (not saved)."""
        base = self.hotspot or Hotspot(name="", geometry={})
        asb = chosen_code(self.asb_category)
        return dataclasses.replace(
            base, name=self.name.text().strip(), description=self.description.toPlainText().strip(),
            problem_type=chosen_code(self.problem_type),
            asb_category=AsbCategory(asb) if asb else None,
            designation=chosen_code(self.designation),
            lead_partner_id=chosen_code(self.lead_partner) or None,
            lead_officer=self.lead_officer.text().strip(), rag=Rag(chosen_code(self.rag)),
            review_due=self.review_due.value(), geometry=self._geometry(),
            radius_m=None if self._polygon is not None else float(self.radius.value()))

    def save(self) -> bool:
        """Save the form; returns whether it was saved (when not, problems show by their fields)."""
        return self._save(None)

    def move_to(self, status: HotspotStatus) -> bool:
        """Save the form and move the hotspot along the workflow, stamping its dates."""
        return self._save(status)

    def _save(self, status: HotspotStatus | None) -> bool:
        before = self.hotspot
        wanted = self.record()
        if status is not None:
            wanted = dataclasses.replace(wanted, status=status)
        saved = self.errors.attempt(
            lambda: create_hotspot(self.store, wanted, today=self.today()) if before is None
            else update_hotspot(self.store, wanted, today=self.today()))
        if saved is None:
            return False
        if before is not None:
            self.undo.push(before, saved, f"Undo edit of {saved.ref}")
        self._show_state(saved)
        self.saved.emit(saved.id)
        return True

    def _restored(self, record: Record) -> None:
        assert isinstance(record, Hotspot)
        self.errors.clear()
        self._fill(record, None)
        self.saved.emit(record.id)

    def closeEvent(self, event: Any) -> None:
        if self._picking:
            self.map_view.stop_picking()
            self._stop_picking()
        super().closeEvent(event)


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None
