from __future__ import annotations

from datetime import date

from jagdesk.domain.enums import ActionStatus, HotspotStatus, IncidentSource, PlanStatus
from jagdesk.domain.records import (
    Action,
    Contact,
    Framework,
    FrameworkItem,
    Hotspot,
    Incident,
    Partner,
    Plan,
)
from jagdesk.services.dashboard import ASB, build_dashboard

TODAY = date(2024, 6, 15)
CENTRE = (-1.13, 52.635)
FAR = (-1.10, 52.60)


def _incidents(store, month: str, n: int, where: tuple[float, float], category: str = ASB) -> None:
    with store.atomic():
        store.incidents.add_many(Incident(source=IncidentSource.POLICE_UK, month=month,
                                          category=category, lon=where[0], lat=where[1])
                                 for _ in range(n))


def _populate(store):
    framework = store.frameworks.add(Framework(code="PCP", name="Police and Crime Plan"))
    asb = store.framework_items.add(FrameworkItem(framework_id=framework.id, kind="priority",
                                                  ref="4", text="Reducing ASB", position=2))
    young = store.framework_items.add(FrameworkItem(framework_id=framework.id, kind="priority",
                                                    ref="1", text="Young people", position=1))
    store.framework_items.add(FrameworkItem(framework_id=framework.id, kind="priority", ref="9",
                                            text="Unlinked", position=3))
    council = store.partners.add(Partner(name="City Council", partner_type="council"))
    officer = store.contacts.add(Contact(partner_id=council.id, name="A. Officer"))
    tower = store.hotspots.add(Hotspot(name="Clock Tower", status=HotspotStatus.OPEN,
                                       geometry={"type": "Point", "coordinates": list(CENTRE)},
                                       radius_m=150))
    # Overlaps the tower: an incident in both must count once under a priority they share.
    market = store.hotspots.add(Hotspot(name="Market", status=HotspotStatus.OPEN,
                                        geometry={"type": "Point", "coordinates": list(CENTRE)},
                                        radius_m=100))
    park = store.hotspots.add(Hotspot(name="Park", geometry={"type": "Point",
                                                             "coordinates": [-1.2, 52.7]},
                                      radius_m=100))
    tower_plan = store.plans.add(Plan(hotspot_id=tower.id, status=PlanStatus.ACTIVE))
    market_plan = store.plans.add(Plan(hotspot_id=market.id, status=PlanStatus.CLOSED))
    store.plans.set_framework_items(tower_plan.id, [asb.id, young.id])
    store.plans.set_framework_items(market_plan.id, [asb.id])
    for title, due, status, contact in (
            ("Patrol", "2024-06-01", ActionStatus.OPEN, officer.id),
            ("CCTV", "2024-07-01", ActionStatus.IN_PROGRESS, None),
            ("Signs", "2024-05-01", ActionStatus.DONE, None)):
        store.actions.add(Action(title=title, owner_partner_id=council.id, due_on=due,
                                 status=status, plan_id=tower_plan.id, hotspot_id=tower.id,
                                 owner_contact_id=contact))
    # Six months before with 10 at the centre, six after with 8: "20 percent fewer".
    for month in ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05"):
        _incidents(store, month, 2, CENTRE)
    _incidents(store, "2024-06", 8, CENTRE)
    _incidents(store, "2024-06", 5, FAR)
    _incidents(store, "2024-06", 4, FAR, "Burglary")
    return {"asb": asb, "young": young, "tower": tower, "market": market, "park": park,
            "tower_plan": tower_plan, "market_plan": market_plan}


def test_priorities_in_document_order_with_plans_actions_and_trend(store):
    made = _populate(store)
    board = build_dashboard(store, months=3, today=TODAY)
    assert [p.ref for p in board.priorities] == ["1", "4"]  # the unlinked priority is left out
    young, asb = board.priorities
    assert (asb.plans, asb.open_plans) == (2, 1)
    assert (asb.actions, asb.open_actions, asb.overdue_actions) == (3, 2, 1)
    assert [line.ref for line in asb.hotspots] == [made["tower"].ref, made["market"].ref]
    assert board.months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert asb.monthly == [2, 2, 2, 2, 2, 8]  # overlapping hotspots counted once
    assert asb.change is not None
    assert (asb.change.before, asb.change.after) == (6, 12)
    assert asb.trend_wording == "100 percent more"
    assert young.plans == 1
    assert young.hotspots[0].overdue_actions == 1


def test_category_none_counts_every_category(store):
    _populate(store)
    board = build_dashboard(store, category=None, months=3, today=TODAY)
    assert board.completeness.located_incidents == 10 + 8 + 5 + 4
    assert board.completeness.incidents_outside_hotspots == 9


def test_completeness_lists_the_gaps(store):
    made = _populate(store)
    board = build_dashboard(store, today=TODAY)
    gaps = board.completeness
    assert [g.hotspot_id for g in gaps.hotspots_without_plan] == [made["park"].id]
    # The market's plan is closed, so a missing action there is not a gap.
    assert gaps.plans_without_action == []
    assert [g.description for g in gaps.actions_without_owner] == ["CCTV: no named person"]
    assert (gaps.located_incidents, gaps.incidents_outside_hotspots) == (23, 5)
    store.plans.update(Plan(**{**made["market_plan"].__dict__, "status": PlanStatus.ACTIVE}))
    reopened = build_dashboard(store, today=TODAY).completeness
    assert [g.hotspot_id for g in reopened.plans_without_action] == [made["market"].id]


def test_empty_database(store):
    board = build_dashboard(store, today=TODAY)
    assert board.priorities == []
    assert board.months == []
    assert board.completeness.located_incidents == 0
