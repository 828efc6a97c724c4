"""Small geometry helpers that need no GIS library: bounding boxes of GeoJSON in lon/lat."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat

# Metres in one degree of latitude; good to 0.5 % anywhere in the UK, which is all a bbox needs.
METRES_PER_DEGREE = 111_320.0


def _positions(coordinates: Any) -> Iterator[tuple[float, float]]:
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield float(coordinates[0]), float(coordinates[1])
        return
    for part in coordinates:
        yield from _positions(part)


def positions(geometry: dict[str, Any]) -> Iterator[tuple[float, float]]:
    """Yield every (lon, lat) of a GeoJSON geometry, including geometry collections."""
    if geometry.get("type") == "GeometryCollection":
        for member in geometry.get("geometries", []):
            yield from positions(member)
        return
    yield from _positions(geometry.get("coordinates", []))


def bbox(geometry: dict[str, Any], radius_m: float | None = None) -> BBox:
    """Return the bounding box of a geometry, grown by ``radius_m`` metres when given.

    Raises:
        ValueError: when the geometry has no coordinates.
    """
    lons, lats = [], []
    for lon, lat in positions(geometry):
        lons.append(lon)
        lats.append(lat)
    if not lons:
        raise ValueError("geometry has no coordinates")
    box = (min(lons), min(lats), max(lons), max(lats))
    return grow(box, radius_m) if radius_m else box


def grow(box: BBox, metres: float) -> BBox:
    """Grow a bounding box by a distance in metres on every side."""
    min_lon, min_lat, max_lon, max_lat = box
    dlat = metres / METRES_PER_DEGREE
    widest = max(abs(min_lat), abs(max_lat))
    dlon = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(widest)), 1e-6))
    return (min_lon - dlon, min_lat - dlat, max_lon + dlon, max_lat + dlat)


def centre(geometry: dict[str, Any]) -> tuple[float, float]:
    """Return the centre of a geometry's bounding box as (lon, lat)."""
    min_lon, min_lat, max_lon, max_lat = bbox(geometry)
    return ((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
