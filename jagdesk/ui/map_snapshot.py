"""A picture of the real map zoomed to a hotspot, for plan summaries.

The same ``MapView`` the window shows is drawn off screen with the hotspot selected, then
grabbed as PNG. In the app a hidden view is kept and reused; from the command line a
QApplication on the offscreen platform is created when there is none. The export services only
ever see the PNG bytes, so they stay free of Qt.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QObject, Qt, QTimer, Signal

log = logging.getLogger(__name__)

SIZE = (1200, 800)
TIMEOUT_MS = 30_000
SETTLE_MS = 600  # time for the page to redraw clusters and boundaries at the new zoom
MARGIN_DEGREES = 0.01  # incidents this far around the hotspot are drawn (about 1 km)


def ensure_application() -> Any:
    """The running QApplication, or a new one on the offscreen platform."""
    import PySide6.QtWebEngineWidgets  # noqa: F401 - must be imported before QApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to run as root inside its sandbox.
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    _register_schemes()
    return QApplication(["jagdesk"])


def _register_schemes() -> None:
    """Register the map's URL schemes, which must happen before the QApplication exists."""
    try:
        from jagdesk.ui.map_web import register_schemes
    except ImportError:
        return
    register_schemes()


def snapshot_layers(store_path: Path, hotspot_id: str) -> dict[str, Any]:
    """The map layers around a hotspot: every boundary and hotspot, nearby incidents."""
    from jagdesk.maps.layers import build_layers
    from jagdesk.store import Store

    # The caller (the window, or the command exporting) has the file open and checked.
    with Store(store_path, read_only=True, check_pages=False) as store:
        min_lon, min_lat, max_lon, max_lat = store.hotspots.bbox_of(hotspot_id)
        box = (min_lon - MARGIN_DEGREES, min_lat - MARGIN_DEGREES,
               max_lon + MARGIN_DEGREES, max_lat + MARGIN_DEGREES)
        return build_layers(store, box=box)


class MapSnapshot(QObject):
    """Takes one picture of a map view zoomed to a hotspot, without blocking.

    Signals:
        taken(bytes): the PNG.
        failed(str): why no picture could be taken.
    """

    taken = Signal(bytes)
    failed = Signal(str)

    def __init__(self, view: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._hotspot_id = ""
        self._payload: dict[str, Any] = {}
        self._done = False
        self._timer = QTimer(self, singleShot=True, interval=TIMEOUT_MS)
        self._timer.timeout.connect(lambda: self._finish(None, "The map did not draw in time."))

    def start(self, payload: dict[str, Any], hotspot_id: str) -> None:
        """Draw ``payload``, select the hotspot and take the picture once it has settled."""
        self._payload, self._hotspot_id = payload, hotspot_id
        self._timer.start()
        self._view.layers_drawn.connect(self._on_drawn, Qt.ConnectionType.SingleShotConnection)
        if self._view.is_ready():
            self._view.set_layers(payload)
        else:
            self._view.ready.connect(lambda: self._view.set_layers(self._payload),
                                     Qt.ConnectionType.SingleShotConnection)
            self._view.load_page()

    def _on_drawn(self, _count: int) -> None:
        from jagdesk.ui.map_view import js_call

        self._view.select_hotspot(self._hotspot_id)
        # On paper: no popup over the hotspot, and a margin of streets around it at once,
        # without the easing the screen uses.
        self._view.run_script(js_call("(function (id) { var map = window.jagdesk.map();"
                                      " var layer = window.jagdesk.hotspotLayer(id);"
                                      " map.closePopup(); if (!layer) { return; }"
                                      " map.fitBounds(layer.getBounds(),"
                                      " {padding: [160, 160], maxZoom: 16, animate: false}); })",
                                      self._hotspot_id))
        QTimer.singleShot(SETTLE_MS, self._grab)

    def _grab(self) -> None:
        if not self._done:
            self._finish(_png(self._view.grab()), "")

    def _finish(self, png: bytes | None, problem: str) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        if png:
            self.taken.emit(png)
        else:
            self.failed.emit(problem or "The map picture is empty.")


def _png(pixmap: Any) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def offscreen_view(cache_dir: Path, size: tuple[int, int] = SIZE) -> Any:
    """A map view that draws without appearing on screen."""
    from jagdesk.ui.map_view import MapView

    view = MapView(cache_dir)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(*size)
    view.show()
    return view


def render_hotspot_map(store_path: Path, hotspot_id: str, size: tuple[int, int] = SIZE, *,
                       view: Any = None) -> bytes:
    """Render the map zoomed to a hotspot and return it as PNG bytes.

    Args:
        store_path: the database file.
        hotspot_id: the hotspot's id.
        size: the picture's width and height in pixels.
        view: a map view to reuse (the app keeps a hidden one); a new off-screen one when None.

    Raises:
        UserError: when the map cannot be drawn.
    """
    from jagdesk.errors import UserError

    ensure_application()
    payload = snapshot_layers(Path(store_path), hotspot_id)
    own = view is None
    with tempfile.TemporaryDirectory(prefix="jagdesk-map-") as cache:
        if own:
            view = offscreen_view(Path(cache), size)
        else:
            view.resize(*size)
        result: dict[str, Any] = {}
        loop = QEventLoop()
        snapshot = MapSnapshot(view)

        def on_taken(png: bytes) -> None:
            result["png"] = png
            loop.quit()

        def on_failed(why: str) -> None:
            result["problem"] = why
            loop.quit()

        snapshot.taken.connect(on_taken)
        snapshot.failed.connect(on_failed)
        snapshot.start(payload, hotspot_id)
        if "png" not in result and "problem" not in result:
            loop.exec()
        if own:
            view.close()
            view.deleteLater()
    if "png" not in result:
        raise UserError(f"Cannot draw the map: {result.get('problem', 'unknown reason')}")
    return bytes(result["png"])
