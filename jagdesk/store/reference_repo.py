"""Reference data: lookup lists, strategic frameworks and the tactics catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from jagdesk.domain.records import Framework, FrameworkItem, LookupItem, Tactic
from jagdesk.store.repo import Repo, from_row, to_row

if TYPE_CHECKING:
    from sqlite_utils import Database


class LookupRepo:
    """Open reference lists such as partner types and problem types."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def items(self, list_name: str) -> list[LookupItem]:
        """Return a list's entries in their shipped order."""
        rows = self._db.query(
            "SELECT * FROM lookup WHERE list_name = ? ORDER BY position", [list_name])
        return [from_row(LookupItem, row) for row in rows]

    def label(self, list_name: str, code: str) -> str:
        """Return the label of a code, or the code itself when it is not in the list."""
        row = self._db.execute("SELECT label FROM lookup WHERE list_name = ? AND code = ?",
                               [list_name, code]).fetchone()
        return row[0] if row else code

    def replace_list(self, list_name: str, items: Iterable[LookupItem]) -> None:
        """Replace a whole list, keeping the given order."""
        with self._db.atomic():
            self._db.execute("DELETE FROM lookup WHERE list_name = ?", [list_name])
            rows = [to_row(item) | {"position": n} for n, item in enumerate(items)]
            if rows:
                self._db["lookup"].insert_all(rows)  # type: ignore[union-attr]

    def meta(self, key: str) -> str | None:
        """Return a value from the database's own key/value table."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a value in the database's own key/value table."""
        self._db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])


class FrameworkRepo(Repo[Framework]):
    """Strategic plans, such as a Police and Crime Plan."""

    table = "framework"
    record_type = Framework
    order_by = "code"

    def by_code(self, code: str) -> Framework | None:
        """Return the framework with this code, if any."""
        found = self.find("code = ?", [code])
        return found[0] if found else None


class FrameworkItemRepo(Repo[FrameworkItem]):
    """Themes, priorities, aims and measures of frameworks."""

    table = "framework_item"
    record_type = FrameworkItem
    order_by = "position"

    def for_framework(self, framework_id: str) -> list[FrameworkItem]:
        """Return a framework's items in document order."""
        return self.find("framework_id = ?", [framework_id])

    def by_ref(self, framework_id: str, ref: str) -> FrameworkItem | None:
        """Return one item of a framework by its reference."""
        found = self.find("framework_id = ? AND ref = ?", [framework_id, ref])
        return found[0] if found else None


class TacticRepo(Repo[Tactic]):
    """The catalogue of responses and powers."""

    table = "tactic"
    record_type = Tactic
    order_by = "name"

    def by_code(self, code: str) -> Tactic | None:
        """Return the tactic with this code, if any."""
        found = self.find("code = ?", [code])
        return found[0] if found else None
