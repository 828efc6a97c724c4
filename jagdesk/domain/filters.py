"""What the user has chosen to look at: a period and categories of incident."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncidentFilter:
    """A period (inclusive months ``YYYY-MM``) and a set of categories; empty means all."""

    month_from: str | None = None
    month_to: str | None = None
    categories: frozenset[str] = frozenset()
