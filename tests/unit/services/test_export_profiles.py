"""The partner export profile: no people fields and no free-text notes in any export."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.records import ActionUpdate
from jagdesk.errors import UserError
from jagdesk.services.export_profiles import PARTNER_LEAVES_OUT, data_columns, shows
from jagdesk.services.exports import export_data, export_meeting, export_plan
from jagdesk.services.map_export import export_map_html
from jagdesk.store import Store
from jagdesk.store.audit import AuditEntry

TODAY = date(2026, 11, 23)
# Short tokens without spaces, so a wrapped table cell cannot split them.
VICTIM, OFFENDER, CONTACT = "QZVICTIMQZ", "QZOFFENDERQZ", "QZCONTACTQZ"
UPDATE, ACTION_NOTE, OFFICER = "QZUPDATEQZ", "QZACTIONDESCQZ", "QZOFFICERQZ"
HOTSPOT_NOTE, ITEM_NOTE, MEETING_NOTE = "QZHOTSPOTDESCQZ", "QZITEMNOTEQZ", "QZMEETINGNOTEQZ"
CHAIR, ATTENDEE, RESPONSE_NOTE = "QZCHAIRQZ", "QZATTENDEEQZ", "QZRESPONSEQZ"
EVERY = (VICTIM, OFFENDER, CONTACT, UPDATE, ACTION_NOTE, OFFICER, HOTSPOT_NOTE, ITEM_NOTE,
         MEETING_NOTE, CHAIR, ATTENDEE, RESPONSE_NOTE)


@pytest.fixture(scope="module")
def demo(demo_copy) -> Iterator[Store]:
    with Store(demo_copy(TODAY), actor="pc.smith") as store:
        _seed(store)
        yield store


def _seed(store: Store) -> None:
    """Put a sentinel into every people or notes field the exports of HS-0001 and JAG-0001 show."""
    hotspot = store.hotspots.by_ref("HS-0001")
    assert hotspot is not None
    store.hotspots.update(dataclasses.replace(hotspot, lead_officer=OFFICER,
                                              description=HOTSPOT_NOTE))
    plan = store.plans.for_hotspot(hotspot.id)
    assert plan is not None
    store.plans.update(dataclasses.replace(plan, victim=VICTIM, offender=OFFENDER))
    for response in store.responses.all():  # the plan's, and the footprints on the map
        store.responses.update(dataclasses.replace(response, description=RESPONSE_NOTE))
    actions = [a for a in store.actions.all() if a.hotspot_id == hotspot.id]
    for action in actions:
        store.actions.update(dataclasses.replace(action, description=ACTION_NOTE))
        store.action_updates.add(ActionUpdate(action_id=action.id, on="2026-11-20", note=UPDATE))
    for contact_id in {a.owner_contact_id for a in actions if a.owner_contact_id}:
        contact = store.contacts.get(contact_id)
        store.contacts.update(dataclasses.replace(contact, name=CONTACT))
    meeting = next(m for m in store.meetings.all() if m.ref == "JAG-0001")
    store.meetings.update(dataclasses.replace(meeting, chair=CHAIR, notes=MEETING_NOTE))
    for item in store.agenda_items.for_meeting(meeting.id):
        store.agenda_items.update(dataclasses.replace(item, notes=ITEM_NOTE))
    attendee = store.attendees.for_meeting(meeting.id)[0]
    store.attendees.update(dataclasses.replace(attendee, name=ATTENDEE))


def text_of(path: Path) -> str:
    """The file's text with all whitespace removed (PDF text breaks lines anywhere)."""
    if path.suffix == ".pdf":
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    elif path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            text = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))
    else:
        text = path.read_text(encoding="utf-8-sig")
    return re.sub(r"\s+", "", text)


def found(path: Path) -> set[str]:
    text = text_of(path)
    return {token for token in EVERY if token in text}


def last_disclosure(store: Store) -> AuditEntry:
    return next(e for e in store.audit.entries() if e.audit_class is AuditClass.DISCLOSURE)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_plan_summary(demo: Store, tmp_path: Path, fmt: str) -> None:
    full, partner = tmp_path / f"full.{fmt}", tmp_path / f"partner.{fmt}"
    export_plan(demo, "HS-0001", fmt, full, today=TODAY)
    assert found(full) == {VICTIM, OFFENDER, CONTACT, OFFICER, HOTSPOT_NOTE, RESPONSE_NOTE}
    export_plan(demo, "HS-0001", fmt, partner, today=TODAY, profile="partner")
    assert found(partner) == set()
    text = text_of(partner)
    assert "ProblemAnalysisTriangle" in text
    assert "Leftoutofthepartnercopy" in text
    assert "LeicesterCityCouncil" in text  # partner names stay
    entry = last_disclosure(demo)
    assert entry.after is not None
    assert entry.after["profile"] == "partner"
    assert "profile partner" in entry.summary


