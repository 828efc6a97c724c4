"""Before/after assessment of a hotspot response, with a comparison area and displacement.

Counts are taken in equal windows before and after the response started, in three places: the
hotspot, a buffer ring around it (where displaced incidents would go) and a comparison (control)
area around that (the rest of the ward, say), which shows what would have happened anyway.
Displacement is measured with the Weighted Displacement Quotient of Bowers and Johnson (2003),
"Measuring the geographical displacement and diffusion of benefit effects of crime prevention
activity", Journal of Quantitative Criminology 19(3):

    WDQ = (B_a/C_a - B_b/C_b) / (R_a/C_a - R_b/C_b)

with R the response area (hotspot), B the buffer, C the control, b before and a after. The
denominator is the success measure: the quotient is read only when it is negative, that is when
the hotspot improved relative to the control area.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from jagdesk.analysis.spatial import Footprint, incidents_in
from jagdesk.analysis.trends import BeforeAfter, add_months
from jagdesk.domain.filters import IncidentFilter

if TYPE_CHECKING:
    from jagdesk.store import Store

# Below this many incidents before and after together, chance alone moves the figures a lot.
SMALL_COUNT = 20


@dataclass(frozen=True)
class Windows:
    """Two equal runs of months either side of the month a response started."""

    before_from: str
    before_to: str
    after_from: str
    after_to: str
    months: int

    @classmethod
    def around(cls, start_month: str, months: int) -> Windows:
        """The ``months`` months before ``start_month`` and the ``months`` from it on."""
        if months < 1:
            raise ValueError("a window needs at least one month")
        return cls(add_months(start_month, -months), add_months(start_month, -1),
                   start_month, add_months(start_month, months - 1), months)

    @property
    def first(self) -> str:
        """The first month counted."""
        return self.before_from

    @property
    def last(self) -> str:
        """The last month counted."""
        return self.after_to

    def describe(self) -> str:
        """The windows in words."""
        return (f"{self.months} months before ({self.before_from} to {self.before_to}) and "
                f"after ({self.after_from} to {self.after_to})")


@dataclass(frozen=True)
class ZoneCounts(BeforeAfter):
    """Incidents in one place before and after."""

    before: int
    after: int

    @property
    def change(self) -> int:
        """After minus before."""
        return self.after - self.before

    def to_dict(self) -> dict[str, Any]:
        """The counts as plain JSON values."""
        return asdict(self) | {"change": self.change, "percent": self.percent,
                               "wording": self.wording}


def weighted_displacement_quotient(response: ZoneCounts, buffer: ZoneCounts,
                                   control: ZoneCounts) -> float | None:
    """Bowers and Johnson's Weighted Displacement Quotient.

    None when the control area has no incidents in a window, or when the hotspot's share of
    the control did not change: the quotient is then undefined.
    """
    if control.before == 0 or control.after == 0:
        return None
    success = response.after / control.after - response.before / control.before
    if success == 0:
        return None
    return (buffer.after / control.after - buffer.before / control.before) / success


@dataclass(frozen=True)
class Assessment:
    """The before/after figures for a hotspot and the reading of them."""

    windows: Windows
    hotspot: ZoneCounts
    buffer: ZoneCounts
    control: ZoneCounts
    category: str | None = None
    control_name: str = "the comparison area"
    buffer_m: float = 0.0
    subject: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def gross_effect(self) -> int:
        """The hotspot's change in incidents, after minus before."""
        return self.hotspot.change

    @property
    def expected_after(self) -> float | None:
        """What the hotspot would have had after, had it followed the control area's trend."""
        if self.control.before == 0:
            return None
        return self.hotspot.before * self.control.after / self.control.before

    @property
    def net_effect(self) -> float | None:
        """Incidents after beyond (positive) or below (negative) the control area's trend."""
        expected = self.expected_after
        return None if expected is None else self.hotspot.after - expected

    @property
    def net_percent(self) -> float | None:
        """The net effect relative to the expected count, in percent."""
        expected = self.expected_after
        return None if not expected else 100.0 * (self.hotspot.after - expected) / expected

    @property
    def improved(self) -> bool:
        """Whether the hotspot did better than the control area (the WDQ's success measure)."""
        c = self.control
        if c.before == 0 or c.after == 0:
            return False
        return self.hotspot.after / c.after - self.hotspot.before / c.before < 0

    @property
    def wdq(self) -> float | None:
        """The Weighted Displacement Quotient, when the hotspot improved relative to control."""
        if not self.improved:
            return None
        return weighted_displacement_quotient(self.hotspot, self.buffer, self.control)

    @property
    def reading(self) -> str:
        """The figures in plain English."""
        return read(self)

    def to_dict(self) -> dict[str, Any]:
        """Every figure as plain JSON values."""
        return {
            "subject": self.subject, "category": self.category, "windows": asdict(self.windows),
            "hotspot": self.hotspot.to_dict(), "buffer": self.buffer.to_dict(),
            "control": self.control.to_dict(), "control_name": self.control_name,
            "buffer_m": self.buffer_m, "gross_effect": self.gross_effect,
            "expected_after": self.expected_after, "net_effect": self.net_effect,
            "net_percent": self.net_percent, "wdq": self.wdq, "reading": self.reading,
            "notes": list(self.notes),
        }


