"""Responses and powers in a plan, and the powers whose statutory clock is about to run out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.domain import response_rules
from jagdesk.domain.enums import PlanStatus
from jagdesk.domain.rules import Problems, parse_day
from jagdesk.errors import NotFoundError
from jagdesk.services.checks import exists, raise_if

if TYPE_CHECKING:
    from jagdesk.domain.records import Response, Tactic
    from jagdesk.store import Store


@dataclass(frozen=True)
class LapsingPower:
    """A response whose expiry is near or past."""

    response: Response
    tactic_name: str
    hotspot_id: str
    hotspot_ref: str
    hotspot_name: str
    expires_on: date
    days_left: int

    @property
    def expired(self) -> bool:
        """Whether the expiry date has passed."""
        return self.days_left < 0


def response_problems(store: Store, response: Response) -> Problems:
    """Everything wrong with a response, by field, including an unknown plan or tactic."""
    found = response_rules.response_problems(response, _tactic(store, response.tactic_id))
    if "plan_id" not in found and not exists(store.plans, response.plan_id):
        found["plan_id"] = "The plan of this response no longer exists."
    return found


def add_response(store: Store, response: Response) -> Response:
    """Add a response; a power's expiry defaults to the end of its statutory clock.

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
    """
    response = _defaulted(store, response)
    raise_if(response_problems(store, response))
    return store.responses.add(response)


def update_response(store: Store, response: Response) -> Response:
    """Save changes to a response (an emptied expiry is set again from the clock).

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
        ConflictError: when someone else saved it since it was read.
    """
    store.responses.get(response.id)
    response = _defaulted(store, response)
    raise_if(response_problems(store, response))
    return store.responses.update(response)


def delete_response(store: Store, response_id: str) -> None:
    """Delete a response; the audit keeps the erasure."""
    store.responses.delete(response_id)


def lapsing_powers(store: Store, today: date, within_days: int = 28) -> list[LapsingPower]:
    """Responses with a statutory clock or a power's expiry that have lapsed or lapse soon.

    A response counts when its tactic has a maximum duration, or is a power with an expiry
    date entered. Responses of closed plans are left out. Soonest (or longest expired) first.
    """
    tactics = {t.id: t for t in store.tactics.all()}
    plans = {p.id: p for p in store.plans.all()}
    hotspots = {h.id: h for h in store.hotspots.all()}
    found = []
    for response in store.responses.all():
        tactic, plan = tactics.get(response.tactic_id), plans.get(response.plan_id)
        expiry = parse_day(response.expires_on)
        if (tactic is None or plan is None or expiry is None or plan.status is PlanStatus.CLOSED
                or not _has_clock(tactic)):
            continue
        days_left = (expiry - today).days
        if days_left <= within_days:
            hotspot = hotspots[plan.hotspot_id]
            found.append(LapsingPower(response=response, tactic_name=tactic.name,
                                      hotspot_id=hotspot.id, hotspot_ref=hotspot.ref,
                                      hotspot_name=hotspot.name, expires_on=expiry,
                                      days_left=days_left))
    return sorted(found, key=lambda lapsing: (lapsing.expires_on, lapsing.hotspot_ref))


def _has_clock(tactic: Tactic) -> bool:
    return tactic.max_duration_days is not None or tactic.kind == "power"


def _tactic(store: Store, tactic_id: str) -> Tactic | None:
    try:
        return store.tactics.get(tactic_id) if tactic_id else None
    except NotFoundError:
        return None


def _defaulted(store: Store, response: Response) -> Response:
    tactic = _tactic(store, response.tactic_id)
    return response_rules.with_default_expiry(response, tactic) if tactic else response
