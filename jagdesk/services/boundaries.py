"""Importing boundary files into the store as areas."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jagdesk.domain.enums import AreaKind, AuditClass
from jagdesk.domain.records import Area
from jagdesk.io.boundaries import read_boundaries
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop

if TYPE_CHECKING:
    from jagdesk.store import Store


@dataclass
class BoundaryImportResult:
    """What importing one boundary file did."""

    path: Path
    kind: AreaKind
    code_field: str
    name_field: str
    source_crs: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    incidents_placed: int | None = None  # incidents placed in the new wards, for a ward import

    def describe(self) -> str:
        """A one-paragraph human summary."""
        text = (f"{self.path.name}: {len(self.added)} {self.kind.value} area(s) added, "
                f"{len(self.updated)} updated, {len(self.unchanged)} unchanged (codes from {self.code_field!r}, names from "
                f"{self.name_field!r}, {self.source_crs} reprojected to WGS84)")
        if self.repaired:
            text += f"; repaired {len(self.repaired)} invalid geometr{'y' if len(self.repaired) == 1 else 'ies'}: " + "; ".join(self.repaired)
        if self.incidents_placed is not None:
            text += f"; {self.incidents_placed} incident(s) placed in these wards"
        return text

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {"file": str(self.path), "kind": self.kind.value, "code_field": self.code_field,
                "name_field": self.name_field, "source_crs": self.source_crs,
                "added": len(self.added), "updated": len(self.updated),
                "unchanged": len(self.unchanged), "repaired": self.repaired}


def import_boundaries(
    store: Store, path: Path, kind: AreaKind, *, code_field: str | None = None,
    name_field: str | None = None, repair: bool = False,
    progress: Progress = noop, cancelled: CancelCheck = never,
) -> BoundaryImportResult:
    """Add or update (by kind and code) the areas of a boundary file, all in one transaction.

    Raises:
        ImportFormatError: the file cannot be read or has invalid geometry; nothing is written.
        Cancelled: the user cancelled; nothing is written.
    """
    progress(0.0, f"Reading {path.name}")
    layer = read_boundaries(path, code_field=code_field, name_field=name_field, repair=repair)
    result = BoundaryImportResult(path, kind, layer.code_field, layer.name_field, layer.source_crs,
                                  repaired=layer.repaired)
    with store.atomic():
        for number, feature in enumerate(layer.features):
            check(cancelled)
            existing = store.areas.by_code(kind, feature.code)
            if existing is None:
                store.areas.add(Area(kind=kind, code=feature.code, name=feature.name,
                                     geometry=feature.geometry))
                result.added.append(feature.code)
            elif (existing.name, existing.geometry) == (feature.name, feature.geometry):
                result.unchanged.append(feature.code)
            else:
                store.areas.update(replace(existing, name=feature.name, geometry=feature.geometry))
                result.updated.append(feature.code)
            progress((number + 1) / len(layer.features), f"Saving {feature.name}")
        if kind is AreaKind.WARD and (result.added or result.updated):
            progress(1.0, "Placing incidents in their wards")
            result.incidents_placed = place_incidents_in_wards(store)
    return result


def place_incidents_in_wards(store: Store) -> int:
    """Place every located incident in the ward it falls in (after the wards changed).

    Each distinct location is looked up once, and all incidents are updated in one transaction.
    Returns how many incidents now have a ward.
    """
    from jagdesk.analysis.placement import AreaLocator

    points = store.incidents.indexed_points()
    areas = store.areas.of_kind(AreaKind.WARD)
    wards = AreaLocator(areas)
    codes = wards.codes([p[1] for p in points], [p[2] for p in points]) if points else []
    with store.atomic():
        placed = store.incidents.set_ward_codes(
            {p[0]: code for p, code in zip(points, codes, strict=True)})
        # Joining incidents with the new boundaries combines two data sets: logged, counts only.
        store.audit.append("place in wards", AuditClass.COMBINATION, "incident",
                           summary=f"{len(points)} located incident(s) matched against "
                                   f"{len(areas)} ward(s); {placed} placed in a ward",
                           after={"located": len(points), "wards": len(areas), "placed": placed})
    return placed
