"""Picking a point and drawing a polygon on the map, through the page's own events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from jagdesk.ui.map_view import MapView
from tests.gui.map_page import loaded_view, run_js

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
TIMEOUT_MS = 20_000


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[MapView]:
    for widget in loaded_view(qtbot, tmp_path / "cache", (800, 600)):
        run_js(qtbot, widget,
               "window.jagdesk.map().setView([52.635, -1.13], 15, {animate: false}); true")
        yield widget


def click(qtbot: QtBot, view: MapView, lat: float, lon: float) -> None:
    run_js(qtbot, view, f"window.jagdesk.map().fire('click', {{latlng: L.latLng({lat}, {lon})}}); true")


def key(qtbot: QtBot, view: MapView, name: str) -> None:
    run_js(qtbot, view, f"document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{name}'}})); true")


def picking(qtbot: QtBot, view: MapView) -> Any:
    return run_js(qtbot, view, "JSON.stringify(window.jagdesk.picking())")


def start(qtbot: QtBot, view: MapView, mode: str) -> None:
    view.start_picking(mode)
    qtbot.waitUntil(lambda: picking(qtbot, view) != "null", timeout=TIMEOUT_MS)


def test_a_click_picks_a_point_and_shows_a_hint_meanwhile(qtbot: QtBot, view: MapView) -> None:
    start(qtbot, view, "point")
    assert '"mode":"point"' in picking(qtbot, view)
    assert "Esc to cancel" in run_js(qtbot, view, "document.querySelector('.jd-pick-hint').textContent")
    assert run_js(qtbot, view, "window.jagdesk.map().getContainer().classList.contains('jd-picking')")
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "map-picking-hint.png"))
    with qtbot.waitSignal(view.point_picked, timeout=TIMEOUT_MS) as picked:
        click(qtbot, view, 52.6361, -1.1322)
    assert picked.args == [pytest.approx(-1.1322), pytest.approx(52.6361)]
    assert picking(qtbot, view) == "null"
    assert view.picking is None
    assert run_js(qtbot, view, "document.querySelectorAll('.jd-pick-hint').length") == 0


def test_a_polygon_needs_three_corners_and_finishes_on_enter(qtbot: QtBot, view: MapView) -> None:
    drawn: list[dict[str, Any]] = []
    view.polygon_drawn.connect(drawn.append)
    start(qtbot, view, "polygon")
    click(qtbot, view, 52.634, -1.134)
    click(qtbot, view, 52.634, -1.134)  # the second click of a double-click: not a new corner
    click(qtbot, view, 52.636, -1.130)
    key(qtbot, view, "Enter")
    assert '"vertices":2' in picking(qtbot, view)
    assert "at least 3" in run_js(qtbot, view, "document.querySelector('.jd-pick-hint').textContent")
    assert drawn == []
    click(qtbot, view, 52.637, -1.136)
    with qtbot.waitSignal(view.polygon_drawn, timeout=TIMEOUT_MS) as done:
        key(qtbot, view, "Enter")
    polygon = done.args[0]
    assert polygon["type"] == "Polygon"
    ring = polygon["coordinates"][0]
    assert len(ring) == 4
    assert ring[0] == ring[-1]
    assert ring[1] == [pytest.approx(-1.130), pytest.approx(52.636)]


def test_double_click_finishes_and_escape_cancels(qtbot: QtBot, view: MapView) -> None:
    start(qtbot, view, "polygon")
    for lat, lon in ((52.634, -1.134), (52.636, -1.130), (52.637, -1.136)):
        click(qtbot, view, lat, lon)
    with qtbot.waitSignal(view.polygon_drawn, timeout=TIMEOUT_MS):
        run_js(qtbot, view, "window.jagdesk.map().fire('dblclick', "
                            "{latlng: L.latLng(52.637, -1.136)}); true")
    start(qtbot, view, "polygon")
    click(qtbot, view, 52.634, -1.134)
    with qtbot.waitSignal(view.picking_cancelled, timeout=TIMEOUT_MS):
        key(qtbot, view, "Escape")
    assert view.picking is None
    assert picking(qtbot, view) == "null"


def test_stop_picking_reports_nothing(qtbot: QtBot, view: MapView) -> None:
    events: list[object] = []
    view.point_picked.connect(lambda *a: events.append(a))
    view.picking_cancelled.connect(lambda: events.append("cancelled"))
    start(qtbot, view, "point")
    view.stop_picking()
    qtbot.waitUntil(lambda: picking(qtbot, view) == "null", timeout=TIMEOUT_MS)
    click(qtbot, view, 52.6361, -1.1322)
    assert events == []
    with pytest.raises(ValueError, match="unknown picking mode"):
        view.start_picking("circle")
