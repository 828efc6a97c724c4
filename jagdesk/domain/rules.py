"""Shared pieces of the validation rules, and the rules for partners and their contacts.

Every rule function returns ``{field: message}``: empty when the record may be saved, otherwise
one plain-words message per field, which a form shows beside that field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from jagdesk.domain.records import Contact, Partner

Problems = dict[str, str]

DATE_HINT = "Enter a date like 2026-03-14."

# Deliberately loose: it catches slips such as a missing "@", not every malformed address.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_day(text: str | None) -> date | None:
    """Read an ISO date (``YYYY-MM-DD``); None when it is empty or not a date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def read_days(record: Any, fields: tuple[str, ...], found: Problems) -> dict[str, date | None]:
    """Parse the date fields of a record, noting each one that is filled in but not a date."""
    days: dict[str, date | None] = {}
    for name in fields:
        text = getattr(record, name)
        days[name] = parse_day(text)
        if text and days[name] is None:
            found[name] = DATE_HINT
    return days


def check_order(found: Problems, days: dict[str, date | None], earlier: str, later: str,
                message: str) -> None:
    """Note a problem on ``later`` when both dates are known and it falls before ``earlier``."""
    first, second = days.get(earlier), days.get(later)
    if first is not None and second is not None and second < first and later not in found:
        found[later] = message


def blank(text: str | None) -> bool:
    """Whether a text field is empty or only spaces."""
    return not (text or "").strip()


def partner_problems(partner: Partner) -> Problems:
    """What is wrong with a partner agency, by field."""
    found: Problems = {}
    if blank(partner.name):
        found["name"] = "Enter the agency's name."
    if blank(partner.partner_type):
        found["partner_type"] = "Choose the type of agency."
    return found


def contact_problems(contact: Contact) -> Problems:
    """What is wrong with a contact, by field (the partner's existence is checked by the service)."""
    found: Problems = {}
    if blank(contact.name):
        found["name"] = "Enter a name or a role, such as 'Neighbourhood Sergeant, City Centre'."
    if blank(contact.partner_id):
        found["partner_id"] = "Choose the partner this person works for."
    if contact.email.strip() and not _EMAIL.match(contact.email.strip()):
        found["email"] = "Enter an email address like name@example.org, or leave it empty."
    days = read_days(contact, ("valid_from", "valid_to"), found)
    check_order(found, days, "valid_from", "valid_to",
                "The end date is before the start date.")
    return found
