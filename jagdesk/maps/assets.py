"""The map page's local assets: Leaflet from its XStatic package, and our bridge.

Incidents are clustered by our own canvas layer (``jagdesk-map.js``), which draws a force-year
of points several times faster than MarkerCluster's one-object-per-point approach.

Everything is copied into an ``assets`` folder beside the page and referenced by relative URLs,
so the page opens the same way inside the app, from a cache folder, or as an exported file,
and never reaches for a CDN.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from jagdesk import resources

ASSETS_DIR = "assets"

# QtWebEngine serves this from its own resources; a plain browser simply fails to load it,
# which the bridge script tolerates.
QWEBCHANNEL_URL = "qrc:///qtwebchannel/qwebchannel.js"


@dataclass(frozen=True)
class Asset:
    """A file the page needs: its name on the page, where it comes from and where it goes."""

    name: str
    source: Path
    target: str  # relative to the assets folder, POSIX style

    @property
    def url(self) -> str:
        """The URL of the copy, relative to the page."""
        return f"{ASSETS_DIR}/{self.target}"


def _leaflet_dir() -> Path:
    from xstatic.pkg import leaflet

    return Path(leaflet.BASE_DIR)


def javascript() -> list[Asset]:
    """Scripts in load order (Leaflet first, then our bridge)."""
    return [
        Asset("leaflet", _leaflet_dir() / "leaflet.js", "leaflet/leaflet.js"),
        Asset("jagdesk_map", resources.path("web", "jagdesk-map.js"), "jagdesk/jagdesk-map.js"),
    ]


def stylesheets() -> list[Asset]:
    """Stylesheets in load order."""
    return [
        Asset("leaflet_css", _leaflet_dir() / "leaflet.css", "leaflet/leaflet.css"),
        Asset("jagdesk_map_css", resources.path("web", "jagdesk-map.css"),
              "jagdesk/jagdesk-map.css"),
    ]


def _images() -> list[Asset]:
    # leaflet.css refers to these relative to itself (layer control and default marker icons).
    folder = _leaflet_dir() / "images"
    return [Asset(p.name, p, f"leaflet/images/{p.name}") for p in sorted(folder.glob("*.png"))]


def all_assets() -> list[Asset]:
    """Every file the page needs."""
    return [*javascript(), *stylesheets(), *_images()]


def copy_assets(out_dir: Path) -> list[Path]:
    """Copy the assets into ``out_dir/assets``, skipping files already identical; return the copies."""
    copies = []
    for asset in all_assets():
        target = out_dir / ASSETS_DIR / asset.target
        if not _same_file(asset.source, target):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset.source, target)
        copies.append(target)
    return copies


def _same_file(source: Path, target: Path) -> bool:
    return target.is_file() and target.read_bytes() == source.read_bytes()


def fingerprint() -> str:
    """A short hash of every asset, so a cached page is rebuilt when any of them changes."""
    digest = hashlib.sha256()
    for asset in all_assets():
        digest.update(asset.target.encode())
        digest.update(asset.source.read_bytes())
    return digest.hexdigest()[:16]
