import numpy as np
import pytest

from jagdesk.analysis.hotspots import benjamini_hochberg, detect_clusters, gi_star

CENTRE = (-1.1336, 52.6365)


def _noise(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    # About 4 km by 4 km of city around the centre.
    return (rng.uniform(CENTRE[0] - 0.03, CENTRE[0] + 0.03, n),
            rng.uniform(CENTRE[1] - 0.018, CENTRE[1] + 0.018, n))


def _blob(rng: np.random.Generator, lon: float, lat: float, n: int, spread: float = 0.0008
          ) -> tuple[np.ndarray, np.ndarray]:
    return rng.normal(lon, spread, n), rng.normal(lat, spread / 1.6, n)


def _gi_star_by_hand(counts: np.ndarray) -> np.ndarray:
    """Getis and Ord (1992) Gi* with binary queen weights including the cell, written out."""
    rows, cols = counts.shape
    x = counts.astype(float).ravel()
    n, mean = x.size, x.mean()
    s = np.sqrt((x ** 2).mean() - mean ** 2)
    z = np.zeros(n)
    for r in range(rows):
        for c in range(cols):
            hood = [rr * cols + cc for rr in range(r - 1, r + 2) for cc in range(c - 1, c + 2)
                    if 0 <= rr < rows and 0 <= cc < cols]
            w = len(hood)
            z[r * cols + c] = (x[hood].sum() - mean * w) / (s * np.sqrt((n * w - w * w) / (n - 1)))
    return z.reshape(rows, cols)


def test_gi_star_matches_the_published_formula():
    counts = np.random.default_rng(3).poisson(4, size=(6, 7))
    counts[2, 3] = 30
    z, p = gi_star(counts)
    assert z == pytest.approx(_gi_star_by_hand(counts), abs=1e-9)
    assert z[2, 3] == z.max()
    assert np.all((p > 0) & (p <= 1))


def test_gi_star_agrees_with_pysal_esda():
    from esda.getisord import G_Local
    from libpysal.weights import lat2W

    counts = np.random.default_rng(7).poisson(3.0, size=(9, 13))
    counts[4, 6] = 40
    z, p = gi_star(counts)
    reference = G_Local(counts.astype(float).ravel(), lat2W(9, 13, rook=False), transform="B",
                        star=True, permutations=0)
    assert np.allclose(z.ravel(), reference.Zs)
    assert np.allclose(p.ravel(), np.minimum(2 * reference.p_norm, 1.0))


def test_a_flat_grid_has_nothing_to_test():
    z, p = gi_star(np.full((3, 3), 4))
    assert z.tolist() == [[0.0] * 3] * 3
    assert p.tolist() == [[1.0] * 3] * 3


def test_benjamini_hochberg_adjusts_by_rank():
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5]))
    assert q == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5])


def test_a_planted_cluster_is_found_at_its_place():
    rng = np.random.default_rng(7)
    nx, ny = _noise(rng, 3000)
    bx, by = _blob(rng, -1.12, 52.64, 150)
    analysis = detect_clusters(np.concatenate([nx, bx]), np.concatenate([ny, by]), cell_m=100)
    assert analysis.cell_m == 100
    assert len(analysis.clusters) >= 1
    top = analysis.clusters[0]
    assert top.rank == 1
    assert top.lon == pytest.approx(-1.12, abs=0.002)
    assert top.lat == pytest.approx(52.64, abs=0.0015)
    assert top.incidents >= 100
    assert top.z > 5
    assert top.q <= 0.05
    assert top.p <= top.q
    assert not top.single_snap_point
    assert top.radius_m >= 100
    # Everything else found, if anything, is far weaker than the planted cluster.
    assert all(c.incidents < top.incidents for c in analysis.clusters[1:])


def test_uniform_noise_gives_no_cluster():
    rng = np.random.default_rng(11)
    nx, ny = _noise(rng, 4000)
    analysis = detect_clusters(nx, ny)
    assert analysis.incidents == 4000
    assert analysis.clusters == []


def test_a_cluster_on_one_snap_point_is_flagged():
    rng = np.random.default_rng(5)
    nx, ny = _noise(rng, 3000)
    lons = np.concatenate([nx, np.full(80, -1.14)])
    lats = np.concatenate([ny, np.full(80, 52.63)])
    top = detect_clusters(lons, lats, cell_m=100).clusters[0]
    assert top.lon == pytest.approx(-1.14, abs=0.001)
    assert top.single_snap_point
    assert top.top_point_incidents == 80
    assert top.snap_points > 1
    assert top.to_dict()["single_snap_point"] is True


def test_no_incidents_means_no_clusters():
    analysis = detect_clusters(np.array([]), np.array([]))
    assert analysis.clusters == []
    assert analysis.to_dict()["correction"].startswith("Benjamini-Hochberg")


def test_points_with_counts_find_what_their_incidents_one_by_one_find():
    rng = np.random.default_rng(3)
    nx, ny = _noise(rng, 1500)
    bx, by = _blob(rng, -1.12, 52.64, 60)
    # police.uk snaps incidents to points: every location here holds one to four of them
    lons = np.round(np.concatenate([nx, bx, np.full(40, -1.14)]), 3)
    lats = np.round(np.concatenate([ny, by, np.full(40, 52.63)]), 3)
    one_by_one = detect_clusters(lons, lats, cell_m=100)
    points, counts = np.unique(np.column_stack([lons, lats]), axis=0, return_counts=True)
    assert len(points) < len(lons)
    by_point = detect_clusters(points[:, 0], points[:, 1], incidents=counts, cell_m=100)
    assert by_point.incidents == one_by_one.incidents == len(lons)
    assert by_point.clusters == one_by_one.clusters
    assert any(c.single_snap_point and c.top_point_incidents == 40 for c in by_point.clusters)
    # the cell size chosen for them counts incidents, not points
    assert detect_clusters(points[:, 0], points[:, 1], incidents=counts).cell_m == \
        detect_clusters(lons, lats).cell_m
