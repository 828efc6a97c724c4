"""Reading data.police.uk street-level CSV files from a file, a folder or a zip archive.

A file is read completely and checked before anything is stored, so a bad file can be refused
as a whole. Rows come out a field at a time (``IncidentColumns``), ready for a bulk insert.
pyarrow is imported when a file is read, not with this module: the window opens without it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.incident_columns import IncidentColumns, Point, Repeated
from jagdesk.errors import Cancelled, ImportFormatError
from jagdesk.io.archives import checked_members

HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
          "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")

# Names as data.police.uk writes them: ``2021-01-leicestershire-street.csv``.
FILE_NAME = re.compile(r"^(?P<month>\d{4}-(0[1-9]|1[0-2]))-(?P<force>.+)-street\.csv$", re.IGNORECASE)
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# The other data sets data.police.uk puts beside the street-level files, in the same folders and
# archives (``2021-01-leicestershire-outcomes.csv``): a whole download holds them.
OTHER_DATASETS = {"outcomes": "police.uk outcomes data",
                  "stop-and-search": "police.uk stop and search data"}
_OTHER_DATASET_NAME = re.compile(r"-(?P<kind>outcomes|stop-and-search)\.csv$", re.IGNORECASE)
# Columns only those data sets have, to name them when one is given as a file of its own.
_OTHER_DATASET_COLUMNS = {"Outcome type": "outcomes", "Object of search": "stop-and-search"}

# Enough problems to show what is wrong with a file without flooding the summary.
MAX_PROBLEMS = 10
# How many rows are read between two cancel checks.
CANCEL_EVERY = 5000

_SOURCE = IncidentSource.POLICE_UK.value
_FIELD_COUNT = len(HEADER)

Row = tuple[Any, ...]


@dataclass(frozen=True)
class CsvSource:
    """One CSV file to read: a file on disk or a member of a zip archive."""

    name: str
    opener: Callable[[], IO[bytes]]

    @property
    def file_name(self) -> str:
        """The bare file name, without folders or archive."""
        return self.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1]


@dataclass
class PoliceFile:
    """What one street-level CSV file holds, or why it cannot be stored."""

    name: str
    force: str = ""
    month: str = ""
    columns: IncidentColumns = field(default_factory=IncidentColumns.empty)
    rows_read: int = 0
    no_location: int = 0
    problems: list[ImportFormatError] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        """The rows to store, as tuples in ``ROW_FIELDS`` order."""
        return list(self.columns.rows())

    @property
    def ok(self) -> bool:
        """Whether every row is valid, so the file can be stored."""
        return not self.problems


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def _zip_sources(path: Path) -> list[CsvSource]:
    members = sorted(m.filename for m in checked_members(path)
                     if not m.is_dir() and m.filename.lower().endswith(".csv"))
    return [CsvSource(f"{path}!{member}", _member_opener(path, member)) for member in members]


def _read_all(name: str, handle: IO[bytes]) -> bytes:
    """The whole file; a damaged zip member can fail here with nearly any error."""
    try:
        return handle.read()
    except Exception as exc:  # zipfile and zlib raise nearly anything on damage
        raise ImportFormatError(name, f"cannot be read ({exc!r})") from exc


def _member_opener(path: Path, member: str) -> Callable[[], IO[bytes]]:
    def open_member() -> IO[bytes]:
        # The member keeps the archive's file open after the archive object is closed.
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.open(member)
        except Exception as exc:  # zipfile raises nearly anything on damage
            # a damaged, encrypted or oddly compressed member
            raise ImportFormatError(f"{path}!{member}", f"cannot be unpacked ({exc})") from exc

    return open_member


def _file_source(path: Path) -> CsvSource:
    return CsvSource(str(path), lambda: path.open("rb"))


def _folder_sources(path: Path) -> list[CsvSource]:
    sources: list[CsvSource] = []
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        if _is_csv(child):
            sources.append(_file_source(child))
        elif child.suffix.lower() == ".zip":
            sources.extend(_zip_sources_or_failure(child))
    return sources


def _zip_sources_or_failure(path: Path) -> list[CsvSource]:
    """A folder's archive: its members, or one source that reports why it cannot be read."""
    try:
        return _zip_sources(path)
    except ImportFormatError as error:
        return [CsvSource(str(path), _failing_opener(error))]


