from __future__ import annotations

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Incident
from jagdesk.services.map_layers import build_map_layers, incident_map_layers
from jagdesk.store import Store


def _fill(store: Store) -> None:
    store.incidents.add_many(
        Incident(source=IncidentSource.POLICE_UK, month=f"2024-0{1 + n % 2}", category="Anti-social behaviour",
                 lon=-1.13 + n * 0.001, lat=52.63 + n * 0.0005) for n in range(12))


def test_density_counts_every_incident_in_the_filter(store: Store) -> None:
    _fill(store)
    layers = build_map_layers(store)
    assert set(layers) == {"areas", "hotspots", "responses", "incidents", "density"}
    assert sum(f["properties"]["count"] for f in layers["density"]["features"]) == 12
    assert layers["density"]["legend"]
    narrowed = incident_map_layers(store, IncidentFilter(month_from="2024-02"))
    assert narrowed["incidents"]["count"] == 6
    assert sum(f["properties"]["count"] for f in narrowed["density"]["features"]) == 6


def test_empty_store_has_no_squares(store: Store) -> None:
    assert build_map_layers(store)["density"] == {"type": "FeatureCollection", "features": [],
                                                  "cell_m": 0.0, "legend": []}


def test_hidden_density_sends_no_squares(store: Store) -> None:
    _fill(store)
    layers = build_map_layers(store, density=False)
    assert layers["density"]["features"] == []
    assert layers["incidents"]["count"] == 12
