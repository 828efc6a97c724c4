"""Many incidents held a field at a time: the shape bulk imports travel in.

A force-year is about 100k rows, and most of their fields repeat: a file has one month and
force, a dozen categories and a few thousand points, locations and LSOAs. Such a field is held
as ``Repeated``: each distinct value once, and a small number per row saying which. Reading,
checking and storing then work on the few thousand distinct values and on arrays of numbers,
and the rows never need a Python object each.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

Coordinate = tuple[float, float]
Point = Coordinate | None  # None: police.uk's "No location"
Codes = npt.NDArray[np.intp]

# The fields of ``jagdesk.domain.records.Incident`` that rows carry (not ``id`` or ``batch_id``).
ROW_FIELDS = ("source", "source_key", "month", "occurred_at", "category", "lon", "lat", "location",
              "lsoa_code", "lsoa_name", "ward_code", "outcome", "force", "reported_by", "context",
              "notes")

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True, eq=False)
class Repeated(Generic[T]):
    """One field of many rows: each distinct value once, and per row the index of its value."""

    values: list[T]
    codes: Codes

    @classmethod
    def of(cls, items: Iterable[T]) -> Repeated[T]:
        """Code a column of values, each distinct value numbered where it first appears."""
        index: dict[T, int] = {}
        codes = [index.setdefault(item, len(index)) for item in items]
        return cls(list(index), np.array(codes, dtype=np.intp))

    @classmethod
    def constant(cls, value: T, count: int) -> Repeated[T]:
        """The same value on every row."""
        return cls([value], np.zeros(count, dtype=np.intp))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows: slice) -> Repeated[T]:
        """A run of the rows, with the same values."""
        return Repeated(self.values, self.codes[rows])

    def __iter__(self) -> Iterator[T]:
        return map(self.values.__getitem__, self.codes.tolist())

    def count(self, value: T) -> int:
        """How many rows have ``value``."""
        if value not in self.values:
            return 0
        return int(np.count_nonzero(self.codes == self.values.index(value)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Repeated | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class Utf8Parts:
    """Texts on their way to UTF-8: parts of one byte a character, all joined, each's length."""

    parts: Sequence[str] | list[bytes]  # the texts themselves when all are ASCII
    joined: bytes
    lengths: npt.NDArray[np.int64]  # in bytes


def utf8_parts(texts: Sequence[str]) -> Utf8Parts:
    """Texts in UTF-8; when all are ASCII (a character is a byte), none is encoded alone."""
    joined = "".join(texts)
    if joined.isascii():
        parts: Sequence[str] | list[bytes] = texts
        data = joined.encode()
    else:
        parts = [text.encode() for text in texts]
        data = b"".join(parts)
    return Utf8Parts(parts, data, np.fromiter(map(len, parts), np.int64, len(parts)))


@dataclass(frozen=True, eq=False)
class FixedWidthTexts:
    """Texts as their UTF-8 bytes, a row of one byte matrix each (zero-padded), and their lengths.

    A whole column in two numpy arrays: what storing a file's crime IDs in bulk works from.
    """

    data: npt.NDArray[np.uint8]  # (texts, the longest's bytes)
    lengths: npt.NDArray[np.int64]

    @classmethod
    def of(cls, texts: Sequence[str]) -> FixedWidthTexts:
        """The texts' bytes."""
        return cls.padded(utf8_parts(texts))

    @classmethod
    def padded(cls, utf8: Utf8Parts) -> FixedWidthTexts:
        """Texts already in UTF-8 parts, padded to one width (numpy pads them itself)."""
        width = int(utf8.lengths.max(initial=0))
        count = len(utf8.parts)
        if not width:
            return cls(np.zeros((count, 0), dtype=np.uint8), utf8.lengths)
        padded = np.array(utf8.parts, dtype=f"S{width}")
        return cls(padded.view(np.uint8).reshape(count, width), utf8.lengths)

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, rows: slice) -> FixedWidthTexts:
        """A run of the texts."""
        return FixedWidthTexts(self.data[rows], self.lengths[rows])

    def __iter__(self) -> Iterator[str]:
        for row, length in zip(self.data, self.lengths.tolist(), strict=True):
            yield row[:length].tobytes().decode()


