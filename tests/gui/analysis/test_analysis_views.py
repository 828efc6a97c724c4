from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from jagdesk.analysis.trends import describe_change
from jagdesk.domain import action_rules
from jagdesk.domain.enums import HotspotStatus, PlanStatus
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Hotspot
from jagdesk.paths import user_paths
from jagdesk.services.analysis import assess_hotspot
from jagdesk.store import Store
from jagdesk.ui.main_window import MainWindow
from jagdesk.ui.settings import UiSettings

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")
ASB = "Anti-social behaviour"
CLOCK_TOWER = (-1.1356, 52.6365)


@pytest.fixture(scope="module")
def built_demo(demo_copy) -> Path:
    return demo_copy()


@pytest.fixture
def window(qtbot, built_demo, tmp_path):
    copy = tmp_path / built_demo.name
    shutil.copyfile(built_demo, copy)
    paths = user_paths().ensure()
    shown = MainWindow(paths, UiSettings(paths.config), error_dialogs=False)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    assert shown.open_database(copy)
    return shown


def _shoot(widget, name: str) -> None:
    QApplication.processEvents()  # let docks lay out and canvases draw before the picture
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _metres(lon: float, lat: float, other: tuple[float, float]) -> float:
    dx = (lon - other[0]) * 111_320 * math.cos(math.radians(lat))
    return math.hypot(dx, (lat - other[1]) * 111_320)


class FakeMap:
    def __init__(self) -> None:
        self.scripts: list[str] = []

    def run_script(self, code: str) -> None:
        self.scripts.append(code)

    def select_hotspot(self, hotspot_id) -> None:
        pass

    def is_ready(self) -> bool:
        return False


def test_analysis_menu_lists_the_views_with_shortcuts(window):
    menu = window.analysis.menu
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Find hotspots…", "&Assess response…", "&Trends…", "&Dashboard"]
    assert all(not a.shortcut().isEmpty() for a in menu.actions() if not a.isSeparator())
    assert menu.menuAction() in window.menuBar().actions()


def test_detection_finds_the_city_centre_and_nominates_it(qtbot, window):
    finder = window.analysis.finder
    window.map = FakeMap()
    window.analysis.find_action.trigger()
    assert window.analysis.finder_dock.isVisible()
    finder.category.setCurrentIndex(finder.category.findData(ASB))
    with qtbot.waitSignal(finder.search_finished, timeout=20000) as done:
        assert finder.start_search() is not None
    assert done.args[0] == finder.table.rowCount() > 0
    clusters = finder.search.analysis.clusters
    centre = tuple(window.store.hotspots.by_ref("HS-0001").geometry["coordinates"][:2])
    nearest = min(range(len(clusters)),
                  key=lambda i: _metres(clusters[i].lon, clusters[i].lat, centre))
    # The city centre's cluster is the strongest, and the Clock Tower hotspot lies within it.
    assert nearest == 0
    assert _metres(clusters[0].lon, clusters[0].lat, centre) <= clusters[0].radius_m
    assert finder.table.item(nearest, 0).text() == str(clusters[nearest].rank)
    assert finder.table.item(nearest, 3).text() == str(clusters[nearest].incidents)
    _shoot(window, "analysis-finder")
    finder.table.selectRow(nearest)
    assert window.map.scripts
    assert "setView" in window.map.scripts[-1]
    before = len(window.store.hotspots.with_status(HotspotStatus.NOMINATED))
    hotspot_id = finder.nominate_selected()
    assert hotspot_id is not None
    nominated = window.store.hotspots.get(hotspot_id)
    assert nominated.status is HotspotStatus.NOMINATED
    assert len(window.store.hotspots.with_status(HotspotStatus.NOMINATED)) == before + 1
    assert window.model.row_of(hotspot_id) is not None  # the main list was refreshed
    assert window.detail.hotspot_id == hotspot_id


def test_single_snap_point_clusters_carry_a_warning(window):
    finder = window.analysis.finder
    finder.set_store(window.store)
    from jagdesk.services.analysis import find_hotspots

    search = find_hotspots(window.store, ASB)
    finder.show_search(search)
    for row, cluster in enumerate(search.analysis.clusters):
        item = finder.table.item(row, 7)
        assert ("police.uk" in item.toolTip()) == cluster.single_snap_point


def test_assessment_shows_the_service_figures(window):
    hs1 = window.store.hotspots.by_ref("HS-0001")
    window.select_hotspot(hs1.id)
    window.analysis.assess_action.trigger()
    view = window.analysis.assessment
    assert view.hotspot.currentData() == "HS-0001"
    assert view.months.value() == 6
    shown = view.assess()
    assert shown is not None
    expected = assess_hotspot(window.store, "HS-0001").to_dict()
    assert view.assessment.to_dict() == expected
    for row, zone in enumerate(("hotspot", "buffer", "control")):
        assert view.zones.item(row, 1).text() == str(expected[zone]["before"])
        assert view.zones.item(row, 2).text() == str(expected[zone]["after"])
    values = {view.effects.item(r, 0).text(): view.effects.item(r, 1).text()
              for r in range(view.effects.rowCount())}
    assert values["Gross effect"] == f"{expected['gross_effect']:+,}"
    wdq = expected["wdq"]
    assert values["WDQ"] == (f"{wdq:,.2f}" if wdq is not None else "-")
    assert view.reading.text() == expected["reading"]
    assert view.chart.canvas is not None
    window.analysis.assessment_dock.widget().resize(640, 900)
    _shoot(window, "analysis-assessment")
    _shoot(window.analysis.assessment_dock, "analysis-assessment-dock")


