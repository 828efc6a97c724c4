"""Pieces every sub-command shares: the ``--db`` option, errors and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_REJECTED = 3  # the command ran, but some input was rejected


def add_db_option(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add ``--db FILE`` to a sub-command."""
    parser.add_argument("--db", metavar="FILE", required=required, type=Path,
                        help="the JagDesk database file")


def fail(message: str, status: int = EXIT_ERROR) -> int:
    """Print a one-line error to stderr and return the exit status to use."""
    print(f"jagdesk: error: {message}", file=sys.stderr)
    return status


def print_json(data: Any) -> None:
    """Print a JSON document to stdout."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
