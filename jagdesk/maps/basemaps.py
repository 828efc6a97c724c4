"""Base maps under the data layers: none (the default), OpenStreetMap tiles, or an MBTiles file.

A base map is described here as data the page can use (a tile URL template and an attribution
already escaped for HTML, since Leaflet inserts attributions as HTML), plus the one remote host
the app's request filter may let through for it.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NONE = "none"
OSM = "osm"
MBTILES = "mbtiles"
KINDS = (NONE, OSM, MBTILES)

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_HOST = "tile.openstreetmap.org"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
                   " contributors")
OSM_MAX_ZOOM = 19
# The custom URL scheme MBTiles tiles are served under inside the app.
TILE_SCHEME = "jdtiles"


@dataclass(frozen=True)
class BaseMap:
    """A base map: what the page draws and which host (if any) it may reach for it."""

    kind: str = NONE
    url: str = ""
    attribution: str = ""
    allowed_host: str = ""
    min_native_zoom: int = 0
    max_native_zoom: int = OSM_MAX_ZOOM
    path: Path | None = None
    label: str = field(default="None (boundaries only)")

    def page_spec(self) -> dict[str, Any]:
        """The JSON the page's ``setBaseMap`` takes."""
        return {"kind": self.kind, "url": self.url, "attribution": self.attribution,
                "minNativeZoom": self.min_native_zoom, "maxNativeZoom": self.max_native_zoom}


def no_base_map() -> BaseMap:
    """Boundaries only: works anywhere, reaches nothing."""
    return BaseMap()


def openstreetmap(url: str = OSM_URL, host: str = OSM_HOST) -> BaseMap:
    """OpenStreetMap's tiles (needs a network); ``url``/``host`` may point at a mirror."""
    return BaseMap(kind=OSM, url=url, attribution=OSM_ATTRIBUTION, allowed_host=host,
                   label="OpenStreetMap")


def tile_token(path: Path) -> str:
    """A short name for an MBTiles file in tile URLs (changes when the file does)."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def mbtiles(path: Path, *, name: str, attribution: str, min_zoom: int, max_zoom: int,
            extension: str = "png") -> BaseMap:
    """Tiles from an MBTiles file, served by the app under ``jdtiles:``.

    The file's own attribution is text from outside, so it is escaped before Leaflet sees it.
    """
    url = f"{TILE_SCHEME}:{tile_token(path)}/{{z}}/{{x}}/{{y}}.{extension}"
    shown = html.escape(attribution or name)
    return BaseMap(kind=MBTILES, url=url, attribution=shown, min_native_zoom=min_zoom,
                   max_native_zoom=max_zoom, path=path, label=f"MBTiles: {name}")
