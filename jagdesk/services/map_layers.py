"""Everything the map draws, in one payload: the map's own layers plus the density squares.

The density layer is an analysis (counts on the British National Grid), so it is joined to the
map's layers here, where both are in reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jagdesk.analysis.density import density_layer
from jagdesk.maps.layers import (
    area_layer,
    hotspot_layer,
    incident_rows,
    pack_incidents,
    response_layer,
)

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.domain.geometry import BBox
    from jagdesk.store import Store


def build_map_layers(store: Store, flt: IncidentFilter | None = None, *,
                     box: BBox | None = None, density: bool = True) -> dict[str, Any]:
    """Every layer: areas, hotspots, responses, incidents and density (see ``jagdesk.maps.layers``).

    ``density=False`` sends no squares (the layer is hidden): counting them is most of the
    cost of a filter change.
    """
    return {"areas": area_layer(store), "hotspots": hotspot_layer(store),
            "responses": response_layer(store),
            **incident_map_layers(store, flt, box=box, density=density)}


def incident_map_layers(store: Store, flt: IncidentFilter | None = None, *,
                        box: BBox | None = None, density: bool = True) -> dict[str, Any]:
    """The layers a filter change redraws: ``{"incidents": {...}, "density": {...}}``."""
    rows = incident_rows(store, flt, box=box)
    squares = (density_layer([r[1] for r in rows], [r[2] for r in rows]) if density
               else density_layer([], []))
    return {"incidents": pack_incidents(rows), "density": squares}
