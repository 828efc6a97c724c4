"""The map page stays offline: the request filter, MBTiles and OpenStreetMap base maps, the
viewport, hovers and remembered layers reported through the bridge."""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWebEngineCore import QWebEngineSettings
from pytestqt.qtbot import QtBot

from jagdesk.domain.enums import HotspotStatus, IncidentSource, Rag
from jagdesk.domain.records import Hotspot, Incident
from jagdesk.maps import basemaps
from jagdesk.services.map_layers import build_map_layers
from jagdesk.store import Store
from jagdesk.ui.map_view import MapView, js_call
from tests.gui.map_page import loaded_view, run_js

if TYPE_CHECKING:
    from conftest import Canary  # the fixture's type, for readers and type checkers

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
TIMEOUT_MS = 20_000
TILE_COLOUR = "#3a7d44"


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[MapView]:
    yield from loaded_view(qtbot, tmp_path / "cache")


def _payload(tmp_path: Path, name: str) -> dict[str, Any]:
    store = Store(tmp_path / "offline.sqlite", actor="tester")
    with store.atomic():
        store.hotspots.add(Hotspot(name=name, rag=Rag.AMBER, status=HotspotStatus.OPEN,
                                   geometry={"type": "Point", "coordinates": [-1.1335, 52.6357]},
                                   radius_m=200))
        store.incidents.add_many(
            Incident(source=IncidentSource.POLICE_UK, month="2024-01", category=name,
                     lon=-1.134 + (n % 9) * 0.002, lat=52.635 + (n // 9) * 0.0015)
            for n in range(90))
    layers = build_map_layers(store)
    store.close()
    return layers


def _draw(qtbot: QtBot, view: MapView, payload: dict[str, Any]) -> None:
    with qtbot.waitSignal(view.layers_drawn, timeout=TIMEOUT_MS):
        view.set_layers(payload)


# --- the request filter -----------------------------------------------------------------------
ATTEMPTS = """
(function (base) {
  fetch(base + "/fetch").catch(function () {});
  new Image().src = base + "/image";
  var s = document.createElement("script"); s.src = base + "/script"; document.head.appendChild(s);
  var l = document.createElement("link"); l.rel = "stylesheet"; l.href = base + "/style";
  document.head.appendChild(l);
  var x = new XMLHttpRequest(); x.open("GET", base + "/xhr"); x.send();
  return true;
})
"""


def _attack(qtbot: QtBot, view: MapView, canary: Canary) -> None:
    # The page may reach remote URLs at all here, so only the request filter stands in the way.
    view.page().settings().setAttribute(
        QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    run_js(qtbot, view, ATTEMPTS + f"({json.dumps(canary.url)})")
    qtbot.wait(1500)


def test_filter_blocks_every_request_to_the_canary(qtbot: QtBot, view: MapView, canary: Canary,
                                                   tmp_path: Path) -> None:
    name = f'<img src="{canary.url}/name" onerror="fetch(\'{canary.url}/onerror\')">'
    payload = _payload(tmp_path, name)
    _draw(qtbot, view, payload)
    view.select_hotspot(payload["hotspots"]["features"][0]["properties"]["id"])  # popup shows the name
    _attack(qtbot, view, canary)
    assert canary.hits == []
    assert view.interceptor.blocked_count >= 3


def test_without_the_filter_the_canary_is_reached(qtbot: QtBot, view: MapView,
                                                  canary: Canary) -> None:
    # Proves the test above could fail: the same attempts reach the canary unfiltered.
    view.page().setUrlRequestInterceptor(None)
    # Removing the filter reaches the browser's network process a moment later, so the
    # attempts are repeated until one arrives (or the wait runs out and the test fails).
    def attacked_and_reached() -> bool:
        _attack(qtbot, view, canary)
        return bool(canary.hits)

    qtbot.waitUntil(attacked_and_reached, timeout=TIMEOUT_MS)


def test_filter_rules(view: MapView, tmp_path: Path) -> None:
    rules = view.interceptor
    page_dir = tmp_path / "cache" / "map"
    assert rules.allows(QUrl.fromLocalFile(str(page_dir / "assets" / "leaflet" / "leaflet.js")))
    assert not rules.allows(QUrl.fromLocalFile("/etc/passwd"))
    assert not rules.allows(QUrl.fromLocalFile(str(page_dir / ".." / ".." / "secret.txt")))
    assert rules.allows(QUrl("qrc:///qtwebchannel/qwebchannel.js"))
    assert rules.allows(QUrl("data:image/png;base64,AAAA"))
    assert rules.allows(QUrl("jdtiles:0123456789abcdef/1/0/0.png"))
    osm = QUrl("https://tile.openstreetmap.org/13/4000/2700.png")
    assert not rules.allows(osm)
    view.set_base_map(basemaps.openstreetmap())
    assert rules.allows(osm)
    assert not rules.allows(QUrl("https://example.org/13/4000/2700.png"))
    view.set_base_map(basemaps.no_base_map())
    assert not rules.allows(osm)


# --- base maps --------------------------------------------------------------------------------
def _tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _png(colour: str, label: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QColor("#ffffff"))
    painter.drawRect(0, 0, 255, 255)
    painter.drawText(12, 24, label)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def make_mbtiles(path: Path, zooms: range, around: tuple[float, float], span: int = 3) -> Path:
    """A small MBTiles file: metadata plus PNG tiles in TMS rows around a point."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
                 " tile_data BLOB)")
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "Test tiles"), ("format", "png"), ("minzoom", str(zooms.start)),
        ("maxzoom", str(zooms.stop - 1)), ("attribution", "<b onmouseover=alert(1)>Test</b>")])
    for z in zooms:
        cx, cy = _tile_xy(*around, z)
        for x in range(cx - span, cx + span + 1):
            for y in range(cy - span, cy + span + 1):
                conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                             (z, x, (1 << z) - 1 - y, _png(TILE_COLOUR, f"{z}/{x}/{y}")))
    conn.commit()
    conn.close()
    return path


def test_mbtiles_base_map_is_served_by_the_app(qtbot: QtBot, view: MapView, tmp_path: Path,
                                               canary: Canary) -> None:
    tiles = make_mbtiles(tmp_path / "city.mbtiles", range(12, 15), (-1.1335, 52.6357))
    _draw(qtbot, view, _payload(tmp_path, "Clock Tower"))
    run_js(qtbot, view, "window.jagdesk.map().setView([52.6357, -1.1335], 14, {animate: false}); true")
    base = view.open_mbtiles(tiles)
    assert base.kind == basemaps.MBTILES
    assert "<b" not in base.attribution  # the file's attribution is escaped
    view.set_base_map(base)
    qtbot.waitUntil(lambda: run_js(qtbot, view, "window.jagdesk.baseMap().loaded") >= 4,
                    timeout=TIMEOUT_MS)
    assert run_js(qtbot, view, "window.jagdesk.baseMap().kind") == "mbtiles"
    attribution = run_js(qtbot, view, "document.querySelector('.leaflet-control-attribution')"
                                      ".textContent")
    assert "<b onmouseover=alert(1)>Test</b>" in attribution  # shown as text, not markup
    qtbot.wait(400)
    image = view.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SHOTS / "map-mbtiles.png"))
    corner = image.pixelColor(20, image.height() - 60)
    assert corner.name() == TILE_COLOUR
    assert canary.hits == []


def test_openstreetmap_failure_is_reported(qtbot: QtBot, view: MapView, tmp_path: Path) -> None:
    # A tile server that is not there stands in for OpenStreetMap without a network.
    dead = basemaps.openstreetmap(url="http://127.0.0.1:9/{z}/{x}/{y}.png", host="127.0.0.1:9")
    _draw(qtbot, view, _payload(tmp_path, "Clock Tower"))
    with qtbot.waitSignal(view.tiles_failed, timeout=TIMEOUT_MS) as failed:
        view.set_base_map(dead)
    assert failed.args == ["osm"]
    attribution = run_js(qtbot, view, "document.querySelector('.leaflet-control-attribution')"
                                      ".textContent")
    assert "OpenStreetMap contributors" in attribution
    view.set_base_map(basemaps.no_base_map())
    assert run_js(qtbot, view, "window.jagdesk.baseMap().kind") == "none"


# --- what Python learns -----------------------------------------------------------------------
def test_viewport_and_hover_reach_python(qtbot: QtBot, view: MapView, tmp_path: Path) -> None:
    payload = _payload(tmp_path, "Clock Tower")
    _draw(qtbot, view, payload)
    with qtbot.waitSignal(view.viewport_changed, timeout=TIMEOUT_MS) as moved:
        view.run_script("window.jagdesk.map().setView([52.63, -1.13], 15, {animate: false});")
    (west, south, east, north), zoom = moved.args
    assert zoom == 15
    assert west < -1.13 < east
    assert south < 52.63 < north
    assert view.viewport == ((west, south, east, north), 15)
    hotspot_id = payload["hotspots"]["features"][0]["properties"]["id"]
    with qtbot.waitSignal(view.hotspot_hovered, timeout=TIMEOUT_MS) as hovered:
        view.run_script(js_call("window.jagdesk.hotspotLayer", hotspot_id)[:-1]
                        + ".fire('mouseover');")
    assert hovered.args == [hotspot_id]


def test_layer_choices_survive_new_payloads_and_a_reload(qtbot: QtBot, view: MapView,
                                                         tmp_path: Path) -> None:
    payload = _payload(tmp_path, "Clock Tower")
    view.set_layer_visible("incidents", False)
    view.set_layer_visible("density", True)
    _draw(qtbot, view, payload)
    run_js(qtbot, view, "window.jagdesk.map().setView([52.6357, -1.13], 15, {animate: false}); true")
    shown = json.loads(run_js(qtbot, view, "JSON.stringify(window.jagdesk.visibleLayers())"))
    assert shown["incidents"] is False
    assert shown["density"] is True
    assert run_js(qtbot, view, "document.querySelector('.jd-density-legend').textContent"
                  ).startswith("Incidents per square")
    qtbot.wait(400)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SHOTS / "map-density.png"))

    with qtbot.waitSignal(view.layers_drawn, timeout=TIMEOUT_MS):
        view.load_page()  # a reloaded page gets the layers and the choices back
    shown = json.loads(run_js(qtbot, view, "JSON.stringify(window.jagdesk.visibleLayers())"))
    assert shown["incidents"] is False
    assert shown["density"] is True


# --- hostile text ---------------------------------------------------------------------------
HOSTILE = ("<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
           "</script><script>document.body.setAttribute('data-pwned','2')</script>")


def test_hostile_names_and_incident_text_never_run(qtbot: QtBot, view: MapView,
                                                   tmp_path: Path) -> None:
    payload = _payload(tmp_path, HOSTILE)  # the hotspot's name and every incident's category
    _draw(qtbot, view, payload)
    hotspot_id = payload["hotspots"]["features"][0]["properties"]["id"]
    view.select_hotspot(hotspot_id)
    qtbot.waitUntil(lambda: HOSTILE in str(run_js(
        qtbot, view, "(document.querySelector('.leaflet-popup-content') || {}).textContent")),
        timeout=TIMEOUT_MS)
    run_js(qtbot, view, "window.jagdesk.map().setView([52.635, -1.134], 18, {animate: false}); true")
    run_js(qtbot, view, "(function () { var m = window.jagdesk.incidentLayer().marks()[0];"
                        " var map = window.jagdesk.map(); map.fire('click', {containerPoint:"
                        " L.point(m[0], m[1]), latlng: map.containerPointToLatLng([m[0], m[1]])});"
                        " return true; })()")
    card = run_js(qtbot, view, "document.querySelector('.leaflet-popup-content').textContent")
    assert HOSTILE in card  # shown as text
    qtbot.wait(300)
    assert run_js(qtbot, view, "document.body.hasAttribute('data-pwned')") is False
    assert run_js(qtbot, view, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert run_js(qtbot, view, "Array.from(document.scripts).filter("
                               "s => s.textContent.includes('data-pwned')).length") == 0
