"""Hotspots: the problem locations a JAG works on."""

from __future__ import annotations

from typing import Any

from jagdesk.domain.enums import HotspotStatus
from jagdesk.domain.geometry import bbox
from jagdesk.domain.records import Hotspot
from jagdesk.store.refs import next_ref
from jagdesk.store.repo import Repo


class HotspotRepo(Repo[Hotspot]):
    """Hotspots, numbered ``HS-0001`` onwards, with bounding boxes for spatial queries."""

    table = "hotspot"
    record_type = Hotspot
    json_fields = ("geometry",)
    order_by = "ref"

    def _prepare(self, record: Hotspot) -> None:
        if not record.ref:
            record.ref = next_ref(self._db, self.table, "HS")

    def _extra_columns(self, record: Hotspot) -> dict[str, Any]:
        min_lon, min_lat, max_lon, max_lat = bbox(record.geometry, record.radius_m)
        return {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}

    def _summary(self, record: Hotspot) -> str:
        return f"hotspot {record.ref} {record.name}"

    def by_ref(self, ref: str) -> Hotspot | None:
        """Return the hotspot with this reference (case-insensitive), if any."""
        found = self.find("upper(ref) = upper(?)", [ref.strip()])
        return found[0] if found else None

    def with_status(self, *statuses: HotspotStatus) -> list[Hotspot]:
        """Return the hotspots in any of the given statuses."""
        marks = ",".join("?" for _ in statuses)
        return self.find(f"status IN ({marks})", [s.value for s in statuses])

    def bbox_of(self, hotspot_id: str) -> tuple[float, float, float, float]:
        """Return the stored bounding box of a hotspot (radius included)."""
        row = self._db.execute(
            "SELECT min_lon, min_lat, max_lon, max_lat FROM hotspot WHERE id = ?", [hotspot_id]
        ).fetchone()
        return (row[0], row[1], row[2], row[3])
