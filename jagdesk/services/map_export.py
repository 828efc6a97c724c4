"""Export the map as one HTML file that opens offline, with the layers the app shows.

Like every export it carries the protective marking and is recorded in the audit log as a
disclosure with the file's hash (through ``jagdesk.services.exports``). A partner copy leaves
out what each response footprint was used for (see ``jagdesk.services.export_profiles``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jagdesk.maps.export import write_standalone_map
from jagdesk.services.export_profiles import FULL, LEFT_OUT, PARTNER, check_profile, shown
from jagdesk.services.exports import ExportResult, _publish, _staged
from jagdesk.services.map_layers import build_map_layers
from jagdesk.services.preferences import protective_marking
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.store import Store


def export_map_html(store: Store, out: Path, flt: IncidentFilter | None = None, *,
                    visible: dict[str, bool] | None = None, marking: str | None = None,
                    profile: str = FULL, progress: Progress = noop,
                    cancelled: CancelCheck = never) -> ExportResult:
    """Write a stand-alone map of the database to ``out`` (an .html file).

    Args:
        store: the database.
        out: the file to write; its folder must exist.
        flt: which incidents to include (period and categories).
        visible: layers switched on or off (``density``, ``areas:ward`` …), as in the app.
        marking: the protective marking; the database's when None.
        profile: ``full``, or ``partner`` for a copy without the responses' details.
        progress: told how far it has got.
        cancelled: checked between preparing and writing.

    Returns:
        The file written, its hash and marking.
    """
    marking = marking or protective_marking(store)
    check_profile(profile)
    progress(0.0, "Preparing the map layers")
    layers = _for_profile(build_map_layers(store, flt), profile)
    check(cancelled)
    progress(0.7, "Writing the map")
    period = _period(flt)
    copy = " (partner copy)" if profile == PARTNER else ""
    with _staged(Path(out)) as temp:
        write_standalone_map(temp, layers, visible=visible, marking=marking,
                             title=f"JagDesk map{period}{copy}")
        check(cancelled)
        what = f"map of {layers['incidents']['count']} incidents{period}{copy}"
        result = _publish(store, temp, Path(out), marking, ("incident", "", what))
    progress(1.0, "Map written")
    return result


def _for_profile(layers: dict[str, Any], profile: str) -> dict[str, Any]:
    for feature in layers["responses"]["features"]:
        properties = feature["properties"]
        properties["description"] = shown(profile, "response", "description",
                                          properties["description"], LEFT_OUT)
    return layers


def _period(flt: IncidentFilter | None) -> str:
    if flt is None or not (flt.month_from or flt.month_to):
        return ""
    return f", {flt.month_from or 'start'} to {flt.month_to or 'latest'}"
