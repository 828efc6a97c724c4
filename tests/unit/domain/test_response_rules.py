"""Response rules: dates in order and statutory clocks."""

from __future__ import annotations

from jagdesk.domain.records import Response, Tactic
from jagdesk.domain.response_rules import response_problems, with_default_expiry

PSPO = Tactic(code="pspo", name="Public Spaces Protection Order", kind="power",
              max_duration_days=1095)
PATROL = Tactic(code="patrol", name="Patrol")


def test_expiry_defaults_to_the_end_of_the_clock() -> None:
    response = with_default_expiry(Response(plan_id="p", tactic_id="t", started_on="2026-01-01"), PSPO)
    assert response.expires_on == "2028-12-31"
    assert response_problems(response, PSPO) == {}


def test_expiry_is_kept_when_given_or_when_there_is_no_clock() -> None:
    given = Response(plan_id="p", tactic_id="t", started_on="2026-01-01", expires_on="2026-06-01")
    assert with_default_expiry(given, PSPO).expires_on == "2026-06-01"
    patrol = Response(plan_id="p", tactic_id="t", started_on="2026-01-01")
    assert with_default_expiry(patrol, PATROL).expires_on is None
    assert with_default_expiry(Response(plan_id="p", tactic_id="t"), PSPO).expires_on is None


def test_expiry_cannot_exceed_the_clock() -> None:
    response = Response(plan_id="p", tactic_id="t", started_on="2026-01-01", expires_on="2029-01-01")
    assert "2028-12-31" in response_problems(response, PSPO)["expires_on"]
    assert response_problems(response, PATROL) == {}


def test_expiry_not_before_start_and_other_problems() -> None:
    backwards = Response(plan_id="p", tactic_id="t", started_on="2026-02-01", expires_on="2026-01-01")
    assert "expires_on" in response_problems(backwards, PATROL)
    assert "tactic_id" in response_problems(Response(plan_id="p", tactic_id="x"), None)
    assert "plan_id" in response_problems(Response(plan_id="", tactic_id="t"), PATROL)
    no_start = Response(plan_id="p", tactic_id="t", expires_on="2026-01-01")
    assert "started_on" in response_problems(no_start, PSPO)
    assert "started_on" in response_problems(Response(plan_id="p", tactic_id="t",
                                                      started_on="soon"), PATROL)
