"""Reading offline map tiles from an MBTiles file (a SQLite database of PNG or JPEG tiles).

MBTiles stores rows in TMS order (row 0 at the south), while the map asks for XYZ tiles (row 0
at the north), so the row is flipped on the way in. The file is opened read-only: a tile set
the user chose is never changed.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from jagdesk.errors import UserError

_MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class TileSetInfo:
    """What the metadata table says about a tile set."""

    name: str
    format: str
    min_zoom: int
    max_zoom: int
    attribution: str
    bounds: tuple[float, float, float, float] | None

    @property
    def mime(self) -> str:
        """The media type of its tiles."""
        return _MIME.get(self.format, "image/png")


class MBTiles:
    """An MBTiles file opened read-only; ``tile`` is safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise UserError(f"{self.path}: no such MBTiles file")
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                         check_same_thread=False)
            self.info = self._read_info()
        except sqlite3.DatabaseError as exc:
            raise UserError(f"{self.path}: not an MBTiles file ({exc})") from exc

    def _read_info(self) -> TileSetInfo:
        meta = {str(k): str(v) for k, v in self._conn.execute("SELECT name, value FROM metadata")}
        zooms = self._conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        if zooms[0] is None:
            raise UserError(f"{self.path}: the MBTiles file holds no tiles")
        return TileSetInfo(
            name=meta.get("name", self.path.stem), format=meta.get("format", "png").lower(),
            min_zoom=int(meta.get("minzoom", zooms[0])), max_zoom=int(meta.get("maxzoom", zooms[1])),
            attribution=meta.get("attribution", ""), bounds=_bounds(meta.get("bounds")))

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at XYZ address (z, x, y), or None when the set has none there."""
        tms_row = (1 << z) - 1 - y
        with self._lock:
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?", (z, x, tms_row)).fetchone()
        return bytes(row[0]) if row else None

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._conn.close()


def _bounds(text: str | None) -> tuple[float, float, float, float] | None:
    try:
        parts = [float(p) for p in (text or "").split(",")]
    except ValueError:
        return None
    return (parts[0], parts[1], parts[2], parts[3]) if len(parts) == 4 else None
