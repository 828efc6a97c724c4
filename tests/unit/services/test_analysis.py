from pathlib import Path

import numpy as np
import pytest

from jagdesk.domain.enums import AreaKind, HotspotStatus, IncidentSource
from jagdesk.domain.records import Area, Hotspot, Incident, Plan, Response, Tactic
from jagdesk.errors import NotFoundError, UserError
from jagdesk.services.analysis import assess_hotspot, find_hotspots, nominate_candidate
from jagdesk.store import Store
from jagdesk.store.incident_repo import incident_values

ASB = "Anti-social behaviour"
LON, LAT = -1.1336, 52.6365
METRE = 1 / 111_320


def _square(half: float) -> dict:
    return {"type": "Polygon", "coordinates": [[
        [LON - half * 1.6, LAT - half], [LON + half * 1.6, LAT - half],
        [LON + half * 1.6, LAT + half], [LON - half * 1.6, LAT + half],
        [LON - half * 1.6, LAT - half]]]}


def _rows(north_m: float, months: range, per_month: int, category: str = ASB):
    return [incident_values(Incident(source=IncidentSource.POLICE_UK, month=f"2021-{m:02d}",
                                     category=category, lon=LON, lat=LAT + north_m * METRE))
            for m in months for _ in range(per_month)]


@pytest.fixture
def assessed(store):
    ward = store.areas.add(Area(kind=AreaKind.WARD, code="E05000001", name="Castle",
                                geometry=_square(0.02)))
    hotspot = store.hotspots.add(Hotspot(name="Clock Tower", radius_m=100, ward_id=ward.id,
                                         geometry={"type": "Point", "coordinates": [LON, LAT]}))
    plan = store.plans.add(Plan(hotspot_id=hotspot.id))
    tactic = store.tactics.add(Tactic(code="patrol", name="High-visibility patrol"))
    store.responses.add(Response(plan_id=plan.id, tactic_id=tactic.id, started_on="2021-07-15"))
    rows = (_rows(0, range(1, 7), 5) + _rows(0, range(7, 13), 2)          # hotspot: 30 -> 12
            + _rows(150, range(1, 7), 2) + _rows(150, range(7, 13), 4)    # ring: 12 -> 24
            + _rows(1000, range(1, 13), 20)                               # rest of ward: 120 -> 120
            + _rows(0, range(1, 13), 3, "Drugs"))
    with store.atomic():
        store.incidents.insert_rows(rows)
    return hotspot


def test_assessment_uses_the_response_start_and_the_rest_of_the_ward(store, assessed):
    a = assess_hotspot(store, assessed.ref)
    assert (a.windows.before_from, a.windows.after_from, a.windows.after_to) == (
        "2021-01", "2021-07", "2021-12")
    assert (a.hotspot.before, a.hotspot.after) == (30, 12)
    assert (a.buffer.before, a.buffer.after) == (12, 24)
    assert (a.control.before, a.control.after) == (120, 120)
    assert a.buffer_m == 100
    assert a.control_name == "the rest of Castle ward"
    # (24/120 - 12/120) / (12/120 - 30/120) = 0.1 / -0.15
    assert a.wdq == pytest.approx(-2 / 3)
    assert a.notes == []
    assert a.to_dict()["wdq"] == pytest.approx(-2 / 3)


def test_assessment_with_a_given_start_and_every_category(store, assessed):
    a = assess_hotspot(store, assessed.ref.lower(), start_month="2021-04", months=3, category=None)
    assert (a.hotspot.before, a.hotspot.after) == (3 * 5 + 9, 3 * 5 + 9)


def test_a_response_outside_the_data_falls_back_to_the_latest_full_windows(store, assessed):
    plan = store.plans.for_hotspot(assessed.id)
    response = store.responses.for_plan(plan.id)[0]
    store.responses.update(Response(**{**response.__dict__, "started_on": "2026-03-01"}))
    a = assess_hotspot(store, assessed.ref)
    assert a.windows.after_from == "2021-07"
    assert "2026-03" in a.notes[0]