def _failing_opener(error: ImportFormatError) -> Callable[[], IO[bytes]]:
    def fail() -> IO[bytes]:
        raise error

    return fail


@dataclass(frozen=True)
class SkippedFile:
    """A file of a folder or archive that is not street-level crime, left alone."""

    name: str
    reason: str


@dataclass
class FoundFiles:
    """The street-level CSV files at a path, and the other police.uk files beside them."""

    sources: list[CsvSource]
    skipped: list[SkippedFile] = field(default_factory=list)


def other_dataset(file_name: str) -> str | None:
    """What a data.police.uk file that is not street-level crime holds, by its name."""
    named = _OTHER_DATASET_NAME.search(file_name)
    return OTHER_DATASETS[named["kind"].lower()] if named else None


def find_files(path: Path) -> FoundFiles:
    """The CSV files at a path: the file itself, a folder's files (recursively) or a zip's members.

    A folder's or archive's outcomes and stop and search files are skipped: a whole download
    from data.police.uk holds them beside the street-level files. A file given by itself is
    always read, so that one given by mistake is refused with its reason.

    Raises:
        ImportFormatError: the path does not exist, is not a CSV or zip, holds no street-level
            CSV file, or is a damaged archive.
    """
    if path.is_dir():
        found = _without_other_datasets(_folder_sources(path))
    elif not path.exists():
        raise ImportFormatError(str(path), "no such file or folder")
    elif path.suffix.lower() == ".zip":
        found = _without_other_datasets(_zip_sources(path))
    elif _is_csv(path):
        return FoundFiles([_file_source(path)])
    else:
        raise ImportFormatError(str(path), "not a CSV file, folder or zip archive")
    if not found.sources:
        others = f" ({len(found.skipped)} outcomes or stop and search file(s) skipped)" \
            if found.skipped else ""
        raise ImportFormatError(str(path), f"holds no street-level CSV file{others}")
    return found


def find_sources(path: Path) -> list[CsvSource]:
    """The street-level CSV files at a path (see ``find_files``)."""
    return find_files(path).sources


def _without_other_datasets(sources: list[CsvSource]) -> FoundFiles:
    found = FoundFiles([])
    for source in sources:
        other = other_dataset(source.file_name)
        if other is None:
            found.sources.append(source)
        else:
            found.skipped.append(SkippedFile(source.name, f"{other}, not street-level crime"))
    return found


class _RowReader:
    """Checks and converts the data rows of one file, collecting what is wrong."""

    def __init__(self, result: PoliceFile, month: str) -> None:
        self.result = result
        self.month = month
        self.month_valid = bool(MONTH.match(month))
        self.forces: set[str] = set()
        self._seen: dict[bytes, int] = {}

    def problem(self, line: int, reason: str) -> None:
        self.result.problems.append(ImportFormatError(self.result.name, reason, line))

    def row(self, line: int, fields: list[str]) -> Row | None:
        """The incident values of one row, or None (with a problem noted) when it is invalid."""
        if len(fields) != _FIELD_COUNT:
            self.problem(line, f"expected {_FIELD_COUNT} fields, found {len(fields)}")
            return None
        (crime_id, month, reported_by, falls_within, lon_text, lat_text, location, lsoa_code,
         lsoa_name, crime_type, outcome, context) = fields
        if month != self.month or not self.month_valid:
            self.problem(line, _month_problem(month, self.month))
            return None
        lon, lat = self.coordinates(line, lon_text, lat_text)
        if lon is None and lon_text + lat_text:
            return None
        self.forces.add(falls_within)
        return (_SOURCE, crime_id or asb_key(fields, self._seen), month, None, crime_type, lon, lat,
                location, lsoa_code, lsoa_name, "", outcome, falls_within, reported_by, context, "")

    def coordinates(self, line: int, lon_text: str, lat_text: str
                    ) -> tuple[float | None, float | None]:
        """Longitude and latitude; (None, None) for "No location" rows and invalid values."""
        if not lon_text and not lat_text:
            self.result.no_location += 1
            return None, None
        try:
            lon, lat = float(lon_text), float(lat_text)
        except ValueError:
            self.problem(line, f"bad coordinates {lon_text!r}, {lat_text!r} (not numbers)")
            return None, None
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            self.problem(line, f"bad coordinates {lon_text}, {lat_text} (out of range)")
            return None, None
        return lon, lat


