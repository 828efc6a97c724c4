"""Start-up time: process start to main window shown, and to the map drawn.

Runs ``python -m jagdesk --db <demo> --timing-exit`` several times (offscreen), and beside it the
naive design: the same start-up after importing geopandas, folium, matplotlib and reportlab
eagerly, as a program that imports everything at the top of its modules would.

    python bench/startup.py [--runs 5] [--db FILE]

The demo database is built with ``build_demo`` into a temporary folder when ``--db`` is not given.
Budget (ARCHITECTURE.md section 6): under 1.0 s to the window.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BUDGET_WINDOW_S = 1.0
TIMING = re.compile(r"JAGDESK_TIMING window_shown=([\d.]+) map_ready=([\d.a-z]+)")
NAIVE_PRELUDE = (
    "import sys, geopandas, folium, matplotlib.pyplot, reportlab.pdfgen.canvas\n"
    "from jagdesk.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    env["JAGDESK_HOME"] = str(home)  # never the real profile
    return env


def _run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    found = TIMING.search(result.stdout)
    if result.returncode != 0 or not found:
        raise RuntimeError(f"start-up failed ({result.returncode}):\n{result.stdout}\n"
                           f"{result.stderr[-2000:]}")
    return float(found.group(1)), float(found.group(2))


def _build_demo(folder: Path) -> Path:
    from jagdesk.services.demo import DEMO_FILE_NAME, build_demo

    path = folder / DEMO_FILE_NAME
    print(f"building the demo database in {path} …")
    build_demo(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="database to open (default: a fresh demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jagdesk-bench-") as scratch:
        folder = Path(scratch)
        db = args.db or _build_demo(folder)
        env = _environment(folder / "home")
        app_args = ["--db", str(db), "--timing-exit"]
        designs = {
            "lazy (JagDesk)": [sys.executable, "-m", "jagdesk", *app_args],
            "naive (eager imports)": [sys.executable, "-c", NAIVE_PRELUDE, *app_args],
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in designs}
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            for name, command in designs.items():
                samples[name].append(_run_once(command, env))
    print(f"\nstart-up, median of {args.runs} runs (seconds since process start)")
    print(f"{'design':24} {'window shown':>13} {'map drawn':>10}")
    for name, runs in samples.items():
        window = statistics.median(run[0] for run in runs)
        drawn = statistics.median(run[1] for run in runs)
        print(f"{name:24} {window:13.3f} {drawn:10.3f}")
    lazy_window = statistics.median(run[0] for run in samples["lazy (JagDesk)"])
    verdict = "within" if lazy_window < BUDGET_WINDOW_S else "OVER"
    print(f"\nbudget to window shown: {BUDGET_WINDOW_S:.1f} s — JagDesk is {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
