"""Partner actions: who does what by when, dated updates, and the action log across hotspots."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from jagdesk.domain import action_rules
from jagdesk.domain.records import Action, ActionUpdate
from jagdesk.domain.rules import Problems, parse_day
from jagdesk.services.checks import exists, raise_if

if TYPE_CHECKING:
    from jagdesk.domain.enums import ActionStatus, PatSide
    from jagdesk.store import Store
    from jagdesk.store.repo import Repo


@dataclass(frozen=True)
class Progressed:
    """An update added to an action, and the action as it stands afterwards."""

    update: ActionUpdate
    action: Action


@dataclass(frozen=True)
class ActionLogRow:
    """One line of the action log."""

    action: Action
    partner_name: str
    contact_name: str
    hotspot_ref: str
    hotspot_name: str
    overdue: bool
    days_overdue: int


def action_problems(store: Store, action: Action) -> Problems:
    """Everything wrong with an action, by field, including links to records that do not exist."""
    found = action_rules.action_problems(action)
    if "owner_partner_id" not in found and not exists(store.partners, action.owner_partner_id):
        found["owner_partner_id"] = "Choose a partner from the directory."
    if action.owner_contact_id:
        _check_contact(store, action, found)
    links: dict[str, Repo[Any]] = {"plan_id": store.plans, "hotspot_id": store.hotspots, "meeting_id": store.meetings,
             "tactic_id": store.tactics}
    for name, repo in links.items():
        record_id = getattr(action, name)
        if record_id and not exists(repo, record_id):
            found[name] = "The linked record no longer exists; choose another."
    if (action.plan_id and action.hotspot_id and "plan_id" not in found
            and store.plans.get(action.plan_id).hotspot_id != action.hotspot_id):
        found["plan_id"] = "This plan belongs to another hotspot."
    return found


def _check_contact(store: Store, action: Action, found: Problems) -> None:
    if not exists(store.contacts, action.owner_contact_id):
        found["owner_contact_id"] = "Choose a person from the directory."
    elif store.contacts.get(str(action.owner_contact_id)).partner_id != action.owner_partner_id:
        found["owner_contact_id"] = "This person does not work for the owning partner."


def add_action(store: Store, action: Action) -> Action:
    """Add an action; linked to a plan, it takes the plan's hotspot.

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
    """
    action = _with_plan_hotspot(store, action)
    raise_if(action_problems(store, action))
    return store.actions.add(action)


def update_action(store: Store, action: Action) -> Action:
    """Save changes to an action.

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
        ConflictError: when someone else saved it since it was read.
    """
    store.actions.get(action.id)
    action = _with_plan_hotspot(store, action)
    raise_if(action_problems(store, action))
    return store.actions.update(action)


def delete_action(store: Store, action_id: str) -> None:
    """Delete an action and its updates, each deletion audited."""
    store.actions.get(action_id)
    with store.atomic():
        for update in store.action_updates.for_action(action_id):
            store.action_updates.delete(update.id)
        store.actions.delete(action_id)


def add_update(store: Store, action_id: str, *, on: str, note: str,
               status: ActionStatus | None = None) -> Progressed:
    """Record a dated progress note on an action, optionally changing its status.

    Marking it done stamps its completion date with the update's date.

    Raises:
        ValidationError: on ``on`` or ``note`` (or the action's fields the change breaks).
    """
    action = store.actions.get(action_id)
    update = ActionUpdate(action_id=action_id, on=on.strip(), note=note.strip(), status=status)
    raise_if(action_rules.update_problems(update))
    changed = action_rules.with_update(action, update)
    if changed is not action:
        # The update's date becomes the completion date, so its problem belongs on "on".
        problems = action_problems(store, changed)
        raise_if({"on" if name == "completed_on" else name: message
                  for name, message in problems.items()})
    with store.atomic():
        saved = store.action_updates.add(update)
        if changed is not action:
            changed = store.actions.update(changed)
    return Progressed(saved, changed)


def _with_plan_hotspot(store: Store, action: Action) -> Action:
    if action.plan_id and not action.hotspot_id and exists(store.plans, action.plan_id):
        return dataclasses.replace(action, hotspot_id=store.plans.get(action.plan_id).hotspot_id)
    return action


# --- the action log -------------------------------------------------------------------------
def action_log(store: Store, partner_id: str | None = None, status: ActionStatus | None = None,
               due_before: date | None = None, due_after: date | None = None, *,
               unfinished_only: bool = False, pat_side: PatSide | None = None,
               today: date | None = None) -> list[ActionLogRow]:
    """Actions across all hotspots, filtered, soonest due first, each with its overdue flag.

    "What does the council owe this month?" is ``action_log(store, council.id,
    due_after=first_of_month, due_before=last_of_month, unfinished_only=True)``.

    Args:
        store: the open database.
        partner_id: only actions this partner owns.
        status: only actions in this status.
        due_before: only actions due on or before this day.
        due_after: only actions due on or after this day.
        unfinished_only: leave out done and cancelled actions.
        pat_side: only actions on this side of the Problem Analysis Triangle.
        today: the day overdue is judged against (default: today).
    """
    today = today or date.today()
    partners = {p.id: p.name for p in store.partners.all()}
    contacts = {c.id: c.name for c in store.contacts.all()}
    hotspots = {h.id: h for h in store.hotspots.all()}
    rows = []
    for action in store.actions.all():
        due = parse_day(action.due_on)
        if ((partner_id and action.owner_partner_id != partner_id)
                or (status and action.status is not status)
                or (unfinished_only and action.status.is_finished)
                or (pat_side and action.pat_side is not pat_side)
                or (due_before and (due is None or due > due_before))
                or (due_after and (due is None or due < due_after))):
            continue
        hotspot = hotspots.get(action.hotspot_id or "")
        rows.append(ActionLogRow(
            action=action, partner_name=partners.get(action.owner_partner_id, ""),
            contact_name=contacts.get(action.owner_contact_id or "", ""),
            hotspot_ref=hotspot.ref if hotspot else "", hotspot_name=hotspot.name if hotspot else "",
            overdue=action_rules.is_overdue(action, today),
            days_overdue=action_rules.days_overdue(action, today)))
    return rows


def overdue_actions(store: Store, today: date | None = None) -> list[ActionLogRow]:
    """Unfinished actions past their due date, most overdue first."""
    rows = [row for row in action_log(store, unfinished_only=True, today=today) if row.overdue]
    return sorted(rows, key=lambda row: -row.days_overdue)
