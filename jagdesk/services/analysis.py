"""Evidence use cases: suggest hotspots, nominate one, and assess a hotspot's response.

The app's panels, the exports and ``jagdesk analyse`` all call these, so the figures an officer
sees on screen are the figures in the pack and on the command line.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from jagdesk.analysis.assessment import Assessment, Windows, measure
from jagdesk.analysis.hotspots import HotspotAnalysis, detect_clusters
from jagdesk.analysis.placement import AreaLocator
from jagdesk.analysis.spatial import Footprint
from jagdesk.analysis.trends import add_months, months_between
from jagdesk.domain.enums import AreaKind, HotspotStatus
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.geometry import BBox, centre
from jagdesk.domain.records import Area, Hotspot
from jagdesk.errors import NotFoundError, UserError
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop

if TYPE_CHECKING:
    from jagdesk.store import Store

ASB = "Anti-social behaviour"
DEFAULT_MONTHS = 6
# The ring for displacement is as wide as the hotspot's radius, within these bounds.
MIN_BUFFER_M = 100.0
POLYGON_BUFFER_M = 250.0


@dataclasses.dataclass(frozen=True)
class HotspotSearch:
    """What was searched and what was found."""

    category: str | None
    month_from: str | None
    month_to: str | None
    analysis: HotspotAnalysis

    def to_dict(self) -> dict[str, Any]:
        """The search and its clusters as plain JSON values."""
        return {"category": self.category, "month_from": self.month_from,
                "month_to": self.month_to} | self.analysis.to_dict()


def find_hotspots(store: Store, category: str | None = ASB, month_from: str | None = None,
                  month_to: str | None = None, bbox: BBox | None = None,
                  cell_m: float | None = None, *, progress: Progress = noop,
                  cancelled: CancelCheck = never) -> HotspotSearch:
    """Suggest candidate hotspots: significant Gi* clusters of one category in a period.

    Args:
        store: the open database.
        category: the police.uk category to look at; None for every category.
        month_from: the first month (``YYYY-MM``); the data's first when None.
        month_to: the last month; the data's last when None.
        bbox: the map view or area to search (min_lon, min_lat, max_lon, max_lat); all
            located incidents when None.
        cell_m: the grid's cell size in metres; chosen from the extent and count when None.
        progress: told when each stage starts.
        cancelled: asked between the stages.

    Raises:
        Cancelled: the user cancelled.
    """
    import numpy as np

    span = store.incidents.month_range()
    first = month_from or (span[0] if span else None)
    last = month_to or (span[1] if span else None)
    flt = IncidentFilter(first, last, frozenset({category}) if category else frozenset())
    progress(0.0, "Reading the incidents")
    points = np.asarray(store.incidents.located_point_counts(flt, bbox), float).reshape(-1, 3)
    check(cancelled)
    progress(0.4, "Counting incidents on a grid and testing every cell")
    analysis = detect_clusters(points[:, 0], points[:, 1], incidents=points[:, 2],
                               cell_m=cell_m, extent_lonlat=bbox)
    check(cancelled)
    clusters = [dataclasses.replace(c, category=category or "", month_from=first, month_to=last)
                for c in analysis.clusters]
    progress(1.0, f"{len(clusters)} significant cluster(s)")
    return HotspotSearch(category, first, last, dataclasses.replace(analysis, clusters=clusters))


def nominate_candidate(store: Store, cluster: Any) -> Hotspot:
    """Create a nominated hotspot (point and radius) from a suggested cluster.

    Args:
        store: the open database.
        cluster: a ``Cluster`` from ``find_hotspots``.
    """
    ward = _locate(store, AreaKind.WARD, cluster.lon, cluster.lat)
    authority = _locate(store, AreaKind.LOCAL_AUTHORITY, cluster.lon, cluster.lat)
    place = ward.name if ward else f"{cluster.lat:.4f}, {cluster.lon:.4f}"
    return store.hotspots.add(Hotspot(
        name=f"Suggested hotspot: {place}",
        geometry={"type": "Point", "coordinates": [cluster.lon, cluster.lat]},
        radius_m=cluster.radius_m, status=HotspotStatus.NOMINATED,
        description=_nomination_note(cluster),
        ward_id=ward.id if ward else None,
        local_authority_id=authority.id if authority else None))


def _nomination_note(cluster: Any) -> str:
    period = f"{cluster.month_from} to {cluster.month_to}"
    note = (f"Suggested by hotspot analysis: {cluster.incidents} {cluster.category or 'incidents'} "
            f"({period}) in {cluster.cells} grid cells; Getis-Ord Gi* z = {cluster.z:.1f}, "
            f"p = {cluster.p:.2g}, false-discovery-adjusted q = {cluster.q:.2g}.")
    if cluster.single_snap_point:
        note += (f" Caution: {cluster.top_point_incidents} of these incidents are on one police.uk "
                 "snap point, which may be a single busy address or the anonymisation, not a place.")
    return note


def _locate(store: Store, kind: AreaKind, lon: float, lat: float) -> Area | None:
    candidates = store.areas.candidates_at(lon, lat, kind)
    return AreaLocator(candidates).area_at(lon, lat) if candidates else None


def assess_hotspot(store: Store, hotspot_ref: str, start_month: str | None = None,
                   months: int = DEFAULT_MONTHS, control: str | dict[str, Any] = "ward",
                   category: str | None = ASB, buffer_m: float | None = None) -> Assessment:
    """Before/after figures for a hotspot's response, with a control area and displacement.

    Args:
        store: the open database.
        hotspot_ref: the hotspot's reference, such as ``HS-0001``.
        start_month: the month the response started; the first response's start (or the
            hotspot's opening date) when None.
        months: the length of each window.
        control: ``"ward"`` or ``"local_authority"`` for the rest of the hotspot's area, or a
            GeoJSON geometry to compare with.
        category: the police.uk category counted; None for every category.
        buffer_m: the width of the displacement ring; the hotspot's radius when None.

    Raises:
        NotFoundError: when there is no such hotspot.
        UserError: when there is no start month, no data for the windows, or no control area.
    """
    hotspot = store.hotspots.by_ref(hotspot_ref)
    if hotspot is None:
        raise NotFoundError(f"No hotspot {hotspot_ref}")
    notes: list[str] = []
    windows = _windows(store, hotspot, start_month, months, notes)
    control_fp, control_name = _control(store, hotspot, control)
    ring = buffer_m if buffer_m is not None else _default_buffer(hotspot)
    counted = frozenset({category}) if category else frozenset()
    r, b, c = measure(store, Footprint.of_hotspot(hotspot), ring, control_fp, windows, counted)
    return Assessment(windows, r, b, c, category=category, control_name=control_name,
                      buffer_m=ring, subject=f"{hotspot.ref} {hotspot.name}", notes=notes)


def _default_buffer(hotspot: Hotspot) -> float:
    if hotspot.geometry.get("type") != "Point":
        return POLYGON_BUFFER_M
    return max(hotspot.radius_m or 0.0, MIN_BUFFER_M)


def _response_start(store: Store, hotspot: Hotspot) -> str | None:
    plan = store.plans.for_hotspot(hotspot.id)
    starts = sorted(r.started_on for r in store.responses.for_plan(plan.id) if r.started_on) \
        if plan else []
    day = starts[0] if starts else hotspot.opened_on
    return day[:7] if day else None


def _windows(store: Store, hotspot: Hotspot, start_month: str | None, months: int,
             notes: list[str]) -> Windows:
    span = store.incidents.month_range()
    if span is None:
        raise UserError("There are no incidents to assess: import police.uk data first.")
    first, last = span
    if start_month:
        windows = Windows.around(start_month, months)
        if windows.after_from > last or windows.before_to < first:
            raise UserError(f"No incidents either side of {start_month}: the data runs from "
                            f"{first} to {last}.")
        return _fitted(windows, first, last, notes)
    start = _response_start(store, hotspot)
    if start is None:
        raise UserError(f"{hotspot.ref} has no response start or opening date; give a start month.")
    windows = Windows.around(start, months)
    if windows.before_from < first or windows.after_to > last:
        # The response lies outside the data (often: data older than the response), so use
        # the latest start that the data can fill on both sides.
        usable = min(months, len(months_between(first, last)) // 2)
        if usable < 1:
            raise UserError(f"Two months of data are needed at least; there is only {first}.")
        moved = add_months(last, -usable + 1)
        notes.append(f"The response started in {start}, outside the data ({first} to {last}); "
                     f"the assessment uses {moved} as the start instead.")
        windows = Windows.around(moved, usable)
    return _fitted(windows, first, last, notes)


def _fitted(windows: Windows, first: str, last: str, notes: list[str]) -> Windows:
    if windows.before_from < first or windows.after_to > last:
        notes.append(f"The data runs from {first} to {last}, so one window is not complete; "
                     "compare the figures with care.")
    return windows


def _control(store: Store, hotspot: Hotspot, control: str | dict[str, Any]
             ) -> tuple[Footprint, str]:
    if isinstance(control, dict):
        return Footprint(control), "the chosen comparison area"
    kind = {"ward": AreaKind.WARD, "local_authority": AreaKind.LOCAL_AUTHORITY}.get(control)
    if kind is None:
        raise UserError(f"Unknown comparison area {control!r}: use ward or local_authority.")
    area_id = hotspot.ward_id if kind is AreaKind.WARD else hotspot.local_authority_id
    area = store.areas.get(area_id) if area_id else _locate(store, kind, *centre(hotspot.geometry))
    if area is None:
        raise UserError(f"{hotspot.ref} is in no {kind.value.replace('_', ' ')} boundary; import "
                        "the boundaries or choose a comparison area.")
    label = f"{area.name} ward" if kind is AreaKind.WARD else area.name
    return Footprint.of_area(area), f"the rest of {label}"
