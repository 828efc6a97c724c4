"""How long the map takes from request to drawn, for 10k, 100k and 1M incidents and a filter change.

JagDesk's way: the page is built once; layers are prepared in Python (incidents packed as binary
columns, density squares on the British National Grid) and pushed through the web channel,
where one canvas clusters the points. Timed from the request (reading the database) to the
page reporting the layers drawn.

The naive way beside it: one folium ``Marker`` per incident, rendered into an HTML page and
loaded into the same kind of web view; timed from the request to the page's load finishing,
with the page size. Budgets: 100k incidents drawn in under 1.0 s, a filter change under 0.3 s,
no page over a few MB.

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \\
        python bench/map.py [--sizes 10000,100000,1000000] [--naive 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from PySide6.QtCore import QEventLoop, QTimer, QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Incident
from jagdesk.maps import assets
from jagdesk.services.map_layers import build_map_layers, incident_map_layers
from jagdesk.store import Store
from jagdesk.store.backup import BackupPolicy
from jagdesk.store.incident_repo import incident_values
from jagdesk.ui.map_view import MapView

# Leicestershire, roughly, with most incidents in the city as in real data.
WEST, SOUTH, EAST, NORTH = -1.60, 52.39, -0.66, 52.98
CITY = (-1.133, 52.636)
CATEGORIES = ("Anti-social behaviour", "Shoplifting", "Violence and sexual offences",
              "Criminal damage and arson")
LIMIT_MS = 600_000


def _wait(signal: Any, limit_ms: int = LIMIT_MS) -> list[Any]:
    """Run the event loop until ``signal`` fires; return its arguments."""
    loop = QEventLoop()
    got: list[Any] = []

    def fired(*args: Any) -> None:
        got.extend(args)
        loop.quit()

    signal.connect(fired)
    QTimer.singleShot(limit_ms, loop.quit)
    loop.exec()
    signal.disconnect(fired)
    return got


def _fill(store: Store, rows: int) -> None:
    rng = random.Random(42)

    def point() -> tuple[float, float]:
        if rng.random() < 0.6:
            return rng.gauss(CITY[0], 0.03), rng.gauss(CITY[1], 0.02)
        return rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)

    def incident(n: int) -> tuple[object, ...]:
        lon, lat = point()
        return incident_values(Incident(
            source=IncidentSource.POLICE_UK, month=f"2023-{n % 12 + 1:02d}", category=CATEGORIES[n % 4],
            lon=lon, lat=lat))

    with store.atomic():
        store.incidents.insert_rows(incident(n) for n in range(rows))


def _store(folder: Path, rows: int) -> Store:
    store = Store(folder / f"bench-{rows}.sqlite", actor="bench")
    _fill(store, rows)
    return store


def _time_drawn(view: MapView, prepare: Callable[[], dict[str, Any]]) -> tuple[float, int]:
    """Seconds from the request to the page reporting the layers drawn, and the payload size."""
    started = time.perf_counter()
    payload = prepare()
    view.set_layers(payload)
    _wait(view.layers_drawn)
    elapsed = time.perf_counter() - started
    return elapsed, len(json.dumps(payload))


def _jagdesk(view: MapView, store: Store, repeats: int, density: bool) -> tuple[float, int]:
    results = [_time_drawn(view, lambda: build_map_layers(store, density=density))
               for _ in range(repeats)]
    return statistics.median(r[0] for r in results), results[0][1]


def _filter_change(view: MapView, store: Store, repeats: int) -> float:
    """A category, then a period, then back to everything (density hidden, as it starts).

    Each change is prepared as the window prepares it: in a background job with a connection
    of its own, opened the way the window's jobs open it.
    """
    filters = [IncidentFilter(categories=frozenset({CATEGORIES[0]})),
               IncidentFilter("2023-04", "2023-09"), IncidentFilter()]

    def prepared(flt: IncidentFilter) -> dict[str, Any]:
        with Store(store.path, actor="bench", backups=BackupPolicy(enabled=False),
                   check_pages=False) as job_store:
            return incident_map_layers(job_store, flt, density=False)

    times = [_time_drawn(view, lambda f=filters[n % 3]: prepared(f))[0]
             for n in range(repeats * 3)]
    return statistics.median(times)


def _naive_page(store: Store, out: Path) -> Path:
    """One folium Marker per incident, with the same local Leaflet (no CDN)."""
    import folium

    fmap = folium.Map(location=[52.636, -1.132], zoom_start=11, tiles=None)
    fmap.default_js = [(a.name, a.url) for a in assets.javascript()[:1]]
    fmap.default_css = [(a.name, a.url) for a in assets.stylesheets()[:1]]
    for _id, lon, lat, month, category in store.incidents.all_points():
        folium.Marker([lat, lon], tooltip=f"{category} {month}").add_to(fmap)
    assets.copy_assets(out.parent)
    fmap.save(str(out))
    return out


def _naive(view: QWebEngineView, store: Store, folder: Path) -> tuple[float, int]:
    started = time.perf_counter()
    page = _naive_page(store, folder / f"naive-{store.incidents.count()}.html")
    view.load(QUrl.fromLocalFile(str(page)))
    ok = _wait(view.loadFinished)
    elapsed = time.perf_counter() - started
    if not ok or not ok[0]:
        print(f"  (naive page did not finish loading: {ok})")
    return elapsed, page.stat().st_size


def _ready_view(folder: Path) -> MapView:
    view = MapView(folder / "cache")
    view.resize(1280, 800)
    view.show()
    view.load_page()
    _wait(view.ready)
    return view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--naive", default="10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    naive = {int(s) for s in args.naive.split(",") if s}
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        view = _ready_view(folder)
        page = folder / "cache" / "map" / "map.html"
        print(f"JagDesk page: {page.stat().st_size:,} bytes of HTML (built once; data goes "
              "through the channel)")
        print(f"{'incidents':>10} | {'JagDesk drawn':>13} | {'payload':>10} | {'+ density':>10} | "
              f"{'filter change':>13} | {'naive drawn':>11} | {'naive page':>11}")
        for rows in sizes:
            started = time.perf_counter()
            store = _store(folder, rows)
            print(f"  (built {rows:,} incidents in {time.perf_counter() - started:.1f} s)",
                  file=sys.stderr)
            drawn, size = _jagdesk(view, store, args.repeats, density=False)
            with_density, _size = _jagdesk(view, store, args.repeats, density=True)
            change = _filter_change(view, store, args.repeats)
            naive_cells = ("", "")
            if rows in naive:
                plain = QWebEngineView()
                plain.resize(1280, 800)
                naive_drawn, naive_size = _naive(plain, store, folder)
                naive_cells = (f"{naive_drawn:.2f} s", f"{naive_size / 1e6:.1f} MB")
                plain.close()
                plain.deleteLater()
            print(f"{rows:>10,} | {drawn:>11.2f} s | {size / 1e6:>7.1f} MB | {with_density:>8.2f} s | "
                  f"{change:>11.2f} s | "
                  f"{naive_cells[0]:>11} | {naive_cells[1]:>11}", flush=True)
            store.close()
        view.close()
        view.deleteLater()
    del app


if __name__ == "__main__":
    main()
