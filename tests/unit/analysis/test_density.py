from __future__ import annotations

import pytest

from jagdesk.analysis.density import (
    RAMP,
    class_breaks,
    class_of,
    density_cell_size,
    density_layer,
    legend,
)
from jagdesk.analysis.grid import to_bng


def test_squares_count_the_points_inside_them() -> None:
    lons = [-1.1330, -1.1331, -1.1332, -1.2000]
    lats = [52.6345, 52.6346, 52.6347, 52.7000]
    layer = density_layer(lons, lats, cell_m=200)
    counts = sorted(f["properties"]["count"] for f in layer["features"])
    assert counts == [1, 3]
    assert layer["cell_m"] == 200


def test_squares_are_closed_rings_of_the_cell_size_on_the_national_grid() -> None:
    layer = density_layer([-1.13, -1.10], [52.63, 52.65], cell_m=500)
    ring = layer["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) == 5
    assert ring[0] == ring[-1]
    xs, ys = to_bng([p[0] for p in ring], [p[1] for p in ring])
    assert xs.max() - xs.min() == pytest.approx(500, abs=2)
    assert ys.max() - ys.min() == pytest.approx(500, abs=2)


def test_classes_cover_every_count_and_the_top_class_is_the_maximum() -> None:
    counts = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55]
    breaks = class_breaks(counts)
    assert breaks[-1] == 55
    assert breaks == sorted(set(breaks))
    assert class_of(55, breaks) == len(breaks) - 1
    assert class_of(1, breaks) == 0


def test_legend_labels_ranges_and_uses_the_dark_end_for_few_classes() -> None:
    assert legend([3, 10]) == [{"colour": RAMP[-2], "label": "1 to 3"},
                               {"colour": RAMP[-1], "label": "4 to 10"}]
    assert legend([1]) == [{"colour": RAMP[-1], "label": "1"}]


def test_cell_size_keeps_a_county_to_a_readable_number_of_squares() -> None:
    size = density_cell_size(60_000, 40_000, 100_000)
    assert 60_000 / size <= 80
    assert size % 50 == 0


def test_no_points_no_squares() -> None:
    assert density_layer([], [])["features"] == []
