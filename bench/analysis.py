"""How long hotspot detection and before/after assessment take over a million incidents.

Builds a synthetic store of 1M incidents over Leicestershire with some planted clusters (once, in a
temporary folder), then times, each beside a naive way in the same run:
- Gi* over the incidents aggregated to a grid (query, projection, grid, statistic, clusters);
  naive: counting cells and summing neighbourhoods in pure Python loops; also over the real 2021
  Leicestershire force-year (``../shared/data/policeuk``), whose incidents sit on snap points.
- a before/after for 50 hotspots (hotspot, buffer ring, rest of a 2 km square "ward");
  naive: a full table scan per hotspot, classifying every incident in Python.
Budgets: under 2 s and under 1 s.

    python bench/analysis.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import math
import random
import tempfile
import time
from pathlib import Path

from queries import FORCE_YEAR

from jagdesk.analysis.assessment import Windows, measure
from jagdesk.analysis.grid import to_bng
from jagdesk.analysis.spatial import Footprint
from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.filters import IncidentFilter
from jagdesk.domain.records import Incident
from jagdesk.services.analysis import find_hotspots
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store
from jagdesk.store.incident_repo import incident_values

WEST, SOUTH, EAST, NORTH = -1.60, 52.39, -0.66, 52.98
ASB = "Anti-social behaviour"
CATEGORIES = (ASB, "Shoplifting", "Violence and sexual offences", "Criminal damage and arson")


def _fill(store: Store, rows: int) -> list[tuple[float, float]]:
    rng = random.Random(42)
    centres = [(rng.uniform(-1.3, -0.9), rng.uniform(52.5, 52.8)) for _ in range(50)]

    def incident(n: int) -> tuple[object, ...]:
        if n % 20 == 0:  # 5 % of incidents in the planted clusters
            lon, lat = centres[n // 20 % 50]
            lon, lat = rng.gauss(lon, 0.002), rng.gauss(lat, 0.0012)
        else:
            lon, lat = rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)
        return incident_values(Incident(source=IncidentSource.POLICE_UK, month=f"2021-{n % 12 + 1:02d}",
                                        category=CATEGORIES[n % 4], lon=lon, lat=lat))

    with store.atomic():
        store.incidents.insert_rows(incident(n) for n in range(rows))
    return centres


def _timed(work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _naive_gi_star(store: Store, cell_m: float, category: str | None = ASB) -> int:
    """Grid counts and Gi* z-scores with plain Python loops over incidents and cells."""
    flt = IncidentFilter(categories=frozenset({category}) if category else frozenset())
    points = [(p[1], p[2]) for p in store.incidents.all_points(flt)]
    xs, ys = to_bng([p[0] for p in points], [p[1] for p in points])
    x0, y0 = min(xs), min(ys)
    cols, rows = int((max(xs) - x0) // cell_m) + 1, int((max(ys) - y0) // cell_m) + 1
    counts = [[0] * cols for _ in range(rows)]
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        counts[int((y - y0) // cell_m)][int((x - x0) // cell_m)] += 1
    flat = [v for row in counts for v in row]
    n = len(flat)
    mean = sum(flat) / n
    s = math.sqrt(sum(v * v for v in flat) / n - mean * mean)
    hot = 0
    for r in range(rows):
        for c in range(cols):
            hood = [counts[rr][cc] for rr in range(r - 1, r + 2) for cc in range(c - 1, c + 2)
                    if 0 <= rr < rows and 0 <= cc < cols]
            w = len(hood)
            z = (sum(hood) - mean * w) / (s * math.sqrt((n * w - w * w) / (n - 1)))
            hot += z > 3.5
    return hot


def _square(lon: float, lat: float, half_m: float) -> dict[str, object]:
    dlat = half_m / 111_320
    dlon = dlat / math.cos(math.radians(lat))
    ring = [[lon - dlon, lat - dlat], [lon + dlon, lat - dlat], [lon + dlon, lat + dlat],
            [lon - dlon, lat + dlat], [lon - dlon, lat - dlat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _assess_all(store: Store, centres: list[tuple[float, float]]) -> int:
    windows = Windows.around("2021-07", 6)
    total = 0
    for lon, lat in centres:
        hotspot = Footprint({"type": "Point", "coordinates": [lon, lat]}, radius_m=250)
        counts = measure(store, hotspot, 250, Footprint(_square(lon, lat, 1000)), windows,
                         frozenset({ASB}))
        total += counts[0].before
    return total


def _naive_assess_all(store: Store, centres: list[tuple[float, float]]) -> int:
    total = 0
    for lon, lat in centres:
        x_scale = 111_320 * math.cos(math.radians(lat))
        for _, plon, plat, month, category in store.incidents.all_points():
            if category != ASB:
                continue
            d = math.hypot((plon - lon) * x_scale, (plat - lat) * 111_320)
            total += d <= 250 and month <= "2021-06"
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite", actor="bench")
        started = time.perf_counter()
        centres = _fill(store, rows)
        print(f"built {rows:,} incidents in {time.perf_counter() - started:.1f} s")
        find_hotspots(store, ASB)  # warm up: imports pyproj and scipy once
        seconds, search = _timed(lambda: find_hotspots(store, ASB))
        a = search.analysis
        print(f"Gi* hotspots ({a.incidents:,} ASB incidents, {a.rows}x{a.cols} cells of {a.cell_m:.0f} m): "
              f"{seconds:.2f} s, {len(a.clusters)} clusters   budget: 2 s")
        seconds, _ = _timed(lambda: _naive_gi_star(store, a.cell_m))
        print(f"naive Gi* (Python loops over incidents and cells): {seconds:.2f} s")
        _assess_all(store, centres[:1])
        seconds, _ = _timed(lambda: _assess_all(store, centres))
        print(f"before/after for 50 hotspots: {seconds:.2f} s   budget: 1 s")
        seconds, _ = _timed(lambda: _naive_assess_all(store, centres[:5]))
        print(f"naive before/after (full table scan per hotspot): {seconds * 10:.2f} s "
              f"(5 hotspots timed, scaled to 50)")
        store.close()
        _real_force_year(Path(folder))


def _real_force_year(folder: Path) -> None:
    """Gi* over real police.uk data, where incidents sit on a few thousand snap points."""
    if not FORCE_YEAR.is_dir():
        print(f"(no {FORCE_YEAR}: the real force-year is not timed)")
        return
    with Store(folder / "force-year.sqlite", actor="bench") as store:
        import_policeuk(store, [FORCE_YEAR])
        find_hotspots(store, None)
        seconds, search = _timed(lambda: find_hotspots(store, None))
        a = search.analysis
        points = len(store.incidents.located_point_counts())
        print(f"Gi* over the real 2021 force-year ({a.incidents:,} incidents on {points:,} points): "
              f"{seconds:.2f} s, {len(a.clusters)} clusters")
        seconds, _ = _timed(lambda: _naive_gi_star(store, a.cell_m, None))
        print(f"naive Gi* over the same: {seconds:.2f} s")


if __name__ == "__main__":
    main()
