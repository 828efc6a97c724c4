"""Sections that plan summaries and meeting packs share: the hotspot, plan, responses, actions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.domain.enums import HotspotStatus, PlanStatus
from jagdesk.errors import NotFoundError
from jagdesk.io.exports.document import Block, Fields, Heading, Paragraph, Table
from jagdesk.services.actions import ActionLogRow, action_log
from jagdesk.services.export_profiles import FULL, LEFT_OUT, shown, shows
from jagdesk.services.responses import lapsing_powers

if TYPE_CHECKING:
    from jagdesk.domain.records import Hotspot, Plan
    from jagdesk.store import Store

LAPSE_WARNING_DAYS = 28


def hotspot_fields(store: Store, hotspot: Hotspot, profile: str = FULL) -> Fields:
    """The hotspot's details as label and value pairs (a partner copy names no officer)."""
    return Fields([
        ("Reference", hotspot.ref), ("Name", hotspot.name),
        ("Status", hotspot.status.value.capitalize()), ("RAG rating", hotspot.rag.value.upper()),
        ("Problem", store.lookups.label("problem_type", hotspot.problem_type)
         if hotspot.problem_type else ""),
        ("ASB category", hotspot.asb_category.value.capitalize() if hotspot.asb_category else ""),
        ("Designation", store.lookups.label("designation", hotspot.designation)
         if hotspot.designation else ""),
        ("Ward", _area_name(store, hotspot.ward_id)),
        ("Lead partner", _partner_name(store, hotspot.lead_partner_id)),
        *([("Lead officer", hotspot.lead_officer)]
          if shows(profile, "hotspot", "lead_officer") else []),
        ("Opened", hotspot.opened_on or ""), ("Review due", hotspot.review_due or ""),
        *([("Closed", hotspot.closed_on)] if hotspot.closed_on else []),
    ])


def subtitle(store: Store, hotspot: Hotspot) -> str:
    """One line under a hotspot's title: status, rating and ward."""
    parts = [hotspot.status.value.capitalize(), f"RAG {hotspot.rag.value.upper()}",
             _area_name(store, hotspot.ward_id)]
    return " · ".join(part for part in parts if part)


def priority_blocks(store: Store, plan: Plan | None) -> list[Block]:
    """The Police and Crime Plan priorities the plan serves."""
    ids = store.plans.framework_item_ids(plan.id) if plan else []
    if not ids:
        return [Paragraph("No priorities linked yet.", "note")]
    frameworks = {f.id: f.name for f in store.frameworks.all()}
    rows = []
    for item_id in ids:
        item = store.framework_items.get(item_id)
        rows.append([frameworks.get(item.framework_id, ""), item.ref, item.text])
    return [Table(["Plan", "Ref", "Priority"], rows, widths=[2, 0.8, 5])]


def plan_blocks(plan: Plan | None, profile: str = FULL) -> list[Block]:
    """The OSARA stages and the Problem Analysis Triangle (a partner copy without its people)."""
    if plan is None:
        return [Paragraph("No problem-solving plan yet.", "note")]
    stages = [("Objective", plan.objective), ("Scanning", plan.scanning),
              ("Analysis", plan.analysis), ("Response", plan.response),
              ("Assessment", plan.assessment), ("Success measures", plan.success_measures),
              ("Evidence", plan.evidence_basis)]
    def side(name: str) -> str:
        return shown(profile, "plan", name, str(getattr(plan, name)), LEFT_OUT)

    triangle = [["Victim", side("victim"), "Guardian", side("guardian")],
                ["Offender", side("offender"), "Handler", side("handler")],
                ["Location", side("location"), "Manager", side("manager")]]
    return [
        Paragraph(f"Plan status: {plan.status.value}.", "note"),
        Fields([(label, text) for label, text in stages if text]),
        Heading("Problem Analysis Triangle", 2),
        Table(["Side", "What we know", "Controller", "Who"], triangle, widths=[1, 3, 1, 3]),
    ]


