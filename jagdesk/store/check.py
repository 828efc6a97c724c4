"""``jagdesk check``: is this file a sound JagDesk database?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from jagdesk.errors import StoreUnavailable
from jagdesk.store.audit import AuditLog
from jagdesk.store.db import open_database
from jagdesk.store.schema import SCHEMA_VERSION, migrations


@dataclass
class CheckReport:
    """The outcome of checking a database; ``problems`` is empty when all is well."""

    path: Path
    schema_version: int = 0
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


_COUNTED = ("area", "hotspot", "incident", "plan", "partner", "action", "meeting", "audit_log")
# Counted in the table under the view: counting the view would look up every row's labels.
_COUNTED_IN = {"incident": "incident_record"}


# Points whose kept total differs from the incidents on them (see migration 0006).
_POINT_TOTALS_DRIFTED = ("SELECT COUNT(*) FROM incident_point p WHERE p.incidents != "
                         "(SELECT COUNT(*) FROM incident_record i WHERE i.point_id = p.id)")

# Months and categories whose kept total differs from their incidents (see migration 0010):
# a total with no incidents, incidents with no total, or a wrong count.
_COUNTED_MONTHS = "SELECT month, category, COUNT(*) FROM incident_record GROUP BY month, category"
_KEPT_MONTHS = "SELECT month, category, incidents FROM incident_month"
_MONTH_TOTALS_DRIFTED = (
    f"SELECT COUNT(*) FROM (SELECT month, category FROM ({_COUNTED_MONTHS} EXCEPT {_KEPT_MONTHS}) "
    f"UNION SELECT month, category FROM ({_KEPT_MONTHS} EXCEPT {_COUNTED_MONTHS}))")

# Incident rows whose label, place or point is missing (see migration 0007): the view would show
# them with empty values.
_INCIDENTS_UNREFERENCED = (
    "SELECT COUNT(*) FROM incident_record r "
    "WHERE r.place_id NOT IN (SELECT id FROM incident_place) "
    "OR (r.point_id IS NOT NULL AND r.point_id NOT IN (SELECT id FROM incident_point)) "
    "OR EXISTS (SELECT 1 FROM (SELECT r.source AS id UNION ALL SELECT r.category "
    "UNION ALL SELECT r.outcome UNION ALL SELECT r.force UNION ALL SELECT r.reported_by) AS used "
    "WHERE used.id NOT IN (SELECT id FROM incident_label))")


# Incidents outside the id range their import batch keeps (see migration 0009): replacing
# that force's month would leave them behind.
_INCIDENTS_OUTSIDE_BATCH = (
    "SELECT COUNT(*) FROM incident_record r JOIN import_batch b ON b.no = r.batch_no "
    "WHERE b.first_incident IS NULL OR r.id NOT BETWEEN b.first_incident AND b.last_incident")


def check_database(path: Path) -> CheckReport:
    """Check a database without changing it: integrity, foreign keys, schema and audit chain.

    A file that cannot be opened at all (missing, not SQLite, another program's) is reported
    as a problem rather than raised.
    """
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(f"{path} does not exist")
        return report
    try:
        db = open_database(path, read_only=True)
    except StoreUnavailable as exc:
        report.problems.append(str(exc))
        return report
    try:
        _check(db, report)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"{path} is damaged: {exc}")
    finally:
        db.close()
    return report


def _check(db, report: CheckReport) -> None:  # type: ignore[no-untyped-def]
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        report.problems.append(f"{report.path} is damaged: {integrity[0]}")
        return
    report.schema_version = int(db.execute("PRAGMA user_version").fetchone()[0])
    pending = [m.name for m in migrations.pending(db)]
    if pending or report.schema_version != SCHEMA_VERSION:
        report.problems.append(f"schema version {report.schema_version} is not current "
                               f"({SCHEMA_VERSION}); pending: {', '.join(pending) or 'none'}")
        return
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent = broken[0][0], broken[0][1], broken[0][2]
        report.problems.append(f"{len(broken)} broken reference(s), first: {table} row {rowid} "
                               f"points to a missing {parent}")
    drifted = db.execute(_POINT_TOTALS_DRIFTED).fetchone()[0]
    if drifted:
        report.problems.append(f"{drifted} incident point(s) hold a count that does not match "
                               "their incidents")
    months = db.execute(_MONTH_TOTALS_DRIFTED).fetchone()[0]
    if months:
        report.problems.append(f"{months} month total(s) by category do not match their "
                               "incidents")
    unreferenced = db.execute(_INCIDENTS_UNREFERENCED).fetchone()[0]
    if unreferenced:
        report.problems.append(f"{unreferenced} incident(s) refer to a missing label, place or "
                               "point")
    outside = db.execute(_INCIDENTS_OUTSIDE_BATCH).fetchone()[0]
    if outside:
        report.problems.append(f"{outside} incident(s) lie outside the id range of their import "
                               "batch")
    chain = AuditLog(db, actor="").verify_chain()
    if chain:
        report.problems.append(chain)
    report.counts = {t: int(db.execute(f"SELECT COUNT(*) FROM {_COUNTED_IN.get(t, t)}")
                            .fetchone()[0]) for t in _COUNTED}
