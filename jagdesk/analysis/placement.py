"""Which boundary a point falls in: the ward of an incident, the ward and local authority of a hotspot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jagdesk.domain.records import Area


class AreaLocator:
    """Finds the area containing each point, through a spatial index over the areas' shapes.

    Build one per batch of points: building costs a few milliseconds, a lookup of 100k points
    about as much again, so importing stays within its budget.
    """

    def __init__(self, areas: Sequence[Area]) -> None:
        import shapely

        self.areas = list(areas)
        self._shapes = [shapely.geometry.shape(a.geometry) for a in self.areas]
        self._tree = shapely.STRtree(self._shapes)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def indexes(self, lons: Sequence[float], lats: Sequence[float]) -> list[int | None]:
        """For each point, the index in ``areas`` of the area containing it, or None."""
        import numpy as np
        import shapely

        found: list[int | None] = [None] * len(lons)
        if not self.areas or not found:
            return found
        points = shapely.points(np.asarray(lons, float), np.asarray(lats, float))
        point_ix, area_ix = self._tree.query(points, predicate="intersects")
        for p, a in zip(point_ix.tolist(), area_ix.tolist(), strict=True):
            if found[p] is None:  # a point on a shared border belongs to the first area found
                found[p] = a
        return found

    def codes(self, lons: Sequence[float], lats: Sequence[float]) -> list[str]:
        """For each point, the code of the area containing it, or an empty string."""
        return [self.areas[i].code if i is not None else "" for i in self.indexes(lons, lats)]

    def area_at(self, lon: float, lat: float) -> Area | None:
        """The area containing one point, if any."""
        index = self.indexes([lon], [lat])[0]
        return self.areas[index] if index is not None else None
