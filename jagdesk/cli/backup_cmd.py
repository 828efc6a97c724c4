"""``jagdesk backup`` and ``jagdesk restore``: consistent copies through the SQLite backup API."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from jagdesk.cli.common import EXIT_OK, add_db_option, print_json


def register(subparsers: Any) -> None:
    """Add the ``backup`` and ``restore`` commands."""
    backup = subparsers.add_parser(
        "backup", help="write a verified copy of a database (safe while it is open elsewhere)")
    add_db_option(backup)
    target = backup.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="FILE", type=Path,
                        help="the backup file to write (default: a new file in the backups folder)")
    target.add_argument("--list", action="store_true",
                        help="list this database's backups in the backups folder, newest first")
    backup.add_argument("--json", action="store_true", help="print the result as JSON")
    backup.set_defaults(run=run_backup)

    restore = subparsers.add_parser(
        "restore", help="replace a database with a backup; the current file is backed up first")
    add_db_option(restore)
    restore.add_argument("--from", dest="source", metavar="FILE", type=Path, required=True,
                         help="the backup to restore")
    restore.add_argument("--json", action="store_true", help="print the result as JSON")
    restore.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    """Write one backup, or list the backups."""
    from jagdesk.services.backups import back_up, backups_of, policy_for

    if args.list:
        found = backups_of(args.db)
        if args.json:
            print_json([{"file": str(b.path), "taken_at": b.taken_at.isoformat(), "size": b.size,
                         "kind": b.kind} for b in found])
        else:
            for b in found:
                print(f"{b.taken_at:%Y-%m-%d %H:%M:%S} UTC  {_size(b.size):>9}  {b.kind:<13}  {b.path}")
            if not found:
                print(f"{args.db}: no backups yet")
        return EXIT_OK
    info = back_up(args.db, args.out, policy_for(args.db))
    if args.json:
        print_json({"file": str(info.path), "size": info.size, "database": str(args.db)})
    else:
        print(f"{args.db} backed up to {info.path} ({_size(info.size)}, checked)")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    """Restore the database from a backup and say where the previous file is kept."""
    from jagdesk.services.backups import policy_for, restore

    result = restore(args.db, args.source, policy_for(args.db))
    previous = str(result.previous) if result.previous else None
    if args.json:
        print_json({"database": str(args.db), "restored_from": str(result.restored_from),
                    "previous": previous})
    else:
        print(f"{args.db} restored from {result.restored_from} (checked)")
        print(f"the previous file is kept as {previous}" if previous
              else "there was no previous file")
    return EXIT_OK


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
