"""Rules for partner actions and their dated updates, and when an action is overdue."""

from __future__ import annotations

import dataclasses
from datetime import date

from jagdesk.domain.enums import ActionStatus
from jagdesk.domain.records import Action, ActionUpdate
from jagdesk.domain.rules import Problems, blank, check_order, parse_day, read_days


def action_problems(action: Action) -> Problems:
    """What is wrong with an action, by field (linked records are checked by the service)."""
    found: Problems = {}
    if blank(action.title):
        found["title"] = "Say what is to be done."
    if blank(action.owner_partner_id):
        found["owner_partner_id"] = "Choose the partner who owns this action."
    days = read_days(action, ("started_on", "due_on", "completed_on"), found)
    check_order(found, days, "started_on", "due_on", "The due date is before the start date.")
    check_order(found, days, "started_on", "completed_on",
                "The completion date is before the start date.")
    if action.status is ActionStatus.DONE and not action.completed_on:
        found["completed_on"] = "Enter the date the action was completed."
    return found


def update_problems(update: ActionUpdate) -> Problems:
    """What is wrong with a dated progress note, by field."""
    found: Problems = {}
    if blank(update.on):
        found["on"] = "Enter the date of the update."
    read_days(update, ("on",), found)
    if blank(update.note):
        found["note"] = "Write what happened."
    return found


def with_update(action: Action, update: ActionUpdate) -> Action:
    """The action after an update that may change its status.

    Finishing it as done stamps ``completed_on`` with the update's date unless already set;
    moving it back to open or in progress clears that date.
    """
    if update.status is None or update.status == action.status:
        return action
    completed_on = action.completed_on
    if update.status is ActionStatus.DONE:
        completed_on = completed_on or update.on
    elif not update.status.is_finished:
        completed_on = None
    return dataclasses.replace(action, status=update.status, completed_on=completed_on)


def is_overdue(action: Action, today: date) -> bool:
    """Whether an unfinished action's due date has passed."""
    due = parse_day(action.due_on)
    return due is not None and due < today and not action.status.is_finished


def days_overdue(action: Action, today: date) -> int:
    """How many days past its due date an unfinished action is; 0 when it is not overdue."""
    due = parse_day(action.due_on)
    return (today - due).days if due is not None and is_overdue(action, today) else 0
