"""Problem-solving plans: save, link to Police and Crime Plan priorities, close with evaluation."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.domain import plan_rules
from jagdesk.domain.enums import AuditClass, PlanStatus
from jagdesk.domain.plan_rules import ClosureEvaluation
from jagdesk.services.actions import delete_action
from jagdesk.services.checks import exists, raise_if

if TYPE_CHECKING:
    from jagdesk.domain.records import Plan
    from jagdesk.domain.rules import Problems
    from jagdesk.store import Store

__all__ = ["ClosureEvaluation", "close_plan", "delete_plan", "link_priorities",
           "open_plan_for_viewing", "plan_problems", "record_consultation", "reopen_plan",
           "save_plan"]


def open_plan_for_viewing(store: Store, hotspot_id: str) -> Plan | None:
    """The plan of a hotspot, its viewing logged as a consultation; None when it has none."""
    plan = store.plans.for_hotspot(hotspot_id)
    if plan is not None:
        record_consultation(store, plan)
    return plan


def record_consultation(store: Store, plan: Plan) -> None:
    """Log that the plan's people fields were viewed: who, when and which plan, never the content.

    A database opened read-only cannot be written, so its viewings go unlogged.
    """
    if store.read_only or plan.version == 0:
        return
    hotspot = store.hotspots.get(plan.hotspot_id)
    with store.atomic():
        store.audit.append("view", AuditClass.CONSULTATION, "plan", plan.id,
                           summary=f"plan of {hotspot.ref} viewed (people and free-text fields)",
                           after={"hotspot": hotspot.ref, "plan": plan.id})


def plan_problems(store: Store, plan: Plan) -> Problems:
    """Everything wrong with a plan, by field, including its hotspot and a second plan for it."""
    found = plan_rules.plan_problems(plan)
    if "hotspot_id" not in found and not exists(store.hotspots, plan.hotspot_id):
        found["hotspot_id"] = "The hotspot of this plan no longer exists."
    other = store.plans.for_hotspot(plan.hotspot_id) if "hotspot_id" not in found else None
    if other is not None and other.id != plan.id:
        found["hotspot_id"] = "This hotspot already has a plan; open that one instead."
    return found


def save_plan(store: Store, plan: Plan, *, today: date | None = None) -> Plan:
    """Add a plan (when it has never been saved) or save changes to it.

    A plan saved as closed must carry its closure evaluation; its closing date defaults to today.

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
        ConflictError: when someone else saved it since it was read.
    """
    if plan.status is PlanStatus.CLOSED and not plan.closed_on:
        plan = dataclasses.replace(plan, closed_on=(today or date.today()).isoformat())
    if plan.status is not PlanStatus.CLOSED:
        plan = dataclasses.replace(plan, closed_on=None)
    raise_if(plan_problems(store, plan))
    if plan.version == 0:
        return store.plans.add(plan)
    return store.plans.update(plan)


def link_priorities(store: Store, plan_id: str, item_ids: list[str]) -> None:
    """Set the Police and Crime Plan priorities (framework items) a plan serves.

    Raises:
        ValidationError: on ``framework_items`` when an item is not in the reference data.
    """
    store.plans.get(plan_id)
    unknown = [item_id for item_id in item_ids if not exists(store.framework_items, item_id)]
    if unknown:
        raise_if({"framework_items": "Choose priorities from the Police and Crime Plan list; "
                                     f"{len(unknown)} chosen are not in it."})
    store.plans.set_framework_items(plan_id, item_ids)


def close_plan(store: Store, plan_id: str, evaluation: ClosureEvaluation, *,
               today: date | None = None) -> Plan:
    """Close a plan with its closure evaluation (outcome, what worked, what did not, a check date).

    Raises:
        ValidationError: keyed by the plan's closure fields when any part is missing.
    """
    plan = store.plans.get(plan_id)
    closed = plan_rules.closed_with(plan, evaluation, today or date.today())
    raise_if(plan_problems(store, closed))
    return store.plans.update(closed)


def reopen_plan(store: Store, plan_id: str) -> Plan:
    """Put a closed plan back in work, keeping its earlier evaluation for reference."""
    return store.plans.update(plan_rules.reopened(store.plans.get(plan_id)))


def delete_plan(store: Store, plan_id: str) -> None:
    """Delete a plan with its responses and actions, each deletion audited."""
    store.plans.get(plan_id)
    with store.atomic():
        for action in store.actions.for_plan(plan_id):
            delete_action(store, action.id)
        for response in store.responses.for_plan(plan_id):
            store.responses.delete(response.id)
        if store.plans.framework_item_ids(plan_id):
            store.plans.set_framework_items(plan_id, [])
        store.plans.delete(plan_id)
