"""Hotspot counts, totals and a hotspot's incident list under a period and category filter."""

from __future__ import annotations

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Hotspot, Incident
from jagdesk.services.overview import hotspot_detail, hotspot_incidents, summarise_hotspots, totals
from jagdesk.store import Store

CENTRE = (-1.13, 52.635)


def _populate(store: Store) -> Hotspot:
    hotspot = store.hotspots.add(Hotspot(name="Clock Tower", radius_m=150,
                                         geometry={"type": "Point", "coordinates": list(CENTRE)}))
    rows = [("2024-01", "Anti-social behaviour", IncidentSource.POLICE_UK, "On or near Park"),
            ("2024-02", "Shoplifting", IncidentSource.POLICE_UK, "On or near Shop"),
            ("2024-03", "Anti-social behaviour", IncidentSource.MANUAL, "Clock Tower steps")]
    with store.atomic():
        store.incidents.add_many(
            Incident(source=source, month=month, category=category, location=location,
                     lon=CENTRE[0], lat=CENTRE[1]) for month, category, source, location in rows)
        store.incidents.add_many([Incident(source=IncidentSource.POLICE_UK, month="2024-01",
                                           category="Shoplifting", lon=-1.0, lat=52.5)])
    return hotspot


def test_counts_follow_the_filter(store: Store) -> None:
    hotspot = _populate(store)
    asb = IncidentFilter(categories=frozenset({"Anti-social behaviour"}))
    early = IncidentFilter(month_from="2024-01", month_to="2024-02")
    assert summarise_hotspots(store)[0].incidents == 3
    assert summarise_hotspots(store, flt=asb)[0].incidents == 2
    assert summarise_hotspots(store, flt=early)[0].incidents == 2
    assert hotspot_detail(store, hotspot.id, flt=asb).incidents == 2
    assert hotspot_detail(store, hotspot.id).incidents == 3
    counted = totals(store, flt=early)
    assert (counted.incidents, counted.all_incidents) == (3, 4)
    assert totals(store).all_incidents is None


def test_a_hotspots_incidents_newest_first_with_manual_ones_editable(store: Store) -> None:
    hotspot = _populate(store)
    lines = hotspot_incidents(store, hotspot.id)
    assert [(line.month, line.category, line.location) for line in lines] == [
        ("2024-03", "Anti-social behaviour", "Clock Tower steps"),
        ("2024-02", "Shoplifting", "On or near Shop"),
        ("2024-01", "Anti-social behaviour", "On or near Park")]
    assert [line.editable for line in lines] == [True, False, False]
    shoplifting = IncidentFilter(categories=frozenset({"Shoplifting"}))
    assert [line.month for line in hotspot_incidents(store, hotspot.id, shoplifting)] == ["2024-02"]
    assert len(hotspot_incidents(store, hotspot.id, limit=1)) == 1


def test_get_many_keeps_the_order_asked(store: Store) -> None:
    _populate(store)
    assert [i.id for i in store.incidents.get_many([3, 1, 99, 2])] == [3, 1, 2]
