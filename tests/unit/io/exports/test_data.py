from __future__ import annotations

import csv

import pytest

from jagdesk.io.exports.data import neutralise, write_csv, write_layer

COLUMNS = ["ref", "name", "count", "geometry"]
ROWS = [
    {"ref": "HS-0001", "name": "Clock Tower", "count": 3,
     "geometry": {"type": "Point", "coordinates": [-1.1335, 52.6357]}},
    {"ref": "HS-0002", "name": "=HYPERLINK(\"http://x\")", "count": 0,
     "geometry": {"type": "Polygon", "coordinates": [[[-1.105, 52.62], [-1.095, 52.62],
                                                       [-1.095, 52.627], [-1.105, 52.62]]]}},
    {"ref": "HS-0003", "name": "No place yet", "count": None, "geometry": None},
]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Clock Tower", "1", "", None, 3])
def test_plain_cells_are_untouched(value):
    assert neutralise(value) == ("" if value is None else str(value))


def test_csv_neutralises_and_writes_wkt(tmp_path):
    out = tmp_path / "h.csv"
    write_csv(ROWS, COLUMNS, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == COLUMNS
    assert rows[2][1].startswith("'=HYPERLINK")
    assert rows[1][3].startswith("POINT (-1.1335 52.6357")
    assert rows[3][3] == ""


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_layers_round_trip_through_geopandas(tmp_path, fmt):
    import geopandas as gpd
    from shapely.geometry import shape

    out = tmp_path / f"h.{fmt}"
    write_layer(ROWS, COLUMNS, out, fmt, "hotspots")
    frame = gpd.read_file(out)
    assert list(frame["ref"]) == ["HS-0001", "HS-0002", "HS-0003"]
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.iloc[0].equals(shape(ROWS[0]["geometry"]))
    assert frame.geometry.iloc[1].equals(shape(ROWS[1]["geometry"]))
    assert frame.geometry.iloc[2] is None
    assert frame["name"].iloc[1] == ROWS[1]["name"]  # only CSV needs neutralising
