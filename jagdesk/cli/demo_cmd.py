"""``jagdesk demo --db FILE [--replace]``: build the Leicester demo database."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jagdesk.cli.common import EXIT_OK, add_db_option, print_json


def register(subparsers: Any) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo", help="create a demo database: real Leicester boundaries and police.uk data, "
                     "sample hotspots, plans, partners and a JAG meeting")
    add_db_option(parser)
    parser.add_argument("--replace", action="store_true",
                        help="overwrite FILE if it already exists")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the demo and print what it contains."""
    from jagdesk.services.demo import build_demo

    def show(fraction: float, message: str) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{fraction:4.0%} {message[:60]:<60}")
            sys.stderr.flush()

    summary = build_demo(args.db, replace=args.replace, progress=show)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        print_json(summary.to_dict())
    else:
        print(summary.describe())
    return EXIT_OK
