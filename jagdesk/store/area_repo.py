"""Boundaries: wards, local authorities, LSOAs, JAG areas and custom shapes."""

from __future__ import annotations

from typing import Any

from jagdesk.domain.enums import AreaKind
from jagdesk.domain.geometry import bbox
from jagdesk.domain.records import Area
from jagdesk.store.repo import Repo


class AreaRepo(Repo[Area]):
    """Areas, with bounding-box columns so lookups by place need not parse every geometry."""

    table = "area"
    record_type = Area
    json_fields = ("geometry",)
    order_by = "kind, name"

    def _extra_columns(self, record: Area) -> dict[str, Any]:
        min_lon, min_lat, max_lon, max_lat = bbox(record.geometry)
        return {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}

    def _summary(self, record: Area) -> str:
        return f"{record.kind.value} {record.code} {record.name}"

    def of_kind(self, kind: AreaKind) -> list[Area]:
        """Return the areas of one kind, by name."""
        return self.find("kind = ?", [kind.value], order_by="name")

    def by_code(self, kind: AreaKind, code: str) -> Area | None:
        """Return the area of a kind with this code, if there is one."""
        found = self.find("kind = ? AND code = ?", [kind.value, code])
        return found[0] if found else None

    def kinds(self) -> list[AreaKind]:
        """Return the kinds of area present, in a stable order."""
        rows = self._db.execute("SELECT DISTINCT kind FROM area ORDER BY kind").fetchall()
        return [AreaKind(row[0]) for row in rows]

    def candidates_at(self, lon: float, lat: float, kind: AreaKind) -> list[Area]:
        """Return the areas of a kind whose bounding box holds the point (a pre-filter)."""
        return self.find(
            "kind = ? AND min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?",
            [kind.value, lon, lon, lat, lat],
        )
