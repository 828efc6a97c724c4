"""Settings that belong to a partnership's database: export marking, backups kept, retention.

They live in the database's ``meta`` table, so every user of the file and every export reads
the same values; each change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from jagdesk.domain.enums import AuditClass
from jagdesk.errors import ValidationError
from jagdesk.io.exports.document import DEFAULT_MARKING
from jagdesk.store.backup import DEFAULT_KEEP
from jagdesk.store.retention import RECORD_TYPES

if TYPE_CHECKING:
    from jagdesk.store import Store

MARKING_KEY = "protective_marking"
MAX_MARKING = 60
KEEP_KEY = "backups.keep"
MAX_KEEP = 100
RETENTION_PREFIX = "retention."
MAX_RETENTION_MONTHS = 1200

# How each record type is named to users.
RECORD_TYPE_LABELS = {
    "hotspot": "Closed hotspots",
    "plan": "Closed problem-solving plans",
    "action": "Finished actions",
    "incident": "Hand-logged incidents",
    "contact": "Partner contacts",
}


def _no_retention() -> dict[str, int]:
    return dict.fromkeys(RECORD_TYPES, 0)


@dataclass
class DatabaseSettings:
    """The partnership's settings for one database.

    Attributes:
        marking: the protective marking printed on every export.
        keep_backups: how many backups of the database to keep.
        retention_months: per record type, how long a record is kept after its work ended;
            0 means no period is set and its records are never listed for deletion.
    """

    marking: str = DEFAULT_MARKING
    keep_backups: int = DEFAULT_KEEP
    retention_months: dict[str, int] = field(default_factory=_no_retention)


def load_settings(store: Store) -> DatabaseSettings:
    """The database's settings, with defaults for anything never set."""
    meta = store.lookups.meta
    retention = _no_retention()
    for record_type in RECORD_TYPES:
        retention[record_type] = _int(meta(RETENTION_PREFIX + record_type), 0)
    return DatabaseSettings(marking=meta(MARKING_KEY) or DEFAULT_MARKING,
                            keep_backups=_int(meta(KEEP_KEY), DEFAULT_KEEP) or DEFAULT_KEEP,
                            retention_months=retention)


def settings_problems(settings: DatabaseSettings) -> dict[str, str]:
    """What is wrong with settings, by field."""
    problems = {}
    marking = " ".join(settings.marking.split())
    if not marking or len(marking) > MAX_MARKING:
        problems["marking"] = f"Give a protective marking of 1 to {MAX_MARKING} characters."
    if not 1 <= settings.keep_backups <= MAX_KEEP:
        problems["keep_backups"] = f"Keep between 1 and {MAX_KEEP} backups."
    for record_type, months in settings.retention_months.items():
        if record_type not in RECORD_TYPES:
            problems[f"retention.{record_type}"] = f"Unknown record type {record_type}."
        elif not 0 <= months <= MAX_RETENTION_MONTHS:
            problems[f"retention.{record_type}"] = (
                f"Give 0 (no period) to {MAX_RETENTION_MONTHS} months.")
    return problems


def save_settings(store: Store, settings: DatabaseSettings) -> DatabaseSettings:
    """Store the settings, auditing what changed; returns them as stored.

    Raises:
        ValidationError: naming each field that is wrong; nothing is saved.
    """
    problems = settings_problems(settings)
    if problems:
        raise ValidationError(problems)
    before = _as_meta(load_settings(store))
    cleaned = DatabaseSettings(" ".join(settings.marking.split()).upper(), settings.keep_backups,
                               _no_retention() | settings.retention_months)
    after = _as_meta(cleaned)
    changed = {key: value for key, value in after.items() if before.get(key) != value}
    if changed:
        with store.atomic():
            for key, value in changed.items():
                store.lookups.set_meta(key, value)
            store.audit.append("settings", AuditClass.ALTERATION, "meta", "",
                               summary="database settings changed: " + ", ".join(sorted(changed)),
                               before={k: before.get(k) for k in changed}, after=changed)
    return cleaned


def protective_marking(store: Store) -> str:
    """The marking every export carries: the database's setting, else OFFICIAL-SENSITIVE."""
    return store.lookups.meta(MARKING_KEY) or DEFAULT_MARKING


def set_protective_marking(store: Store, marking: str) -> str:
    """Choose the marking for this database's exports; returns it as stored.

    Raises:
        ValidationError: when the marking is empty or too long; nothing is saved.
    """
    return save_settings(store, replace(load_settings(store), marking=marking)).marking


def _as_meta(settings: DatabaseSettings) -> dict[str, str]:
    values = {MARKING_KEY: settings.marking, KEEP_KEY: str(settings.keep_backups)}
    for record_type, months in settings.retention_months.items():
        values[RETENTION_PREFIX + record_type] = str(months)
    return values


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
