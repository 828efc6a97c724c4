"""Hotspot rules: name, footprint, dates and the status workflow."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk.domain.enums import HotspotStatus
from jagdesk.domain.hotspot_rules import hotspot_problems, transition_problem, with_status
from jagdesk.domain.records import Hotspot

SQUARE = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.13, 52.63], [-1.13, 52.64],
                                              [-1.14, 52.64], [-1.14, 52.63]]]}


def _hotspot(**changes: object) -> Hotspot:
    hotspot = Hotspot(name="Clock Tower", geometry={"type": "Point", "coordinates": [-1.132, 52.636]},
                      radius_m=300)
    return dataclasses.replace(hotspot, **changes)


def test_point_with_radius_and_polygon_are_valid() -> None:
    assert hotspot_problems(_hotspot()) == {}
    assert hotspot_problems(_hotspot(geometry=SQUARE, radius_m=None)) == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "  "}, "name"),
    ({"radius_m": None}, "radius_m"),
    ({"radius_m": 5.0}, "radius_m"),
    ({"radius_m": 2500.0}, "radius_m"),
    ({"radius_m": float("nan")}, "radius_m"),
    ({"geometry": {}}, "geometry"),
    ({"geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}, "geometry"),
    ({"geometry": {"type": "Point", "coordinates": [200.0, 52.0]}}, "geometry"),
    ({"geometry": {"type": "Point", "coordinates": ["a", "b"]}}, "geometry"),
    ({"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}}, "geometry"),
    ({"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}},
     "geometry"),
    ({"geometry": {"type": "Polygon", "coordinates": []}}, "geometry"),
    ({"opened_on": "2026-02-30"}, "opened_on"),
    ({"opened_on": "2026-03-01", "review_due": "2026-02-01"}, "review_due"),
    ({"opened_on": "2026-03-01", "closed_on": "2026-02-01"}, "closed_on"),
])
def test_problems_name_the_field(changes: dict[str, object], field: str) -> None:
    assert field in hotspot_problems(_hotspot(**changes))


@pytest.mark.parametrize(("current", "wanted"), [
    (HotspotStatus.NOMINATED, HotspotStatus.OPEN),
    (HotspotStatus.OPEN, HotspotStatus.MONITORING),
    (HotspotStatus.MONITORING, HotspotStatus.CLOSED),
    (HotspotStatus.MONITORING, HotspotStatus.OPEN),
    (HotspotStatus.CLOSED, HotspotStatus.OPEN),
    (HotspotStatus.OPEN, HotspotStatus.OPEN),
])
def test_allowed_moves(current: HotspotStatus, wanted: HotspotStatus) -> None:
    assert transition_problem(current, wanted) is None


@pytest.mark.parametrize(("current", "wanted"), [
    (HotspotStatus.NOMINATED, HotspotStatus.CLOSED),
    (HotspotStatus.NOMINATED, HotspotStatus.MONITORING),
    (HotspotStatus.OPEN, HotspotStatus.NOMINATED),
    (HotspotStatus.CLOSED, HotspotStatus.MONITORING),
])
def test_refused_moves(current: HotspotStatus, wanted: HotspotStatus) -> None:
    problem = transition_problem(current, wanted)
    assert problem is not None
    assert wanted.value in problem
    with pytest.raises(ValueError, match=wanted.value):
        with_status(_hotspot(status=current), wanted, date(2026, 3, 1))


def test_dates_are_stamped_through_the_workflow() -> None:
    opened = with_status(_hotspot(), HotspotStatus.OPEN, date(2026, 1, 5))
    assert opened.opened_on == "2026-01-05"
    monitored = with_status(opened, HotspotStatus.MONITORING, date(2026, 2, 1))
    closed = with_status(monitored, HotspotStatus.CLOSED, date(2026, 3, 1))
    assert closed.closed_on == "2026-03-01"
    reopened = with_status(closed, HotspotStatus.OPEN, date(2026, 4, 1))
    assert reopened.closed_on is None
    assert reopened.opened_on == "2026-01-05"
