"""Charts for the app and the exports, drawn with matplotlib on its Agg backend.

Figures are built with ``matplotlib.figure.Figure`` directly, never through pyplot, so no global
figure state is kept: the app wraps a figure in its Qt canvas, exports save it as PNG or SVG.
matplotlib is imported inside each function, keeping it out of start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from jagdesk.analysis.assessment import Assessment
    from jagdesk.analysis.trends import MonthlyCounts

SIZE = (7.0, 3.5)  # inches: fits an A4 page and the detail panel


def trend_figure(counts: MonthlyCounts, title: str = "", *, stacked: bool = True) -> Figure:
    """Monthly incidents by category: stacked bars, or one line per category."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(counts.months)))
    bottom = [0] * len(positions)
    for category, values in counts.by_category.items():
        if stacked:
            axes.bar(positions, values, bottom=bottom, label=category)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        else:
            axes.plot(positions, values, marker="o", label=category)
    axes.set_xticks(positions, counts.months, rotation=45, ha="right", fontsize=8)
    axes.set_ylabel("incidents")
    axes.set_title(title or "Incidents by month")
    if counts.by_category:
        axes.legend(fontsize=7, loc="upper left", frameon=False)
    return figure


def before_after_figure(assessment: Assessment, title: str = "") -> Figure:
    """Bars of the hotspot, buffer ring and control area, before and after the response."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, layout="constrained")
    zones = (("Hotspot", assessment.hotspot), ("Buffer ring", assessment.buffer),
             ("Comparison area", assessment.control))
    for index, (name, zone) in enumerate(zones, start=1):
        # Each zone gets its own panel: the control area's counts dwarf the hotspot's.
        axes = figure.add_subplot(1, 3, index)
        bars = axes.bar(["before", "after"], [zone.before, zone.after], color=["#888888", "#1f77b4"])
        axes.bar_label(bars, fontsize=8)
        axes.set_title(f"{name}\n{zone.wording}", fontsize=9)
        axes.tick_params(labelsize=8)
    w = assessment.windows
    figure.suptitle(title or f"{w.before_from} to {w.before_to} against {w.after_from} to {w.after_to}",
                    fontsize=10)
    return figure


def to_png(figure: Figure, dpi: int = 150) -> bytes:
    """Render a figure to PNG bytes on the Agg backend."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)  # attaches the Agg canvas, whatever backend pyplot would pick
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