def asb_key(fields: list[str], seen: dict[bytes, int]) -> str:
    """A key for a row with no Crime ID: its content hash and its occurrence in the file.

    Identical rows are distinct incidents; numbering them in file order (``seen`` counts the
    hashes met so far) keeps each one's key the same when the file is imported again.
    """
    return _joined_key("\x1f".join(fields), seen)


def _joined_key(joined: str, seen: dict[bytes, int]) -> str:
    """``asb_key`` of a row's fields already joined by the unit separator."""
    digest = hashlib.blake2b(joined.encode(), digest_size=12).digest()
    occurrence = seen.get(digest, 0) + 1
    seen[digest] = occurrence
    return f"{digest.hex()}-{occurrence}"


def _month_problem(month: str, expected: str) -> str:
    if not MONTH.match(month):
        return f"bad month {month!r} (expected YYYY-MM)"
    return f"month {month} does not match the file's month {expected}"


def _header_problem(header: list[str] | None) -> str | None:
    if header is None:
        return "the file is empty"
    if tuple(header) == HEADER:
        return None
    other = next((OTHER_DATASETS[kind] for column, kind in _OTHER_DATASET_COLUMNS.items()
                  if column in header), None)
    if other:
        return (f"{other}, not street-level crime: import the ...-street.csv files, "
                "which hold the crimes and anti-social behaviour")
    wrong = next((f"column {n + 1} is {got!r}, expected {want!r}" for n, (got, want)
                  in enumerate(zip(header, HEADER, strict=False)) if got != want),
                 f"{len(header)} columns, expected {len(HEADER)}")
    return f"not a police.uk street-level header ({wrong})"


def _file_month(name: str, first_row: list[str] | None) -> str:
    """The file's month: from a data.police.uk file name, else from its first row."""
    named = FILE_NAME.match(name)
    if named:
        return named["month"]
    return first_row[1] if first_row and len(first_row) > 1 else ""


def _file_force(name: str, forces: set[str]) -> str:
    """The force: the rows' "Falls within" when they agree, else the file name's force slug."""
    if len(forces) == 1 and "" not in forces:
        return next(iter(forces))
    named = FILE_NAME.match(name)
    return named["force"] if named else ""


def _checked_rows(result: PoliceFile, file_name: str, text: str,
                  cancelled: Callable[[], bool]) -> set[str]:
    """Read row by row with the csv module, noting every problem with its line number."""
    reader = csv.reader(io.StringIO(text))
    problem = _header_problem(next(reader, None))
    if problem:
        result.problems.append(ImportFormatError(result.name, problem, 1))
        result.rows_read = _count_rows(reader)
        return set()
    last_line = reader.line_num
    rows_reader: _RowReader | None = None
    rows: list[Row] = []
    for fields in reader:
        line, last_line = last_line + 1, reader.line_num
        if not fields:
            continue  # a blank line is no row
        result.rows_read += 1
        if rows_reader is None:
            rows_reader = _RowReader(result, _file_month(file_name, fields))
        if result.rows_read % CANCEL_EVERY == 0 and cancelled():
            raise Cancelled("Cancelled")
        if len(result.problems) >= MAX_PROBLEMS:
            continue  # keep counting rows, stop describing them
        row = rows_reader.row(line, fields)
        if row is not None:
            rows.append(row)
    result.columns = IncidentColumns.from_rows(rows)
    result.month = rows_reader.month if rows_reader else _file_month(file_name, None)
    return rows_reader.forces if rows_reader else set()


class _NotUtf8(ImportFormatError):
    """A file whose bytes are not UTF-8 text."""


