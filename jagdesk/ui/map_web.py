"""What keeps the map page offline and contained: a request filter and the MBTiles tile server.

``register_schemes()`` must run before the QApplication exists (Qt fixes URL schemes then);
``jagdesk.app`` calls it, and so does importing ``jagdesk.ui.map_view`` when no application
exists yet.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from jagdesk.maps.basemaps import TILE_SCHEME, BaseMap, tile_token
from jagdesk.store.mbtiles import MBTiles

log = logging.getLogger(__name__)

_TILE_PATH = re.compile(r"^(?P<token>[0-9a-f]{16})/(?P<z>\d{1,2})/(?P<x>\d+)/(?P<y>\d+)\.\w+$")
# Schemes that never leave the machine: Qt's own resources, inline data and our tiles.
_ALWAYS_ALLOWED = {"qrc", "data", "blob", "about", TILE_SCHEME}


def register_schemes() -> bool:
    """Register the ``jdtiles:`` scheme; returns False when it is too late (an app exists)."""
    if QWebEngineUrlScheme.schemeByName(TILE_SCHEME.encode()).name():
        return True
    if QCoreApplication.instance() is not None:
        return False
    scheme = QWebEngineUrlScheme(TILE_SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    # Local: a page loaded from a file may use it, as it may use its own asset files.
    scheme.setFlags(QWebEngineUrlScheme.Flag.LocalScheme
                    | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                    | QWebEngineUrlScheme.Flag.SecureScheme)
    QWebEngineUrlScheme.registerScheme(scheme)
    return True


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves ``jdtiles:<token>/<z>/<x>/<y>.<ext>`` from the MBTiles files opened so far."""

    def __init__(self) -> None:
        super().__init__()
        self._sets: dict[str, MBTiles] = {}
        self._lock = threading.Lock()

    def open(self, path: Path) -> MBTiles:
        """Open a tile set (or reuse it) so its tiles can be served; raises UserError."""
        token = tile_token(path)
        with self._lock:
            if token not in self._sets:
                self._sets[token] = MBTiles(path)
            return self._sets[token]

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        match = _TILE_PATH.match(job.requestUrl().path())
        tiles = self._sets.get(match["token"]) if match else None
        data = tiles.tile(int(match["z"]), int(match["x"]), int(match["y"])) if tiles and match else None
        if tiles is None or data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)  # lives as long as the request
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(tiles.info.mime.encode(), buffer)


_handler: TileSchemeHandler | None = None


def tile_handler(profile: QWebEngineProfile) -> TileSchemeHandler:
    """The one tile handler, installed on ``profile`` the first time it is asked for."""
    global _handler  # noqa: PLW0603 - one handler per process, as Qt allows one per scheme
    if _handler is None:
        _handler = TileSchemeHandler()
    if profile.urlSchemeHandler(TILE_SCHEME.encode()) is None:
        profile.installUrlSchemeHandler(TILE_SCHEME.encode(), _handler)
    return _handler


class OfflineInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request but the page's own files, Qt resources, data and the chosen base map.

    Signals:
        blocked(str): a request was refused; its scheme, host and path length (never the
            full URL, which could carry record text).
    """

    blocked = Signal(str)

    def __init__(self, page_dir: Path) -> None:
        super().__init__()
        self._page_dir = Path(page_dir).resolve()
        self._allowed_host = ""
        self.blocked_count = 0

    def set_base_map(self, base: BaseMap) -> None:
        """Allow the chosen base map's host (OpenStreetMap), and only that one."""
        self._allowed_host = base.allowed_host.lower()

    def allows(self, url: QUrl) -> bool:
        """Whether the page may load this URL."""
        scheme = url.scheme().lower()
        if scheme in _ALWAYS_ALLOWED:
            return True
        if scheme == "file":
            return self._inside_page_dir(url.toLocalFile())
        if scheme in {"http", "https"} and self._allowed_host:
            host = url.host().lower()
            port = url.port()
            where = f"{host}:{port}" if port != -1 else host
            return self._allowed_host in {host, where}
        return False

    def _inside_page_dir(self, local: str) -> bool:
        try:
            return Path(local).resolve().is_relative_to(self._page_dir)
        except (OSError, ValueError):
            return False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if self.allows(url):
            return
        info.block(True)
        self.blocked_count += 1
        shown = f"{url.scheme()}://{url.host()}{':' + str(url.port()) if url.port() != -1 else ''}"
        shown += f" (path of {len(url.path())} characters)"
        log.warning("map page: blocked request to %s", shown)
        self.blocked.emit(shown)
