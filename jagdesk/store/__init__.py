"""The only package that speaks SQL: the database, its schema, repositories and audit log.

``Store`` is loaded on first use: it brings in sqlite-utils (and with it pandas, about a third
of a second), which the window must not wait for when a module only needs, say, the MBTiles
reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jagdesk.store.store import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from jagdesk.store.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
