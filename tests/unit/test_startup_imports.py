"""The window opens before any heavy library loads: start-up stays inside its one-second budget."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "pyarrow", "pandas", "geopandas", "folium", "matplotlib", "reportlab",
         "sqlite_utils", "shapely", "pyproj", "scipy", "docx")


def test_building_the_window_loads_no_heavy_library() -> None:
    # A fresh interpreter, so other tests' imports do not count.
    code = ("import sys, json; import jagdesk.cli, jagdesk.app, jagdesk.ui.main_window; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    assert json.loads(loaded.stdout.strip().splitlines()[-1]) == []
