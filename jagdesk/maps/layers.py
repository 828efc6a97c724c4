"""Layer payloads for the map page: JSON-ready data, never HTML.

The page (``resources/web/jagdesk-map.js``) draws what it is given and puts every text in
the DOM with ``textContent``, so names travel here as plain strings.

Incidents are sent as compact rows ``[lon, lat, category index, month index]`` with the lookup
lists beside them: a force-year (about 100k points) is then a few MB of JSON at most.
"""

from __future__ import annotations

from typing import Any

from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.geometry import BBox
from jagdesk.domain.records import Area, Hotspot
from jagdesk.store import Store

# Five decimals of a degree is about a metre: all the precision a police.uk point has.
COORD_DECIMALS = 5


def build_layers(store: Store, flt: IncidentFilter | None = None, *,
                 box: BBox | None = None) -> dict[str, Any]:
    """Return every layer the map draws.

    Args:
        store: the open database.
        flt: which incidents to show (period and categories); None shows all.
        box: only incidents inside this (min_lon, min_lat, max_lon, max_lat) box, through the
            R*Tree; None takes every located incident.

    Returns:
        ``{"areas": FeatureCollection, "hotspots": FeatureCollection, "incidents": {...}}``.
    """
    return {"areas": area_layer(store), "hotspots": hotspot_layer(store),
            "incidents": incident_layer(store, flt, box=box)}


def area_layer(store: Store) -> dict[str, Any]:
    """Every boundary as a GeoJSON FeatureCollection; ``kind`` tells the page how to draw it."""
    return _collection(area_feature(a) for a in store.areas.all())


def area_feature(area: Area) -> dict[str, Any]:
    """One boundary as a GeoJSON feature."""
    return {"type": "Feature", "id": area.id, "geometry": area.geometry,
            "properties": {"id": area.id, "kind": area.kind.value, "code": area.code,
                           "name": area.name}}


def hotspot_layer(store: Store) -> dict[str, Any]:
    """Every hotspot as a GeoJSON FeatureCollection (points carry ``radius_m``)."""
    labels = {name: {item.code: item.label for item in store.lookups.items(name)}
              for name in _LABELLED}
    return _collection(hotspot_feature(h, labels) for h in store.hotspots.all())


# Lookup lists whose codes the popup shows by their readable labels.
_LABELLED = ("problem_type", "asb_category", "designation")


def hotspot_feature(hotspot: Hotspot,
                    labels: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """One hotspot as a GeoJSON feature; ``labels`` gives readable names for coded fields."""
    labels = labels or {}
    codes = {"problem_type": hotspot.problem_type, "designation": hotspot.designation,
             "asb_category": hotspot.asb_category.value if hotspot.asb_category else ""}
    shown = {f"{name}_label": labels.get(name, {}).get(code, code.replace("_", " ").capitalize())
             for name, code in codes.items()}
    return {
        "type": "Feature", "id": hotspot.id, "geometry": hotspot.geometry,
        "properties": {
            "id": hotspot.id, "ref": hotspot.ref, "name": hotspot.name,
            "status": hotspot.status.value, "rag": hotspot.rag.value,
            "problem_type": hotspot.problem_type,
            "asb_category": hotspot.asb_category.value if hotspot.asb_category else "",
            "designation": hotspot.designation, "radius_m": hotspot.radius_m,
            "status_label": hotspot.status.value.capitalize(), "rag_label": hotspot.rag.value.capitalize(),
            **shown,
        },
    }


def incident_layer(store: Store, flt: IncidentFilter | None = None, *,
                   box: BBox | None = None) -> dict[str, Any]:
    """Located incidents as compact rows with category and month lookup lists.

    Returns:
        ``{"categories": [...], "months": [...], "points": [[lon, lat, c, m], ...]}`` where
        ``c`` and ``m`` index the two lists.
    """
    rows = (store.incidents.points_in_bbox(box, flt) if box is not None
            else store.incidents.all_points(flt))
    categories: dict[str, int] = {}
    months: dict[str, int] = {}
    points = []
    for _id, lon, lat, month, category in rows:
        c = categories.setdefault(category, len(categories))
        m = months.setdefault(month, len(months))
        points.append([round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS), c, m])
    return {"categories": list(categories), "months": list(months), "points": points}


def _collection(features: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}
