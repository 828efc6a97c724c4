from __future__ import annotations

import json
from pathlib import Path

import pytest

from jagdesk.domain.geometry import positions
from jagdesk.errors import ImportFormatError
from jagdesk.io.boundaries import guess_field, read_boundaries
from jagdesk.resources import path as resource_path

WARDS = resource_path("data", "boundaries", "leicester-wards-2019.geojson")


def _bng_copy(tmp_path: Path, suffix: str, rename: dict[str, str] | None = None) -> Path:
    import geopandas as gpd

    frame = gpd.read_file(WARDS).to_crs("EPSG:27700")
    if rename:
        frame = frame.rename(columns=rename)
    out = tmp_path / f"wards{suffix}"
    frame.to_file(out)
    return out


def test_reads_geojson_in_wgs84() -> None:
    layer = read_boundaries(WARDS)
    assert len(layer.features) == 21
    assert (layer.code_field, layer.name_field) == ("code", "name")
    abbey = next(f for f in layer.features if f.name == "Abbey")
    assert abbey.code == "E05010458"
    assert abbey.geometry["type"] in ("Polygon", "MultiPolygon")
    # Leicester's wards add up to about 72.8 square kilometres (boundaries SOURCE.md).
    assert sum(f.area_km2 for f in layer.features) == pytest.approx(72.8, rel=0.02)


@pytest.mark.parametrize("suffix", [".gpkg", ".shp"])
def test_reads_british_national_grid_files_and_guesses_ons_fields(tmp_path: Path, suffix: str) -> None:
    source = _bng_copy(tmp_path, suffix, {"code": "WD19CD", "name": "WD19NM"})
    layer = read_boundaries(source)
    assert (layer.code_field, layer.name_field) == ("WD19CD", "WD19NM")
    assert "27700" in layer.source_crs
    lon, lat = next(positions(layer.features[0].geometry))
    assert -1.3 < lon < -1.0
    assert 52.5 < lat < 52.7


def test_chosen_fields_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="no field 'WARD'"):
        read_boundaries(WARDS, code_field="WARD")


def test_guess_field() -> None:
    assert guess_field(["OBJECTID", "LAD19CD", "LAD19NM"], ("code",), ("cd",)) == "LAD19CD"
    assert guess_field(["a", "b"], ("code",), ("cd",)) is None


def _write_geojson(tmp_path: Path, features: list[dict]) -> Path:
    out = tmp_path / "areas.geojson"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return out


def _square(code: str, coords: list[list[float]]) -> dict:
    return {"type": "Feature", "properties": {"code": code, "name": f"Area {code}"},
            "geometry": {"type": "Polygon", "coordinates": [coords]}}


BOWTIE = [[-1.13, 52.63], [-1.12, 52.64], [-1.12, 52.63], [-1.13, 52.64], [-1.13, 52.63]]
SQUARE = [[-1.13, 52.63], [-1.12, 52.63], [-1.12, 52.64], [-1.13, 52.64], [-1.13, 52.63]]


def test_self_crossing_polygon_is_reported_not_dropped(tmp_path: Path) -> None:
    source = _write_geojson(tmp_path, [_square("A", SQUARE), _square("B", BOWTIE)])
    with pytest.raises(ImportFormatError, match=r"feature 2 \(Area B\): Self-intersection") as info:
        read_boundaries(source)
    assert str(source) in str(info.value)
    layer = read_boundaries(source, repair=True)
    assert [f.code for f in layer.features] == ["A", "B"]
    assert len(layer.repaired) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", "hello", "not a boundary file"),
        ("broken.geojson", "{not json", "cannot be read"),
    ],
)
def test_wrong_files_are_refused_with_their_name(tmp_path: Path, name: str, content: str, message: str) -> None:
    source = tmp_path / name
    source.write_text(content)
    with pytest.raises(ImportFormatError, match=message) as info:
        read_boundaries(source)
    assert info.value.path == str(source)


def test_duplicate_and_blank_codes_are_refused(tmp_path: Path) -> None:
    source = _write_geojson(tmp_path, [_square("A", SQUARE), _square("A", SQUARE)])
    with pytest.raises(ImportFormatError, match="feature 2 repeats the area code A"):
        read_boundaries(source)


def test_points_are_not_areas(tmp_path: Path) -> None:
    point = {"type": "Feature", "properties": {"code": "P", "name": "Pt"},
             "geometry": {"type": "Point", "coordinates": [-1.1, 52.6]}}
    source = _write_geojson(tmp_path, [point])
    with pytest.raises(ImportFormatError, match="a Point, not an area"):
        read_boundaries(source, repair=True)
