from __future__ import annotations

import base64
import json
import struct
from dataclasses import replace

import pytest

from jagdesk.domain.enums import AreaKind, HotspotStatus, IncidentSource, Rag
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Area, Hotspot, Incident, Plan, Response, Tactic
from jagdesk.maps.layers import build_layers, unpack_incidents
from jagdesk.store import Store

XSS_NAME = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
SQUARE = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.12, 52.63], [-1.12, 52.64],
                                              [-1.14, 52.64], [-1.14, 52.63]]]}


def _incident(lon: float | None, lat: float | None, month: str = "2024-01",
              category: str = "Anti-social behaviour") -> Incident:
    return Incident(source=IncidentSource.POLICE_UK, month=month, category=category,
                    lon=lon, lat=lat)


@pytest.fixture
def filled(store: Store) -> Store:
    with store.atomic():
        store.areas.add(Area(kind=AreaKind.WARD, code="E05010458", name="Castle",
                             geometry=SQUARE))
        store.areas.add(Area(kind=AreaKind.LOCAL_AUTHORITY, code="E06000016", name="Leicester",
                             geometry=SQUARE))
        store.hotspots.add(Hotspot(name=XSS_NAME, rag=Rag.RED, status=HotspotStatus.OPEN,
                                   geometry={"type": "Point", "coordinates": [-1.1312, 52.6345]},
                                   radius_m=150, problem_type="Street drinking"))
        store.hotspots.add(Hotspot(name="Clock Tower", rag=Rag.GREEN, geometry=SQUARE))
        store.incidents.add_many([
            _incident(-1.1330123456, 52.6345123456),
            _incident(-1.1331, 52.6346, month="2024-02"),
            _incident(-1.1332, 52.6347, category="Shoplifting"),
            _incident(-1.2000, 52.7000, month="2024-02"),
            _incident(None, None),
        ])
    return store


def test_areas_are_features_with_kind_code_and_name(filled: Store) -> None:
    areas = build_layers(filled)["areas"]
    assert areas["type"] == "FeatureCollection"
    props = {f["properties"]["kind"]: f["properties"] for f in areas["features"]}
    assert props["ward"]["code"] == "E05010458"
    assert props["ward"]["name"] == "Castle"
    assert props["local_authority"]["name"] == "Leicester"
    assert all(f["geometry"] == SQUARE for f in areas["features"])


def test_hotspots_carry_geometry_rag_status_and_radius(filled: Store) -> None:
    features = build_layers(filled)["hotspots"]["features"]
    by_name = {f["properties"]["name"]: f for f in features}
    point = by_name[XSS_NAME]
    assert point["geometry"]["type"] == "Point"
    assert point["properties"] | {"id": None, "ref": None} == {
        "id": None, "ref": None, "name": XSS_NAME, "status": "open", "rag": "red",
        "problem_type": "Street drinking", "asb_category": "", "designation": "",
        "radius_m": 150, "status_label": "Open", "rag_label": "Red",
        "problem_type_label": "Street drinking", "asb_category_label": "", "designation_label": ""}
    assert point["properties"]["ref"].startswith("HS-")
    assert by_name["Clock Tower"]["geometry"]["type"] == "Polygon"
    assert by_name["Clock Tower"]["properties"]["rag"] == "green"
    assert by_name["Clock Tower"]["properties"]["status"] == "nominated"


def test_coded_fields_are_labelled_from_the_lookups(filled: Store) -> None:
    from jagdesk.services.reference import ensure_reference_data

    ensure_reference_data(filled)
    hotspot = filled.hotspots.all()[0]
    filled.hotspots.update(replace(hotspot, problem_type="drug_dealing", designation="high_demand_location"))
    features = build_layers(filled)["hotspots"]["features"]
    labelled = next(f["properties"] for f in features if f["id"] == hotspot.id)
    assert labelled["problem_type_label"] == "Drug dealing (Class A supply)"
    assert labelled["designation_label"] == "High-demand location (Tiger Territory)"


def test_hostile_name_passes_through_as_a_plain_json_string(filled: Store) -> None:
    text = json.dumps(build_layers(filled))
    names = [f["properties"]["name"] for f in json.loads(text)["hotspots"]["features"]]
    assert XSS_NAME in names
    assert json.dumps(XSS_NAME) in text


def test_incidents_are_packed_with_lookups(filled: Store) -> None:
    incidents = build_layers(filled)["incidents"]
    assert incidents["count"] == 4  # the row with no location is left out
    decoded = {(category, month, round(lon, 5), round(lat, 5))
               for lon, lat, category, month in unpack_incidents(incidents)}
    assert ("Anti-social behaviour", "2024-01", -1.13301, 52.63451) in decoded
    assert ("Shoplifting", "2024-01", -1.1332, 52.6347) in decoded
    assert ("Anti-social behaviour", "2024-02", -1.2, 52.7) in decoded


def test_packed_incidents_are_little_endian_float32_and_uint16(filled: Store) -> None:
    incidents = build_layers(filled)["incidents"]
    assert len(base64.b64decode(incidents["coords"])) == 4 * 2 * 4
    assert len(base64.b64decode(incidents["codes"])) == 4 * 2 * 2
    lon, lat = struct.unpack("<2f", base64.b64decode(incidents["coords"])[:8])
    assert -1.3 < lon < -1.0
    assert 52.5 < lat < 52.8


def test_filter_and_box_narrow_the_incidents(filled: Store) -> None:
    flt = IncidentFilter(month_from="2024-02", categories=frozenset({"Anti-social behaviour"}))
    assert build_layers(filled, flt)["incidents"]["count"] == 2
    boxed = build_layers(filled, flt, box=(-1.14, 52.63, -1.12, 52.64))["incidents"]
    assert boxed["categories"] == ["Anti-social behaviour"]
    assert boxed["months"] == ["2024-02"]
    assert [(round(lon, 4), round(lat, 4)) for lon, lat, _c, _m in unpack_incidents(boxed)] == [
        (-1.1331, 52.6346)]


def test_responses_with_a_footprint_are_a_layer(filled: Store) -> None:
    tactic = filled.tactics.add(Tactic(code="pspo", name="Public Spaces Protection Order"))
    plan = filled.plans.add(Plan(hotspot_id=filled.hotspots.all()[0].id))
    square = {"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.13, 52.63], [-1.13, 52.64],
                                                  [-1.14, 52.64], [-1.14, 52.63]]]}
    filled.responses.add(Response(plan_id=plan.id, tactic_id=tactic.id, description=XSS_NAME,
                                  started_on="2024-01-01", geometry=square))
    filled.responses.add(Response(plan_id=plan.id, tactic_id=tactic.id, description="no footprint"))
    features = build_layers(filled)["responses"]["features"]
    assert len(features) == 1
    assert features[0]["geometry"] == square
    assert features[0]["properties"]["tactic"] == tactic.name
    assert features[0]["properties"]["description"] == XSS_NAME


def test_empty_store_gives_empty_layers(store: Store) -> None:
    layers = build_layers(store)
    empty = {"type": "FeatureCollection", "features": []}
    assert layers["areas"] == empty
    assert layers["hotspots"] == empty
    assert layers["responses"] == empty
    assert layers["incidents"]["count"] == 0