def test_assessment_refusals(store, assessed):
    with pytest.raises(NotFoundError):
        assess_hotspot(store, "HS-9999")
    with pytest.raises(UserError, match="data runs from 2021-01 to 2021-12"):
        assess_hotspot(store, assessed.ref, start_month="2023-01")
    with pytest.raises(UserError, match="local authority"):
        assess_hotspot(store, assessed.ref, control="local_authority")
    custom = assess_hotspot(store, assessed.ref, control=_square(0.005))
    assert custom.control.before == 0  # the chosen area holds nothing beyond the ring


def test_find_and_nominate_a_planted_cluster(store):
    store.areas.add(Area(kind=AreaKind.WARD, code="E05000001", name="Castle", geometry=_square(0.03)))
    rng = np.random.default_rng(1)
    noise = [incident_values(Incident(source=IncidentSource.POLICE_UK, month="2021-03", category=ASB,
                                      lon=float(x), lat=float(y)))
             for x, y in zip(rng.uniform(LON - 0.03, LON + 0.03, 2000),
                             rng.uniform(LAT - 0.018, LAT + 0.018, 2000), strict=True)]
    blob = [incident_values(Incident(source=IncidentSource.POLICE_UK, month="2021-05", category=ASB,
                                     lon=float(x), lat=float(y)))
            for x, y in zip(rng.normal(-1.12, 0.0006, 120), rng.normal(52.64, 0.0004, 120), strict=True)]
    with store.atomic():
        store.incidents.insert_rows(noise + blob + _rows(0, range(1, 2), 50, "Drugs"))
    search = find_hotspots(store, ASB, "2021-01", "2021-12", cell_m=100)
    top = search.analysis.clusters[0]
    assert (top.lon, top.lat) == (pytest.approx(-1.12, abs=0.002), pytest.approx(52.64, abs=0.0015))
    assert (top.category, top.month_from, top.month_to) == (ASB, "2021-01", "2021-12")
    assert search.to_dict()["clusters"][0]["z"] == top.z
    # Only March: the planted cluster (May) is not there.
    assert find_hotspots(store, ASB, "2021-03", "2021-03").analysis.clusters == []
    hotspot = nominate_candidate(store, top)
    assert hotspot.status is HotspotStatus.NOMINATED
    assert hotspot.ref.startswith("HS-")
    assert hotspot.radius_m == top.radius_m
    assert hotspot.ward_id is not None
    assert "Gi*" in hotspot.description
    assert store.hotspots.by_ref(hotspot.ref) is not None


@pytest.fixture(scope="module")
def demo(demo_copy) -> Path:
    return demo_copy()


def test_the_city_centre_is_a_significant_asb_hotspot_in_the_demo(demo):
    with Store(demo, read_only=True) as store:
        clock_tower = next(h for h in store.hotspots.all() if "Clock Tower" in h.name)
        clusters = find_hotspots(store, ASB).analysis.clusters
        assert clusters
        lon, lat = clock_tower.geometry["coordinates"]
        near = [c for c in clusters
                if abs(c.lon - lon) * 68_000 < 300 and abs(c.lat - lat) * 111_320 < 300]
        assert near, "no significant cluster within 300 m of the Clock Tower"
        assert near[0].q <= 0.05
        a = assess_hotspot(store, clock_tower.ref)
        assert a.hotspot.before + a.hotspot.after > 0
        assert a.control.before > a.hotspot.before
        assert a.reading


def test_finding_hotspots_can_be_cancelled(demo):
    from jagdesk.errors import Cancelled

    stages: list[str] = []
    with Store(demo, read_only=True) as store, pytest.raises(Cancelled):
        find_hotspots(store, progress=lambda _f, message: stages.append(message),
                      cancelled=lambda: True)
    assert stages == ["Reading the incidents"]