def response_blocks(store: Store, plan: Plan | None, today: date,
                    profile: str = FULL) -> list[Block]:
    """The plan's responses, with warnings for powers that lapse soon or have lapsed."""
    responses = store.responses.for_plan(plan.id) if plan else []
    if not responses:
        return [Paragraph("No responses recorded.", "note")]
    tactics = {t.id: t.name for t in store.tactics.all()}
    lapsing = {p.response.id: p for p in lapsing_powers(store, today, LAPSE_WARNING_DAYS)}
    rows, flagged, warnings = [], set(), []
    for index, response in enumerate(responses):
        power = lapsing.get(response.id)
        if power is not None:
            flagged.add(index)
            warnings.append(_lapse_warning(power.tactic_name, power.days_left, power.expires_on))
        detail = shown(profile, "response", "description", response.description, LEFT_OUT)
        rows.append([tactics.get(response.tactic_id, ""), detail,
                     response.started_on or "", response.expires_on or ""])
    blocks: list[Block] = [Table(["Response", "Detail", "Started", "Expires"], rows,
                                 widths=[2, 4, 1.3, 1.3], flagged=frozenset(flagged))]
    blocks.extend(Paragraph(text, "warning") for text in warnings)
    return blocks


def _lapse_warning(name: str, days_left: int, expires_on: date) -> str:
    if days_left < 0:
        return f"{name} lapsed on {expires_on.isoformat()} ({-days_left} days ago)."
    return f"{name} lapses on {expires_on.isoformat()}, in {days_left} days: renew or replace it."


def hotspot_actions(store: Store, hotspot: Hotspot, today: date, *,
                    unfinished_only: bool = False) -> list[ActionLogRow]:
    """The action log rows of one hotspot."""
    return [row for row in action_log(store, unfinished_only=unfinished_only, today=today)
            if row.action.hotspot_id == hotspot.id]


def action_blocks_by_partner(rows: list[ActionLogRow], profile: str = FULL) -> list[Block]:
    """Actions grouped under their owning partner, overdue ones marked."""
    if not rows:
        return [Paragraph("No actions.", "note")]
    groups: dict[str, list[ActionLogRow]] = defaultdict(list)
    for row in rows:
        groups[row.partner_name or "No partner"].append(row)
    blocks: list[Block] = []
    for partner in sorted(groups):
        blocks.append(Heading(partner, 2))
        blocks.append(action_table(groups[partner], with_partner=False, profile=profile))
    return blocks


def action_table(rows: list[ActionLogRow], *, with_partner: bool = True,
                 with_hotspot: bool = False, profile: str = FULL) -> Table:
    """Actions as a table: reference, what, who, due and status (overdue rows flagged).

    A partner copy names the owning partner but not the person.
    """
    with_owner = shows(profile, "contact", "name")
    header = ["Ref", "Action", *(["Partner"] if with_partner else []),
              *(["Owner"] if with_owner else []), *(["Hotspot"] if with_hotspot else []),
              "Due", "Status"]
    widths = [1, 3.6, *([1.8] if with_partner else []), *([1.8] if with_owner else []),
              *([1] if with_hotspot else []), 1.2, 1.4]
    body = [[row.action.ref, row.action.title, *([row.partner_name] if with_partner else []),
             *([row.contact_name] if with_owner else []),
             *([row.hotspot_ref] if with_hotspot else []),
             row.action.due_on or "", status_text(row)] for row in rows]
    flagged = frozenset(i for i, row in enumerate(rows) if row.overdue)
    return Table(header, body, widths=widths, flagged=flagged)


def status_text(row: ActionLogRow) -> str:
    """An action's status, with how overdue it is."""
    text = row.action.status.value.replace("_", " ").capitalize()
    return f"{text}, overdue {row.days_overdue} days" if row.overdue else text


def evaluation_blocks(hotspot: Hotspot, plan: Plan | None) -> list[Block]:
    """The closure evaluation, when the hotspot or its plan is closed."""
    closed = hotspot.status is HotspotStatus.CLOSED or (
        plan is not None and plan.status is PlanStatus.CLOSED)
    if not closed or plan is None:
        return []
    return [Heading("Closure evaluation"), Fields([
        ("Outcome", plan.closure_outcome), ("What worked", plan.closure_what_worked),
        ("What did not", plan.closure_what_did_not),
        ("Closed on", plan.closed_on or hotspot.closed_on or ""),
        ("Sustainability check", plan.sustainability_check_on or ""),
    ])]


def _area_name(store: Store, area_id: str | None) -> str:
    try:
        return store.areas.get(area_id).name if area_id else ""
    except NotFoundError:
        return ""


def _partner_name(store: Store, partner_id: str | None) -> str:
    try:
        return store.partners.get(partner_id).name if partner_id else ""
    except NotFoundError:
        return ""
