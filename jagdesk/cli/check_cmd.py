"""``jagdesk check --db FILE``: integrity, foreign keys, schema version and audit chain."""

from __future__ import annotations

import argparse
from typing import Any

from jagdesk.cli.common import EXIT_ERROR, EXIT_OK, add_db_option, fail, print_json


def register(subparsers: Any) -> None:
    """Add the ``check`` command."""
    parser = subparsers.add_parser(
        "check", help="check a database: integrity, foreign keys, schema version, audit chain")
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the file and report; non-zero exit when anything is wrong."""
    from jagdesk.store.check import check_database

    report = check_database(args.db)
    if args.json:
        print_json({"file": str(report.path), "ok": report.ok, "schema_version": report.schema_version,
                    "problems": report.problems, "counts": report.counts})
    elif report.ok:
        counts = ", ".join(f"{n} {table}" for table, n in report.counts.items())
        print(f"{report.path}: OK (schema {report.schema_version}; {counts})")
    if report.ok:
        return EXIT_OK
    if args.json:
        return EXIT_ERROR
    first = report.problems[0]
    if str(report.path) not in first:
        first = f"{report.path}: {first}"
    more = len(report.problems) - 1
    return fail(first + (f" (and {more} more problem(s); see --json)" if more else ""))
