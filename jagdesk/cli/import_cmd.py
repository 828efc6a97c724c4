"""``jagdesk import KIND``: bring data into a database.

``import policeuk --db FILE PATH…`` reads street-level CSV files, folders and zip archives;
``import boundaries --db FILE --kind ward PATH`` reads GeoJSON, GeoPackage or Shapefile areas.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jagdesk.cli.common import EXIT_OK, EXIT_REJECTED, add_db_option, print_json
from jagdesk.domain.enums import AreaKind


def register(subparsers: Any) -> None:
    """Add the ``import`` command and its kinds of data."""
    parser = subparsers.add_parser("import", help="import police.uk crime data or boundary files")
    kinds = parser.add_subparsers(title="what to import", metavar="KIND", required=True)
    _register_policeuk(kinds)
    _register_boundaries(kinds)


def _register_policeuk(kinds: Any) -> None:
    parser = kinds.add_parser(
        "policeuk", help="data.police.uk street-level CSV files, folders of them or zip archives",
        description="Import street-level CSV files. Importing a force's month again replaces it. "
                    f"Exit status {EXIT_REJECTED} when any file or line was rejected.")
    add_db_option(parser)
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="a CSV file, a folder (searched recursively) or a .zip archive")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(run=run_policeuk)


def _register_boundaries(kinds: Any) -> None:
    parser = kinds.add_parser("boundaries", help="GeoJSON, GeoPackage or Shapefile boundaries")
    add_db_option(parser)
    parser.add_argument("--kind", required=True, choices=[k.value for k in AreaKind],
                        help="what the areas are")
    parser.add_argument("--code-field", metavar="F", help="the field holding area codes")
    parser.add_argument("--name-field", metavar="F", help="the field holding area names")
    parser.add_argument("--repair", action="store_true",
                        help="repair invalid geometries instead of refusing the file")
    parser.add_argument("path", type=Path, metavar="PATH", help="the boundary file")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(run=run_boundaries)


def _show_progress(fraction: float, message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{fraction:4.0%} {message[:60]:<60}")
        sys.stderr.flush()


def _end_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")


def run_policeuk(args: argparse.Namespace) -> int:
    """Import the files and print the summary; non-zero exit when anything was rejected."""
    from jagdesk.services.importing import import_policeuk
    from jagdesk.store import Store

    with Store(args.db) as store:
        summary = import_policeuk(store, args.paths, progress=_show_progress)
    _end_progress()
    if args.json:
        print_json(summary.to_dict())
    else:
        print(summary.describe())
    return EXIT_OK if summary.ok else EXIT_REJECTED


def run_boundaries(args: argparse.Namespace) -> int:
    """Import one boundary file and print what changed."""
    from jagdesk.services.boundaries import import_boundaries
    from jagdesk.store import Store

    with Store(args.db) as store:
        result = import_boundaries(store, args.path, AreaKind(args.kind),
                                   code_field=args.code_field, name_field=args.name_field,
                                   repair=args.repair, progress=_show_progress)
    _end_progress()
    if args.json:
        print_json(result.to_dict())
    else:
        print(result.describe())
    return EXIT_OK