@dataclass
class IncidentColumns:
    """Incident values by field; every column has one entry per incident, in the same order."""

    source: Repeated[str]
    source_key: list[str]
    month: Repeated[str]
    occurred_at: list[str | None]
    category: Repeated[str]
    point: Repeated[Point]
    location: Repeated[str]
    lsoa_code: Repeated[str]
    lsoa_name: Repeated[str]
    ward_code: Repeated[str]
    outcome: Repeated[str]
    force: Repeated[str]
    reported_by: Repeated[str]
    context: list[str]
    notes: list[str]
    _places: tuple[Codes, Codes] | None = field(default=None, init=False, repr=False,
                                                compare=False)
    _located: tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]] | None = field(
        default=None, init=False, repr=False, compare=False)
    _fixed_keys: FixedWidthTexts | None = field(default=None, init=False, repr=False,
                                                compare=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> IncidentColumns:
        """Columns from rows of values in ``ROW_FIELDS`` order."""
        values = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in ROW_FIELDS]
        columns = dict(zip(ROW_FIELDS, values, strict=True))
        points = [None if lon is None or lat is None else (lon, lat)
                  for lon, lat in zip(columns.pop("lon"), columns.pop("lat"), strict=True)]
        kept = ("source_key", "occurred_at", "context", "notes")
        fields: dict[str, Any] = {name: values if name in kept else Repeated.of(values)
                                  for name, values in columns.items()}
        return cls(point=Repeated.of(points), **fields)

    @classmethod
    def empty(cls) -> IncidentColumns:
        """No incidents."""
        return cls.from_rows([])

    def __len__(self) -> int:
        return len(self.source_key)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The incidents as rows of values in ``ROW_FIELDS`` order."""
        points = list(self.coordinates())
        lons = [lon for lon, _ in points]
        lats = [lat for _, lat in points]
        columns = {"lon": lons, "lat": lats} | {
            name: getattr(self, name) for name in ROW_FIELDS if name not in ("lon", "lat")}
        return zip(*(columns[name] for name in ROW_FIELDS), strict=True)

    def coordinates(self) -> Iterator[tuple[float | None, float | None]]:
        """Each incident's (lon, lat); (None, None) where it has no location."""
        return ((None, None) if point is None else point for point in self.point)

    def place_in(self, ward_of_point: Sequence[str]) -> None:
        """Give every row the ward of its point (``ward_of_point`` follows ``point.values``)."""
        self.ward_code = Repeated(list(ward_of_point), self.point.codes)
        self._places = None

    def places(self) -> tuple[Codes, Codes]:
        """The distinct places (point, location, LSOA and ward) the rows name.

        Returns where each place first appears and which place each row has; worked out once
        (the columns are not edited but through ``place_in``), so a reader thread can do it.
        """
        if self._places is None:
            self._places = distinct_rows([self.point, self.location, self.lsoa_code,
                                          self.lsoa_name, self.ward_code])
        return self._places

    def located_points(self) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
        """Which of the distinct points have a location, and those points as (lon, lat) rows.

        Worked out once, like ``places``, so a reader thread can do it.
        """
        if self._located is None:
            values = self.point.values
            located = np.fromiter((p is not None for p in values), dtype=bool, count=len(values))
            coordinates = np.array([p for p in values if p is not None], dtype=np.float64)
            self._located = located, coordinates.reshape(-1, 2)
        return self._located

    def fixed_width_keys(self) -> FixedWidthTexts:
        """The source keys as fixed-width bytes. Worked out once, like ``places``."""
        if self._fixed_keys is None:
            self._fixed_keys = FixedWidthTexts.of(self.source_key)
        return self._fixed_keys


def distinct_rows(columns: Sequence[Repeated[Any]]) -> tuple[Codes, Codes]:
    """Where each distinct combination of the columns' values first appears, and each row's.

    Rows are combined a column at a time, renumbering after each, so the combined codes
    stay below the number of rows however many columns there are.
    """
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        combined = combined * max(len(column.values), 1) + column.codes
        combined = np.unique(combined, return_inverse=True)[1].reshape(-1)
    _, first_rows, row_combination = np.unique(combined, return_index=True, return_inverse=True)
    return first_rows, row_combination.reshape(-1)
