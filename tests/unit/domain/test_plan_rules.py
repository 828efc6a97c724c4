"""Plan rules: a closed plan carries its closure evaluation."""

from __future__ import annotations

from datetime import date

import pytest

from jagdesk.domain.enums import PlanStatus
from jagdesk.domain.plan_rules import ClosureEvaluation, closed_with, plan_problems, reopened
from jagdesk.domain.records import Plan

EVALUATION = ClosureEvaluation(outcome="Calls down 40 %", what_worked="PSPO and outreach",
                               what_did_not="Lighting bid refused",
                               sustainability_check_on="2026-06-01")


def test_open_plan_needs_only_its_hotspot() -> None:
    assert plan_problems(Plan(hotspot_id="h1")) == {}
    assert "hotspot_id" in plan_problems(Plan(hotspot_id=""))


def test_closing_fills_the_evaluation_and_date() -> None:
    closed = closed_with(Plan(hotspot_id="h1"), EVALUATION, date(2026, 3, 1))
    assert closed.status is PlanStatus.CLOSED
    assert closed.closed_on == "2026-03-01"
    assert plan_problems(closed) == {}
    back = reopened(closed)
    assert back.status is PlanStatus.ACTIVE
    assert back.closed_on is None
    assert back.closure_outcome == "Calls down 40 %"


def test_a_plan_cannot_be_closed_without_an_evaluation() -> None:
    found = plan_problems(Plan(hotspot_id="h1", status=PlanStatus.CLOSED, closed_on="2026-03-01"))
    assert set(found) == {"closure_outcome", "closure_what_worked", "closure_what_did_not",
                          "sustainability_check_on"}


@pytest.mark.parametrize("check_on", ["2026-02-01", "next year"])
def test_sustainability_check_must_be_a_date_after_closing(check_on: str) -> None:
    evaluation = ClosureEvaluation(outcome="o", what_worked="w", what_did_not="n",
                                   sustainability_check_on=check_on)
    closed = closed_with(Plan(hotspot_id="h1"), evaluation, date(2026, 3, 1))
    assert "sustainability_check_on" in plan_problems(closed)
