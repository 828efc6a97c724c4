"""Rules for problem-solving plans: no plan is closed without an honest closure evaluation."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from jagdesk.domain.enums import PlanStatus
from jagdesk.domain.records import Plan
from jagdesk.domain.rules import Problems, blank, check_order, read_days


@dataclass(frozen=True, kw_only=True)
class ClosureEvaluation:
    """What the partnership learned when it closes a plan."""

    outcome: str
    what_worked: str
    what_did_not: str
    sustainability_check_on: str | None


def plan_problems(plan: Plan) -> Problems:
    """What is wrong with a plan, by field; a closed plan must carry its closure evaluation."""
    found: Problems = {}
    if blank(plan.hotspot_id):
        found["hotspot_id"] = "A plan belongs to a hotspot; choose one."
    if plan.status is PlanStatus.CLOSED:
        found.update(closure_problems(plan))
    else:
        read_days(plan, ("sustainability_check_on", "closed_on"), found)
    return found


def closure_problems(plan: Plan) -> Problems:
    """What is missing from a plan's closure evaluation, keyed by the plan's own field names.

    HMIC found little or no evaluation at the end of local operations, so every part is
    required: the outcome, what worked, what did not, and a date to check it has lasted.
    """
    found: Problems = {}
    if blank(plan.closure_outcome):
        found["closure_outcome"] = "Describe the outcome before closing the plan."
    if blank(plan.closure_what_worked):
        found["closure_what_worked"] = "Record what worked before closing the plan."
    if blank(plan.closure_what_did_not):
        found["closure_what_did_not"] = ("Record what did not work (or 'nothing') before "
                                         "closing the plan.")
    days = read_days(plan, ("sustainability_check_on", "closed_on"), found)
    if not plan.sustainability_check_on:
        found["sustainability_check_on"] = ("Set a date to check the improvement has lasted "
                                            "before closing the plan.")
    check_order(found, days, "closed_on", "sustainability_check_on",
                "The sustainability check must come after the plan is closed.")
    return found


def closed_with(plan: Plan, evaluation: ClosureEvaluation, today: date) -> Plan:
    """The plan closed today with this evaluation (check it with ``plan_problems``)."""
    return dataclasses.replace(
        plan, status=PlanStatus.CLOSED, closed_on=today.isoformat(),
        closure_outcome=evaluation.outcome.strip(),
        closure_what_worked=evaluation.what_worked.strip(),
        closure_what_did_not=evaluation.what_did_not.strip(),
        sustainability_check_on=(evaluation.sustainability_check_on or "").strip() or None)


def reopened(plan: Plan) -> Plan:
    """The plan back in work; the earlier evaluation stays for reference."""
    return dataclasses.replace(plan, status=PlanStatus.ACTIVE, closed_on=None)
