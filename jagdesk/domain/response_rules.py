"""Rules for responses: dates in order, and a power never outlasting its statutory clock."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from jagdesk.domain.records import Response, Tactic
from jagdesk.domain.rules import Problems, blank, check_order, parse_day, read_days


def clock_limit(started_on: date, tactic: Tactic) -> date | None:
    """The latest expiry a single use of the tactic allows, or None when it has no clock."""
    if tactic.max_duration_days is None:
        return None
    return started_on + timedelta(days=tactic.max_duration_days)


def with_default_expiry(response: Response, tactic: Tactic) -> Response:
    """The response with its expiry set to the end of the statutory clock when left empty."""
    if response.expires_on or tactic.max_duration_days is None:
        return response
    start = parse_day(response.started_on)
    limit = clock_limit(start, tactic) if start else None
    return dataclasses.replace(response, expires_on=limit.isoformat()) if limit else response


def response_problems(response: Response, tactic: Tactic | None) -> Problems:
    """What is wrong with a response, by field; ``tactic`` is None when it is not in the catalogue."""
    found: Problems = {}
    if blank(response.plan_id):
        found["plan_id"] = "A response belongs to a plan; choose one."
    if tactic is None:
        found["tactic_id"] = "Choose a tactic or power from the catalogue."
    days = read_days(response, ("started_on", "expires_on"), found)
    check_order(found, days, "started_on", "expires_on", "The expiry is before the start.")
    if tactic is not None and tactic.max_duration_days is not None:
        _check_clock(found, days, tactic)
    return found


def _check_clock(found: Problems, days: dict[str, date | None], tactic: Tactic) -> None:
    start, expiry = days["started_on"], days["expires_on"]
    if start is None and expiry is not None and "started_on" not in found:
        found["started_on"] = f"Enter the start date: a {tactic.name} runs on a statutory clock."
        return
    limit = clock_limit(start, tactic) if start else None
    if limit and expiry and expiry > limit and "expires_on" not in found:
        found["expires_on"] = (f"A {tactic.name} lasts at most {tactic.max_duration_days} days: "
                               f"the expiry can be no later than {limit.isoformat()}.")

