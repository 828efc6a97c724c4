from __future__ import annotations

from jagdesk.domain.enums import ActionStatus, AreaKind, HotspotStatus, IncidentSource, Rag
from jagdesk.domain.records import Action, Area, Hotspot, Incident, Partner, Plan
from jagdesk.services.overview import hotspot_detail, summarise_hotspots, totals

TODAY = "2024-06-15"
SQUARE = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.12, 52.63], [-1.12, 52.64],
                                               [-1.14, 52.64], [-1.14, 52.63]]]}


def _populate(store):
    ward = store.areas.add(Area(kind=AreaKind.WARD, code="E05000001", name="Castle", geometry=SQUARE))
    council = store.partners.add(Partner(name="City Council", partner_type="council"))
    police = store.partners.add(Partner(name="Police", partner_type="police"))
    circle = store.hotspots.add(Hotspot(
        name="Clock Tower", geometry={"type": "Point", "coordinates": [-1.13, 52.635]},
        radius_m=150, status=HotspotStatus.OPEN, rag=Rag.RED, ward_id=ward.id,
        problem_type="street drinking", review_due="2024-07-01", lead_partner_id=police.id))
    square = store.hotspots.add(Hotspot(name="Park", geometry=SQUARE, rag=Rag.GREEN))
    store.plans.add(Plan(hotspot_id=circle.id, objective="Reduce street drinking"))
    for title, due, status in (("Patrol", "2024-06-01", ActionStatus.OPEN),
                               ("CCTV", "2024-07-01", ActionStatus.IN_PROGRESS),
                               ("Signs", "2024-05-01", ActionStatus.DONE)):
        store.actions.add(Action(title=title, owner_partner_id=council.id, due_on=due,
                                 status=status, hotspot_id=circle.id))
    points = [(-1.13, 52.635), (-1.1305, 52.6352), (-1.125, 52.638), (-1.10, 52.60)]
    with store.atomic():
        store.incidents.add_many(
            Incident(source=IncidentSource.POLICE_UK, month="2024-01", category="anti-social-behaviour",
                     lon=lon, lat=lat) for lon, lat in points)
        store.incidents.add_many([Incident(source=IncidentSource.POLICE_UK, month="2024-01",
                                           category="anti-social-behaviour")])
    return circle, square


def test_summaries_count_open_and_overdue_actions(store):
    circle, square = _populate(store)
    rows = {row.id: row for row in summarise_hotspots(store, TODAY)}
    assert rows[circle.id].open_actions == 2
    assert rows[circle.id].overdue_actions == 1
    assert rows[circle.id].ward == "Castle"
    assert rows[square.id].open_actions == 0
    assert rows[square.id].ward == ""


def test_detail_lists_actions_partners_and_incidents_inside(store):
    circle, square = _populate(store)
    detail = hotspot_detail(store, circle.id, TODAY)
    assert detail.plan is not None
    assert detail.plan.objective == "Reduce street drinking"
    assert detail.partners == ["City Council", "Police"]
    assert [line.title for line in detail.actions if line.overdue] == ["Patrol"]
    assert detail.incidents == 2  # the two points within 150 m of the centre
    assert hotspot_detail(store, square.id, TODAY).incidents == 3  # all three inside the square


def test_totals_and_emptiness(store):
    assert totals(store, TODAY).is_empty
    _populate(store)
    counted = totals(store, TODAY)
    assert (counted.hotspots, counted.incidents, counted.overdue_actions) == (2, 5, 1)
    assert not counted.is_empty
