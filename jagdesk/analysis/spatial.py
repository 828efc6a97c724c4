"""Which incidents fall inside a hotspot, a boundary or the map view.

The store's R*Tree narrows the search to a bounding box, so no query scans the incident table; the
exact test (inside the polygon, or within the radius) then runs on that small candidate set here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jagdesk.domain.geometry import METRES_PER_DEGREE, BBox, bbox

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.domain.records import Area, Hotspot
    from jagdesk.store import Store

Point = tuple[int, float, float, str, str]  # id, lon, lat, month, category
PointCount = tuple[int, float, float, int]  # point id, lon, lat, incidents on it


@dataclass(frozen=True)
class Footprint:
    """A shape to count incidents in: a GeoJSON geometry, grown by ``radius_m`` metres when given."""

    geometry: dict[str, Any]
    radius_m: float | None = None

    @classmethod
    def of_hotspot(cls, hotspot: Hotspot) -> Footprint:
        """The ground a hotspot covers: its polygon, or its point and radius."""
        return cls(hotspot.geometry, hotspot.radius_m)

    @classmethod
    def of_area(cls, area: Area) -> Footprint:
        """The ground a boundary covers."""
        return cls(area.geometry)

    @property
    def bbox(self) -> BBox:
        """The box the R*Tree searches."""
        return bbox(self.geometry, self.radius_m)


def incidents_in(store: Store, footprint: Footprint, flt: IncidentFilter | None = None) -> list[Point]:
    """Return the located incidents inside a footprint that match the filter."""
    candidates = store.incidents.points_in_bbox(footprint.bbox, flt)
    return [p for p, keep in zip(candidates, _inside(footprint, candidates), strict=True) if keep]


def count_in(store: Store, footprint: Footprint, flt: IncidentFilter | None = None) -> int:
    """Count the located incidents inside a footprint that match the filter.

    Tests each incident point once, not each incident: police.uk stacks many on one point.
    """
    candidates = store.incidents.point_counts_in_bbox(footprint.bbox, flt)
    inside = _inside(footprint, candidates)
    return sum(point[3] for point, keep in zip(candidates, inside, strict=True) if keep)


def hotspot_counts(store: Store, hotspots: Iterable[Hotspot],
                   flt: IncidentFilter | None = None) -> dict[str, int]:
    """Incident counts per hotspot id, for the lists and the map."""
    return {h.id: count_in(store, Footprint.of_hotspot(h), flt) for h in hotspots}


def in_view(store: Store, view: BBox, flt: IncidentFilter | None = None) -> list[PointCount]:
    """Return the incident points inside the map viewport, each with how many incidents it holds."""
    return store.incidents.point_counts_in_bbox(view, flt)


def _inside(footprint: Footprint, points: Sequence[Point] | Sequence[PointCount]) -> list[bool]:
    if not points:
        return []
    if footprint.geometry.get("type") == "Point":
        lon, lat = footprint.geometry["coordinates"][:2]
        return _within_radius(lon, lat, footprint.radius_m or 0.0, points)
    return _within_shape(footprint, points)


def _within_radius(lon: float, lat: float, radius_m: float,
                   points: Sequence[Point] | Sequence[PointCount]) -> list[bool]:
    # An equirectangular projection about the centre is exact to well under a metre at the few
    # hundred metres a hotspot spans, and much faster than a full projection to British National Grid.
    x_scale = METRES_PER_DEGREE * math.cos(math.radians(lat))
    limit = radius_m * radius_m
    return [((p[1] - lon) * x_scale) ** 2 + ((p[2] - lat) * METRES_PER_DEGREE) ** 2 <= limit
            for p in points]


def _within_shape(footprint: Footprint,
                  points: Sequence[Point] | Sequence[PointCount]) -> list[bool]:
    import numpy as np
    import shapely

    shape = shapely.geometry.shape(footprint.geometry)
    if footprint.radius_m:
        # Buffer in degrees scaled for latitude: a hotspot's margin is tens of metres, where this is exact enough.
        lat = shape.centroid.y
        shape = shape.buffer(footprint.radius_m / (METRES_PER_DEGREE * math.cos(math.radians(lat))))
    shapely.prepare(shape)
    lons = np.fromiter((p[1] for p in points), float, len(points))
    lats = np.fromiter((p[2] for p in points), float, len(points))
    return [bool(v) for v in shapely.intersects_xy(shape, lons, lats)]
