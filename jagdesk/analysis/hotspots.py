"""Hotspot detection: Getis-Ord Gi* on grid counts, corrected for testing every cell.

Each cell's Gi* compares the incidents in it and its eight neighbours with the study area's
mean (binary queen weights with the cell itself included, as PySAL esda computes it). One test
per cell means thousands of tests, so at the 5 % level dozens of cells would look "significant" by chance alone.
The p-values are therefore adjusted with the Benjamini-Hochberg false discovery rate procedure,
which stays valid when neighbouring tests are positively dependent, as overlapping Gi*
neighbourhoods are. Adjacent significant hot cells are then joined into clusters.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from jagdesk.analysis.grid import Grid, build_grid, to_bng, to_lonlat

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Points = tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]  # lons, lats, incidents

CORRECTION = "Benjamini-Hochberg false discovery rate"
DEFAULT_ALPHA = 0.05
# Fewer incidents than this is not worth a JAG's attention however unusual it is.
DEFAULT_MIN_INCIDENTS = 5
# The share of a cluster's incidents on one snap point above which it is flagged.
SINGLE_POINT_SHARE = 0.5
# The largest radius suggested for a candidate hotspot.
MAX_RADIUS_M = 400.0


@dataclass(frozen=True)
class Cluster:
    """A group of adjacent cells with significantly more incidents than the area around.

    ``z`` and ``p`` are those of the cluster's peak cell (two-sided p before correction);
    ``q`` is that cell's p-value after the Benjamini-Hochberg adjustment. ``snap_points`` counts
    the distinct incident locations inside and ``top_point_incidents`` those at the busiest one.
    police.uk moves every crime to an anonymised "On or near" point, so a cluster resting on
    one point may be one busy address or a snapping artefact rather than a problem place.
    """

    rank: int
    lon: float
    lat: float
    radius_m: float
    cells: int
    incidents: int
    z: float
    p: float
    q: float
    snap_points: int
    top_point_incidents: int
    category: str = ""
    month_from: str | None = None
    month_to: str | None = None

    @property
    def single_snap_point(self) -> bool:
        """Whether the cluster rests on one police.uk snap point.

        Gi* lends a busy cell's significance to its neighbours, whose own scattered incidents
        join the cluster, so "all incidents on one point" almost never holds literally; the
        warning is raised when one point holds at least half the cluster's incidents.
        """
        return self.incidents > 0 and self.top_point_incidents >= SINGLE_POINT_SHARE * self.incidents

    def to_dict(self) -> dict[str, Any]:
        """The cluster as plain JSON values."""
        return asdict(self) | {"single_snap_point": self.single_snap_point}


@dataclass(frozen=True)
class HotspotAnalysis:
    """The outcome of one hotspot search: the grid used and the ranked clusters."""

    cell_m: float
    rows: int
    cols: int
    incidents: int
    alpha: float
    clusters: list[Cluster] = field(default_factory=list)
    correction: str = CORRECTION

    def to_dict(self) -> dict[str, Any]:
        """The analysis as plain JSON values."""
        data = asdict(self)
        data["clusters"] = [c.to_dict() for c in self.clusters]
        return data


def gi_star(counts: npt.NDArray[Any]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Gi* z-scores and two-sided p-values for every cell of a grid of counts.

    Getis and Ord (1992, 1995) with binary queen weights that include the cell itself, the same
    statistic PySAL esda's ``G_Local(star=True, transform="B")`` gives (a test holds them equal).
    Neighbourhood sums are one convolution over the grid, so a city-wide grid of tens of
    thousands of cells takes milliseconds rather than the second building a PySAL weights
    object takes.

    Returns arrays shaped like ``counts``; when every cell holds the same count there is
    nothing to test and z is 0 and p is 1 everywhere.
    """
    import numpy as np
    from scipy import ndimage, special

    values = counts.astype(float)
    n = values.size
    if n < 2 or np.all(values == values.flat[0]):
        return np.zeros(counts.shape), np.ones(counts.shape)
    queen = np.ones((3, 3))
    local_sum = ndimage.convolve(values, queen, mode="constant", cval=0.0)
    weight = ndimage.convolve(np.ones_like(values), queen, mode="constant", cval=0.0)
    mean = values.mean()
    spread = np.sqrt((values**2).mean() - mean**2)
    # Binary weights: the sum of squared weights equals the sum of weights.
    z = (local_sum - mean * weight) / (spread * np.sqrt((n * weight - weight**2) / (n - 1)))
    p = special.erfc(np.abs(z) / np.sqrt(2.0))  # two-sided normal p-value
    return z, p