def read(a: Assessment) -> str:
    """Explain an assessment in a few plain sentences."""
    what = a.category or "incidents"
    sentences = [
        f"In the hotspot, {what} went from {a.hotspot.before} to {a.hotspot.after} "
        f"({a.hotspot.wording}) over {a.windows.describe()}.",
        f"In {a.control_name} they went from {a.control.before} to {a.control.after} "
        f"({a.control.wording}); in the {a.buffer_m:.0f} m ring around the hotspot from "
        f"{a.buffer.before} to {a.buffer.after} ({a.buffer.wording}).",
        _comparison(a),
    ]
    if a.wdq is not None:
        sentences.append(_displacement(a.wdq))
    if a.hotspot.before + a.hotspot.after < SMALL_COUNT:
        sentences.append("The numbers are small, so read the change with caution.")
    return " ".join(sentences)


def _comparison(a: Assessment) -> str:
    if a.control.before == 0 or a.control.after == 0:
        return "The comparison area had no incidents in one window, so no comparison can be made."
    if a.improved and a.hotspot.after < a.hotspot.before:
        return "The fall was larger than in the area around it."
    if a.improved:
        return ("The hotspot rose less than the area around it, so it did relatively better, "
                "but incidents there did not fall.")
    if a.hotspot.after < a.hotspot.before:
        return ("The fall was no larger than in the area around it, so it cannot be put down "
                "to the response; displacement was not measured.")
    return ("The hotspot did no better than the area around it; displacement was not measured.")


def _displacement(wdq: float) -> str:
    """Bowers and Johnson's reading of the quotient."""
    figure = f"(WDQ {wdq:.2f})"
    if wdq > 1:
        return f"The ring improved even more than the hotspot: diffusion of benefit {figure}."
    if wdq > 0:
        return f"The ring improved too: some diffusion of benefit, no sign of displacement {figure}."
    if wdq == 0:
        return f"No sign of displacement or diffusion of benefit {figure}."
    if wdq >= -1:
        return (f"Some incidents seem to have moved to the ring (displacement), but fewer than "
                f"the fall in the hotspot, so there was still a net gain {figure}.")
    return (f"Displacement to the ring outweighed the fall in the hotspot: the problem moved "
            f"rather than fell {figure}.")


def measure(store: Store, hotspot: Footprint, buffer_m: float, control: Footprint,
            windows: Windows, categories: frozenset[str] = frozenset()) -> tuple[ZoneCounts, ...]:
    """Count the hotspot, its buffer ring and the control area before and after.

    The ring is the ground within ``buffer_m`` metres of the hotspot's edge, less the hotspot;
    the control is ``control`` less the hotspot and the ring, so no incident counts twice.

    Returns:
        (hotspot, buffer, control) counts.
    """
    flt = IncidentFilter(windows.first, windows.last, categories)
    outer = Footprint(hotspot.geometry, (hotspot.radius_m or 0.0) + buffer_m)
    inner_points = incidents_in(store, hotspot, flt)
    inner = {p[0] for p in inner_points}
    outer_points = incidents_in(store, outer, flt)
    ring = [p for p in outer_points if p[0] not in inner]
    surrounds = {p[0] for p in outer_points}
    rest = [p for p in incidents_in(store, control, flt) if p[0] not in surrounds]
    return tuple(_split(points, windows) for points in (inner_points, ring, rest))


def _split(points: list[Any], windows: Windows) -> ZoneCounts:
    before = sum(1 for p in points if p[3] <= windows.before_to)
    return ZoneCounts(before, len(points) - before)
