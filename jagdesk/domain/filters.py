"""What the user has chosen to look at: a period and categories of incident."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncidentFilter:
    """A period (inclusive months ``YYYY-MM``) and a set of categories; empty means all."""

    month_from: str | None = None
    month_to: str | None = None
    categories: frozenset[str] = frozenset()

    def sql(self, alias: str = "incident") -> tuple[str, list[str]]:
        """Return an SQL condition (``1`` when nothing is filtered) and its parameters."""
        clauses, params = [], []
        if self.month_from:
            clauses.append(f"{alias}.month >= ?")
            params.append(self.month_from)
        if self.month_to:
            clauses.append(f"{alias}.month <= ?")
            params.append(self.month_to)
        if self.categories:
            marks = ",".join("?" for _ in self.categories)
            clauses.append(f"{alias}.category IN ({marks})")
            params.extend(sorted(self.categories))
        return (" AND ".join(clauses) or "1"), params
