"""Rebuild ``policeuk-leicester-2021.zip``: the 2021 police.uk street-level rows inside Leicester.

Usage::

    python resources/demo/make_slice.py SOURCE_FOLDER [OUT_ZIP]

``SOURCE_FOLDER`` holds the twelve ``2021-MM-leicestershire-street.csv`` files downloaded from
data.police.uk. A row is kept when its point lies inside the Leicester local authority polygon of
``resources/data/boundaries/llr-local-authorities-2019.geojson`` (code E06000016), or when it has
no location and its LSOA name starts with "Leicester". Kept rows are written byte for byte as they
were, under the original header line, one CSV per month, so the slice reads exactly like the
files police.uk publishes.
"""

# ruff: noqa: T201, TID253  (a stand-alone maintenance script: prints, and imports shapely directly)
from __future__ import annotations

import csv
import json
import sys
import zipfile
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.prepared import prep

HERE = Path(__file__).resolve().parent
BOUNDARIES = HERE.parent / "data" / "boundaries" / "llr-local-authorities-2019.geojson"
LEICESTER_CODE = "E06000016"
OUT = HERE / "policeuk-leicester-2021.zip"


def leicester_polygon():  # type: ignore[no-untyped-def]
    """The Leicester local authority boundary, prepared for fast point tests."""
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    feature = next(f for f in collection["features"] if f["properties"]["code"] == LEICESTER_CODE)
    return prep(shape(feature["geometry"]))


def keep(fields: list[str], polygon) -> bool:  # type: ignore[no-untyped-def]
    """Whether a parsed row belongs to Leicester."""
    lon, lat, lsoa_name = fields[4], fields[5], fields[8]
    if not lon or not lat:
        return lsoa_name.startswith("Leicester ")
    return bool(polygon.contains(Point(float(lon), float(lat))))


def slice_file(path: Path, polygon) -> tuple[bytes, int, int]:  # type: ignore[no-untyped-def]
    """Return the kept bytes (header included), rows read and rows kept."""
    lines = path.read_bytes().splitlines(keepends=True)
    kept = [lines[0]]
    for line in lines[1:]:
        fields = next(csv.reader([line.decode("utf-8")]))
        if len(fields) >= 9 and keep(fields, polygon):
            kept.append(line)
    return b"".join(kept), len(lines) - 1, len(kept) - 1


def main(argv: list[str]) -> int:
    """Write the zip and print what each month kept."""
    if not argv:
        print(__doc__)
        return 2
    source = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else OUT
    polygon = leicester_polygon()
    files = sorted(source.glob("2021-*-leicestershire-street.csv"))
    if len(files) != 12:
        print(f"expected 12 monthly files in {source}, found {len(files)}")
        return 1
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            data, read, kept = slice_file(path, polygon)
            month = path.name[:7]
            info = zipfile.ZipInfo(f"{month}/{month}-leicestershire-street.csv",
                                   date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
            print(f"{path.name}: kept {kept} of {read} rows")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
