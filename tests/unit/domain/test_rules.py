"""Shared rule helpers and the partner and contact rules."""

from __future__ import annotations

from datetime import date

import pytest

from jagdesk.domain.records import Contact, Partner
from jagdesk.domain.rules import contact_problems, parse_day, partner_problems


def test_parse_day_reads_iso_dates_only() -> None:
    assert parse_day("2026-03-14") == date(2026, 3, 14)
    assert parse_day(" 2026-03-14 ") == date(2026, 3, 14)
    assert parse_day("14/03/2026") is None
    assert parse_day("") is None
    assert parse_day(None) is None


def test_partner_needs_name_and_type() -> None:
    assert partner_problems(Partner(name="Leicester City Council", partner_type="council")) == {}
    found = partner_problems(Partner(name="  ", partner_type=""))
    assert set(found) == {"name", "partner_type"}


def _contact(**changes: object) -> Contact:
    values: dict[str, object] = {"partner_id": "p1", "name": "Neighbourhood Sergeant"}
    values.update(changes)
    return Contact(**values)  # type: ignore[arg-type]


def test_valid_contact_has_no_problems() -> None:
    assert contact_problems(_contact(email="jag@example.org", valid_from="2026-01-01",
                                     valid_to="2026-12-31")) == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"),
    ({"partner_id": ""}, "partner_id"),
    ({"email": "not an address"}, "email"),
    ({"valid_from": "01/01/2026"}, "valid_from"),
    ({"valid_from": "2026-06-01", "valid_to": "2026-05-31"}, "valid_to"),
])
def test_contact_problems_name_the_field(changes: dict[str, object], field: str) -> None:
    assert field in contact_problems(_contact(**changes))
