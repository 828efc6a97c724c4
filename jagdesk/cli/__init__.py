"""The ``jagdesk`` command line: open the app, or run one batch command and exit.

Each sub-command lives in its own ``<name>_cmd`` module exposing ``register(subparsers)``; the
module imports its heavy dependencies inside ``run`` so that plain ``jagdesk`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from jagdesk import __version__
from jagdesk.cli.common import EXIT_ERROR, fail
from jagdesk.errors import JagdeskError

# Sub-command modules, in the order ``jagdesk --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = ("demo_cmd", "import_cmd", "check_cmd", "backup_cmd", "analyse_cmd",
                                     "export_cmd")


def build_parser() -> argparse.ArgumentParser:
    """The parser for the whole command line."""
    parser = argparse.ArgumentParser(
        prog="jagdesk",
        description="JagDesk: hotspots, problem-solving plans and partner actions for Joint Action Groups.",
    )
    parser.add_argument("--version", action="version", version=f"JagDesk {__version__}")
    parser.add_argument("--db", metavar="FILE", help="the database to open (default: your JagDesk data folder)")
    parser.add_argument("--no-error-dialogs", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--timing-exit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", metavar="PNG",
                        help="open the app, save a picture of the window once the map has drawn, and quit")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"jagdesk.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit status."""
    args = build_parser().parse_args(argv)
    command = getattr(args, "run", None)
    try:
        if command is None:
            from jagdesk.app import run_app

            return run_app(args)
        return int(command(args))
    except JagdeskError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_ERROR)
    except BrokenPipeError:
        # The output was piped into a reader that stopped early (``| head``): what the command
        # did is done, there is just no one left to tell. Quiet Python's own flush at exit too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