def benjamini_hochberg(p: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input's shape."""
    import numpy as np

    flat = np.asarray(p, float).ravel()
    n = flat.size
    if n == 0:
        return flat.reshape(np.shape(p))
    order = np.argsort(flat)
    scaled = flat[order] * n / np.arange(1, n + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]  # keep q monotone in p
    q = np.empty(n)
    q[order] = np.minimum(adjusted, 1.0)
    return q.reshape(np.shape(p))


def detect_clusters(lons: npt.NDArray[Any], lats: npt.NDArray[Any], *,
                    incidents: npt.NDArray[Any] | None = None,
                    cell_m: float | None = None,
                    extent_lonlat: tuple[float, float, float, float] | None = None,
                    alpha: float = DEFAULT_ALPHA,
                    min_incidents: int = DEFAULT_MIN_INCIDENTS) -> HotspotAnalysis:
    """Find significant clusters of incidents, strongest first.

    Args:
        lons: incident longitudes (WGS84), or of the points incidents are on.
        lats: incident latitudes.
        incidents: how many incidents are at each point; one each when None.
        cell_m: the grid's cell size in metres; chosen from the extent and count when None.
        extent_lonlat: the study area's box (min_lon, min_lat, max_lon, max_lat); the
            incidents' own extent when None.
        alpha: the false discovery rate accepted.
        min_incidents: clusters with fewer incidents are dropped.
    """
    import numpy as np

    lons, lats = np.asarray(lons, float), np.asarray(lats, float)
    if lons.size == 0:
        return HotspotAnalysis(cell_m or 0.0, 0, 0, 0, alpha)
    weights = np.ones(lons.size, np.int64) if incidents is None else np.asarray(incidents, np.int64)
    x, y = to_bng(lons, lats)
    grid = build_grid(x, y, cell_m, _bng_extent(extent_lonlat), weights)
    z, p = gi_star(grid.counts)
    q = benjamini_hochberg(p)
    hot = (z > 0) & (q <= alpha)
    clusters = _clusters(grid, hot, z, p, q, (lons, lats, weights), min_incidents)
    return HotspotAnalysis(grid.cell_m, grid.rows, grid.cols, grid.total, alpha, clusters)


def _bng_extent(box: tuple[float, float, float, float] | None
                ) -> tuple[float, float, float, float] | None:
    if box is None:
        return None
    min_lon, min_lat, max_lon, max_lat = box
    x, y = to_bng([min_lon, min_lon, max_lon, max_lon], [min_lat, max_lat, min_lat, max_lat])
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def _clusters(grid: Grid, hot: npt.NDArray[Any], z: npt.NDArray[Any], p: npt.NDArray[Any],
              q: npt.NDArray[Any], points: Points, min_incidents: int) -> list[Cluster]:
    import numpy as np
    from scipy import ndimage

    labels, found = ndimage.label(hot, structure=np.ones((3, 3), int))
    snaps = _snap_points(grid, labels, found, points)
    clusters = []
    for label in range(1, found + 1):
        rows, cols = np.nonzero(labels == label)
        counts = grid.counts[rows, cols]
        if int(counts.sum()) < min_incidents:
            continue
        peak = int(np.argmax(z[rows, cols]))
        pr, pc = int(rows[peak]), int(cols[peak])
        lon, lat = to_lonlat(*_peak_centre(grid, pr, pc))
        clusters.append(Cluster(0, round(lon, 6), round(lat, 6), _radius(grid, rows, cols),
                                int(rows.size), int(counts.sum()), float(z[pr, pc]),
                                float(p[pr, pc]), float(q[pr, pc]), *snaps.get(label, (0, 0))))
    clusters.sort(key=lambda c: (-c.z, -c.incidents))
    return [_ranked(c, i) for i, c in enumerate(clusters, start=1)]


def _ranked(cluster: Cluster, rank: int) -> Cluster:
    from dataclasses import replace

    return replace(cluster, rank=rank)


def _peak_centre(grid: Grid, row: int, col: int) -> tuple[float, float]:
    """The count-weighted centre of the peak cell's Gi* neighbourhood (itself and 8 around).

    Clusters in a city centre can run together over a kilometre or more; the peak's
    neighbourhood is where the statistic is strongest, so that is where a candidate is placed.
    """
    import numpy as np

    r0, r1 = max(row - 1, 0), min(row + 2, grid.rows)
    c0, c1 = max(col - 1, 0), min(col + 2, grid.cols)
    block = grid.counts[r0:r1, c0:c1].astype(float)
    if block.sum() == 0:
        return grid.centre(row, col)
    rr, cc = np.mgrid[r0:r1, c0:c1]
    return grid.centre(float((rr * block).sum() / block.sum()),
                       float((cc * block).sum() / block.sum()))


def _radius(grid: Grid, rows: npt.NDArray[Any], cols: npt.NDArray[Any]) -> float:
    """A radius that reaches all of a cluster's cells from their middle, in 25 m steps.

    It is capped: a JAG works on a place, so a district-sized cluster is nominated around its peak.
    """
    import numpy as np

    xs = grid.x0 + (cols + 0.5) * grid.cell_m
    ys = grid.y0 + (rows + 0.5) * grid.cell_m
    reach = float(np.hypot(xs - xs.mean(), ys - ys.mean()).max()) + grid.cell_m * math.sqrt(2) / 2
    return min(25.0 * math.ceil(reach / 25.0), MAX_RADIUS_M)


def _snap_points(grid: Grid, labels: npt.NDArray[Any], found: int,
                 points: Points) -> dict[int, tuple[int, int]]:
    """For each cluster: its distinct incident locations, and the incidents at the busiest."""
    import numpy as np

    if found == 0:
        return {}
    lons, lats, incidents = points
    flat_labels = np.append(labels.ravel(), 0)  # index -1 (outside the grid) reads the 0
    point_labels = flat_labels[grid.cell_of]
    chosen = point_labels > 0
    triples = np.column_stack([point_labels[chosen], lons[chosen], lats[chosen]])
    distinct, which = np.unique(triples, axis=0, return_inverse=True)
    at_point = np.bincount(which.reshape(-1), incidents[chosen], minlength=len(distinct))
    result: dict[int, tuple[int, int]] = {}
    for label, count in zip(distinct[:, 0].astype(int).tolist(),
                            np.rint(at_point).astype(int).tolist(), strict=True):
        places, busiest = result.get(label, (0, 0))
        result[label] = (places + 1, max(busiest, count))
    return result
