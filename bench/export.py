"""How long a plan summary PDF with its map and a 10-item meeting pack take, each beside a naive way.

Builds the Leicester demo (once, in a temporary folder), gives its meeting ten agenda items, then
times in the same run:
- the plan summary PDF of HS-0001 with the real map picture (the app's map view off screen,
  incidents clustered, only those near the hotspot sent to the page);
  naive: the map as a folium page with one Marker per incident in the store, loaded in a web
  view and grabbed, then the same PDF.
- the 10-item meeting pack PDF, figures and charts computed once per hotspot;
  naive: the same pack recomputing the assessment, trend and both charts for every item.
Budgets: under 3 s and under 15 s.

    python bench/export.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from jagdesk.domain.records import AgendaItem
from jagdesk.services import meeting_pack
from jagdesk.services.demo import build_demo
from jagdesk.services.export_figures import FigureCache, compute_figures
from jagdesk.services.exports import export_meeting, export_plan
from jagdesk.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class NoCache(FigureCache):
    """Recomputes a hotspot's figures and charts every time they are asked for."""

    def of(self, hotspot):
        return compute_figures(self._store, hotspot)


def ten_items(store: Store) -> str:
    meeting = store.meetings.all()[0]
    have = store.agenda_items.for_meeting(meeting.id)
    hotspots = store.hotspots.all()
    for n in range(len(have), 10):
        hotspot = hotspots[n % len(hotspots)]
        store.agenda_items.add(AgendaItem(meeting_id=meeting.id, position=n + 1,
                                          title=f"Review: {hotspot.name}", hotspot_id=hotspot.id))
    return meeting.ref


def naive_map(store: Store, size=(1200, 800)) -> bytes:
    import folium
    from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QTimer, QUrl

    from jagdesk.ui.map_snapshot import ensure_application
    from jagdesk.ui.map_view import MapView

    ensure_application()
    from jagdesk.maps import assets

    page = folium.Map(location=[52.636, -1.132], zoom_start=16, tiles=None)
    # Local Leaflet, as the app's page has: the web view refuses remote files.
    page.default_js = [(a.name, a.url) for a in assets.javascript()]
    page.default_css = [(a.name, a.url) for a in assets.stylesheets()]
    for _id, lon, lat, _month, category in store.incidents.all_points():
        folium.Marker([lat, lon], tooltip=category).add_to(page)
    cache = Path(tempfile.mkdtemp())
    # The web view loads local files only from its own page folder, so the page goes there.
    folder = cache / "map"
    folder.mkdir()
    assets.copy_assets(folder)
    html = folder / "naive.html"
    page.save(str(html))
    view = MapView(cache)
    view.resize(*size)
    view.show()
    loop = QEventLoop()
    view.loadFinished.connect(lambda _ok: QTimer.singleShot(600, loop.quit))
    view.load(QUrl.fromLocalFile(str(html)))
    loop.exec()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    view.grab().save(buffer, "PNG")
    view.close()
    return bytes(buffer.data().data())


def timed(label: str, function) -> float:
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    print(f"  {label:58s} {seconds:6.2f} s")
    return seconds


def main() -> None:
    from jagdesk.ui.map_snapshot import ensure_application, render_hotspot_map

    ensure_application()
    folder = Path(tempfile.mkdtemp(prefix="jagdesk-bench-"))
    db = folder / "demo.sqlite"
    build_demo(db)
    with Store(db, actor="bench") as store:
        ref = ten_items(store)
        hotspot = store.hotspots.by_ref("HS-0001")
        render_hotspot_map(db, hotspot.id)  # start the web engine once, outside the timing

        print("Plan summary PDF with map (budget 3 s)")

        def ours() -> None:
            png = render_hotspot_map(db, hotspot.id)
            export_plan(store, "HS-0001", "pdf", folder / "plan.pdf", map_png=png)

        def naive() -> None:
            png = naive_map(store)
            export_plan(store, "HS-0001", "pdf", folder / "plan-naive.pdf", map_png=png)

        fast = timed("clustered map view, nearby incidents", ours)
        slow = timed(f"naive: folium, one Marker per incident ({store.incidents.count():,})", naive)
        print(f"  {slow / fast:.1f}x faster; {'within' if fast < 3 else 'OVER'} budget")

        print("Meeting pack PDF, 10 items (budget 15 s)")
        # Both runs start warm: fonts, matplotlib and reportlab loaded by an export outside the timing.
        export_meeting(store, ref, "pdf", "pack", folder / "pack-warm-up.pdf")
        fast = timed("figures and charts once per hotspot",
                     lambda: export_meeting(store, ref, "pdf", "pack", folder / "pack.pdf"))
        original = meeting_pack.FigureCache
        meeting_pack.FigureCache = NoCache  # type: ignore[misc]
        try:
            slow = timed("naive: figures and charts again for every item",
                         lambda: export_meeting(store, ref, "pdf", "pack",
                                                folder / "pack-naive.pdf"))
        finally:
            meeting_pack.FigureCache = original  # type: ignore[misc]
        print(f"  {slow / fast:.1f}x faster; {'within' if fast < 15 else 'OVER'} budget")


if __name__ == "__main__":
    main()
