from jagdesk.analysis.assessment import Assessment, Windows, ZoneCounts
from jagdesk.analysis.charts import before_after_figure, to_png, trend_figure
from jagdesk.analysis.trends import count_by_month

PNG = b"\x89PNG"


def test_trend_figure_has_a_bar_per_month_and_category():
    counts = count_by_month([("2021-01", "A", 3), ("2021-02", "A", 1), ("2021-02", "B", 2)],
                            "2021-01", "2021-03")
    figure = trend_figure(counts, "Clock Tower")
    axes = figure.axes[0]
    assert axes.get_title() == "Clock Tower"
    assert len(axes.patches) == 6
    assert [t.get_text() for t in axes.get_xticklabels()] == ["2021-01", "2021-02", "2021-03"]
    assert to_png(figure).startswith(PNG)
    assert len(trend_figure(counts, stacked=False).axes[0].lines) == 2


def test_before_after_figure_shows_each_zone_with_its_change():
    a = Assessment(Windows.around("2021-07", 6), ZoneCounts(100, 81), ZoneCounts(40, 44),
                   ZoneCounts(900, 880))
    figure = before_after_figure(a)
    assert [ax.get_title() for ax in figure.axes] == [
        "Hotspot\n19 percent fewer", "Buffer ring\n10 percent more", "Comparison area\n2 percent fewer"]
    assert [p.get_height() for p in figure.axes[0].patches] == [100, 81]
    assert to_png(figure).startswith(PNG)
