import pytest

from jagdesk.analysis.spatial import Footprint
from jagdesk.analysis.trends import (
    add_months,
    count_by_month,
    describe_change,
    monthly_counts,
    months_between,
    percent_change,
    week_hour_grid,
    week_hours_in,
)
from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Incident

ASB = "Anti-social behaviour"


def test_months_arithmetic_crosses_years():
    assert add_months("2021-11", 3) == "2022-02"
    assert add_months("2021-01", -1) == "2020-12"
    assert months_between("2020-11", "2021-02") == ["2020-11", "2020-12", "2021-01", "2021-02"]
    assert months_between("2021-02", "2021-01") == []


def test_change_is_worded_as_reports_word_it():
    # The inspection figure: 19,522 incidents against about 24,100 the year before.
    assert describe_change(24_100, 19_522) == "19 percent fewer"
    assert describe_change(100, 112) == "12 percent more"
    assert describe_change(50, 50) == "no change"
    assert describe_change(0, 0) == "no change"
    assert describe_change(0, 4) == "up from none to 4"
    assert describe_change(1000, 1001) == "about the same"
    assert percent_change(0, 3) is None
    assert percent_change(200, 150) == -25.0


def test_period_on_period_compares_the_last_months_with_those_before():
    rows = [(f"2021-{m:02d}", ASB, 10) for m in range(1, 7)]
    rows += [(f"2021-{m:02d}", ASB, 8) for m in range(7, 13)]
    rows += [("2021-12", "Drugs", 2)]
    counts = count_by_month(rows, "2021-01", "2021-12")
    assert counts.totals == [10] * 6 + [8] * 5 + [10]
    change = counts.period_on_period(6)
    assert change is not None
    assert (change.before_from, change.before_to) == ("2021-01", "2021-06")
    assert (change.after_from, change.after_to) == ("2021-07", "2021-12")
    assert (change.before, change.after) == (60, 50)
    assert change.percent == pytest.approx(-100 / 6)
    assert change.wording == "17 percent fewer"
    # Twelve months asked of one year of data: the two halves are compared.
    assert counts.period_on_period(12) == change
    assert count_by_month([], "2021-01", "2021-01").period_on_period() is None


def test_missing_months_are_zero_and_months_outside_are_ignored():
    counts = count_by_month([("2021-02", ASB, 3), ("2022-05", ASB, 9)], "2021-01", "2021-03")
    assert counts.by_category == {ASB: [0, 3, 0]}
    assert counts.to_dict()["totals"] == [0, 3, 0]


def test_week_hour_grid_counts_in_uk_local_time():
    # 2021-07-03 is a Saturday; 21:30 UTC is 22:30 British Summer Time.
    grid = week_hour_grid(["2021-07-03T21:30:00+00:00", "2021-07-03T21:45:00Z",
                           "2021-01-04T08:00:00Z", "not a time"])
    assert grid.total == 3
    assert grid.counts[5][22] == 2
    assert grid.counts[0][8] == 1
    assert grid.busiest() == ("Saturday", 22)
    assert week_hour_grid([]).busiest() is None


def _add(store, lon, lat, month, category=ASB, when=None):
    store.incidents.add_one(Incident(source=IncidentSource.MANUAL, month=month, category=category,
                                     lon=lon, lat=lat, occurred_at=when))


def test_counts_for_a_hotspot_and_for_the_force(store):
    _add(store, -1.1336, 52.6365, "2021-01", when="2021-01-05T20:00:00Z")
    _add(store, -1.1336, 52.6366, "2021-02")
    _add(store, -1.1336, 52.6366, "2021-02", "Drugs")
    _add(store, -1.20, 52.60, "2021-03", when="2021-03-01T10:00:00Z")  # far from the hotspot
    hotspot = Footprint({"type": "Point", "coordinates": [-1.1336, 52.6365]}, radius_m=100)
    local = monthly_counts(store, hotspot, IncidentFilter())
    assert local.months == ["2021-01", "2021-02", "2021-03"]
    assert local.by_category == {ASB: [1, 1, 0], "Drugs": [0, 1, 0]}
    force = monthly_counts(store, None, IncidentFilter(categories=frozenset({ASB})))
    assert force.by_category == {ASB: [1, 1, 1]}
    assert week_hours_in(store, hotspot, IncidentFilter()).total == 1
    assert week_hours_in(store, None, IncidentFilter()).total == 2
