"""Data exports: rows of records as CSV, GeoJSON or GeoPackage.

Rows are plain mappings; a ``geometry`` key holds a GeoJSON geometry in WGS84 (or None for a
record with no location). GeoJSON and GeoPackage are written by GDAL through pyogrio, so QGIS
and geopandas read them as they read any other layer.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

Row = Mapping[str, Any]

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GEOMETRY = "geometry"
DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}


def neutralise(value: Any) -> str:
    """A cell's text, with a leading quote when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(rows: Sequence[Row], columns: Sequence[str], out: Path) -> None:
    """Write rows as UTF-8 CSV (with a byte-order mark, so Excel reads it as UTF-8).

    A ``geometry`` column is written as WKT; every cell is neutralised against formulas.
    """
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralise(_wkt(row.get(GEOMETRY)) if name == GEOMETRY
                                        else row.get(name)) for name in columns])


def write_layer(rows: Sequence[Row], columns: Sequence[str], out: Path, fmt: str,
                layer: str) -> None:
    """Write rows as a GeoJSON file or one layer of a GeoPackage (``fmt``: geojson or gpkg)."""
    frame = to_frame(rows, columns)
    # GDAL picks the format from the driver, not the name: temporary names are fine.
    options: dict[str, Any] = {"layer": layer} if fmt == "gpkg" else {}
    frame.to_file(out, driver=DRIVERS[fmt], engine="pyogrio", **options)


def to_frame(rows: Sequence[Row], columns: Sequence[str]) -> Any:
    """The rows as a GeoDataFrame in EPSG:4326 (geometry from each row's GeoJSON)."""
    import geopandas as gpd
    from shapely.geometry import shape

    attributes = [name for name in columns if name != GEOMETRY]
    data = {name: [row.get(name) for row in rows] for name in attributes}
    geometries = [shape(row[GEOMETRY]) if row.get(GEOMETRY) else None for row in rows]
    return gpd.GeoDataFrame(data, geometry=geometries, crs="EPSG:4326")


def _wkt(geometry: Mapping[str, Any] | None) -> str:
    if not geometry:
        return ""
    from shapely.geometry import shape

    return str(shape(geometry).wkt)
