"""What a projected agenda item shows: its hotspot, plan headlines, before/after and actions."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.errors import JagdeskError
from jagdesk.services.agenda import KIND_LABELS
from jagdesk.services.meetings import item_actions

if TYPE_CHECKING:
    from jagdesk.domain.records import AgendaItem, Hotspot, Plan
    from jagdesk.services.actions import ActionLogRow
    from jagdesk.store import Store

log = logging.getLogger(__name__)

HEADLINE_CHARS = 110  # a line or two on a projector
SARA_STAGES = (("Scanning", "scanning"), ("Analysis", "analysis"), ("Response", "response"),
               ("Assessment", "assessment"))
NOT_ENOUGH_DATA = "Not enough data for before/after figures"


@dataclass(frozen=True)
class Figures:
    """Before/after counts at the hotspot, or why there are none."""

    lines: list[str] = field(default_factory=list)
    reading: str = ""
    missing: str = ""  # set when the figures could not be worked out


@dataclass(frozen=True)
class Slide:
    """One agenda item as the room sees it."""

    item: AgendaItem
    kind_label: str
    hotspot: Hotspot | None
    objective: str
    headlines: list[tuple[str, str]]
    figures: Figures | None
    actions: list[ActionLogRow]


def headline(text: str, limit: int = HEADLINE_CHARS) -> str:
    """The first sentence of a text, cut at a word if it runs long."""
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def plan_headlines(plan: Plan | None) -> list[tuple[str, str]]:
    """The SARA stages that have been written, each as its first sentence."""
    if plan is None:
        return []
    return [(label, headline(getattr(plan, name))) for label, name in SARA_STAGES
            if getattr(plan, name).strip()]


def before_after(store: Store, hotspot: Hotspot) -> Figures:
    """Before/after figures for a hotspot; a failure becomes a short reason, never an error."""
    from jagdesk.services.analysis import assess_hotspot

    try:
        found = assess_hotspot(store, hotspot.ref)
    except JagdeskError as exc:
        return Figures(missing=f"{NOT_ENOUGH_DATA}: {exc}")
    except Exception:  # a projector must never show a traceback
        log.exception("before/after figures failed for %s", hotspot.ref)
        return Figures(missing=f"{NOT_ENOUGH_DATA}.")
    w = found.windows
    control = found.control_name[:1].upper() + found.control_name[1:]
    lines = [f"Hotspot: {found.hotspot.before} → {found.hotspot.after} ({found.hotspot.wording})",
             f"Around it: {found.buffer.before} → {found.buffer.after}",
             f"{control}: {found.control.before} → {found.control.after}",
             f"Before {w.before_from} to {w.before_to}; after {w.after_from} to {w.after_to}"]
    return Figures(lines=lines, reading=found.reading)


def slide_for(store: Store, item: AgendaItem, today: date, *,
              figures: bool = True) -> Slide:
    """Everything the side panel shows for an item (figures can be left out for speed)."""
    hotspot = store.hotspots.get(item.hotspot_id) if item.hotspot_id else None
    plan = store.plans.for_hotspot(hotspot.id) if hotspot else None
    return Slide(item=item, kind_label=KIND_LABELS.get(item.kind, ""), hotspot=hotspot,
                 objective=headline(plan.objective, 240) if plan else "",
                 headlines=plan_headlines(plan),
                 figures=before_after(store, hotspot) if hotspot and figures else None,
                 actions=item_actions(store, item, today))
