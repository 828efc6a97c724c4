"""Partner actions and their dated updates."""

from __future__ import annotations

from jagdesk.domain.records import Action, ActionUpdate
from jagdesk.store.refs import next_ref
from jagdesk.store.repo import Repo

_UNFINISHED = "status NOT IN ('done', 'cancelled')"


class ActionRepo(Repo[Action]):
    """Who does what by when, numbered ``AC-0001`` onwards."""

    table = "action"
    record_type = Action
    order_by = "due_on IS NULL, due_on, ref"

    def _prepare(self, record: Action) -> None:
        if not record.ref:
            record.ref = next_ref(self._db, self.table, "AC")

    def _summary(self, record: Action) -> str:
        return f"action {record.ref} {record.title}"

    def for_hotspot(self, hotspot_id: str) -> list[Action]:
        """Return the actions of a hotspot, soonest due first."""
        return self.find("hotspot_id = ?", [hotspot_id])

    def for_plan(self, plan_id: str) -> list[Action]:
        """Return the actions of a plan, soonest due first."""
        return self.find("plan_id = ?", [plan_id])

    def overdue(self, today: str) -> list[Action]:
        """Return unfinished actions whose due date (``YYYY-MM-DD``) is before today."""
        return self.find(f"{_UNFINISHED} AND due_on < ?", [today])

    def overdue_count_by_hotspot(self, today: str) -> dict[str, int]:
        """Return, per hotspot id, how many of its actions are overdue."""
        rows = self._db.execute(
            f"SELECT hotspot_id, COUNT(*) FROM action WHERE {_UNFINISHED} AND due_on < ? "
            "AND hotspot_id IS NOT NULL GROUP BY hotspot_id", [today])
        return {row[0]: row[1] for row in rows}


class ActionUpdateRepo(Repo[ActionUpdate]):
    """Dated progress notes on actions."""

    table = "action_update"
    record_type = ActionUpdate
    order_by = '"on", rowid'

    def for_action(self, action_id: str) -> list[ActionUpdate]:
        """Return an action's updates, oldest first."""
        return self.find("action_id = ?", [action_id])
