"""The hotspot form driven like an officer would: typing, clicking, saving, reading back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import AsbCategory, AuditClass, HotspotStatus, Rag
from jagdesk.store import Store
from jagdesk.ui.forms.hotspot_form import HotspotForm

pytestmark = pytest.mark.gui

DAY = date(2026, 3, 14)
BOW_TIE = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.13, 52.64], [-1.13, 52.63],
                                               [-1.14, 52.64], [-1.14, 52.63]]]}
SQUARE = {"type": "Polygon", "coordinates": [[[-1.136, 52.634], [-1.131, 52.634], [-1.131, 52.638],
                                              [-1.136, 52.638], [-1.136, 52.634]]]}


def _form(qtbot: QtBot, store: Store, **kwargs: Any) -> HotspotForm:
    form = HotspotForm(store, today=lambda: DAY, **kwargs)
    qtbot.addWidget(form)
    form.show()
    return form


def _type(qtbot: QtBot, widget: Any, text: str) -> None:
    widget.selectAll() if hasattr(widget, "selectAll") else None
    qtbot.keyClicks(widget, text)


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _fill_clock_tower(qtbot: QtBot, form: HotspotForm) -> None:
    qtbot.keyClicks(form.name, "Clock Tower and Haymarket steps")
    qtbot.keyClicks(form.description, "Street drinking and begging around the steps.")
    form.problem_type.setCurrentIndex(form.problem_type.findData("street_drinking"))
    form.asb_category.setCurrentIndex(form.asb_category.findData("nuisance"))
    qtbot.keyClicks(form.lon, "-1.1336")
    qtbot.keyClicks(form.lat, "52.6365")
    qtbot.keyClicks(form.lead_officer, "PC 1234 Patel")


def test_a_typed_hotspot_is_saved_and_placed_in_its_ward(qtbot: QtBot, ref_store: Store) -> None:
    form = _form(qtbot, ref_store)
    _fill_clock_tower(qtbot, form)
    _type(qtbot, form.radius.lineEdit(), "250")
    form.rag.setCurrentIndex(form.rag.findData("red"))
    with qtbot.waitSignal(form.saved):
        _click(qtbot, form.save_button)
    saved = ref_store.hotspots.all()
    assert len(saved) == 1
    hotspot = saved[0]
    assert hotspot.name == "Clock Tower and Haymarket steps"
    assert hotspot.radius_m == 250
    assert hotspot.rag is Rag.RED
    assert hotspot.asb_category is AsbCategory.NUISANCE
    assert hotspot.problem_type == "street_drinking"
    assert hotspot.lead_officer == "PC 1234 Patel"
    assert hotspot.geometry["coordinates"] == pytest.approx([-1.1336, 52.6365])
    assert form.ward.text() == "Castle"
    assert form.authority.text() == "Leicester"
    assert form.ref.text() == hotspot.ref
    assert ref_store.audit.entries("hotspot")[0].operation == "create"


def test_an_empty_name_is_refused_beside_the_field(qtbot: QtBot, ref_store: Store,
                                                   store_state: Any) -> None:
    before = store_state(ref_store)
    form = _form(qtbot, ref_store)
    qtbot.keyClicks(form.lon, "-1.1336")
    qtbot.keyClicks(form.lat, "52.6365")
    _click(qtbot, form.save_button)
    shown = form.errors.visible()
    assert "Enter a name" in shown.get("name", "")
    assert form.errors.label("name").isVisible()
    assert store_state(ref_store) == before


def test_a_radius_out_of_range_is_refused(qtbot: QtBot, ref_store: Store, store_state: Any) -> None:
    before = store_state(ref_store)
    form = _form(qtbot, ref_store)
    _fill_clock_tower(qtbot, form)
    _type(qtbot, form.radius.lineEdit(), "5000")
    _click(qtbot, form.save_button)
    assert "between 10 and 2000 metres" in form.errors.visible()["radius_m"]
    assert store_state(ref_store) == before


def test_missing_location_asks_for_the_map(qtbot: QtBot, ref_store: Store,
                                           store_state: Any) -> None:
    before = store_state(ref_store)
    form = _form(qtbot, ref_store)
    qtbot.keyClicks(form.name, "Somewhere")
    _click(qtbot, form.save_button)
    assert "Click the map" in form.errors.visible()["geometry"]
    assert store_state(ref_store) == before


def test_a_point_picked_on_the_map_fills_the_coordinates(qtbot: QtBot, ref_store: Store,
                                                         fake_map: Any) -> None:
    form = _form(qtbot, ref_store, map_view=fake_map)
    qtbot.keyClicks(form.name, "Clock Tower")
    _click(qtbot, form.place_point)
    assert fake_map.modes == ["point"]
    assert form.pick_hint.isVisible()
    fake_map.point_picked.emit(-1.1336, 52.6365)
    assert not form.pick_hint.isVisible()
    assert form.lon.text() == "-1.133600"
    _click(qtbot, form.save_button)
    assert ref_store.hotspots.all()[0].geometry["type"] == "Point"


def test_a_drawn_polygon_is_saved_without_a_radius(qtbot: QtBot, ref_store: Store,
                                                   fake_map: Any) -> None:
    form = _form(qtbot, ref_store, map_view=fake_map)
    assert not form.use_point.isVisible()
    qtbot.keyClicks(form.name, "Market square")
    _click(qtbot, form.draw_area)
    assert fake_map.modes == ["polygon"]
    fake_map.polygon_drawn.emit(SQUARE)
    assert not form.radius.isEnabled()
    assert form.use_point.isVisible()
    assert "4 corners" in form.shape_note.text()
    _click(qtbot, form.save_button)
    saved = ref_store.hotspots.all()[0]
    assert saved.geometry == SQUARE
    assert saved.radius_m is None


def test_a_self_crossing_polygon_is_refused(qtbot: QtBot, ref_store: Store, fake_map: Any,
                                            store_state: Any) -> None:
    before = store_state(ref_store)
    form = _form(qtbot, ref_store, map_view=fake_map)
    qtbot.keyClicks(form.name, "Bow tie")
    _click(qtbot, form.draw_area)
    fake_map.polygon_drawn.emit(BOW_TIE)
    _click(qtbot, form.save_button)
    assert "crosses itself" in form.errors.visible()["geometry"]
    assert store_state(ref_store) == before


def test_cancelled_picking_hides_the_hint(qtbot: QtBot, ref_store: Store, fake_map: Any) -> None:
    form = _form(qtbot, ref_store, map_view=fake_map)
    _click(qtbot, form.place_point)
    fake_map.picking_cancelled.emit()
    assert not form.pick_hint.isVisible()
    fake_map.point_picked.emit(-1.0, 52.0)  # no longer listened to
    assert form.lon.text() == ""


def test_workflow_buttons_show_only_allowed_moves_and_stamp_dates(qtbot: QtBot,
                                                                  ref_store: Store) -> None:
    form = _form(qtbot, ref_store)
    assert form.move_buttons == {}  # a new hotspot is saved first
    _fill_clock_tower(qtbot, form)
    _click(qtbot, form.save_button)
    hotspot_id = form.hotspot.id
    assert set(form.move_buttons) == {HotspotStatus.OPEN}
    _click(qtbot, form.move_buttons[HotspotStatus.OPEN])
    opened = ref_store.hotspots.get(hotspot_id)
    assert (opened.status, opened.opened_on) == (HotspotStatus.OPEN, "2026-03-14")
    assert form.opened_on.text() == "2026-03-14"
    assert set(form.move_buttons) == {HotspotStatus.MONITORING}
    _click(qtbot, form.move_buttons[HotspotStatus.MONITORING])
    assert set(form.move_buttons) == {HotspotStatus.CLOSED, HotspotStatus.OPEN}
    _click(qtbot, form.move_buttons[HotspotStatus.CLOSED])
    closed = ref_store.hotspots.get(hotspot_id)
    assert (closed.status, closed.closed_on) == (HotspotStatus.CLOSED, "2026-03-14")
    assert form.status.text() == "Closed"
    assert [b.text() for b in form.move_buttons.values()] == ["Reopen hotspot"]
    statuses = [e.after["status"] for e in reversed(ref_store.audit.entries("hotspot", hotspot_id))]
    assert statuses == ["nominated", "open", "monitoring", "closed"]


def test_a_review_date_before_opening_is_refused(qtbot: QtBot, ref_store: Store,
                                                 store_state: Any) -> None:
    form = _form(qtbot, ref_store)
    _fill_clock_tower(qtbot, form)
    _click(qtbot, form.save_button)
    _click(qtbot, form.move_buttons[HotspotStatus.OPEN])
    before = store_state(ref_store)
    qtbot.keyClicks(form.review_due.edit, "2026-01-01")
    _click(qtbot, form.save_button)
    assert "before the date the hotspot was opened" in form.errors.visible()["review_due"]
    assert store_state(ref_store) == before
    form.review_due.setText("")
    qtbot.keyClicks(form.review_due.edit, "2026-04-30")
    _click(qtbot, form.save_button)
    assert form.errors.visible() == {}
    assert ref_store.hotspots.get(form.hotspot.id).review_due == "2026-04-30"


def test_undo_restores_the_previous_version(qtbot: QtBot, ref_store: Store) -> None:
    form = _form(qtbot, ref_store)
    _fill_clock_tower(qtbot, form)
    _click(qtbot, form.save_button)
    assert not form.undo.button.isEnabled()  # creating is not an edit to undo
    _type(qtbot, form.name, "Clock Tower (renamed)")
    _click(qtbot, form.save_button)
    hotspot_id = form.hotspot.id
    assert ref_store.hotspots.get(hotspot_id).name == "Clock Tower (renamed)"
    assert form.undo.button.isEnabled()
    with qtbot.waitSignal(form.saved):
        _click(qtbot, form.undo.button)
    assert ref_store.hotspots.get(hotspot_id).name == "Clock Tower and Haymarket steps"
    assert form.name.text() == "Clock Tower and Haymarket steps"
    assert not form.undo.button.isEnabled()
    latest = ref_store.audit.entries("hotspot", hotspot_id)[0]
    assert (latest.operation, latest.audit_class) == ("update", AuditClass.ALTERATION)


def test_undo_with_ctrl_z_after_a_workflow_move(qtbot: QtBot, ref_store: Store) -> None:
    form = _form(qtbot, ref_store)
    _fill_clock_tower(qtbot, form)
    _click(qtbot, form.save_button)
    _click(qtbot, form.move_buttons[HotspotStatus.OPEN])
    form.activateWindow()
    form.undo.shortcut.activated.emit()
    restored = ref_store.hotspots.get(form.hotspot.id)
    assert restored.status is HotspotStatus.NOMINATED
    assert restored.opened_on is None
    assert set(form.move_buttons) == {HotspotStatus.OPEN}
