from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from jagdesk import resources
from jagdesk.domain.enums import AreaKind, HotspotStatus, IncidentSource, Rag
from jagdesk.domain.records import Hotspot, Incident
from jagdesk.maps.layers import pack_incidents, unpack_incidents
from jagdesk.services.boundaries import import_boundaries
from jagdesk.services.map_layers import build_map_layers
from jagdesk.store import Store
from jagdesk.ui.map_view import MapView, js_call
from tests.gui.map_page import dispose, loaded_view, run_js

pytestmark = pytest.mark.gui

XSS_NAME = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
SHOTS = Path("/tmp/jagdesk-shots")
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def payload(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = Store(tmp_path_factory.mktemp("db") / "map.sqlite", actor="tester")
    import_boundaries(store, resources.path("data", "boundaries", "leicester-wards-2019.geojson"),
                      AreaKind.WARD)
    rng = random.Random(7)
    with store.atomic():
        store.hotspots.add(Hotspot(name=XSS_NAME, rag=Rag.RED, status=HotspotStatus.OPEN,
                                   geometry={"type": "Point", "coordinates": [-1.1335, 52.6357]},
                                   radius_m=250))
        store.hotspots.add(Hotspot(name="Jubilee Park", rag=Rag.GREEN,
                                   status=HotspotStatus.MONITORING,
                                   geometry={"type": "Polygon", "coordinates": [[
                                       [-1.105, 52.620], [-1.095, 52.620], [-1.095, 52.627],
                                       [-1.105, 52.627], [-1.105, 52.620]]]}))
        store.incidents.add_many(
            Incident(source=IncidentSource.POLICE_UK, month=f"2024-0{1 + n % 3}",
                     category="Anti-social behaviour" if n % 4 else "Shoplifting",
                     lon=-1.134 + rng.gauss(0, 0.012), lat=52.635 + rng.gauss(0, 0.008))
            for n in range(50))
    layers = build_map_layers(store)
    store.close()
    return layers


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[MapView]:
    yield from loaded_view(qtbot, tmp_path / "cache")


def _xss_id(payload: dict[str, Any]) -> str:
    return next(f["properties"]["id"] for f in payload["hotspots"]["features"]
                if f["properties"]["name"] == XSS_NAME)


def _draw(qtbot: QtBot, view: MapView, payload: dict[str, Any]) -> int:
    with qtbot.waitSignal(view.layers_drawn, timeout=TIMEOUT_MS) as drawn:
        view.set_layers(payload)
    count: int = drawn.args[0]
    return count


def test_page_loads_leaflet_and_the_bridge_offline(qtbot: QtBot, view: MapView) -> None:
    assert view.is_ready()
    assert run_js(qtbot, view, "typeof L") == "object"
    assert run_js(qtbot, view, "typeof window.jagdesk.setLayers") == "function"
    assert view.url().isLocalFile()


def test_layers_draw_and_hostile_names_stay_text(qtbot: QtBot, view: MapView,
                                                 payload: dict[str, Any]) -> None:
    run_js(qtbot, view, "window.__alerts = []; window.alert = function (m) {"
                        " window.__alerts.push(String(m)); }; true")
    count = _draw(qtbot, view, payload)
    assert count == 21 + 2 + 50
    counts = json.loads(run_js(qtbot, view, "JSON.stringify(window.jagdesk.counts())"))
    assert counts == {"areas": 21, "hotspots": 2, "incidents": 50, "responses": 0,
                      "density": len(payload["density"]["features"])}
    assert run_js(qtbot, view, "window.jagdesk.incidentLayer().data().count") == 50
    # Never one DOM node per incident: the incidents are one canvas.
    assert run_js(qtbot, view, "document.querySelectorAll('.jd-incident-canvas').length") == 1
    assert run_js(qtbot, view, "document.querySelector('.jd-incident-count').textContent") == (
        "50 incidents")

    view.select_hotspot(_xss_id(payload))
    popup = run_js(qtbot, view, "document.querySelector('.leaflet-popup-content').textContent")
    assert XSS_NAME in popup
    assert run_js(qtbot, view, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    scripts = run_js(qtbot, view, "Array.from(document.scripts).filter("
                                  "s => s.textContent.includes('alert(2)')).length")
    assert scripts == 0
    assert run_js(qtbot, view, "window.__alerts.length") == 0


def test_update_keeps_the_view_and_replaces_data(qtbot: QtBot, view: MapView,
                                                 payload: dict[str, Any]) -> None:
    _draw(qtbot, view, payload)
    run_js(qtbot, view, "window.jagdesk.map().setView([52.63, -1.13], 15, {animate: false}); true")
    centre = run_js(qtbot, view, "JSON.stringify(window.jagdesk.map().getCenter())")
    fewer = dict(payload, incidents=pack_incidents(
        (n, lon, lat, month, category)
        for n, (lon, lat, category, month) in enumerate(unpack_incidents(payload["incidents"])[:10])))
    assert _draw(qtbot, view, fewer) == 21 + 2 + 10
    assert run_js(qtbot, view, "window.jagdesk.map().getZoom()") == 15
    assert run_js(qtbot, view, "JSON.stringify(window.jagdesk.map().getCenter())") == centre
    assert run_js(qtbot, view, "window.jagdesk.incidentLayer().data().count") == 10


def test_layers_sent_before_ready_are_drawn_when_ready(qtbot: QtBot, tmp_path: Path,
                                                       payload: dict[str, Any]) -> None:
    early = MapView(tmp_path / "cache")
    qtbot.addWidget(early)
    early.set_layers(payload)
    assert not early.is_ready()
    with qtbot.waitSignal(early.layers_drawn, timeout=TIMEOUT_MS) as drawn:
        early.load_page()
    assert drawn.args == [73]  # 21 wards, 2 hotspots, 50 incidents
    dispose(early)


def test_clicking_a_hotspot_reports_its_id(qtbot: QtBot, view: MapView,
                                           payload: dict[str, Any]) -> None:
    _draw(qtbot, view, payload)
    hotspot_id = _xss_id(payload)
    with qtbot.waitSignal(view.hotspot_clicked, timeout=TIMEOUT_MS) as clicked:
        view.run_script(js_call("window.jagdesk.hotspotLayer", hotspot_id)[:-1] + ".fire('click');")
    assert clicked.args == [hotspot_id]


def test_screenshot_shows_wards_hotspots_and_clusters(qtbot: QtBot, view: MapView,
                                                      payload: dict[str, Any]) -> None:
    _draw(qtbot, view, payload)
    qtbot.wait(500)  # let the compositor paint the drawn layers before grabbing
    SHOTS.mkdir(parents=True, exist_ok=True)
    image = view.grab().toImage()
    assert image.save(str(SHOTS / "map.png"))
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 5  # more than a blank page

    view.select_hotspot(_xss_id(payload))
    run_js(qtbot, view, "true")
    qtbot.wait(800)  # the pan to the hotspot is animated
    assert view.grab().save(str(SHOTS / "map-selected.png"))


def _marks(qtbot: QtBot, view: MapView) -> list[list[float]]:
    marks: list[list[float]] = json.loads(run_js(
        qtbot, view, "JSON.stringify(window.jagdesk.incidentLayer().marks())"))
    return marks


def test_incidents_cluster_when_zoomed_out_and_show_as_dots_when_zoomed_in(
        qtbot: QtBot, view: MapView, payload: dict[str, Any]) -> None:
    _draw(qtbot, view, payload)
    run_js(qtbot, view, "window.jagdesk.map().setView([52.635, -1.134], 11, {animate: false}); true")
    qtbot.waitUntil(lambda: run_js(qtbot, view, "window.jagdesk.map().getZoom()") == 11)
    zoomed_out = _marks(qtbot, view)
    assert sum(m[2] for m in zoomed_out) == 50
    assert max(m[2] for m in zoomed_out) > 1  # counted clusters
    lon, lat, _c, _m = unpack_incidents(payload["incidents"])[0]
    run_js(qtbot, view, f"window.jagdesk.map().setView([{lat}, {lon}], 18, {{animate: false}}); true")
    qtbot.waitUntil(lambda: run_js(qtbot, view, "window.jagdesk.map().getZoom()") == 18)
    assert {m[2] for m in _marks(qtbot, view)} == {1}

    with qtbot.waitSignal(view.incident_clicked, timeout=TIMEOUT_MS) as clicked:
        run_js(qtbot, view, "(function () { var m = window.jagdesk.incidentLayer().marks()[0];"
                            " var map = window.jagdesk.map();"
                            " map.fire('click', {containerPoint: L.point(m[0], m[1]),"
                            " latlng: map.containerPointToLatLng([m[0], m[1]])}); return true; })()")
    assert clicked.args[0] == pytest.approx(lon, abs=1e-4)
    card = run_js(qtbot, view, "document.querySelector('.leaflet-popup-content').textContent")
    assert "2024-0" in card


def test_js_call_passes_values_as_json_data() -> None:
    code = js_call("f", {"name": XSS_NAME}, None)
    assert "</" not in code
    assert code.startswith("f(JSON.parse(")
    assert code.endswith(");")
    assert code.count("JSON.parse(") == 2


def test_switching_a_layer_off_is_reported(qtbot: QtBot, view: MapView,
                                           payload: dict[str, Any]) -> None:
    _draw(qtbot, view, payload)
    labels = run_js(qtbot, view, "JSON.stringify(Array.from(document.querySelectorAll("
                                 "'.leaflet-control-layers-overlays label')).map(l => l.textContent.trim()))")
    assert json.loads(labels) == ["Hotspots", "Incidents", "Incident density (squares)",
                                  "Response footprints", "Wards"]
    with qtbot.waitSignal(view.layer_toggled, timeout=TIMEOUT_MS) as toggled:
        view.run_script("document.querySelectorAll('.leaflet-control-layers-overlays input')[4].click();")
    assert toggled.args == ["areas:ward", False]


def _popups(qtbot: QtBot, view: MapView) -> int:
    # A closing popup fades out before it leaves the page.
    return int(run_js(qtbot, view, "document.querySelectorAll('.leaflet-popup').length"))


def test_presenting_selects_without_a_popup_or_layer_list(qtbot: QtBot, view: MapView,
                                                          payload: dict[str, Any]) -> None:
    layer_list = "document.querySelector('.leaflet-control-layers').style.display"
    _draw(qtbot, view, payload)
    view.select_hotspot(_xss_id(payload))
    qtbot.waitUntil(lambda: _popups(qtbot, view) == 1, timeout=TIMEOUT_MS)
    view.set_presenting(True)
    qtbot.waitUntil(lambda: _popups(qtbot, view) == 0, timeout=TIMEOUT_MS)
    view.select_hotspot(_xss_id(payload))
    assert run_js(qtbot, view, "window.jagdesk.presenting()") is True
    qtbot.wait(400)  # longer than a popup takes to appear
    assert _popups(qtbot, view) == 0
    assert run_js(qtbot, view, layer_list) == "none"
    view.set_presenting(False)
    view.select_hotspot(_xss_id(payload))
    qtbot.waitUntil(lambda: _popups(qtbot, view) == 1, timeout=TIMEOUT_MS)
    assert run_js(qtbot, view, layer_list) == ""
