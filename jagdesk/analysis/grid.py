"""Incident counts on a regular grid in British National Grid metres (EPSG:27700).

Hotspot statistics work on counts per cell rather than on points: police.uk already snaps every
crime to an anonymised point, so a grid of equal squares is the honest unit, and it keeps the
statistic's cost tied to the number of cells rather than the number of incidents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"

# Bounds on the automatic cell size: finer than a street block tells nothing police.uk snapping
# has not already blurred; coarser than a kilometre no longer points at a place a JAG can work on.
MIN_CELL_M = 50.0
MAX_CELL_M = 1000.0
# Chainey's rule of thumb for hotspot maps: the shorter side of the study area over 150.
CELLS_ON_SHORT_SIDE = 150
# A grid larger than this would only slow the statistic without showing more.
MAX_CELLS = 250_000


# PROJ keeps a context per thread, and crashes when one is made in a Qt pool thread (whose
# Python thread state comes and goes between jobs). Map layers and analyses are prepared in
# such threads, so every projection runs on one long-lived Python thread instead.
_PROJ_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jagdesk-proj")


@cache
def _transformer(source: str, target: str) -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def _transform(source: str, target: str, xs: Any, ys: Any) -> tuple[Any, Any]:
    return _transformer(source, target).transform(xs, ys)  # type: ignore[no-any-return]


def project(source: str, target: str, xs: Any, ys: Any) -> tuple[Any, Any]:
    """Transform coordinates between two CRSs; safe to call from any thread."""
    return _PROJ_THREAD.submit(_transform, source, target, xs, ys).result()


def to_bng(lons: Sequence[float] | npt.NDArray[Any], lats: Sequence[float] | npt.NDArray[Any]
           ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Project longitudes and latitudes (WGS84) to British National Grid eastings and northings."""
    import numpy as np

    x, y = project(WGS84, BNG, np.asarray(lons, float), np.asarray(lats, float))
    return np.asarray(x, float), np.asarray(y, float)


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    """Project one British National Grid point back to (lon, lat)."""
    lon, lat = project(BNG, WGS84, x, y)
    return float(lon), float(lat)


def choose_cell_size(width_m: float, height_m: float, count: int) -> float:
    """A sensible cell size in metres for an area of this size holding this many incidents.

    The shorter side over 150 gives a detailed map; when incidents are sparse the cell grows so
    that an average cell holds at least one incident, since a grid of near-empty cells has no
    pattern to find. The result is rounded to 25 m and kept between 50 m and 1 km.
    """
    detail = min(width_m, height_m) / CELLS_ON_SHORT_SIDE
    sparse = math.sqrt(max(width_m * height_m, 1.0) / max(count, 1))
    size = max(detail, sparse, MIN_CELL_M)
    size = min(max(25.0 * round(size / 25.0), MIN_CELL_M), MAX_CELL_M)
    return _within_cell_limit(width_m, height_m, size)


def _within_cell_limit(width_m: float, height_m: float, size: float) -> float:
    while (width_m / size + 1) * (height_m / size + 1) > MAX_CELLS:
        size *= 1.25
    return size


@dataclass(frozen=True)
class Grid:
    """Counts per cell of a regular grid laid over the incidents.

    Cell ``(row, col)`` covers eastings ``x0 + col * cell_m`` onwards and northings
    ``y0 + row * cell_m`` onwards; ``counts`` has shape ``(rows, cols)``.
    ``cell_of`` gives each input point's flat cell index (``row * cols + col``).
    """

    x0: float
    y0: float
    cell_m: float
    counts: npt.NDArray[np.int64]
    cell_of: npt.NDArray[np.int64]

    @property
    def rows(self) -> int:
        """Number of rows (south to north)."""
        return int(self.counts.shape[0])

    @property
    def cols(self) -> int:
        """Number of columns (west to east)."""
        return int(self.counts.shape[1])

    @property
    def total(self) -> int:
        """Incidents counted."""
        return int(self.counts.sum())

    def centre(self, row: float, col: float) -> tuple[float, float]:
        """The British National Grid point at the centre of a cell (fractions allowed)."""
        return self.x0 + (col + 0.5) * self.cell_m, self.y0 + (row + 0.5) * self.cell_m


def build_grid(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64],
               cell_m: float | None = None,
               extent: tuple[float, float, float, float] | None = None,
               incidents: npt.NDArray[np.int64] | None = None) -> Grid:
    """Count projected incidents on a regular grid.

    Args:
        x: eastings in metres.
        y: northings in metres.
        cell_m: the cell size; chosen with ``choose_cell_size`` when None.
        extent: (min_x, min_y, max_x, max_y) the grid must cover; the incidents' own extent
            when None. Points outside it are not counted.
        incidents: how many incidents each point stands for (police.uk snaps many to one
            point); one each when None.

    Raises:
        ValueError: when there are no incidents and no extent, or the cell size is not positive.
    """
    import numpy as np

    if extent is None:
        if len(x) == 0:
            raise ValueError("no incidents to grid")
        extent = (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
    min_x, min_y, max_x, max_y = extent
    width, height = max_x - min_x, max_y - min_y
    count = len(x) if incidents is None else int(incidents.sum())
    size = cell_m if cell_m is not None else choose_cell_size(width, height, count)
    if size <= 0:
        raise ValueError("the cell size must be positive")
    cols = int(width // size) + 1
    rows = int(height // size) + 1
    col = np.floor((x - min_x) / size).astype(np.int64)
    row = np.floor((y - min_y) / size).astype(np.int64)
    inside = (col >= 0) & (col < cols) & (row >= 0) & (row < rows)
    flat = np.where(inside, row * cols + col, -1)
    weights = None if incidents is None else incidents[inside]
    counts = np.bincount(flat[inside], weights, minlength=rows * cols).reshape(rows, cols)
    return Grid(min_x, min_y, float(size), np.rint(counts).astype(np.int64), flat)


def grid_lonlat(lons: Sequence[float] | npt.NDArray[Any], lats: Sequence[float] | npt.NDArray[Any],
                cell_m: float | None = None) -> Grid:
    """Project WGS84 points to British National Grid and count them on a grid."""
    x, y = to_bng(lons, lats)
    return build_grid(x, y, cell_m)
