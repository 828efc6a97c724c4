"""Hostile files: random bytes and near-valid CSV never crash or hang the readers, and unsafe
archives (climbing member names, zip bombs) are refused without being expanded."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jagdesk.errors import ImportFormatError
from jagdesk.io import archives
from jagdesk.io.archives import checked_members, unsafe_member_name
from jagdesk.io.boundaries import read_boundaries
from jagdesk.io.policeuk import HEADER, CsvSource, find_sources, read_policeuk

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
GOOD_ROW = ["abc123", "2021-01", "Leicestershire Police", "Leicestershire Police", "-1.13",
            "52.63", "On or near High Street", "E01013649", "Leicester 020A",
            "Anti-social behaviour", "", ""]


def _source(data: bytes, name: str = "2021-01-leicestershire-street.csv") -> CsvSource:
    return CsvSource(name, lambda: io.BytesIO(data))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    import csv

    csv.writer(out).writerows([list(HEADER), *rows])
    return out.getvalue().encode()


def _read_never_crashes(data: bytes) -> None:
    result = read_policeuk(_source(data))
    # Either every row was accepted, or the file is refused with problems naming it.
    assert result.ok or all(isinstance(p, ImportFormatError) for p in result.problems)
    if not result.ok:
        assert result.rows == []
        assert all(p.path == result.name for p in result.problems)


@FAST
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused_or_read(data: bytes) -> None:
    _read_never_crashes(data)


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@FAST
@given(st.lists(st.lists(cell, min_size=0, max_size=14), max_size=30))
def test_random_rows_under_the_right_header_are_refused_or_read(rows: list[list[str]]) -> None:
    _read_never_crashes(_csv(rows))


@FAST
@given(st.integers(0, 11), cell)
def test_one_mangled_field_is_named_by_its_line(column: int, value: str) -> None:
    row = list(GOOD_ROW)
    row[column] = value
    result = read_policeuk(_source(_csv([GOOD_ROW, row])))
    if not result.ok:
        assert all(p.line is None or p.line >= 1 for p in result.problems)


def test_formula_and_markup_text_is_kept_as_text() -> None:
    row = list(GOOD_ROW)
    row[6] = "=HYPERLINK(\"http://x\")<script>alert(1)</script>"
    result = read_policeuk(_source(_csv([row])))
    assert result.ok
    assert "<script>alert(1)</script>" in result.rows[0][7]


# --- archives ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil.csv", "a/../../evil.csv", "/etc/evil.csv",
                                  "C:/evil.csv", "..\\evil.csv", "C:\\evil.csv", "\\\\host\\share\\x.csv"])
def test_climbing_and_absolute_names_are_unsafe(name: str) -> None:
    assert unsafe_member_name(name)


@pytest.mark.parametrize("name", ["2021-01/2021-01-leicestershire-street.csv", "a..b.csv", "x.csv"])
def test_ordinary_names_are_safe(name: str) -> None:
    assert not unsafe_member_name(name)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_archive_with_a_climbing_member_is_refused(tmp_path: Path) -> None:
    bad = _zip(tmp_path / "bad.zip", {"ok.csv": _csv([GOOD_ROW]), "../../evil.csv": b"x"})
    with pytest.raises(ImportFormatError, match="outside its folder"):
        find_sources(bad)
    assert not (tmp_path.parent / "evil.csv").exists()


def test_zip_bomb_by_ratio_is_refused_before_expanding(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"2021-01-x-street.csv": b"\0" * (20 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ImportFormatError, match="times its packed size"):
        find_sources(bomb)


def _lying_zip(path: Path, declared: int) -> Path:
    """An archive whose directory claims a member expands to ``declared`` bytes."""
    _zip(path, {"2021-01-x-street.csv": b"Crime ID"})
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)  # uncompressed size in the directory
    path.write_bytes(bytes(data))
    return path


def test_member_declaring_a_huge_size_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBER_SIZE", 1000)
    with pytest.raises(ImportFormatError, match="would expand to"):
        find_sources(_lying_zip(tmp_path / "huge.zip", 5000))


def test_member_lying_about_its_size_is_refused_when_read(tmp_path: Path) -> None:
    sources = find_sources(_lying_zip(tmp_path / "lie.zip", 3))
    result = read_policeuk(sources[0])
    assert not result.ok


def test_archive_with_too_many_members_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    many = _zip(tmp_path / "many.zip", {f"{n}.csv": b"" for n in range(5)})
    with pytest.raises(ImportFormatError, match="holds 5 files"):
        checked_members(many)


@FAST
@given(st.binary(max_size=2048))
def test_random_bytes_as_a_zip_are_refused_or_read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.zip"
    path.write_bytes(data)
    try:
        sources = find_sources(path)
    except ImportFormatError as exc:
        refused: ImportFormatError | None = exc
        sources = []
    else:
        refused = None
    assert refused is None or refused.path == str(path)
    for source in sources:
        read_policeuk(source)


@FAST
@given(st.binary(min_size=30, max_size=600), st.integers(0, 599), st.integers(0, 255))
# Damage found by searching: a header claiming zip version 6.4, and a member left with no name.
@example(payload=b"\x00\x00\x00\x01\x01\x02\x02\x03\x03\x04\x04\x05\x06\x06\x0f\x13\x17\x1b=UY}"
                 b"\x81\x85\x89\x95\x99\xa5\xa8\xac\xb8\xbc\xc8", at=313, byte=64)
@example(payload=b"\x00\x00\x00\x00\x01\x00\x00\x01\x01\x00\x01\x02\x00\x00\x02\x00\x02\x03\x03"
                 b"\x06\x0f\x13\x17\x1b\x85\x88\x8c\x90\x94\xa0\xa4\xb0\xb4\xc0\xc3\xc7\xd3",
         at=353, byte=0)
def test_a_damaged_real_archive_is_refused_or_read(tmp_path: Path, payload: bytes, at: int,
                                                   byte: int) -> None:
    path = _zip(tmp_path / "flip.zip", {"2021-01-x-street.csv": _csv([GOOD_ROW]) + payload})
    data = bytearray(path.read_bytes())
    data[at % len(data)] = byte
    path.write_bytes(bytes(data))
    try:
        sources = find_sources(path)
    except ImportFormatError:
        return
    for source in sources:
        result = read_policeuk(source)
        assert result.ok or result.problems


# --- boundary files ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                   max_size=4),
    max_leaves=20)
# GDAL reports odd input through pyogrio's error handler as warnings; the reader's answer is
# what is tested here.
GDAL_NOISE = [pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
              pytest.mark.filterwarnings("ignore::RuntimeWarning")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values)
@GDAL_NOISE[0]
@GDAL_NOISE[1]
def test_random_json_as_boundaries_is_refused(tmp_path: Path, value: object) -> None:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(value))
    with pytest.raises(ImportFormatError):
        read_boundaries(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), max_size=6),
       st.text(max_size=10))
@GDAL_NOISE[0]
@GDAL_NOISE[1]
def test_random_polygons_are_read_or_refused(tmp_path: Path, ring: list[tuple[float, float]],
                                             code: str) -> None:
    feature = {"type": "Feature", "properties": {"code": code, "name": "<b>x</b>"},
               "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}}
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature],
                                "crs": {"type": "name",
                                        "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}))
    try:
        layer = read_boundaries(path, repair=True)
    except ImportFormatError as exc:
        refused: ImportFormatError | None = exc
    else:
        refused = None
        assert layer.features[0].name == "<b>x</b>"
    assert refused is None or refused.path == str(path)


def test_zipped_boundaries_with_a_climbing_member_are_refused(tmp_path: Path) -> None:
    bad = _zip(tmp_path / "wards.zip", {"../wards.shp": b"x"})
    with pytest.raises(ImportFormatError, match="outside its folder"):
        read_boundaries(bad)
