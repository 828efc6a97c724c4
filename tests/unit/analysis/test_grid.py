import numpy as np
import pytest

from jagdesk.analysis.grid import (
    MAX_CELL_M,
    MAX_CELLS,
    MIN_CELL_M,
    build_grid,
    choose_cell_size,
    to_bng,
    to_lonlat,
)


def test_projection_round_trips_and_uses_national_grid_metres():
    # Leicester Clock Tower is near easting 458,900, northing 304,500.
    x, y = to_bng([-1.1336], [52.6365])
    assert x[0] == pytest.approx(458_900, abs=300)
    assert y[0] == pytest.approx(304_500, abs=300)
    lon, lat = to_lonlat(float(x[0]), float(y[0]))
    assert (lon, lat) == (pytest.approx(-1.1336), pytest.approx(52.6365))


def test_counts_fall_in_the_right_cells():
    x = np.array([0.0, 10.0, 150.0, 250.0, 250.0])
    y = np.array([0.0, 90.0, 0.0, 120.0, 199.0])
    grid = build_grid(x, y, cell_m=100.0)
    assert (grid.rows, grid.cols) == (2, 3)
    assert grid.counts.tolist() == [[2, 1, 0], [0, 0, 2]]
    assert grid.cell_of.tolist() == [0, 0, 1, 5, 5]
    assert grid.total == 5
    assert grid.centre(0, 0) == (50.0, 50.0)


def test_points_outside_a_given_extent_are_left_out():
    grid = build_grid(np.array([5.0, 500.0]), np.array([5.0, 500.0]), 100.0, (0, 0, 199, 199))
    assert grid.total == 1
    assert grid.cell_of.tolist() == [0, -1]


def test_cell_size_follows_extent_and_count():
    # A 15 km city with plenty of incidents: shorter side / 150.
    assert choose_cell_size(15_000, 12_000, 50_000) == 75.0
    # Few incidents: cells grow so an average cell holds about one.
    assert choose_cell_size(10_000, 10_000, 1_000) == 325.0
    assert choose_cell_size(100, 100, 5) == MIN_CELL_M
    # A whole-country extent: past 1 km only to keep the grid within its cell limit.
    huge = choose_cell_size(1e6, 1e6, 10)
    assert huge > MAX_CELL_M
    assert (1e6 / huge + 1) ** 2 <= MAX_CELLS


def test_a_bad_cell_size_is_refused():
    with pytest.raises(ValueError, match="positive"):
        build_grid(np.array([0.0]), np.array([0.0]), 0.0)


def test_points_count_as_many_incidents_as_they_hold():
    grid = build_grid(np.array([0.0, 150.0, 250.0]), np.array([0.0, 0.0, 120.0]), cell_m=100.0,
                      incidents=np.array([3, 1, 2]))
    assert grid.counts.tolist() == [[3, 1, 0], [0, 0, 2]]
    assert grid.total == 6
    assert grid.cell_of.tolist() == [0, 1, 5]