def _count_rows(reader: Iterator[list[str]]) -> int:
    """The rows left in a file refused whole, so the summary shows them refused, not missing."""
    try:
        return sum(1 for fields in reader if fields)
    except csv.Error:
        return 0  # past saying how many: the refusal already names the file


def _decode(name: str, raw: bytes) -> str:
    """UTF-8 text without its byte-order mark.

    Raises:
        ImportFormatError: the bytes are not UTF-8, naming the line.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _NotUtf8(name, f"not UTF-8 text ({exc.reason})", line) from exc
    return text.removeprefix("\ufeff")


def read_policeuk(source: CsvSource, *, cancelled: Callable[[], bool] = lambda: False
                  ) -> PoliceFile:
    """Read and check one street-level CSV file.

    Problems (wrong header, wrong field count, bad coordinates, bad or mixed months, text that
    is not UTF-8) are collected in ``problems`` with their line numbers; rows are only worth
    storing when there are none. Plain files take a fast path that checks whole columns at
    once; anything it does not accept is read again row by row to say what is wrong.

    Raises:
        Cancelled: when ``cancelled()`` turns true while reading.
    """
    result = PoliceFile(source.name)
    forces: set[str] = set()
    try:
        with source.opener() as handle:
            raw = _read_all(source.name, handle)
        fast = _fast_read(source.file_name, raw)
        if fast is not None:
            return fast.finish(result)
        forces = _checked_rows(result, source.file_name, _decode(source.name, raw), cancelled)
    except _NotUtf8 as exc:
        result.problems.append(exc)
        reader = csv.reader(io.StringIO(raw.decode("utf-8", errors="replace")))
        result.rows_read = _count_rows(itertools.islice(reader, 1, None))
    except ImportFormatError as exc:
        result.problems.append(exc)
    except csv.Error as exc:
        line = result.rows_read + 2
        result.problems.append(ImportFormatError(source.name, f"unreadable CSV ({exc})", line))
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        result.problems.append(ImportFormatError(source.name, f"cannot be read ({exc})"))
    result.force = _file_force(source.file_name, forces)
    if not result.ok:
        result.columns = IncidentColumns.empty()
        result.no_location = 0
    return result


# --- the fast path -----------------------------------------------------------------------------
# A force-year is about 100k rows: Arrow's CSV reader splits a file in C++ and its fields are
# checked and coded a whole column at a time, so no row becomes a Python object. Anything it
# does not accept is read again by the csv module, row by row, to say what is wrong.

_BOM = "\ufeff".encode()


@dataclass
class _FastFile:
    file_name: str
    month: str
    columns: IncidentColumns
    no_location: int
    forces: set[str]

    def finish(self, result: PoliceFile) -> PoliceFile:
        result.month, result.columns, result.rows_read = self.month, self.columns, len(self.columns)
        result.no_location = self.no_location
        result.force = _file_force(self.file_name, self.forces)
        return result


def _body(raw: bytes) -> bytes | None:
    """The bytes after an exact police.uk header line, or None when the header is not that."""
    header, newline, body = raw.removeprefix(_BOM).partition(b"\n")
    try:
        fields = next(csv.reader([header.decode("utf-8").removesuffix("\r")]), None)
    except UnicodeDecodeError:
        return None
    if _header_problem(fields) or not newline or b"\x00" in body:
        return None  # NUL is refused row by row, with its line
    return body


def _fast_read(file_name: str, raw: bytes) -> _FastFile | None:
    """Rows of a file with nothing wrong in it, or None to read it again row by row."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    body = _body(raw)
    if body is None:
        return None
    # Every field as the exact text the csv module would give: quoted line ends kept, empty
    # fields as empty strings. One thread: the file is small, and the import reads the next
    # file while it stores this one.
    options = {
        "read_options": pa_csv.ReadOptions(column_names=list(HEADER), use_threads=False),
        "parse_options": pa_csv.ParseOptions(newlines_in_values=True),
        "convert_options": pa_csv.ConvertOptions(
            column_types=dict.fromkeys(HEADER, pa.string()), strings_can_be_null=False,
            quoted_strings_can_be_null=False)}
    try:
        table = pa_csv.read_csv(pa.py_buffer(body), **options).combine_chunks()
    except pa.ArrowException:
        return None  # a wrong field count, text that is not UTF-8, no rows at all …
    return _columns_of(file_name, {name: table.column(name).chunk(0) for name in HEADER})


