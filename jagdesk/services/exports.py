"""Export use cases: plan summaries, meeting packs and minutes, and data files.

Each export is written to a temporary file beside the target and renamed into place only when
complete, so a failure or a cancel leaves no half file. Each one is logged in the audit log as
a disclosure (Data Protection Act 2018 s.62), with the file's SHA-256, so what left the system,
under which marking and in which file can be shown later.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jagdesk.domain.enums import AuditClass
from jagdesk.errors import NotFoundError, UserError
from jagdesk.io.exports.document import Document, Letterhead
from jagdesk.services.export_profiles import FULL, check_profile
from jagdesk.services.preferences import protective_marking
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop, scaled

if TYPE_CHECKING:
    from jagdesk.domain.filters import IncidentFilter
    from jagdesk.domain.records import Meeting
    from jagdesk.store import Store

DOCUMENT_FORMATS = ("pdf", "docx", "html")
MEETING_FORMATS = ("pdf", "docx")
MEETING_KINDS = ("pack", "minutes")
DATA_KINDS = ("hotspots", "incidents", "actions")
DATA_FORMATS = ("csv", "geojson", "gpkg")


@dataclass(frozen=True)
class ExportResult:
    """A written export."""

    path: Path
    sha256: str
    size: int
    marking: str

    def describe(self) -> str:
        """One line for the user."""
        return f"Wrote {self.path} ({self.size:,} bytes, {self.marking}); SHA-256 {self.sha256}"


# --- documents ----------------------------------------------------------------------------
def export_plan(  # noqa: PLR0913 - the exports' shared keyword contract
        store: Store, hotspot_ref: str, fmt: str, out: Path, *,
                map_png: bytes | None = None, marking: str | None = None,
                author: str | None = None, today: date | None = None, profile: str = FULL,
                progress: Progress = noop, cancelled: CancelCheck = never) -> ExportResult:
    """Write the plan summary of a hotspot as PDF, DOCX or HTML.

    ``profile="partner"`` leaves out people and free-text notes (see ``export_profiles``).

    Raises:
        NotFoundError: no hotspot has this reference.
        UserError: an unknown format, or the file cannot be written.
        Cancelled: the user cancelled; no file is left.
    """
    from jagdesk.services.plan_summary import plan_document

    _choose(fmt, DOCUMENT_FORMATS, "format")
    check_profile(profile)
    hotspot = store.hotspots.by_ref(hotspot_ref)
    if hotspot is None:
        raise NotFoundError(f"No hotspot {hotspot_ref}")
    letterhead = _letterhead(store, marking, author, today)
    document = plan_document(store, hotspot, letterhead, map_png=map_png, profile=profile,
                             progress=scaled(progress, 0.0, 0.8), cancelled=cancelled)
    return _write_document(store, document, fmt, out, ("hotspot", hotspot.id,
                           f"plan summary {hotspot.ref}"), profile, progress, cancelled)


def export_meeting(  # noqa: PLR0913 - the exports' shared keyword contract
        store: Store, meeting_ref: str, fmt: str, kind: str, out: Path, *,
                   marking: str | None = None, author: str | None = None,
                   today: date | None = None, profile: str = FULL, progress: Progress = noop,
                   cancelled: CancelCheck = never) -> ExportResult:
    """Write a meeting's pack (``kind="pack"``) or minutes (``"minutes"``) as PDF or DOCX.

    ``profile="partner"`` leaves out people's names and free-text notes; decisions stay.

    Raises:
        NotFoundError: no meeting has this reference.
        UserError: an unknown format or kind, or the file cannot be written.
        Cancelled: the user cancelled; no file is left.
    """
    from jagdesk.services.meeting_pack import meeting_document

    _choose(fmt, MEETING_FORMATS, "format")
    _choose(kind, MEETING_KINDS, "meeting document")
    check_profile(profile)
    meeting = find_meeting(store, meeting_ref)
    letterhead = _letterhead(store, marking, author, today)
    document = meeting_document(store, meeting, kind, letterhead, profile=profile,
                                progress=scaled(progress, 0.0, 0.8), cancelled=cancelled)
    what = f"meeting {'pack' if kind == 'pack' else 'minutes'} {meeting.ref}"
    return _write_document(store, document, fmt, out, ("meeting", meeting.id, what), profile,
                           progress, cancelled)


def _letterhead(store: Store, marking: str | None, author: str | None,
                today: date | None) -> Letterhead:
    return Letterhead(marking=(marking or "").strip() or protective_marking(store),
                      author=author or store.audit.actor, created=today or date.today())


def find_meeting(store: Store, meeting_ref: str) -> Meeting:
    """The meeting with this reference (``JAG-0001``), case-insensitive.

    Raises:
        NotFoundError: when there is none.
    """
    wanted = meeting_ref.strip().upper()
    for meeting in store.meetings.all():
        if meeting.ref.upper() == wanted:
            return meeting
    raise NotFoundError(f"No meeting {meeting_ref}")


def _write_document(store: Store, document: Document, fmt: str, out: Path,
                    subject: tuple[str, str, str], profile: str, progress: Progress,
                    cancelled: CancelCheck) -> ExportResult:
    from jagdesk.io.exports import docx, html, pdf

    writers: dict[str, Callable[[Document, Path], None]] = {
        "pdf": pdf.write_pdf, "docx": docx.write_docx, "html": html.write_html}
    progress(0.8, f"Writing the {fmt.upper()} file")
    with _staged(out) as temp:
        writers[fmt](document, temp)
        check(cancelled)
        result = _publish(store, temp, out, document.marking, subject, profile)
    progress(1.0, "Export written")
    return result


# --- data -----------------------------------------------------------------------------------
def export_data(  # noqa: PLR0913 - the exports' shared keyword contract
        store: Store, what: str, fmt: str, out: Path, flt: IncidentFilter | None = None,
                *, today: date | None = None, profile: str = FULL, progress: Progress = noop,
                cancelled: CancelCheck = never) -> ExportResult:
    """Write hotspots, incidents or actions as CSV, GeoJSON or GeoPackage.

    ``flt`` limits incidents to a period and categories; hotspots and actions are all written.
    ``profile="partner"`` leaves out the columns about people and free-text notes.

    Raises:
        UserError: an unknown kind or format, or the file cannot be written.
        Cancelled: the user cancelled; no file is left.
    """
    from jagdesk.io.exports.data import write_csv, write_layer
    from jagdesk.services import export_rows

    _choose(what, DATA_KINDS, "kind of data")
    _choose(fmt, DATA_FORMATS, "format")
    check_profile(profile)
    marking = protective_marking(store)
    progress(0.0, f"Reading {what}")
    if what == "hotspots":
        rows = export_rows.hotspot_rows(store)
    elif what == "actions":
        rows = export_rows.action_rows(store, today or date.today())
    else:
        rows = list(export_rows.incident_rows(store, flt, cancelled))
    check(cancelled)
    rows = export_rows.for_profile(rows, what, profile)
    progress(0.5, f"Writing {len(rows):,} {what}")
    columns = export_rows.columns_for(what, profile)
    with _staged(out) as temp:
        if fmt == "csv":
            write_csv(rows, columns, temp)
        else:
            write_layer(rows, columns, temp, fmt, what)
        check(cancelled)
        result = _publish(store, temp, out, marking, (what, "", f"{len(rows)} {what} as {fmt}"),
                          profile)
    progress(1.0, "Export written")
    return result


# --- writing and auditing -------------------------------------------------------------------
def _choose(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise UserError(f"Unknown {name} {value!r}: use {', '.join(allowed)}.")


@contextlib.contextmanager
def _staged(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, removed unless it was renamed into place."""
    out = Path(out)
    if out.is_dir():
        raise UserError(f"{out} is a folder; give a file name to export to.")
    if not out.parent.is_dir():
        raise UserError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    temp = out.with_name(f".{out.stem}.{uuid.uuid4().hex[:8]}.part{out.suffix}")
    try:
        yield temp
    except OSError as error:
        raise UserError(f"Cannot write {out}: {error.strerror or error}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _publish(store: Store, temp: Path, out: Path, marking: str,
             subject: tuple[str, str, str], profile: str = FULL) -> ExportResult:
    """Audit the disclosure (with the export profile) and move the file into place, both or neither."""
    data = temp.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    table, record_id, what = subject
    with store.atomic():
        store.audit.append(
            "export", AuditClass.DISCLOSURE, table, record_id,
            summary=f"{what}; marking {marking}; profile {profile}; file {out.name}; "
                    f"sha256 {digest}",
            after={"what": what, "marking": marking, "profile": profile, "file": out.name,
                   "sha256": digest, "bytes": len(data)})
        os.replace(temp, out)
    return ExportResult(out, digest, len(data), marking)
