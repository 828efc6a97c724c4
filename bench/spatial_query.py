"""How long a hotspot or viewport query takes over a million incidents.

Builds a synthetic store of 1M incidents spread over Leicestershire (once, in a temporary folder),
then times the R*Tree queries JagDesk uses beside the naive way: a full scan comparing coordinates.
Budget: under 50 ms per query.

    python bench/spatial_query.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from queries import CITY_VIEW, CLOCK_TOWER, median_ms, naive_view_scan

from jagdesk.analysis.spatial import Footprint, count_in, in_view
from jagdesk.domain.enums import IncidentSource
from jagdesk.domain.records import Incident
from jagdesk.store import Store
from jagdesk.store.incident_repo import incident_values

# Leicestershire's extent, roughly.
WEST, SOUTH, EAST, NORTH = -1.60, 52.39, -0.66, 52.98
CATEGORIES = ("Anti-social behaviour", "Shoplifting", "Violence and sexual offences", "Criminal damage and arson")


def _fill(store: Store, rows: int) -> None:
    rng = random.Random(42)

    def incident(n: int) -> tuple[object, ...]:
        return incident_values(Incident(
            source=IncidentSource.POLICE_UK, month=f"2021-{n % 12 + 1:02d}", category=CATEGORIES[n % 4],
            lon=rng.uniform(WEST, EAST), lat=rng.uniform(SOUTH, NORTH)))

    with store.atomic():
        store.incidents.insert_rows(incident(n) for n in range(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite", actor="bench")
        started = time.perf_counter()
        _fill(store, rows)
        print(f"built {rows:,} incidents in {time.perf_counter() - started:.1f} s")
        hotspot = Footprint(CLOCK_TOWER, radius_m=250)
        print(f"hotspot (250 m radius): {median_ms(lambda: count_in(store, hotspot)):7.2f} ms"
              f"   found {count_in(store, hotspot)}")
        print(f"viewport (city centre): {median_ms(lambda: in_view(store, CITY_VIEW)):7.2f} ms"
              f"   found {sum(p[3] for p in in_view(store, CITY_VIEW))}")
        print(f"naive full scan (same viewport): {median_ms(lambda: naive_view_scan(store, CITY_VIEW), 5):7.2f} ms   budget: 50 ms per query")
        store.close()


if __name__ == "__main__":
    main()
