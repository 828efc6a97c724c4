"""Many incidents held as one list per field: the shape bulk imports travel in.

A force-year is about 100k rows. Checked and stored a column at a time, with built-ins that map
whole lists, the rows never need a Python object each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

Coordinate = tuple[float, float]

# The fields of ``jagdesk.domain.records.Incident`` that rows carry (not ``id`` or ``batch_id``).
ROW_FIELDS = ("source", "source_key", "month", "occurred_at", "category", "lon", "lat", "location",
              "lsoa_code", "lsoa_name", "ward_code", "outcome", "force", "reported_by", "context",
              "notes")


@dataclass
class IncidentColumns:
    """Incident values by field; every list has one entry per incident, in the same order."""

    source: list[str]
    source_key: list[str]
    month: list[str]
    occurred_at: list[str | None]
    category: list[str]
    lon: list[float | None]
    lat: list[float | None]
    location: list[str]
    lsoa_code: list[str]
    lsoa_name: list[str]
    ward_code: list[str]
    outcome: list[str]
    force: list[str]
    reported_by: list[str]
    context: list[str]
    notes: list[str]
    _located: set[Coordinate] | None = field(default=None, init=False, repr=False,
                                             compare=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> IncidentColumns:
        """Columns from rows of values in ``ROW_FIELDS`` order."""
        columns = [list(column) for column in zip(*rows, strict=True)]
        return cls(*(columns or [[] for _ in ROW_FIELDS]))

    @classmethod
    def empty(cls) -> IncidentColumns:
        """No incidents."""
        return cls.from_rows([])

    def __len__(self) -> int:
        return len(self.month)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The incidents as rows of values in ``ROW_FIELDS`` order."""
        return zip(*(getattr(self, name) for name in ROW_FIELDS), strict=True)

    def coordinates(self) -> Iterator[tuple[float | None, float | None]]:
        """Each incident's (lon, lat); (None, None) where it has no location."""
        return zip(self.lon, self.lat, strict=True)

    def located(self) -> set[Coordinate]:
        """The distinct (lon, lat) the incidents sit on (read once: the columns are not edited).

        police.uk snaps a file's 8,000 rows to a few thousand points, so work per point is
        done on these rather than on every row.
        """
        if self._located is None:
            pairs = set(self.coordinates())
            pairs.discard((None, None))  # the rest have both values: rows are checked
            self._located = cast(set[Coordinate], pairs)
        return self._located

