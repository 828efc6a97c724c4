"""Full-text search over hotspots, plans and actions, through the FTS5 tables of migration 0002."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


# Letters and digits only: every FTS5 operator, quote and bracket the user types is dropped.
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8

# The tables are built with the porter stemmer, which stores "drinking" as "drink". A word
# being typed ("drinkin") is therefore matched both as a prefix and, through its own shorter
# beginnings, as the stem it will become, so results appear while the user is still typing.
_SHORTEST_STEM = 3
_LONGEST_SUFFIX = 4


@dataclass(frozen=True)
class SearchHit:
    """One search result: what it is, its id, a title and the matching passage."""

    kind: str  # "hotspot", "plan" or "action"
    id: str
    title: str
    snippet: str
    rank: float


def match_expression(text: str) -> str:
    """Turn whatever the user typed into a safe FTS5 query; empty when there is nothing to find."""
    words = [w.lower() for w in _WORD.findall(text)][:MAX_WORDS]
    return " AND ".join(_word_query(word) for word in words)


def _word_query(word: str) -> str:
    options = [f'"{word}"*']
    shortest = max(_SHORTEST_STEM, len(word) - _LONGEST_SUFFIX)
    options += [f'"{word[:n]}"' for n in range(shortest, len(word))]
    return "(" + " OR ".join(options) + ")"


_SQL = """
SELECT 'hotspot' AS kind, h.id, h.ref || ' ' || h.name AS title,
       snippet(hotspot_fts, -1, :open, :close, '…', 12) AS snippet, bm25(hotspot_fts) AS rank
  FROM hotspot_fts JOIN hotspot h ON h.rowid = hotspot_fts.rowid
 WHERE hotspot_fts MATCH :query
UNION ALL
SELECT 'plan', p.id, 'Plan for ' || h.ref || ' ' || h.name,
       snippet(plan_fts, -1, :open, :close, '…', 12), bm25(plan_fts)
  FROM plan_fts JOIN plan p ON p.rowid = plan_fts.rowid JOIN hotspot h ON h.id = p.hotspot_id
 WHERE plan_fts MATCH :query
UNION ALL
SELECT 'action', a.id, a.ref || ' ' || a.title,
       snippet(action_fts, -1, :open, :close, '…', 12), bm25(action_fts)
  FROM action_fts JOIN action a ON a.rowid = action_fts.rowid
 WHERE action_fts MATCH :query
ORDER BY rank
LIMIT :limit
"""


class SearchRepo:
    """Ranked search across the JAG's working record."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def search(self, text: str, *, limit: int = 50, mark: tuple[str, str] = ("[", "]")
               ) -> list[SearchHit]:
        """Return the best matches for the user's text, best first.

        Args:
            text: anything typed in a search box; quotes and operators are treated as spaces.
            limit: the most results to return.
            mark: the text put before and after each matched word in snippets.
        """
        query = match_expression(text)
        if not query:
            return []
        params = {"query": query, "open": mark[0], "close": mark[1], "limit": int(limit)}
        return [SearchHit(kind=row["kind"], id=row["id"], title=row["title"],
                          snippet=row["snippet"], rank=row["rank"])
                for row in self._db.query(_SQL, params)]
