"""One search box over hotspots, plans and actions, with results as the user types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jagdesk.store.search_repo import SearchHit

if TYPE_CHECKING:
    from jagdesk.store import Store

__all__ = ["SearchHit", "search"]


def search(store: Store, text: str, *, limit: int = 50,
           mark: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
    """Find hotspots, plans and actions matching the text, best match first.

    Every word must match, and the last letters typed need not be complete ("stree" finds
    "street"). Any text is safe, including quotes and search operators.

    Args:
        store: the open database.
        text: what the user typed.
        limit: the most results to return.
        mark: the text put around each matched word in ``SearchHit.snippet``.
    """
    return store.search.search(text, limit=limit, mark=mark)
