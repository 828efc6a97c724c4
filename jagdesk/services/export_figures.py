"""The figures and charts an exported document shows for a hotspot, computed once per hotspot.

A meeting pack can name a hotspot in several items and a plan summary asks for its figures in
two sections; the cache makes each assessment, trend and chart a single piece of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jagdesk.analysis.spatial import Footprint
from jagdesk.analysis.trends import MonthlyCounts, PeriodChange, monthly_counts
from jagdesk.domain.filters import IncidentFilter
from jagdesk.errors import UserError
from jagdesk.io.exports.document import Block, Image, Paragraph, Table

if TYPE_CHECKING:
    from jagdesk.analysis.assessment import Assessment
    from jagdesk.domain.records import Hotspot
    from jagdesk.store import Store

# A trend legend with more categories than this is unreadable; the rest become "Other".
TREND_CATEGORIES = 5
CHART_DPI = 130


@dataclass(frozen=True)
class Figures:
    """A hotspot's before/after assessment and monthly trend, with their charts as PNG."""

    assessment: Assessment | None
    why_no_assessment: str
    trend: MonthlyCounts
    change: PeriodChange | None
    before_after_png: bytes | None
    trend_png: bytes | None


class FigureCache:
    """Figures per hotspot id, computed on first use."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._found: dict[str, Figures] = {}

    def of(self, hotspot: Hotspot) -> Figures:
        """The figures of a hotspot."""
        if hotspot.id not in self._found:
            self._found[hotspot.id] = compute_figures(self._store, hotspot)
        return self._found[hotspot.id]


def compute_figures(store: Store, hotspot: Hotspot) -> Figures:
    """Assess a hotspot, count its months and draw both charts."""
    from jagdesk.analysis.charts import before_after_figure, to_png, trend_figure
    from jagdesk.services.analysis import assess_hotspot

    assessment, why = None, ""
    try:
        assessment = assess_hotspot(store, hotspot.ref)
    except UserError as error:
        why = str(error)
    trend = _top_categories(monthly_counts(store, Footprint.of_hotspot(hotspot),
                                           IncidentFilter()))
    before_after = (to_png(before_after_figure(assessment), CHART_DPI)
                    if assessment is not None else None)
    trend_png = (to_png(trend_figure(trend, f"Incidents by month at {hotspot.ref}"), CHART_DPI)
                 if trend.months else None)
    return Figures(assessment, why, trend, trend.period_on_period(12), before_after, trend_png)


def _top_categories(counts: MonthlyCounts) -> MonthlyCounts:
    ranked = sorted(counts.by_category.items(), key=lambda item: -sum(item[1]))
    if len(ranked) <= TREND_CATEGORIES:
        return counts
    kept = dict(ranked[: TREND_CATEGORIES - 1])
    rest = [sum(values) for values in zip(*(v for _, v in ranked[TREND_CATEGORIES - 1:]),
                                          strict=True)]
    return MonthlyCounts(counts.months, kept | {"Other": rest})


# --- blocks -----------------------------------------------------------------------------
def assessment_blocks(figures: Figures, *, chart: bool = True) -> list[Block]:
    """The before/after table, chart and reading, or why there is none."""
    a = figures.assessment
    if a is None:
        return [Paragraph(f"No before/after figures: {figures.why_no_assessment}", "note")]
    rows = [[name, str(zone.before), str(zone.after), zone.wording]
            for name, zone in (("Hotspot", a.hotspot), (f"{a.buffer_m:.0f} m ring", a.buffer),
                               (a.control_name[:1].upper() + a.control_name[1:], a.control))]
    blocks: list[Block] = [
        Paragraph(f"{a.category or 'All incidents'}, {a.windows.describe()}.", "note"),
        Table(["Place", "Before", "After", "Change"], rows, widths=[3, 1, 1, 2]),
    ]
    extra = []
    if a.net_effect is not None:
        extra.append(f"Net effect against the comparison area: {a.net_effect:+.1f} incidents.")
    if a.wdq is not None:
        extra.append(f"Weighted Displacement Quotient: {a.wdq:.2f}.")
    if extra:
        blocks.append(Paragraph(" ".join(extra)))
    if chart and figures.before_after_png:
        blocks.append(Image(figures.before_after_png, "Before and after the response", 0.9))
    blocks.append(Paragraph(a.reading))
    blocks.extend(Paragraph(note, "note") for note in a.notes)
    return blocks


def trend_blocks(figures: Figures, *, chart: bool = True) -> list[Block]:
    """The period-on-period change in words and the monthly chart."""
    blocks: list[Block] = []
    change = figures.change
    if change is not None:
        blocks.append(Paragraph(
            f"{change.after} incidents from {change.after_from} to {change.after_to}: "
            f"{change.wording} than the {change.before} from {change.before_from} to "
            f"{change.before_to}."))
    else:
        blocks.append(Paragraph("Not enough months of incidents for a trend.", "note"))
    if chart and figures.trend_png:
        blocks.append(Image(figures.trend_png, "Incidents by month and category", 0.9))
    return blocks
