"""The time and author stamped on every change; kept apart so reading them costs no imports."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime


def utc_now() -> str:
    """The current time as ISO-8601 UTC text, to the second, as the store keeps times."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def default_actor() -> str:
    """The OS account name, used as the author of changes unless the user set another."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no account name in some containers
        return "unknown"
