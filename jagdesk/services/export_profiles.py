"""Export profiles: the full record, or a copy for partners without people and free-text notes.

A partner copy keeps what the partnership does (places, figures, actions, decisions, partner
names and roles) and leaves out what could identify or describe a person: the people sides of
the Problem Analysis Triangle, named contacts and officers, and free-text notes. Every builder
asks this module rather than keeping its own list, so the profile means one thing everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from jagdesk.errors import UserError

FULL = "full"
PARTNER = "partner"
PROFILES = (FULL, PARTNER)
PROFILE_LABELS = {FULL: "Full (everything, for the partnership's own use)",
                  PARTNER: "For partners (leaves out people and notes)"}
LEFT_OUT = "Left out of the partner copy"
PARTNER_NOTE = ("Partner copy: the people in the Problem Analysis Triangle, named contacts and "
                "officers, and free-text notes and details are left out.")

# The fields a partner copy leaves out, by record type.
PARTNER_LEAVES_OUT: dict[str, frozenset[str]] = {
    "plan": frozenset({"victim", "offender", "guardian", "handler", "manager"}),
    "contact": frozenset({"name", "email", "phone"}),
    "attendee": frozenset({"name"}),
    "hotspot": frozenset({"lead_officer", "description"}),
    "action": frozenset({"description"}),
    # What a power or tactic was used for can name the people it was used on.
    "response": frozenset({"description"}),
    "action_update": frozenset({"note"}),
    "incident": frozenset({"notes", "reported_by", "context"}),
    "meeting": frozenset({"notes", "chair"}),
    "agenda_item": frozenset({"notes"}),
}

# Data-file columns that carry another record's field under their own name.
_DATA_COLUMN_FIELDS = {"owner": ("contact", "name")}
_DATA_RECORDS = {"hotspots": "hotspot", "incidents": "incident", "actions": "action"}

T = TypeVar("T")


def check_profile(profile: str) -> str:
    """Return ``profile`` when it is known.

    Raises:
        UserError: naming the profiles there are.
    """
    if profile not in PROFILES:
        raise UserError(f"Unknown export profile {profile!r}: use {', '.join(PROFILES)}.")
    return profile


def shows(profile: str, record_type: str, field: str) -> bool:
    """Whether an export under ``profile`` includes this field of this record type."""
    return profile != PARTNER or field not in PARTNER_LEAVES_OUT.get(record_type, frozenset())


def shown(profile: str, record_type: str, field: str, value: T, instead: T) -> T:
    """``value`` when the profile includes the field, else ``instead``."""
    return value if shows(profile, record_type, field) else instead


def data_columns(profile: str, what: str, columns: list[str]) -> list[str]:
    """The columns of a data file (``what``: hotspots, incidents or actions) under ``profile``."""
    record = _DATA_RECORDS[what]
    return [name for name in columns
            if shows(profile, *_DATA_COLUMN_FIELDS.get(name, (record, name)))]
