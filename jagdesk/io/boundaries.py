"""Reading boundary files (GeoJSON, GeoPackage, Shapefile) in any CRS through geopandas.

Geometries come out in WGS84 longitude/latitude for the map and the store; areas are measured in
British National Grid (EPSG:27700) metres.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jagdesk.errors import ImportFormatError
from jagdesk.io.archives import checked_members

SUPPORTED_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
WGS84 = "EPSG:4326"
BRITISH_NATIONAL_GRID = "EPSG:27700"

# Field names tried, in order, when the user does not pick the code and name fields.
CODE_FIELD_GUESSES = ("code", "id", "ref")
NAME_FIELD_GUESSES = ("name", "label", "title")
_CODE_SUFFIXES = ("cd", "code")
_NAME_SUFFIXES = ("nm", "name")


@dataclass(frozen=True)
class BoundaryFeature:
    """One boundary read from a file, in WGS84."""

    code: str
    name: str
    geometry: dict[str, Any]
    area_km2: float


@dataclass
class BoundaryLayer:
    """The boundaries of one file and what was found wrong with them."""

    path: Path
    code_field: str
    name_field: str
    source_crs: str
    features: list[BoundaryFeature] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)


def guess_field(columns: list[str], exact: tuple[str, ...], suffixes: tuple[str, ...]) -> str | None:
    """Guess which column holds codes or names (``code``, ``WD19CD``, ``LAD19NM`` …)."""
    lowered = {c.lower(): c for c in columns}
    for name in exact:
        if name in lowered:
            return lowered[name]
    for column in columns:
        if column.lower().endswith(suffixes):
            return column
    return None


def _pick(path: Path, columns: list[str], chosen: str | None, what: str,
          exact: tuple[str, ...], suffixes: tuple[str, ...]) -> str:
    if chosen:
        if chosen not in columns:
            raise ImportFormatError(str(path), f"no field {chosen!r} for the {what}; the fields "
                                    f"are {', '.join(columns)}")
        return chosen
    guessed = guess_field(columns, exact, suffixes)
    if guessed is None:
        raise ImportFormatError(str(path), f"cannot tell which field holds the {what}; choose one "
                                f"of {', '.join(columns)}")
    return guessed


def _read_frame(path: Path) -> Any:
    import geopandas as gpd

    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ImportFormatError(str(path), "not a boundary file (expected GeoJSON, GeoPackage or "
                                "Shapefile)")
    if path.suffix.lower() == ".zip":
        checked_members(path)  # refuses climbing names and zip bombs before GDAL expands it
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable input
        raise ImportFormatError(str(path), f"cannot be read as a boundary file: {exc}") from exc
    if frame.crs is None:
        raise ImportFormatError(str(path), "has no coordinate reference system")
    if frame.empty:
        raise ImportFormatError(str(path), "has no features")
    return frame


def _check_geometries(path: Path, frame: Any, names: list[str], repair: bool) -> list[str]:
    """Return descriptions of invalid geometries repaired, or refuse them when not repairing."""
    import shapely
    from shapely.validation import explain_validity

    problems = []
    for index, geom in enumerate(frame.geometry):
        if geom is None or geom.is_empty:
            problems.append(f"feature {index + 1} ({names[index]}): no geometry")
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(f"feature {index + 1} ({names[index]}): a {geom.geom_type}, not an area")
        elif not geom.is_valid:
            problems.append(f"feature {index + 1} ({names[index]}): {explain_validity(geom)}")
    fixable = all("no geometry" not in p and "not an area" not in p for p in problems)
    if problems and (not repair or not fixable):
        hint = " (import again with repair to fix them)" if fixable else ""
        raise ImportFormatError(str(path), "invalid geometry: " + "; ".join(problems[:5]) + hint)
    if problems:
        frame.geometry = shapely.make_valid(frame.geometry.values)
    return problems


def read_boundaries(path: Path, *, code_field: str | None = None, name_field: str | None = None,
                    repair: bool = False) -> BoundaryLayer:
    """Read the areas of a boundary file.

    Args:
        path: a GeoJSON, GeoPackage or Shapefile (or a zipped Shapefile).
        code_field: the column with each area's code; guessed when None.
        name_field: the column with each area's name; guessed when None.
        repair: fix invalid polygons (and list them) instead of refusing the file.

    Raises:
        ImportFormatError: naming the file and the problem.
    """
    frame = _read_frame(path)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    code_col = _pick(path, columns, code_field, "area code", CODE_FIELD_GUESSES, _CODE_SUFFIXES)
    name_col = _pick(path, columns, name_field, "area name", NAME_FIELD_GUESSES, _NAME_SUFFIXES)
    codes = [str(v).strip() for v in frame[code_col]]
    names = [str(v).strip() for v in frame[name_col]]
    _refuse_blank_or_duplicate(path, codes)
    layer = BoundaryLayer(path, code_col, name_col, frame.crs.to_string())
    layer.repaired = _check_geometries(path, frame, names, repair)
    wgs84, areas_km2 = _wgs84_and_areas(path, frame)
    for code, name, geom, km2 in zip(codes, names, wgs84.geometry, areas_km2, strict=True):
        layer.features.append(BoundaryFeature(code, name, _geojson(geom), round(float(km2), 4)))
    return layer


def _wgs84_and_areas(path: Path, frame: Any) -> tuple[Any, list[float]]:
    """The areas in longitude and latitude, and their sizes in km², refusing impossible places."""
    import warnings

    import numpy as np

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        wgs84 = frame.to_crs(WGS84)
        min_lon, min_lat, max_lon, max_lat = wgs84.total_bounds
        if not (np.isfinite(wgs84.total_bounds).all() and -180 <= min_lon <= max_lon <= 180
                and -90 <= min_lat <= max_lat <= 90):
            raise ImportFormatError(str(path), "has coordinates that are not places on Earth "
                                    "(check its coordinate reference system)")
        areas = frame.to_crs(BRITISH_NATIONAL_GRID).geometry.area / 1e6
    if not np.isfinite(areas).all():
        raise ImportFormatError(str(path), "has areas too far from Great Britain to measure")
    return wgs84, [float(a) for a in areas]


def _refuse_blank_or_duplicate(path: Path, codes: list[str]) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if not code or code.lower() in ("nan", "none"):
            raise ImportFormatError(str(path), f"feature {index + 1} has no area code")
        if code in seen:
            raise ImportFormatError(str(path), f"feature {index + 1} repeats the area code {code}")
        seen.add(code)


def _geojson(geom: Any) -> dict[str, Any]:
    """GeoJSON of a shapely geometry with coordinates rounded to about 10 cm."""
    import shapely

    rounded = shapely.set_precision(geom, 1e-6)
    result: dict[str, Any] = json.loads(shapely.to_geojson(rounded))
    return result


@dataclass(frozen=True)
class BoundaryFields:
    """The attribute columns of a boundary file and the code and name columns guessed from them."""

    columns: list[str]
    code_field: str | None
    name_field: str | None


def boundary_fields(path: Path) -> BoundaryFields:
    """Read only the column names of a boundary file (its first feature) and guess the fields.

    Raises:
        ImportFormatError: naming the file when it cannot be read as a boundary file.
    """
    import geopandas as gpd

    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ImportFormatError(str(path), "not a boundary file (expected GeoJSON, GeoPackage or "
                                "Shapefile)")
    try:
        frame = gpd.read_file(path, rows=1)
    except Exception as exc:  # the reading engine raises several unrelated types
        raise ImportFormatError(str(path), f"cannot be read as a boundary file: {exc}") from exc
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    return BoundaryFields(columns, guess_field(columns, CODE_FIELD_GUESSES, _CODE_SUFFIXES),
                          guess_field(columns, NAME_FIELD_GUESSES, _NAME_SUFFIXES))
