"""Trends: monthly counts by category, period-on-period change, and when in the week things happen.

The change is worded the way JAG and inspection reports word it: "19 percent fewer incidents
than in the previous 12 months".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jagdesk.analysis.spatial import Footprint, incidents_in
from jagdesk.domain.incidents import parse_when

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.store import Store

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOCAL_ZONE = "Europe/London"


# --- months ------------------------------------------------------------------------------
def add_months(month: str, n: int) -> str:
    """The month ``n`` months after ``month`` (``YYYY-MM``; ``n`` may be negative)."""
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive; empty when ``last`` is earlier."""
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


# --- change ------------------------------------------------------------------------------
def percent_change(before: int, after: int) -> float | None:
    """The change from ``before`` to ``after`` in percent; None when ``before`` is zero."""
    return None if before == 0 else 100.0 * (after - before) / before


def describe_change(before: int, after: int) -> str:
    """The change in words: "19 percent fewer", "12 percent more", "no change", "up from none to 4"."""
    change = percent_change(before, after)
    if change is None:
        return "no change" if after == 0 else f"up from none to {after}"
    if after == before:
        return "no change"
    rounded = round(abs(change))
    if rounded == 0:
        return "about the same"
    return f"{rounded} percent {'fewer' if change < 0 else 'more'}"


class BeforeAfter:
    """A count before and after something, and the change between them."""

    before: int
    after: int

    @property
    def percent(self) -> float | None:
        """The change in percent; None when there were none before."""
        return percent_change(self.before, self.after)

    @property
    def wording(self) -> str:
        """The change in words ("19 percent fewer")."""
        return describe_change(self.before, self.after)


@dataclass(frozen=True)
class PeriodChange(BeforeAfter):
    """Counts in two equal, consecutive periods and the change between them."""

    before_from: str
    before_to: str
    after_from: str
    after_to: str
    before: int
    after: int

    def to_dict(self) -> dict[str, Any]:
        """The change as plain JSON values."""
        return asdict(self) | {"percent": self.percent, "wording": self.wording}


# --- monthly counts ----------------------------------------------------------------------
@dataclass(frozen=True)
class MonthlyCounts:
    """Incidents per month, per category; every month of the period is present, zeros included."""

    months: list[str]
    by_category: dict[str, list[int]] = field(default_factory=dict)

    @property
    def totals(self) -> list[int]:
        """All categories together, month by month."""
        return [sum(column) for column in zip(*self.by_category.values(), strict=True)] \
            if self.by_category else [0] * len(self.months)

    def period_on_period(self, months: int = 12) -> PeriodChange | None:
        """The last ``months`` months against the ``months`` before them.

        When the data is shorter, the two halves of it are compared; None with under two months.
        """
        span = min(months, len(self.months) // 2)
        if span == 0:
            return None
        totals = self.totals
        before, after = totals[-2 * span:-span], totals[-span:]
        return PeriodChange(self.months[-2 * span], self.months[-span - 1],
                            self.months[-span], self.months[-1], sum(before), sum(after))

    def to_dict(self) -> dict[str, Any]:
        """The counts as plain JSON values."""
        return {"months": self.months, "by_category": self.by_category, "totals": self.totals}


def count_by_month(rows: Iterable[tuple[str, str, int]], month_from: str,
                   month_to: str) -> MonthlyCounts:
    """Lay (month, category, count) rows out on every month of a period."""
    months = months_between(month_from, month_to)
    position = {m: i for i, m in enumerate(months)}
    by_category: dict[str, list[int]] = {}
    for month, category, count in rows:
        if month in position:
            by_category.setdefault(category, [0] * len(months))[position[month]] += count
    return MonthlyCounts(months, dict(sorted(by_category.items())))


def monthly_counts(store: Store, footprint: Footprint | None, flt: IncidentFilter) -> MonthlyCounts:
    """Monthly counts by category in a hotspot or area, or for the whole force when None.

    The period is the filter's, or the data's own months where the filter leaves it open.
    """
    span = store.incidents.month_range()
    if span is None:
        return MonthlyCounts([])
    first, last = flt.month_from or span[0], flt.month_to or span[1]
    if footprint is None:
        return count_by_month(store.incidents.monthly_counts(flt), first, last)
    tally = Counter((p[3], p[4]) for p in incidents_in(store, footprint, flt))
    return count_by_month(((m, c, n) for (m, c), n in tally.items()), first, last)


# --- day of week by hour -------------------------------------------------------------------
@dataclass(frozen=True)
class WeekHourGrid:
    """Incidents by day of the week (Monday first) and hour of the day, in UK local time."""

    counts: list[list[int]]  # 7 rows of 24

    @property
    def total(self) -> int:
        """Incidents counted."""
        return sum(map(sum, self.counts))

    def busiest(self) -> tuple[str, int] | None:
        """The busiest day and hour, or None when there are no incidents."""
        if self.total == 0:
            return None
        day, hour = max(((d, h) for d in range(7) for h in range(24)),
                        key=lambda dh: self.counts[dh[0]][dh[1]])
        return DAYS[day], hour

    def to_dict(self) -> dict[str, Any]:
        """The grid as plain JSON values."""
        return {"days": list(DAYS), "counts": self.counts}


def week_hour_grid(times: Iterable[str]) -> WeekHourGrid:
    """Count ISO date-times (stored in UTC) by local day of the week and hour; bad ones are skipped."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(LOCAL_ZONE)
    counts = [[0] * 24 for _ in range(7)]
    for text in times:
        moment: datetime | None = parse_when(text)
        if moment is None:
            continue
        local = moment.astimezone(zone)
        counts[local.weekday()][local.hour] += 1
    return WeekHourGrid(counts)


def week_hours_in(store: Store, footprint: Footprint | None, flt: IncidentFilter) -> WeekHourGrid:
    """The day-of-week by hour grid of timed incidents in a hotspot or area, or the whole force."""
    if footprint is None:
        return week_hour_grid(t for _, t in store.incidents.occurred_times(flt))
    inside = {p[0] for p in incidents_in(store, footprint, flt)}
    timed = store.incidents.occurred_times(flt, footprint.bbox)
    return week_hour_grid(t for i, t in timed if i in inside)
