"""The plan summary of a hotspot as a document: what a partner needs on one read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jagdesk.io.exports.document import Document, Heading, Image, Letterhead, Paragraph
from jagdesk.services import export_parts as parts
from jagdesk.services.export_figures import FigureCache, assessment_blocks, trend_blocks
from jagdesk.services.export_profiles import FULL, PARTNER, PARTNER_NOTE, shows
from jagdesk.services.progress import CancelCheck, Progress, check, never, noop

if TYPE_CHECKING:
    from jagdesk.domain.records import Hotspot
    from jagdesk.store import Store


def plan_document(store: Store, hotspot: Hotspot, letterhead: Letterhead, *,
                  map_png: bytes | None = None, figures: FigureCache | None = None,
                  profile: str = FULL, progress: Progress = noop,
                  cancelled: CancelCheck = never) -> Document:
    """Build the plan summary of ``hotspot`` (``profile``: full, or partner without people)."""
    plan = store.plans.for_hotspot(hotspot.id)
    today = letterhead.created
    doc = Document.under(letterhead, f"Plan summary: {hotspot.ref} {hotspot.name}",
                         parts.subtitle(store, hotspot))
    if map_png:
        doc.add(Image(map_png, f"{hotspot.ref} on the map, with incidents and boundaries"))
    if profile == PARTNER:
        doc.add(Paragraph(PARTNER_NOTE, "note"))
    doc.add(Heading("Hotspot"), parts.hotspot_fields(store, hotspot, profile))
    if hotspot.description and shows(profile, "hotspot", "description"):
        doc.add(Paragraph(hotspot.description))
    doc.add(Heading("Police and Crime Plan priorities"), *parts.priority_blocks(store, plan))
    doc.add(Heading("Problem-solving plan"), *parts.plan_blocks(plan, profile))
    check(cancelled)
    progress(0.2, "Responses and actions")
    doc.add(Heading("Responses and powers"), *parts.response_blocks(store, plan, today, profile))
    rows = parts.hotspot_actions(store, hotspot, today)
    doc.add(Heading("Actions by partner"), *parts.action_blocks_by_partner(rows, profile))
    check(cancelled)
    progress(0.4, "Before and after figures")
    found = (figures or FigureCache(store)).of(hotspot)
    check(cancelled)
    doc.add(Heading("Before and after"), *assessment_blocks(found))
    doc.add(Heading("Trend"), *trend_blocks(found))
    doc.add(*parts.evaluation_blocks(hotspot, plan))
    doc.add(Paragraph("Incident figures: police.uk open data (street-level crime and ASB, "
                      "locations anonymised to snap points) and incidents logged in JagDesk.",
                      "note"))
    return doc
