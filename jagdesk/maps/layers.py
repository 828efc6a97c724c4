"""Layer payloads for the map page: JSON-ready data, never HTML.

The page (``resources/web/jagdesk-map.js``) draws what it is given and puts every text in
the DOM with ``textContent``, so names travel here as plain strings.

Incidents are sent packed (float32 coordinates and uint16 lookup indexes, base64) with the
lookup lists beside them: a force-year (about 100k points) is then about 1 MB. The density
layer (``jagdesk.analysis.density``) is added by ``jagdesk.services.map_layers``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.domain.geometry import BBox
    from jagdesk.domain.records import Area, Hotspot, Response
    from jagdesk.store import Store


def build_layers(store: Store, flt: IncidentFilter | None = None, *,
                 box: BBox | None = None) -> dict[str, Any]:
    """Return every layer the map draws.

    Args:
        store: the open database.
        flt: which incidents to show (period and categories); None shows all.
        box: only incidents inside this (min_lon, min_lat, max_lon, max_lat) box, through the
            R*Tree; None takes every located incident.

    Returns:
        ``{"areas": FeatureCollection, "hotspots": FeatureCollection, "responses":
        FeatureCollection, "incidents": {...}}``.
    """
    return {"areas": area_layer(store), "hotspots": hotspot_layer(store),
            "responses": response_layer(store), "incidents": incident_layer(store, flt, box=box)}


def incident_rows(store: Store, flt: IncidentFilter | None = None, *,
                  box: BBox | None = None) -> list[tuple[int, float, float, str, str]]:
    """(id, lon, lat, month, category) of the located incidents to draw."""
    if box is not None:
        return store.incidents.points_in_bbox(box, flt)
    return list(store.incidents.all_points(flt))


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
    """Located incidents as packed binary columns with category and month lookup lists.

    A force-year is about 100k points: as JSON rows it takes the page longer to parse than to
    draw, so coordinates travel as little-endian float32 pairs and codes as uint16 pairs, each
    base64-encoded.

    Returns:
        ``{"count": n, "categories": [...], "months": [...], "coords": base64 of
        [lon, lat, ...] float32, "codes": base64 of [category index, month index, ...] uint16}``.
    """
    return pack_incidents(incident_rows(store, flt, box=box))


def pack_incidents(rows: Iterable[tuple[int, float, float, str, str]]) -> dict[str, Any]:
    """Pack (id, lon, lat, month, category) rows into the incident layer payload."""
    import numpy as np

    categories: dict[str, int] = {}
    months: dict[str, int] = {}
    coords: list[float] = []
    codes: list[int] = []
    for _id, lon, lat, month, category in rows:
        coords += (lon, lat)
        codes += (categories.setdefault(category, len(categories)),
                  months.setdefault(month, len(months)))
    return {"count": len(coords) // 2, "categories": list(categories), "months": list(months),
            "coords": _b64(np.asarray(coords, dtype="<f4")),
            "codes": _b64(np.asarray(codes, dtype="<u2"))}


def unpack_incidents(layer: dict[str, Any]) -> list[tuple[float, float, str, str]]:
    """Read a packed incident layer back as (lon, lat, category, month) rows (for checks)."""
    import numpy as np

    coords = np.frombuffer(base64.b64decode(layer["coords"]), dtype="<f4")
    codes = np.frombuffer(base64.b64decode(layer["codes"]), dtype="<u2")
    return [(float(coords[2 * i]), float(coords[2 * i + 1]), layer["categories"][codes[2 * i]],
             layer["months"][codes[2 * i + 1]]) for i in range(layer["count"])]


def _b64(array: Any) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def response_layer(store: Store) -> dict[str, Any]:
    """Responses with a footprint (a PSPO area, a dispersal zone) as a FeatureCollection."""
    names = {t.id: t.name for t in store.tactics.all()}
    return _collection(response_feature(r, names.get(r.tactic_id, ""))
                       for r in store.responses.all() if r.geometry)


def response_feature(response: Response, tactic_name: str) -> dict[str, Any]:
    """One response footprint as a GeoJSON feature."""
    return {"type": "Feature", "id": response.id, "geometry": response.geometry,
            "properties": {"id": response.id, "plan_id": response.plan_id, "tactic": tactic_name,
                           "description": response.description,
                           "started_on": response.started_on or "",
                           "expires_on": response.expires_on or ""}}


def _collection(features: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}
