import pytest

from jagdesk.analysis.assessment import (
    Assessment,
    Windows,
    ZoneCounts,
    measure,
    weighted_displacement_quotient,
)
from jagdesk.analysis.spatial import Footprint
from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.store.incident_repo import incident_values

ASB = "Anti-social behaviour"
LON, LAT = -1.1336, 52.6365
NORTH_200M = 200 / 111_320
WINDOWS = Windows.around("2021-04", 3)


def _assessment(r, b, c) -> Assessment:
    return Assessment(WINDOWS, ZoneCounts(*r), ZoneCounts(*b), ZoneCounts(*c),
                      category=ASB, control_name="the rest of Castle ward", buffer_m=200)


def test_windows_are_equal_either_side_of_the_start():
    w = Windows.around("2021-01", 6)
    assert (w.before_from, w.before_to, w.after_from, w.after_to) == (
        "2020-07", "2020-12", "2021-01", "2021-06")
    with pytest.raises(ValueError, match="at least one month"):
        Windows.around("2021-01", 0)


def test_wdq_uses_the_published_formula():
    # (80/1000 - 50/1000) / (50/1000 - 100/1000) = 0.03 / -0.05
    wdq = weighted_displacement_quotient(ZoneCounts(100, 50), ZoneCounts(50, 80),
                                         ZoneCounts(1000, 1000))
    assert wdq == pytest.approx(-0.6)
    assert weighted_displacement_quotient(ZoneCounts(1, 1), ZoneCounts(1, 1), ZoneCounts(0, 5)) is None


def test_a_fall_with_displacement_gives_a_negative_wdq():
    a = _assessment((100, 50), (50, 80), (1000, 1000))
    assert a.gross_effect == -50
    assert a.expected_after == 100
    assert a.net_effect == -50
    assert a.net_percent == pytest.approx(-50)
    assert a.wdq == pytest.approx(-0.6)
    assert "The fall was larger than in the area around it." in a.reading
    assert "displacement" in a.reading
    assert "net gain" in a.reading


def test_displacement_greater_than_the_fall_is_called_out():
    a = _assessment((100, 80), (50, 90), (1000, 1000))
    assert a.wdq == pytest.approx(-2.0)
    assert "moved rather than fell" in a.reading


def test_a_fall_with_diffusion_of_benefit_gives_a_positive_wdq():
    a = _assessment((100, 50), (50, 30), (1000, 1000))
    assert a.wdq == pytest.approx(0.4)
    assert "diffusion of benefit, no sign of displacement" in a.reading
    assert "50 percent fewer" in a.reading


def test_no_wdq_when_the_hotspot_did_no_better_than_its_surroundings():
    a = _assessment((100, 80), (50, 60), (1000, 800))
    assert not a.improved
    assert a.wdq is None
    assert a.net_effect == pytest.approx(0)
    assert "cannot be put down to the response" in a.reading
    data = a.to_dict()
    assert data["wdq"] is None
    assert data["hotspot"] == {"before": 100, "after": 80, "change": -20, "percent": -20.0,
                               "wording": "20 percent fewer"}


def test_small_counts_carry_a_caution():
    assert "with caution" in _assessment((6, 3), (5, 5), (100, 100)).reading


def _rows(lat_offset: float, month: str, n: int, category: str = ASB):
    return [incident_values(Incident(source=IncidentSource.POLICE_UK, month=month,
                                     category=category, lon=LON, lat=LAT + lat_offset))] * n


def test_measure_counts_each_zone_once(store):
    rows = (_rows(0, "2021-02", 10) + _rows(0, "2021-05", 4)            # hotspot
            + _rows(NORTH_200M, "2021-01", 3) + _rows(NORTH_200M, "2021-06", 7)  # ring
            + _rows(4 * NORTH_200M, "2021-03", 20) + _rows(4 * NORTH_200M, "2021-04", 20)
            + _rows(0, "2021-05", 9, "Drugs")                                # other category
            + _rows(0, "2020-12", 9))                                        # outside windows
    with store.atomic():
        store.incidents.insert_rows(rows)
    hotspot = Footprint({"type": "Point", "coordinates": [LON, LAT]}, radius_m=100)
    control = Footprint({"type": "Point", "coordinates": [LON, LAT]}, radius_m=2000)
    r, b, c = measure(store, hotspot, 200, control, WINDOWS, frozenset({ASB}))
    assert (r.before, r.after) == (10, 4)
    assert (b.before, b.after) == (3, 7)
    assert (c.before, c.after) == (20, 20)
