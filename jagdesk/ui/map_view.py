"""The map widget: the offline folium page in a web view, fed with layers through JavaScript.

The page is built once (``jagdesk.maps.shell``); layers arrive later as JSON data, so a new
filter or an import updates the map in place and keeps the view.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from jagdesk.maps import basemaps
from jagdesk.maps.shell import build_map_page
from jagdesk.ui.map_web import OfflineInterceptor, register_schemes, tile_handler

if TYPE_CHECKING:
    from jagdesk.domain.geometry import BBox
    from jagdesk.maps.basemaps import BaseMap

log = logging.getLogger(__name__)

# Tile URLs need their scheme registered before the application exists; the app does it
# explicitly, and this covers code (tests, tools) that only imports the map.
register_schemes()

_CONSOLE_LEVELS = {
    QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.DEBUG,
    QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
    QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
}
_LOCAL_SCHEMES = {"file", "qrc", "data", "about"}


def js_call(function: str, *args: Any) -> str:
    """Return JavaScript calling ``function`` with arguments passed as JSON data.

    Each argument is JSON text inside a string literal, parsed by ``JSON.parse``, so no value
    can be read as code; ``</`` is escaped as well so the text could not close a script tag.
    """
    literals = [json.dumps(json.dumps(a, separators=(",", ":"))).replace("</", "<\\/")
                for a in args]
    return f"{function}({', '.join(f'JSON.parse({lit})' for lit in literals)});"


def _is_polygon(value: Any) -> bool:
    """Whether the page sent a GeoJSON Polygon with one closed ring of at least three corners."""
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        return False
    rings = value.get("coordinates")
    if not isinstance(rings, list) or len(rings) != 1 or not isinstance(rings[0], list):
        return False
    ring = rings[0]
    return (len(ring) >= 4 and ring[0] == ring[-1]
            and all(isinstance(p, list) and len(p) == 2
                    and all(isinstance(c, int | float) for c in p) for p in ring))


class MapBridge(QObject):
    """The object the page reaches as ``bridge`` through the web channel.

    Its slots keep the JavaScript names the page calls them by.

    Signals:
        page_ready(): the page has connected and drawn its empty map.
        drawn(int): a layer payload is drawn; the number of features.
        clicked(str): a hotspot was clicked; its id.
        toggled(str, bool): a layer was switched on or off in the layer control.
        point_picked(float, float): a point was picked (lon, lat).
        polygon_drawn(str): a polygon was drawn (GeoJSON text).
        picking_cancelled(): picking was cancelled on the page (Esc).
        hovered(str): the pointer entered a hotspot (its id) or left it ("").
        incident_clicked(float, float): an incident was clicked (lon, lat).
        viewport(float, float, float, float, int): the view moved (west, south, east, north, zoom).
        tiles_failed(str): base map tiles failed to load (the base map's kind).
    """

    hovered = Signal(str)
    incident_clicked = Signal(float, float)
    viewport = Signal(float, float, float, float, int)
    tiles_failed = Signal(str)

    page_ready = Signal()
    drawn = Signal(int)
    clicked = Signal(str)
    toggled = Signal(str, bool)
    point_picked = Signal(float, float)
    polygon_drawn = Signal(str)
    picking_cancelled = Signal()

    @Slot()
    def ready(self) -> None:
        self.page_ready.emit()

    @Slot(int)
    def layersDrawn(self, count: int) -> None:
        self.drawn.emit(int(count))

    @Slot(str)
    def hotspotClicked(self, hotspot_id: str) -> None:
        self.clicked.emit(str(hotspot_id))

    @Slot(str, bool)
    def layerToggled(self, key: str, visible: bool) -> None:
        self.toggled.emit(str(key), bool(visible))

    @Slot(float, float)
    def pointPicked(self, lon: float, lat: float) -> None:
        self.point_picked.emit(float(lon), float(lat))

    @Slot(str)
    def polygonDrawn(self, geojson: str) -> None:
        self.polygon_drawn.emit(str(geojson))

    @Slot()
    def pickingCancelled(self) -> None:
        self.picking_cancelled.emit()

    @Slot(str)
    def hotspotHovered(self, hotspot_id: str) -> None:
        self.hovered.emit(str(hotspot_id))

    @Slot(float, float)
    def incidentClicked(self, lon: float, lat: float) -> None:
        self.incident_clicked.emit(float(lon), float(lat))

    @Slot(str)
    def viewportChanged(self, view: str) -> None:
        # One JSON text: [west, south, east, north, zoom] (a five-argument slot is not safe
        # to call through the channel with this Qt for Python).
        try:
            west, south, east, north, zoom = (float(v) for v in json.loads(view))
        except (ValueError, TypeError):
            log.error("map page: unreadable viewport")
            return
        self.viewport.emit(west, south, east, north, int(zoom))

    @Slot(str)
    def tilesFailed(self, kind: str) -> None:
        self.tiles_failed.emit(str(kind))


class MapPage(QWebEnginePage):
    """The page: local files only, and its console goes to the log."""

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel,
                                 message: str, lineNumber: int, sourceID: str) -> None:
        log.log(_CONSOLE_LEVELS.get(level, logging.INFO), "map page: %s (%s:%s)",
                message, sourceID, lineNumber)

    def acceptNavigationRequest(self, url: QUrl | str, _type: QWebEnginePage.NavigationType,
                                _is_main_frame: bool) -> bool:
        # The map never navigates; refusing anything remote keeps it offline and contained.
        scheme = QUrl(url).scheme()
        if scheme in _LOCAL_SCHEMES:
            return True
        log.warning("map page: blocked navigation to %s", QUrl(url).toDisplayString())
        return False


class MapView(QWebEngineView):
    """The map: boundaries, hotspots by RAG, clustered incidents, density and footprints, offline.

    Signals:
        ready(): the page is loaded and talking to Python; queued layers are sent now.
        layers_drawn(int): a payload from ``set_layers`` is drawn; the number of features.
        hotspot_clicked(str): the user clicked a hotspot (its id).
        layer_toggled(str, bool): a layer (``hotspots``, ``incidents``, ``areas:ward`` …)
            was switched on or off.
        point_picked(float, float): while picking a point, the user clicked here (lon, lat).
        polygon_drawn(dict): while drawing, the user finished a polygon (a GeoJSON Polygon).
        picking_cancelled(): the user pressed Esc while picking.
        hotspot_hovered(str): the pointer is over a hotspot (its id), or left it ("").
        incident_clicked(float, float): the user clicked an incident (lon, lat).
        viewport_changed(tuple, int): the view moved: (west, south, east, north) and zoom.
        tiles_failed(str): the base map's tiles could not be loaded (its kind).
        request_blocked(str): the page tried to reach something outside the app (scheme
            and host).
    """

    ready = Signal()
    layers_drawn = Signal(int)
    hotspot_clicked = Signal(str)
    layer_toggled = Signal(str, bool)
    point_picked = Signal(float, float)
    polygon_drawn = Signal(dict)
    picking_cancelled = Signal()
    hotspot_hovered = Signal(str)
    incident_clicked = Signal(float, float)
    viewport_changed = Signal(object, int)
    tiles_failed = Signal(str)
    request_blocked = Signal(str)

    PICK_MODES = ("point", "polygon")

    def __init__(self, cache_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache_dir = Path(cache_dir)
        self._ready = False
        self._pending_layers: str | None = None
        self._last_layers: str | None = None
        self._pending_selection: list[str | None] = []
        self._pending_picking: list[str] = []
        self.picking: str | None = None  # the mode being picked, if any
        self.viewport: tuple[BBox, int] | None = None  # the last view the page reported
        self._layer_visibility: dict[str, bool] = {}
        self.presenting = False
        self.base_map: BaseMap = basemaps.no_base_map()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        # Dropped files go to the window (to import them), never to the page as a navigation.
        self.setAcceptDrops(False)
        self._page = MapPage(self)
        self._configure(self._page.settings())
        self.setPage(self._page)
        self._interceptor = OfflineInterceptor(self._page_dir())
        self._page.setUrlRequestInterceptor(self._interceptor)
        self._tiles = tile_handler(self._page.profile())
        self._bridge = MapBridge(self)
        self._channel = QWebChannel(self._page)
        self._channel.registerObject("bridge", self._bridge)
        self._page.setWebChannel(self._channel)
        self._connect_signals()

    @staticmethod
    def _configure(settings: QWebEngineSettings) -> None:
        attribute = QWebEngineSettings.WebAttribute
        settings.setAttribute(attribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(attribute.PluginsEnabled, False)
        settings.setAttribute(attribute.JavascriptCanOpenWindows, False)

    def _connect_signals(self) -> None:
        self._bridge.page_ready.connect(self._on_bridge_ready)
        self._bridge.drawn.connect(self.layers_drawn)
        self._bridge.clicked.connect(self.hotspot_clicked)
        self._bridge.toggled.connect(self._on_layer_toggled)
        self._bridge.point_picked.connect(self._on_point_picked)
        self._bridge.polygon_drawn.connect(self._on_polygon_drawn)
        self._bridge.picking_cancelled.connect(self._on_picking_cancelled)
        self._bridge.hovered.connect(self.hotspot_hovered)
        self._bridge.incident_clicked.connect(self.incident_clicked)
        self._bridge.viewport.connect(self._on_viewport)
        self._bridge.tiles_failed.connect(self.tiles_failed)
        self._interceptor.blocked.connect(self.request_blocked)
        self.loadFinished.connect(self._on_load_finished)
        self._page.renderProcessTerminated.connect(self._on_render_process_terminated)

    def load_page(self) -> None:
        """Build the page in the cache folder (once) and load it."""
        self._ready = False
        page = build_map_page(self._page_dir())
        self.load(QUrl.fromLocalFile(str(page)))

    def _page_dir(self) -> Path:
        return self._cache_dir / "map"

    def set_layer_visible(self, key: str, visible: bool) -> None:
        """Show or hide a layer; remembered across payloads and page reloads.

        Keys: ``hotspots``, ``incidents``, ``density``, ``responses``, ``areas:<kind>``.
        """
        self._layer_visibility[key] = visible
        if self._ready:
            self.run_script(js_call("window.jagdesk.setLayerVisible", key, visible))

    def layer_visibility(self) -> dict[str, bool]:
        """The visibility set through ``set_layer_visible`` or the layer control."""
        return dict(self._layer_visibility)

    def set_base_map(self, base: BaseMap) -> None:
        """Draw a base map under the layers; only its host (if remote) is let through."""
        self.base_map = base
        self._interceptor.set_base_map(base)
        # Remote tiles need the page to reach a remote host at all; the filter keeps it to one.
        self._page.settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls,
            bool(base.allowed_host))
        if self._ready:
            self.run_script(js_call("window.jagdesk.setBaseMap", base.page_spec()))

    def open_mbtiles(self, path: Path) -> BaseMap:
        """Open an MBTiles file for serving and describe it as a base map (UserError if unusable)."""
        tiles = self._tiles.open(Path(path))
        info = tiles.info
        return basemaps.mbtiles(Path(path), name=info.name, attribution=info.attribution,
                                min_zoom=info.min_zoom, max_zoom=info.max_zoom,
                                extension=info.format)

    @property
    def interceptor(self) -> OfflineInterceptor:
        """The page's request filter."""
        return self._interceptor

    def is_ready(self) -> bool:
        """Whether the page is loaded and its bridge connected."""
        return self._ready

    def set_layers(self, payload: dict[str, Any]) -> None:
        """Draw a layer payload (see ``jagdesk.maps.layers``), now or as soon as the page is ready.

        Only the newest payload waits: each one replaces the layers it names.
        """
        self._pending_layers = self._last_layers = js_call("window.jagdesk.setLayers", payload)
        if self._ready:
            self._flush()

    def select_hotspot(self, hotspot_id: str | None) -> None:
        """Highlight a hotspot and bring it into view; None clears the selection."""
        self._pending_selection = [hotspot_id]
        if self._ready:
            self._flush()

    def set_presenting(self, presenting: bool) -> None:
        """On a projector: selecting a hotspot opens no popup, and the layer list is hidden."""
        self.presenting = presenting
        if self._ready:
            self.run_script(js_call("window.jagdesk.setPresenting", presenting))

    def start_picking(self, mode: str, hint: str | None = None) -> None:
        """Let the user pick a place on the map.

        ``"point"``: the next click is reported through ``point_picked``. ``"polygon"``: clicks
        add corners; double-click or Enter finishes (``polygon_drawn``), fewer than three corners
        are refused. Esc cancels (``picking_cancelled``). A crosshair and a hint show meanwhile.
        """
        if mode not in self.PICK_MODES:
            raise ValueError(f"unknown picking mode {mode!r}")
        self.picking = mode
        self._pending_picking = [js_call("window.jagdesk.startPicking", mode, hint)]
        self.setFocus()
        if self._ready:
            self._flush()

    def stop_picking(self) -> None:
        """Stop picking without reporting anything."""
        self.picking = None
        self._pending_picking = [js_call("window.jagdesk.stopPicking")]
        if self._ready:
            self._flush()

    def run_script(self, code: str) -> None:
        """Run JavaScript on the page (for callers that build it with ``js_call``)."""
        self._page.runJavaScript(code, 0)

    def _flush(self) -> None:
        if self._pending_layers is not None:
            self.run_script(self._pending_layers)
            self._pending_layers = None
        if self._pending_selection:
            self.run_script(js_call("window.jagdesk.selectHotspot", self._pending_selection[0]))
            self._pending_selection = []
        if self._pending_picking:
            self.run_script(self._pending_picking[0])
            self._pending_picking = []

    @Slot(float, float)
    def _on_point_picked(self, lon: float, lat: float) -> None:
        self.picking = None
        self.point_picked.emit(lon, lat)

    @Slot(str)
    def _on_polygon_drawn(self, text: str) -> None:
        self.picking = None
        try:
            polygon = json.loads(text)
        except ValueError:
            log.error("map page: unreadable polygon")
            return
        if _is_polygon(polygon):
            self.polygon_drawn.emit(polygon)

    @Slot(float, float, float, float, int)
    def _on_viewport(self, west: float, south: float, east: float, north: float,
                     zoom: int) -> None:
        self.viewport = ((west, south, east, north), zoom)
        self.viewport_changed.emit((west, south, east, north), zoom)

    @Slot(str, bool)
    def _on_layer_toggled(self, key: str, visible: bool) -> None:
        self._layer_visibility[key] = visible
        self.layer_toggled.emit(key, visible)

    @Slot()
    def _on_picking_cancelled(self) -> None:
        self.picking = None
        self.picking_cancelled.emit()

    @Slot()
    def _on_bridge_ready(self) -> None:
        self._ready = True
        # A reloaded page starts empty: give it the layers, visibility and base map it had.
        if self._pending_layers is None:
            self._pending_layers = self._last_layers
        for key, visible in self._layer_visibility.items():
            self.run_script(js_call("window.jagdesk.setLayerVisible", key, visible))
        if self.presenting:
            self.run_script(js_call("window.jagdesk.setPresenting", True))
        if self.base_map.kind != basemaps.NONE:
            self.run_script(js_call("window.jagdesk.setBaseMap", self.base_map.page_spec()))
        log.debug("map page ready")
        self._flush()
        self.ready.emit()

    @Slot(bool)
    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            log.error("map page failed to load: %s", self.url().toDisplayString())

    @Slot(QWebEnginePage.RenderProcessTerminationStatus, int)
    def _on_render_process_terminated(self, status: QWebEnginePage.RenderProcessTerminationStatus,
                                      exit_code: int) -> None:
        self._ready = False
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            log.debug("map page renderer closed")
            return
        log.error("map page renderer ended (%s, exit code %s)", status.name, exit_code)
