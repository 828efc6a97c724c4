"""``jagdesk export KIND``: plan summaries, meeting packs and minutes, and data files.

``export plan`` draws the real map (the app's map view, off screen) unless ``--no-map``.
"""

from __future__ import annotations

import argparse
from typing import Any

from jagdesk.cli.common import EXIT_OK, add_db_option
from jagdesk.services.export_profiles import FULL, PROFILES


def register(subparsers: Any) -> None:
    """Add the ``export`` command and its kinds."""
    parser = subparsers.add_parser("export", help="plan summaries, meeting packs and data files")
    kinds = parser.add_subparsers(title="exports", metavar="KIND", required=True)
    plan = kinds.add_parser("plan", help="a hotspot's plan summary as PDF, DOCX or HTML")
    add_db_option(plan)
    plan.add_argument("--hotspot", required=True, metavar="REF", help="e.g. HS-0001")
    plan.add_argument("--format", required=True, choices=["pdf", "docx", "html"])
    plan.add_argument("--no-map", action="store_true", help="leave the map picture out")
    _common(plan)
    plan.set_defaults(run=run_plan)
    meeting = kinds.add_parser("meeting", help="a meeting's pack, or its minutes, as PDF or DOCX")
    add_db_option(meeting)
    meeting.add_argument("--meeting", required=True, metavar="REF", help="e.g. JAG-0001")
    meeting.add_argument("--format", required=True, choices=["pdf", "docx"])
    meeting.add_argument("--minutes", action="store_true",
                         help="the minutes (decisions and action log) instead of the pack")
    _common(meeting)
    meeting.set_defaults(run=run_meeting)
    data = kinds.add_parser("data", help="hotspots, incidents or actions as CSV, GeoJSON or GeoPackage")
    add_db_option(data)
    data.add_argument("--what", required=True, choices=["hotspots", "incidents", "actions"])
    data.add_argument("--format", required=True, choices=["csv", "geojson", "gpkg"])
    data.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    data.add_argument("--from", dest="month_from", metavar="YYYY-MM", help="first month of incidents")
    data.add_argument("--to", dest="month_to", metavar="YYYY-MM", help="last month of incidents")
    _profile(data)
    data.set_defaults(run=run_data)
    _register_map(kinds)


def _register_map(kinds: Any) -> None:
    shown = kinds.add_parser("map", help="the map as one HTML file that opens offline")
    add_db_option(shown)
    shown.add_argument("--out", required=True, metavar="FILE", help="the .html file to write")
    shown.add_argument("--from", dest="month_from", metavar="YYYY-MM", help="first month of incidents")
    shown.add_argument("--to", dest="month_to", metavar="YYYY-MM", help="last month of incidents")
    shown.add_argument("--marking", metavar="TEXT",
                       help="protective marking (default: the database's, else OFFICIAL-SENSITIVE)")
    _profile(shown)
    shown.set_defaults(run=run_map)


def run_map(args: argparse.Namespace) -> int:
    """Write the stand-alone map."""
    from pathlib import Path

    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.services.map_export import export_map_html
    from jagdesk.store import Store

    with Store(args.db) as store:
        result = export_map_html(store, Path(args.out), IncidentFilter(args.month_from, args.month_to),
                                 marking=args.marking, profile=args.profile)
    print(result.describe())
    return EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.add_argument("--marking", metavar="TEXT",
                        help="protective marking (default: the database's, else OFFICIAL-SENSITIVE)")
    parser.add_argument("--author", metavar="NAME", help="author printed on every page")
    _profile(parser)


def _profile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", choices=PROFILES, default=FULL,
                        help="partner: leave out people (the triangle's victim, offender and "
                             "controllers, named contacts and officers) and free-text notes")


def run_plan(args: argparse.Namespace) -> int:
    """Write a plan summary."""
    from pathlib import Path

    from jagdesk.errors import NotFoundError
    from jagdesk.services.exports import export_plan
    from jagdesk.store import Store

    with Store(args.db, actor=args.author) as store:
        hotspot = store.hotspots.by_ref(args.hotspot)
        if hotspot is None:
            raise NotFoundError(f"No hotspot {args.hotspot}")
        map_png = None
        if not args.no_map:
            from jagdesk.ui.map_snapshot import render_hotspot_map

            map_png = render_hotspot_map(store.path, hotspot.id)
        result = export_plan(store, args.hotspot, args.format, Path(args.out), map_png=map_png,
                             marking=args.marking, author=args.author, profile=args.profile)
    print(result.describe())
    return EXIT_OK


def run_meeting(args: argparse.Namespace) -> int:
    """Write a meeting pack or minutes."""
    from pathlib import Path

    from jagdesk.services.exports import export_meeting
    from jagdesk.store import Store

    with Store(args.db, actor=args.author) as store:
        result = export_meeting(store, args.meeting, args.format,
                                "minutes" if args.minutes else "pack", Path(args.out),
                                marking=args.marking, author=args.author,
                                profile=args.profile)
    print(result.describe())
    return EXIT_OK


def run_data(args: argparse.Namespace) -> int:
    """Write a data file."""
    from pathlib import Path

    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.services.exports import export_data
    from jagdesk.store import Store

    flt = IncidentFilter(args.month_from, args.month_to)
    with Store(args.db) as store:
        result = export_data(store, args.what, args.format, Path(args.out), flt,
                             profile=args.profile)
    print(result.describe())
    return EXIT_OK
