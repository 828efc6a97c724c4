"""Problem-solving plans, their responses and the priorities they serve."""

from __future__ import annotations

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.records import Plan, Response
from jagdesk.store.repo import Repo


class PlanRepo(Repo[Plan]):
    """One plan per hotspot."""

    table = "plan"
    record_type = Plan

    def for_hotspot(self, hotspot_id: str) -> Plan | None:
        """Return the plan of a hotspot, if it has one."""
        found = self.find("hotspot_id = ?", [hotspot_id])
        return found[0] if found else None

    def framework_item_ids(self, plan_id: str) -> list[str]:
        """Return the ids of the framework items (priorities) a plan is linked to."""
        rows = self._db.execute(
            "SELECT framework_item_id FROM plan_framework_item WHERE plan_id = ? "
            "ORDER BY framework_item_id", [plan_id])
        return [row[0] for row in rows]

    def set_framework_items(self, plan_id: str, item_ids: list[str]) -> None:
        """Replace the priorities a plan is linked to, and audit the change."""
        with self._db.atomic():
            before = self.framework_item_ids(plan_id)
            self._db.execute("DELETE FROM plan_framework_item WHERE plan_id = ?", [plan_id])
            self._db.conn.executemany(
                "INSERT INTO plan_framework_item (plan_id, framework_item_id) VALUES (?, ?)",
                [(plan_id, item_id) for item_id in sorted(set(item_ids))],
            )
            self._audit.append("update", AuditClass.ALTERATION, "plan_framework_item", plan_id,
                               summary="priorities linked to plan",
                               before={"framework_item_ids": before},
                               after={"framework_item_ids": sorted(set(item_ids))})


class ResponseRepo(Repo[Response]):
    """Tactics and powers applied in plans."""

    table = "response"
    record_type = Response
    json_fields = ("geometry",)
    order_by = "started_on, rowid"

    def for_plan(self, plan_id: str) -> list[Response]:
        """Return a plan's responses, earliest first."""
        return self.find("plan_id = ?", [plan_id])
