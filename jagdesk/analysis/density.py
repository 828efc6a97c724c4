"""The density layer: incident counts on British National Grid squares, with classes and a legend.

Counting happens here rather than in the page so the app, an exported map and a printed figure
show the same squares in the same colours. Squares are equal areas on the ground (metres on the
national grid), which is what makes their counts comparable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from jagdesk.analysis.grid import (
    BNG,
    WGS84,
    Grid,
    build_grid,
    choose_cell_size,
    project,
    to_bng,
)

# Sequential yellow to red (ColorBrewer YlOrRd, 5 classes): reads as "more" without implying a RAG.
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
# The page draws every square; beyond this many along the longer side a city becomes a blur of
# tiny squares and the layer slows panning for nothing.
MAX_CELLS_ON_LONG_SIDE = 80
MIN_DENSITY_CELL_M = 100.0


def density_cell_size(width_m: float, height_m: float, count: int) -> float:
    """The square size for a density map of this extent and number of incidents (metres)."""
    size = max(choose_cell_size(width_m, height_m, count), MIN_DENSITY_CELL_M,
               max(width_m, height_m) / MAX_CELLS_ON_LONG_SIDE)
    return float(50.0 * math.ceil(size / 50.0))


def density_layer(lons: Sequence[float], lats: Sequence[float],
                  cell_m: float | None = None) -> dict[str, Any]:
    """Count incidents per square and return the squares that hold any.

    Returns:
        A FeatureCollection of square polygons with ``count`` and ``class`` (an index into the
        legend) properties, plus ``cell_m`` and ``legend``: ``[{"colour", "label"}, ...]``.
    """
    if len(lons) == 0:
        return {"type": "FeatureCollection", "features": [], "cell_m": 0.0, "legend": []}
    x, y = to_bng(lons, lats)
    if cell_m is None:
        cell_m = density_cell_size(float(x.max() - x.min()), float(y.max() - y.min()), len(x))
    grid = build_grid(x, y, cell_m)
    breaks = class_breaks([int(c) for c in grid.counts[grid.counts > 0]])
    return {"type": "FeatureCollection", "features": _square_features(grid, breaks),
            "cell_m": grid.cell_m, "legend": legend(breaks)}


def class_breaks(counts: Sequence[int], classes: int = len(RAMP)) -> list[int]:
    """Upper bounds of up to ``classes`` classes of the non-zero counts (quantiles, no repeats).

    The last bound is always the maximum, so every count falls in a class.
    """
    if not counts:
        return []
    ordered = sorted(counts)
    bounds = {ordered[min(len(ordered) - 1, math.ceil(len(ordered) * k / classes) - 1)]
              for k in range(1, classes + 1)}
    return sorted(bounds)


def class_of(count: int, breaks: Sequence[int]) -> int:
    """The index of the class a count falls in."""
    for index, bound in enumerate(breaks):
        if count <= bound:
            return index
    return len(breaks) - 1


def legend(breaks: Sequence[int]) -> list[dict[str, str]]:
    """Legend entries for the classes: a colour from the ramp and a count range."""
    colours = _colours(len(breaks))
    entries = []
    low = 1
    for colour, high in zip(colours, breaks, strict=True):
        label = f"{low:,}" if low == high else f"{low:,} to {high:,}"
        entries.append({"colour": colour, "label": label})
        low = high + 1
    return entries


def _colours(classes: int) -> list[str]:
    # Fewer classes take the darker end, so a single class is never the near-white first colour.
    return list(RAMP[len(RAMP) - classes:]) if classes else []


def _square_features(grid: Grid, breaks: Sequence[int]) -> list[dict[str, Any]]:
    import numpy as np

    rows, cols = np.nonzero(grid.counts)
    if len(rows) == 0:
        return []
    # Every square's four corners projected back in one call (the slow part done once).
    corner_cols = np.stack([cols, cols + 1, cols + 1, cols], axis=1).ravel()
    corner_rows = np.stack([rows, rows, rows + 1, rows + 1], axis=1).ravel()
    xs = grid.x0 + corner_cols * grid.cell_m
    ys = grid.y0 + corner_rows * grid.cell_m
    lons, lats = project(BNG, WGS84, xs, ys)
    corners = np.stack([np.asarray(lons), np.asarray(lats)], axis=1).reshape(-1, 4, 2)
    rings = np.round(np.concatenate([corners, corners[:, :1]], axis=1), 5).tolist()
    counts = grid.counts[rows, cols].tolist()
    return [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
             "properties": {"count": count, "class": class_of(count, breaks)}}
            for ring, count in zip(rings, counts, strict=True)]