def _columns_of(file_name: str, fields: dict[str, Any]) -> _FastFile | None:
    """Checked and coded columns from Arrow's string columns, or None if anything is wrong."""
    if not len(fields["Month"]):
        return None  # blank lines only: the row-by-row reader says what that is
    months = _coded(fields["Month"])
    month = _file_month(file_name, ["", months.values[0]])
    if months.values != [month] or not MONTH.match(month):
        return None
    points = _points(fields["Longitude"], fields["Latitude"])
    if points is None:
        return None
    count = len(months)
    forces = _coded(fields["Falls within"])
    incidents = IncidentColumns(
        source=Repeated.constant(_SOURCE, count), source_key=_keys(fields),
        month=months, occurred_at=[None] * count, category=_coded(fields["Crime type"]),
        point=points, location=_coded(fields["Location"]), lsoa_code=_coded(fields["LSOA code"]),
        lsoa_name=_coded(fields["LSOA name"]), ward_code=Repeated.constant("", count),
        outcome=_coded(fields["Last outcome category"]), force=forces,
        reported_by=_coded(fields["Reported by"]), context=fields["Context"].to_pylist(),
        notes=[""] * count)
    return _FastFile(file_name, month, incidents, points.count(None), set(forces.values))


def _coded(strings: Any) -> Repeated[str]:
    """A string column as its distinct values and a code per row (Arrow's dictionary encoding)."""
    encoded = strings.dictionary_encode()
    return Repeated(encoded.dictionary.to_pylist(), encoded.indices.to_numpy().astype(np.intp))


def _points(lon_texts: Any, lat_texts: Any) -> Repeated[Point] | None:
    """Each row's (lon, lat), None for "No location"; None if any pair is invalid.

    Every value is converted once by Arrow; rows snap to a few thousand points, so the
    distinct pairs are found with numpy and only those become Python tuples.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    lon_empty, lat_empty = pc.equal(lon_texts, ""), pc.equal(lat_texts, "")
    if not pc.all(pc.equal(lon_empty, lat_empty)).as_py():
        return None  # one coordinate without the other
    located = pc.invert(lon_empty).to_numpy(zero_copy_only=False)
    try:
        lons = pc.cast(lon_texts.filter(located), pa.float64()).to_numpy()
        lats = pc.cast(lat_texts.filter(located), pa.float64()).to_numpy()
    except pa.ArrowException:
        return None  # not numbers
    # Written so that NaN fails too.
    if not (np.all((lons >= -180.0) & (lons <= 180.0)) and np.all((lats >= -90.0) & (lats <= 90.0))):
        return None
    # As complex numbers, pairs sort and compare as one value: longitude, then latitude.
    pairs, inverse = np.unique(lons + 1j * lats, return_inverse=True)
    values: list[Point] = [(pair.real, pair.imag) for pair in pairs.tolist()]
    codes = np.full(len(located), len(values), dtype=np.intp)  # no location: the value after
    codes[located] = inverse.reshape(-1)
    if not located.all():
        values.append(None)
    return Repeated(values, codes)


def _keys(fields: dict[str, Any]) -> list[str]:
    """Crime IDs, with the content-and-occurrence key in place of each empty one."""
    import pyarrow.compute as pc

    keys: list[str] = fields["Crime ID"].to_pylist()
    rows = np.flatnonzero(pc.equal(fields["Crime ID"], "").to_numpy(zero_copy_only=False))
    if not len(rows):
        return keys
    seen: dict[bytes, int] = {}
    # Arrow joins each row's fields, so Python only hashes one string a row.
    joined = pc.binary_join_element_wise(*(fields[name].take(rows) for name in HEADER), "\x1f")
    for index, text in zip(rows.tolist(), joined.to_pylist(), strict=True):
        keys[index] = _joined_key(text, seen)
    return keys
