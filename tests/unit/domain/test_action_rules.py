"""Action rules: title, owner, dates, completion, updates and overdue."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jagdesk.domain.action_rules import (
    action_problems,
    days_overdue,
    is_overdue,
    update_problems,
    with_update,
)
from jagdesk.domain.enums import ActionStatus
from jagdesk.domain.records import Action, ActionUpdate


def _action(**changes: object) -> Action:
    action = Action(title="Clear the alleyway", owner_partner_id="council",
                    started_on="2026-03-01", due_on="2026-03-31")
    return dataclasses.replace(action, **changes)


def test_valid_action() -> None:
    assert action_problems(_action()) == {}
    assert action_problems(_action(status=ActionStatus.DONE, completed_on="2026-03-20")) == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": " "}, "title"),
    ({"owner_partner_id": ""}, "owner_partner_id"),
    ({"due_on": "2026-02-01"}, "due_on"),
    ({"due_on": "end of March"}, "due_on"),
    ({"status": ActionStatus.DONE}, "completed_on"),
    ({"completed_on": "2026-02-01"}, "completed_on"),
])
def test_problems_name_the_field(changes: dict[str, object], field: str) -> None:
    assert field in action_problems(_action(**changes))


def test_update_problems() -> None:
    assert update_problems(ActionUpdate(action_id="a", on="2026-03-05", note="Visited")) == {}
    assert set(update_problems(ActionUpdate(action_id="a", on="", note=" "))) == {"on", "note"}
    assert "on" in update_problems(ActionUpdate(action_id="a", on="tuesday", note="x"))


def test_an_update_can_finish_and_reopen_an_action() -> None:
    done = with_update(_action(), ActionUpdate(action_id="a", on="2026-03-20", note="Cleared",
                                               status=ActionStatus.DONE))
    assert done.status is ActionStatus.DONE
    assert done.completed_on == "2026-03-20"
    again = with_update(done, ActionUpdate(action_id="a", on="2026-03-25", note="Dumped again",
                                           status=ActionStatus.IN_PROGRESS))
    assert again.completed_on is None
    note_only = ActionUpdate(action_id="a", on="2026-03-25", note="Chased")
    assert with_update(again, note_only) is again


def test_overdue_only_when_unfinished_and_past_due() -> None:
    today = date(2026, 4, 3)
    assert is_overdue(_action(), today)
    assert days_overdue(_action(), today) == 3
    assert not is_overdue(_action(), date(2026, 3, 31))
    assert not is_overdue(_action(status=ActionStatus.CANCELLED), today)
    assert not is_overdue(_action(due_on=None), today)
    assert days_overdue(_action(due_on=None), today) == 0
