"""What the query benchmarks share: the places they ask about, the timing and the naive scan."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jagdesk.store import Store

# The twelve real 2021 Leicestershire street-level files, beside the project.
FORCE_YEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "policeuk" / "leicestershire"

# The Clock Tower, Leicester's busiest ASB hotspot, and a city-centre map view around it.
CLOCK_TOWER = {"type": "Point", "coordinates": [-1.1336, 52.6365]}
CITY_VIEW = (-1.16, 52.62, -1.11, 52.65)


def median_ms(query: Callable[[], object], repeats: int = 20) -> float:
    """The median time of ``repeats`` runs of ``query``, in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def naive_view_scan(store: Store, box: tuple[float, float, float, float]) -> list[Any]:
    """The incidents in a box found the naive way: every incident row read and compared."""
    min_lon, min_lat, max_lon, max_lat = box
    # CROSS JOIN keeps SQLite reading the incidents first, as a scan without an index would.
    return store.db.execute(
        "SELECT r.id, p.lon, p.lat, r.month, r.category FROM incident_record r "
        "CROSS JOIN incident_point p ON p.id = r.point_id "
        "WHERE p.lon BETWEEN ? AND ? AND p.lat BETWEEN ? AND ?",
        [min_lon, max_lon, min_lat, max_lat]).fetchall()