@pytest.mark.parametrize(("kind", "fmt", "expected"), [
    ("pack", "docx", {CONTACT, OFFICER, ITEM_NOTE, MEETING_NOTE, CHAIR, ATTENDEE}),
    ("minutes", "pdf", {CONTACT, ITEM_NOTE, MEETING_NOTE, CHAIR, ATTENDEE}),
])
def test_meeting_documents(demo: Store, tmp_path: Path, kind: str, fmt: str,
                           expected: set[str]) -> None:
    full, partner = tmp_path / f"full.{fmt}", tmp_path / f"partner.{fmt}"
    export_meeting(demo, "JAG-0001", fmt, kind, full, today=TODAY)
    assert found(full) == expected
    export_meeting(demo, "JAG-0001", fmt, kind, partner, today=TODAY, profile="partner")
    assert found(partner) == set()
    assert (last_disclosure(demo).after or {})["profile"] == "partner"


def test_minutes_for_partners_keep_the_decisions(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "minutes.docx"
    export_meeting(demo, "JAG-0001", "docx", "minutes", out, today=TODAY, profile="partner")
    meeting = next(m for m in demo.meetings.all() if m.ref == "JAG-0001")
    decisions = [i.decision for i in demo.agenda_items.for_meeting(meeting.id) if i.decision]
    assert decisions
    text = text_of(out)
    assert all(re.sub(r"\s+", "", d) in text for d in decisions)


@pytest.mark.parametrize(("what", "fmt", "expected"), [
    ("hotspots", "csv", {OFFICER, HOTSPOT_NOTE}),
    ("actions", "csv", {CONTACT, ACTION_NOTE}),
    ("actions", "geojson", {CONTACT, ACTION_NOTE}),
    ("hotspots", "geojson", {OFFICER, HOTSPOT_NOTE}),
])
def test_data_files(demo: Store, tmp_path: Path, what: str, fmt: str, expected: set[str]) -> None:
    full, partner = tmp_path / f"full.{fmt}", tmp_path / f"partner.{fmt}"
    export_data(demo, what, fmt, full, today=TODAY)
    assert found(full) == expected
    export_data(demo, what, fmt, partner, today=TODAY, profile="partner")
    assert found(partner) == set()
    assert "LeicesterCityCouncil" in text_of(partner) or what == "hotspots"
    assert (last_disclosure(demo).after or {})["profile"] == "partner"


def test_the_map_for_partners_leaves_out_what_responses_were_used_for(
        demo: Store, tmp_path: Path) -> None:
    full, partner = tmp_path / "full.html", tmp_path / "partner.html"
    export_map_html(demo, full)
    assert found(full) == {RESPONSE_NOTE}
    export_map_html(demo, partner, profile="partner")
    assert found(partner) == set()
    text = text_of(partner)
    assert "Publicspacesprotectionorder".lower() in text.lower()  # the footprint's tactic stays
    assert "(partnercopy)" in text
    assert "partner copy" in last_disclosure(demo).summary


def test_a_full_export_is_audited_as_full(demo: Store, tmp_path: Path) -> None:
    export_data(demo, "hotspots", "csv", tmp_path / "hotspots.csv")
    assert (last_disclosure(demo).after or {})["profile"] == "full"


def test_an_unknown_profile_is_refused(demo: Store, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="profile"):
        export_data(demo, "hotspots", "csv", tmp_path / "x.csv", profile="public")
    assert not (tmp_path / "x.csv").exists()


def test_the_lists_cover_the_people_fields() -> None:
    assert PARTNER_LEAVES_OUT["plan"] == {"victim", "offender", "guardian", "handler", "manager"}
    assert not shows("partner", "contact", "email")
    assert shows("partner", "contact", "role")
    assert shows("full", "plan", "victim")
    assert data_columns("partner", "actions", ["ref", "owner", "partner", "description"]) == [
        "ref", "partner"]
    assert data_columns("partner", "incidents", ["id", "notes", "reported_by"]) == ["id"]
