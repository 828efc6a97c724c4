"""``jagdesk analyse KIND``: evidence for analysts.

``analyse hotspots --db FILE [--category C] [--from YYYY-MM --to YYYY-MM]`` lists significant
clusters; ``analyse assess --db FILE --hotspot REF`` gives a hotspot's before/after figures.
"""

from __future__ import annotations

import argparse
from typing import Any

from jagdesk.cli.common import EXIT_OK, add_db_option, print_json

ASB = "Anti-social behaviour"


def register(subparsers: Any) -> None:
    """Add the ``analyse`` command and its kinds of analysis."""
    parser = subparsers.add_parser("analyse", help="hotspot detection and before/after assessment")
    kinds = parser.add_subparsers(title="analysis", metavar="KIND", required=True)
    hotspots = kinds.add_parser("hotspots", help="significant clusters (Getis-Ord Gi*), strongest first")
    add_db_option(hotspots)
    hotspots.add_argument("--category", default=ASB, help=f"police.uk category (default: {ASB}); "
                          "'all' for every category")
    hotspots.add_argument("--from", dest="month_from", metavar="YYYY-MM", help="first month")
    hotspots.add_argument("--to", dest="month_to", metavar="YYYY-MM", help="last month")
    hotspots.add_argument("--cell", type=float, metavar="METRES", help="grid cell size")
    hotspots.add_argument("--json", action="store_true", help="print the figures as JSON")
    hotspots.set_defaults(run=run_hotspots)
    assess = kinds.add_parser("assess", help="before/after, control area and displacement (WDQ)")
    add_db_option(assess)
    assess.add_argument("--hotspot", required=True, metavar="REF", help="hotspot reference, e.g. HS-0001")
    assess.add_argument("--start", metavar="YYYY-MM", help="response start (default: the plan's first)")
    assess.add_argument("--months", type=int, default=6, help="months in each window (default 6)")
    assess.add_argument("--control", choices=["ward", "local_authority"], default="ward",
                        help="comparison area: the rest of the hotspot's ward or local authority")
    assess.add_argument("--category", default=ASB, help="police.uk category; 'all' for every one")
    assess.add_argument("--json", action="store_true", help="print the figures as JSON")
    assess.set_defaults(run=run_assess)


def _category(value: str) -> str | None:
    return None if value.lower() == "all" else value


def run_hotspots(args: argparse.Namespace) -> int:
    """Print the ranked clusters."""
    from jagdesk.services.analysis import find_hotspots
    from jagdesk.store import Store

    with Store(args.db, read_only=True) as store:
        search = find_hotspots(store, _category(args.category), args.month_from, args.month_to,
                               cell_m=args.cell)
    if args.json:
        print_json(search.to_dict())
        return EXIT_OK
    a = search.analysis
    print(f"{search.category or 'All incidents'}, {search.month_from} to {search.month_to}: "
          f"{a.incidents} incidents on a {a.cell_m:.0f} m grid ({a.rows} x {a.cols}); "
          f"{len(a.clusters)} significant clusters ({a.correction}, {a.alpha:.0%}).")
    for c in a.clusters:
        warning = "  single snap point" if c.single_snap_point else ""
        print(f"{c.rank:3d}. {c.lat:.5f}, {c.lon:.5f}  {c.incidents:5d} incidents  {c.cells:3d} cells"
              f"  z {c.z:5.1f}  p {c.p:.1e}{warning}")
    return EXIT_OK


def run_assess(args: argparse.Namespace) -> int:
    """Print a hotspot's before/after figures and their reading."""
    from jagdesk.services.analysis import assess_hotspot
    from jagdesk.store import Store

    with Store(args.db, read_only=True) as store:
        result = assess_hotspot(store, args.hotspot, args.start, args.months, args.control,
                                _category(args.category))
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    print(result.subject)
    for name, zone in (("hotspot", result.hotspot), ("buffer ring", result.buffer),
                       ("control", result.control)):
        print(f"  {name:12s} {zone.before:6d} -> {zone.after:6d}  {zone.wording}")
    wdq = "n/a" if result.wdq is None else f"{result.wdq:.2f}"
    print(f"  WDQ {wdq}")
    print(result.reading)
    for note in result.notes:
        print(f"Note: {note}")
    return EXIT_OK
