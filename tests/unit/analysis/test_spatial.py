"""Incidents inside hotspots, boundaries and the view: exact answers on hand-placed points."""

from __future__ import annotations

import math

import pytest

from jagdesk.analysis.spatial import Footprint, count_in, hotspot_counts, in_view, incidents_in
from jagdesk.domain.enums import AreaKind, IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.geometry import METRES_PER_DEGREE
from jagdesk.domain.records import Area, Hotspot, Incident
from jagdesk.store import Store

CLOCK_TOWER = (-1.1336, 52.6365)


def _east_of_clock_tower(metres: float) -> tuple[float, float]:
    lon, lat = CLOCK_TOWER
    return lon + metres / (METRES_PER_DEGREE * math.cos(math.radians(lat))), lat


def _incident(lon: float, lat: float, category: str = "Anti-social behaviour",
              month: str = "2021-06") -> Incident:
    return Incident(source=IncidentSource.POLICE_UK, month=month, category=category, lon=lon, lat=lat)


@pytest.fixture
def placed(store: Store) -> Store:
    with store.atomic():
        store.incidents.add_many([
            _incident(*_east_of_clock_tower(0)),
            _incident(*_east_of_clock_tower(90)),
            _incident(*_east_of_clock_tower(110), category="Shoplifting"),
            _incident(*_east_of_clock_tower(140)),   # in the corner of the box, outside the circle
            _incident(*_east_of_clock_tower(5000)),
        ])
    return store


def test_point_and_radius_counts_only_within_the_circle(placed: Store) -> None:
    footprint = Footprint({"type": "Point", "coordinates": list(CLOCK_TOWER)}, radius_m=120)
    assert count_in(placed, footprint) == 3
    asb = IncidentFilter(categories=frozenset({"Anti-social behaviour"}))
    assert count_in(placed, footprint, asb) == 2


def test_polygon_counts_points_inside_it(placed: Store) -> None:
    lon, lat = CLOCK_TOWER
    east_100, _ = _east_of_clock_tower(100)
    square = {"type": "Polygon", "coordinates": [[[lon - 0.0001, lat - 0.001], [east_100, lat - 0.001],
                                                  [east_100, lat + 0.001], [lon - 0.0001, lat + 0.001],
                                                  [lon - 0.0001, lat - 0.001]]]}
    found = incidents_in(placed, Footprint(square))
    assert len(found) == 2
    assert count_in(placed, Footprint(square, radius_m=20)) == 3  # grown by 20 m reaches the 110 m point


def test_boundary_and_view_queries(placed: Store) -> None:
    ward = placed.areas.add(Area(kind=AreaKind.WARD, code="E05010458", name="Castle", geometry={
        "type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.12, 52.63], [-1.12, 52.64],
                                            [-1.14, 52.64], [-1.14, 52.63]]]}))
    assert count_in(placed, Footprint.of_area(ward)) == 4
    assert sum(point[3] for point in in_view(placed, (-1.2, 52.6, -1.0, 52.7))) == 5


def test_incidents_stacked_on_one_point_are_counted_once_each(placed: Store) -> None:
    with placed.atomic():
        placed.incidents.add_many([_incident(*CLOCK_TOWER) for _ in range(3)])
    footprint = Footprint({"type": "Point", "coordinates": list(CLOCK_TOWER)}, radius_m=50)
    assert count_in(placed, footprint) == 4
    view = in_view(placed, (-1.14, 52.63, -1.13, 52.64))
    assert [point[3] for point in view if (point[1], point[2]) == CLOCK_TOWER] == [4]


def test_hotspot_counts_by_id(placed: Store) -> None:
    near = placed.hotspots.add(Hotspot(name="Clock Tower", radius_m=100,
                                       geometry={"type": "Point", "coordinates": list(CLOCK_TOWER)}))
    far = placed.hotspots.add(Hotspot(name="Elsewhere", radius_m=50,
                                      geometry={"type": "Point", "coordinates": [-1.05, 52.6]}))
    assert hotspot_counts(placed, [near, far]) == {near.id: 2, far.id: 0}