def test_assessment_explains_a_refusal(window):
    view = window.analysis.assessment
    view.set_store(window.store)
    view.start.setCurrentIndex(view.start.findData("2021-01"))
    assert view.assess() is None
    assert "2021-01" in view.reading.text()
    assert view.zones.rowCount() == 0


def _asb(store: Store, first: str, last: str) -> int:
    return store.incidents.count(IncidentFilter(first, last, frozenset({ASB})))


def test_trends_headline_for_the_force(window):
    window.analysis.trends_action.trigger()
    view = window.analysis.trends
    view.scope.setCurrentIndex(view.scope.findData("force"))
    view.category.setCurrentIndex(view.category.findData(ASB))
    view.period.setValue(6)
    view.show_trends()
    before, after = _asb(window.store, "2021-01", "2021-06"), _asb(window.store, "2021-07", "2021-12")
    wording = describe_change(before, after)
    assert wording.endswith(("fewer", "more"))
    assert (f"2021-07 to 2021-12: {wording[0].upper()}{wording[1:]} anti-social behaviour "
            "incidents than the previous 6 months") in view.headline.text()
    assert sum(view.counts.totals) == before + after
    assert view.chart.canvas is not None
    _shoot(window.analysis.trends_dock, "analysis-trends-force")


def test_trends_follow_the_selected_hotspot_and_show_times(window):
    window.analysis.trends_action.trigger()
    view = window.analysis.trends
    hs1 = window.store.hotspots.by_ref("HS-0001")
    window.select_hotspot(hs1.id)
    assert view.scope.currentData() == f"hotspot:{hs1.id}"
    view.category.setCurrentIndex(0)
    view.show_trends()
    assert "HS-0001" in view.headline.text()
    if view.grid.total:
        assert not view.heat.isHidden()
        assert sum(int(view.heat.item(d, h).text() or 0) for d in range(7) for h in range(24)) \
            == view.grid.total
    else:
        assert view.heat.isHidden()
        assert "time of day" in view.grid_label.text()
    _shoot(window.analysis.trends_dock, "analysis-trends-hotspot")


def _direct_priorities(store: Store, today: date) -> dict[str, tuple[int, int, int]]:
    """Open plans, all plans and overdue actions per linked framework item, counted plainly."""
    found: dict[str, list] = {}
    for plan in store.plans.all():
        for item_id in store.plans.framework_item_ids(plan.id):
            found.setdefault(item_id, []).append(plan)
    result = {}
    for item_id, plans in found.items():
        overdue = sum(action_rules.is_overdue(a, today) for p in plans
                      for a in store.actions.for_plan(p.id))
        result[item_id] = (sum(p.status is not PlanStatus.CLOSED for p in plans), len(plans),
                           overdue)
    return result


def test_dashboard_lists_priorities_with_direct_counts(window):
    window.analysis.dashboard_action.trigger()
    view = window.analysis.dashboard
    tree = view.priorities
    expected = _direct_priorities(window.store, date.today())
    assert tree.topLevelItemCount() == len(expected) > 0
    items = {i.id: i for i in window.store.framework_items.all()}
    for index in range(tree.topLevelItemCount()):
        row = view.dashboard.priorities[index]
        item = tree.topLevelItem(index)
        open_plans, plans, overdue = expected[row.item_id]
        assert item.text(0).endswith(f"{items[row.item_id].ref} {items[row.item_id].text}")
        assert item.text(1) == f"{open_plans} of {plans}"
        assert item.text(3) == str(overdue)
    _shoot(window.analysis.dashboard_dock, "analysis-dashboard")


def test_completeness_lists_a_hotspot_without_a_plan_and_selects_it(window):
    new = window.store.hotspots.add(Hotspot(
        name="Market Place steps", geometry={"type": "Point", "coordinates": list(CLOCK_TOWER)},
        radius_m=80))
    window.refresh()
    window.analysis.dashboard_action.trigger()
    view = window.analysis.dashboard
    view.reload()
    group = view.gaps.topLevelItem(0)
    assert group.text(0).startswith("Hotspots with no plan")
    children = [group.child(i) for i in range(group.childCount())]
    chosen = [c for c in children if c.text(1) == new.ref]
    assert chosen
    assert "Market Place steps" in chosen[0].text(0)
    view._on_item_chosen(chosen[0], 0)
    assert window.detail.hotspot_id == new.id
    assert "fall in no hotspot's area" in view.outside.text()
