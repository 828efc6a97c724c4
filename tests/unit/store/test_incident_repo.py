"""Incidents: bulk inserts with their R*Tree, filters and box queries."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.incident_columns import IncidentColumns
from jagdesk.domain.records import Incident
from jagdesk.store import Store
from jagdesk.store.incident_repo import incident_values


def _incident(lon: float | None, lat: float | None, month: str = "2021-03",
              category: str = "Anti-social behaviour") -> Incident:
    return Incident(source=IncidentSource.POLICE_UK, month=month, category=category, lon=lon, lat=lat,
                    location="On or near Gallowtree Gate")


@pytest.fixture
def filled(store: Store) -> Store:
    with store.atomic():
        store.incidents.add_many([
            _incident(-1.1330, 52.6345),
            _incident(-1.1331, 52.6346, month="2021-04"),
            _incident(-1.1332, 52.6347, category="Shoplifting"),
            _incident(-1.2000, 52.7000),
            _incident(None, None),
        ])
    return store


CITY_CENTRE = (-1.14, 52.63, -1.12, 52.64)


def test_points_in_a_box_come_through_the_rtree(filled: Store) -> None:
    assert filled.incidents.count_in_bbox(CITY_CENTRE) == 3
    assert {p[4] for p in filled.incidents.points_in_bbox(CITY_CENTRE)} == {
        "Anti-social behaviour", "Shoplifting"}
    rtree_rows = filled.db.execute("SELECT COUNT(*) FROM incident i JOIN incident_rtree r ON r.id = i.point_id").fetchone()[0]
    assert rtree_rows == 4  # the no-location row is not indexed
    assert filled.db.execute("SELECT COUNT(*) FROM incident_rtree").fetchone()[0] == 4  # distinct points


def test_filters_narrow_by_month_and_category(filled: Store) -> None:
    asb_march = IncidentFilter(month_from="2021-03", month_to="2021-03",
                               categories=frozenset({"Anti-social behaviour"}))
    assert filled.incidents.count(asb_march) == 3
    assert filled.incidents.count_in_bbox(CITY_CENTRE, asb_march) == 1
    assert filled.incidents.count(IncidentFilter(month_from="2021-04")) == 1


def test_no_location_rows_are_counted_but_not_mapped(filled: Store) -> None:
    assert filled.incidents.count() == 5
    assert filled.incidents.count_no_location() == 1
    assert len(list(filled.incidents.all_points())) == 4


def test_delete_removes_rows_and_their_index_entries(filled: Store) -> None:
    with filled.atomic():
        removed = filled.incidents.delete_where("month = ?", ["2021-04"])
    assert removed == 1
    assert filled.incidents.count_in_bbox(CITY_CENTRE) == 2
    assert filled.db.execute("SELECT COUNT(*) FROM incident i JOIN incident_rtree r ON r.id = i.point_id").fetchone()[0] == 3


def test_months_and_categories_are_listed(filled: Store) -> None:
    assert filled.incidents.month_range() == ("2021-03", "2021-04")
    assert filled.incidents.categories() == ["Anti-social behaviour", "Shoplifting"]


def _totals_agree(store: Store) -> bool:
    """Whether the totals kept by point and by month and category match the incidents."""
    drift = store.db.execute(
        "SELECT COUNT(*) FROM incident_point p WHERE p.incidents != "
        "(SELECT COUNT(*) FROM incident i WHERE i.point_id = p.id)").fetchone()[0]
    kept = store.db.execute("SELECT month, category, incidents FROM incident_month "
                            "ORDER BY month, category").fetchall()
    counted = store.db.execute("SELECT month, category, COUNT(*) FROM incident_record "
                               "GROUP BY month, category ORDER BY month, category").fetchall()
    return drift == 0 and kept == counted


def test_point_totals_follow_inserts_deletes_and_moves(filled: Store) -> None:
    with filled.atomic():
        filled.incidents.add_many([_incident(-1.1330, 52.6345), _incident(-1.1330, 52.6345)])
    assert _totals_agree(filled)
    unfiltered = filled.incidents.point_counts_in_bbox(CITY_CENTRE)
    filtered = filled.incidents.point_counts_in_bbox(CITY_CENTRE, IncidentFilter(month_from="2000-01"))
    assert sorted(unfiltered) == sorted(filtered)
    assert max(p[3] for p in unfiltered) == 3
    with filled.atomic():
        filled.incidents.delete_where("month = ?", ["2021-04"])
    moved = filled.incidents.add_one(_incident(-1.1330, 52.6345))
    filled.incidents.replace_one(replace(moved, lon=-1.1250, lat=52.6350))
    filled.incidents.delete_one(1)
    assert _totals_agree(filled)
    assert sum(p[3] for p in filled.incidents.point_counts_in_bbox(CITY_CENTRE)) == \
        filled.incidents.count_in_bbox(CITY_CENTRE)


def test_month_totals_follow_inserts_edits_and_deletes(filled: Store) -> None:
    assert _totals_agree(filled)
    assert filled.incidents.monthly_counts() == [("2021-03", "Anti-social behaviour", 3),
                                                 ("2021-03", "Shoplifting", 1),
                                                 ("2021-04", "Anti-social behaviour", 1)]
    logged = filled.incidents.add_one(_incident(-1.1330, 52.6345, month="2021-06"))
    assert filled.incidents.month_range() == ("2021-03", "2021-06")
    # an edit moves the incident to another month and category
    filled.incidents.replace_one(replace(logged, month="2021-05", category="Drugs"))
    assert _totals_agree(filled)
    assert filled.incidents.month_range() == ("2021-03", "2021-05")
    assert filled.incidents.categories() == ["Anti-social behaviour", "Drugs", "Shoplifting"]
    assert filled.incidents.count(IncidentFilter(categories=frozenset({"Drugs"}))) == 1
    # the last incident of a month and of a category goes: so do they
    assert logged.id is not None
    filled.incidents.delete_one(logged.id)
    with filled.atomic():
        filled.incidents.delete_where("month = ?", ["2021-04"])
    assert _totals_agree(filled)
    assert filled.incidents.month_range() == ("2021-03", "2021-03")
    assert filled.incidents.categories() == ["Anti-social behaviour", "Shoplifting"]
    with filled.atomic():
        filled.incidents.delete_where("1", [])
    assert filled.incidents.month_range() is None
    assert filled.incidents.count() == 0


def test_incidents_with_a_time_are_found_by_period(store: Store) -> None:
    with store.atomic():
        store.incidents.add_many([
            replace(_incident(-1.13, 52.63, month=month), source=IncidentSource.MANUAL,
                    occurred_at=at)
            for month, at in [("2021-03", "2021-03-05T22:15"), ("2021-04", "2021-04-01T09:00"),
                              ("2021-04", None), ("2021-04", "")]])
    times = store.incidents.occurred_times(IncidentFilter(month_from="2021-04"))
    assert [at for _, at in times] == ["2021-04-01T09:00"]
    assert len(store.incidents.occurred_times()) == 2
    box = (-1.14, 52.62, -1.12, 52.64)
    assert len(store.incidents.occurred_times(IncidentFilter(month_to="2021-03"), box)) == 1


def test_rows_share_their_labels_and_places(filled: Store) -> None:
    labels = [r[0] for r in filled.db.execute("SELECT text FROM incident_label ORDER BY text")]
    assert labels == ["", "Anti-social behaviour", "Shoplifting", "police.uk"]
    # five incidents on five places: each point (and no point) with the one location
    assert filled.db.execute("SELECT COUNT(*) FROM incident_place").fetchone()[0] == 5
    filled.incidents.add_many([_incident(-1.1330, 52.6345)])
    assert filled.db.execute("SELECT COUNT(*) FROM incident_place").fetchone()[0] == 5


def test_deleting_an_incident_takes_its_place_and_location_with_it(store: Store) -> None:
    logged = store.incidents.add_one(replace(_incident(-1.14, 52.64), source=IncidentSource.MANUAL,
                                             location="Outside 12 Acacia Avenue"))
    assert logged.id is not None
    store.incidents.delete_one(logged.id)
    assert store.db.execute("SELECT COUNT(*) FROM incident_place WHERE location LIKE '%Acacia%'"
                            ).fetchone()[0] == 0


def test_an_edit_moves_the_incident_to_its_new_place(store: Store) -> None:
    logged = store.incidents.add_one(replace(_incident(-1.14, 52.64), source=IncidentSource.MANUAL))
    store.incidents.replace_one(replace(logged, lon=-1.15, lat=52.65, location="Clock Tower",
                                        category="Drugs"))
    saved = store.incidents.get(logged.id or 0)
    assert saved is not None
    assert (saved.lon, saved.lat, saved.location, saved.category) == (
        -1.15, 52.65, "Clock Tower", "Drugs")
    assert [r[0] for r in store.db.execute("SELECT location FROM incident_place")] == ["Clock Tower"]
    totals = dict(store.db.execute("SELECT lon, incidents FROM incident_point").fetchall())
    assert totals == {-1.14: 0, -1.15: 1}


def test_ward_codes_are_set_on_places_by_point(filled: Store) -> None:
    points = {lon: point_id for point_id, lon, _ in filled.incidents.indexed_points()}
    placed = filled.incidents.set_ward_codes({points[-1.1330]: "E05010001",
                                              points[-1.2000]: "E05010002"})
    assert placed == 2
    wards = dict(filled.db.execute("SELECT lon, ward_code FROM incident WHERE lon IS NOT NULL"
                                   ).fetchall())
    assert wards == {-1.1330: "E05010001", -1.1331: "", -1.1332: "", -1.2000: "E05010002"}
    # a new incident at a placed point is not put in the old place by mistake
    filled.incidents.add_many([_incident(-1.1330, 52.6345)])
    assert filled.incidents.count() == 6


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=12)
_PLACES = st.sampled_from([(None, None), (-1.1330, 52.6345), (-1.1331, 52.6346), (-1.2, 52.7)])
_INCIDENTS = st.lists(st.builds(
    lambda source, key, month, category, place, location, lsoa, ward, outcome, force, context,
    notes: Incident(source=source, source_key=key, month=month, category=category,
                    lon=place[0], lat=place[1], location=location, lsoa_code=lsoa,
                    ward_code=ward, outcome=outcome, force=force, reported_by=force,
                    context=context, notes=notes),
    st.sampled_from(list(IncidentSource)), _TEXT, st.sampled_from(["2021-01", "2021-02"]),
    st.sampled_from(["Drugs", "<b>Arson</b>", ""]), _PLACES, _TEXT,
    st.sampled_from(["", "E01025631"]), st.sampled_from(["", "E05010001"]), _TEXT,
    st.sampled_from(["Leicestershire Police", ""]), _TEXT, _TEXT), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_INCIDENTS, second=_INCIDENTS)
def test_incidents_come_back_as_they_went_in(store: Store, first: list[Incident],
                                             second: list[Incident]) -> None:
    """Shared labels, places and points are storage only: every value reads back unchanged."""
    newest = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM incident_record").fetchone()[0]
    with store.atomic():
        store.incidents.add_many(first)
        store.incidents.add_many(second)  # a second batch reuses what the first stored
    stored = [i for i in store.incidents.matching() if (i.id or 0) > newest]
    expected = sorted(first + second, key=lambda i: i.month)  # matching is by month, then id
    assert [replace(i, id=None) for i in stored] == expected
    totals = dict(store.db.execute("SELECT id, incidents FROM incident_point").fetchall())
    on_points = dict(store.db.execute("SELECT point_id, COUNT(*) FROM incident_record "
                                      "WHERE point_id IS NOT NULL GROUP BY point_id").fetchall())
    assert {p: n for p, n in totals.items() if n} == on_points


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(incidents=_INCIDENTS)
def test_incidents_stored_by_point_are_the_same_incidents_a_point_at_a_time(
        store: Store, incidents: list[Incident]) -> None:
    newest = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM incident_record").fetchone()[0]
    columns = IncidentColumns.from_rows(incident_values(i) for i in incidents)
    with store.atomic():
        stored = store.incidents.insert_columns(columns, by_point=True)
    assert stored == len(incidents)
    rows = store.db.execute("SELECT id, point_id FROM incident_record WHERE id > ? ORDER BY id",
                            [newest]).fetchall()
    assert [row[0] for row in rows] == list(range(newest + 1, newest + stored + 1))
    # ids follow the points, the rows with no location last
    points = [row[1] for row in rows]
    assert points == sorted(points, key=lambda p: (p is None, p or 0))
    back = [replace(i, id=None) for i in store.incidents.get_many([row[0] for row in rows])]
    assert sorted(back, key=repr) == sorted(incidents, key=repr)
    assert _totals_agree(store)


def _places(store: Store) -> list[tuple[object, ...]]:
    return store.db.execute("SELECT * FROM incident_place ORDER BY id").fetchall()


def _unused_places(store: Store) -> int:
    return int(store.db.execute(
        "SELECT COUNT(*) FROM incident_place p WHERE NOT EXISTS "
        "(SELECT 1 FROM incident_record r WHERE r.place_id = p.id)").fetchone()[0])


def test_incidents_replaced_by_the_same_keep_their_places_and_totals(filled: Store) -> None:
    places = _places(filled)
    totals = filled.db.execute("SELECT id, incidents FROM incident_point ORDER BY id").fetchall()
    again = [i for i in filled.incidents.matching() if i.month == "2021-03"]
    with filled.atomic(), filled.incidents.replacing():
        assert filled.incidents.delete_where("month = ?", ["2021-03"]) == 4
        filled.incidents.add_many([replace(i, id=None) for i in again])
    assert _places(filled) == places  # the same ids: nothing was dropped and stored again
    assert filled.db.execute("SELECT id, incidents FROM incident_point ORDER BY id").fetchall() \
        == totals
    assert filled.incidents.count() == 5


def test_a_replacement_drops_the_places_only_its_old_incidents_had(filled: Store) -> None:
    with filled.atomic(), filled.incidents.replacing():
        filled.incidents.delete_where("month = ?", ["2021-03"])
        filled.incidents.add_many([_incident(-1.1330, 52.6345), _incident(-1.1250, 52.6350)])
    assert _totals_agree(filled)
    assert _unused_places(filled) == 0
    # the April incident and the two new ones: three places
    assert len(_places(filled)) == 3


def test_a_failed_replacement_leaves_everything_as_it_was(filled: Store) -> None:
    places, count = _places(filled), filled.incidents.count()

    def fail_half_way() -> None:
        with filled.atomic(), filled.incidents.replacing():
            filled.incidents.delete_where("month = ?", ["2021-03"])
            filled.incidents.add_many([_incident(-1.1250, 52.6350)])
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert (_places(filled), filled.incidents.count()) == (places, count)
    assert _totals_agree(filled)
    # and the next change is not held back by the one that failed
    with filled.atomic():
        filled.incidents.delete_where("month = ?", ["2021-04"])
    assert _totals_agree(filled)
    assert _unused_places(filled) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_INCIDENTS, second=_INCIDENTS)
def test_a_replacement_ends_as_a_delete_then_an_insert_would(store: Store, first: list[Incident],
                                                            second: list[Incident]) -> None:
    """Held back or not, the totals match the incidents and no place is left without one."""
    with store.atomic():
        store.incidents.delete_where("1", [])
        store.incidents.add_many(first)
    with store.atomic(), store.incidents.replacing():
        store.incidents.delete_where("month = ?", ["2021-01"])
        store.incidents.add_many(second)
    kept = [i for i in first if i.month != "2021-01"]
    stored = sorted((replace(i, id=None) for i in store.incidents.matching()), key=repr)
    assert stored == sorted(kept + second, key=repr)
    assert _totals_agree(store)
    assert _unused_places(store) == 0


def _at(location: str, lon: float, lat: float, lsoa_name: str = "Leicester 020A") -> Incident:
    return replace(_incident(lon, lat), location=location, lsoa_name=lsoa_name)


def test_places_like_offers_the_busiest_point_of_each_street_and_area(store: Store) -> None:
    with store.atomic():
        store.incidents.add_many([
            _at("On or near High Street", -1.1300, 52.6300),
            *[_at("On or near High Street", -1.1310, 52.6310)] * 3,  # the busier point
            _at("On or near High Street", -1.2000, 52.7700, "Charnwood 012C"),
            _at("On or near Highfield Road", -1.1000, 52.6200),
            _at("On or near Market Street", -1.1320, 52.6320),
            replace(_incident(None, None), location="On or near High Street"),  # not located
        ])
    found = store.incidents.places_like("high st", limit=10)
    assert [(p.location, p.area, p.lon, p.incidents) for p in found] == [
        ("On or near High Street", "Leicester 020A", -1.1310, 3),
        ("On or near High Street", "Charnwood 012C", -1.2000, 1)]
    assert found[0].label == "On or near High Street \N{EM DASH} Leicester 020A"
    assert len(store.incidents.places_like("on or near", limit=2)) == 2


def test_places_like_takes_wildcards_literally(store: Store) -> None:
    with store.atomic():
        store.incidents.add_many([_at("On or near 100% Lane", -1.13, 52.63),
                                  _at("On or near Mill_Race", -1.14, 52.64),
                                  _at("On or near Millrace", -1.15, 52.65)])
    assert [p.location for p in store.incidents.places_like("100%", 10)] == ["On or near 100% Lane"]
    assert [p.location for p in store.incidents.places_like("mill_", 10)] == ["On or near Mill_Race"]
    assert store.incidents.places_like("\\", 10) == []


def test_located_incidents_are_counted_by_point(filled: Store) -> None:
    with filled.atomic():
        filled.incidents.add_many([_incident(-1.1330, 52.6345), _incident(-1.1330, 52.6345)])
    counts = sorted(filled.incidents.located_point_counts())
    assert counts == [(-1.2, 52.7, 1), (-1.1332, 52.6347, 1), (-1.1331, 52.6346, 1),
                      (-1.133, 52.6345, 3)]
    march_asb = IncidentFilter("2021-03", "2021-03", frozenset({"Anti-social behaviour"}))
    assert sorted(filled.incidents.located_point_counts(march_asb)) == [
        (-1.2, 52.7, 1), (-1.133, 52.6345, 3)]
    assert sorted(filled.incidents.located_point_counts(march_asb, CITY_CENTRE)) == [
        (-1.133, 52.6345, 3)]
    assert filled.incidents.count_located() == 6  # the incident with no location is left out
    assert filled.incidents.count_located(march_asb) == 4
