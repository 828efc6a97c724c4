"""The dashboard: progress by Police and Crime Plan priority, and where the records have gaps.

A JAG reports to the Police and Crime Commissioner by priority: for each priority its plans
serve, how many plans are open, how many actions are overdue, and whether incidents at the
linked hotspots are falling. The completeness view lists what still needs recording.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from jagdesk.analysis.spatial import Footprint, incidents_in
from jagdesk.analysis.trends import PeriodChange, count_by_month
from jagdesk.domain import action_rules
from jagdesk.domain.enums import PlanStatus
from jagdesk.domain.filters import IncidentFilter

if TYPE_CHECKING:
    from jagdesk.domain.records import Action, FrameworkItem, Hotspot, Plan
    from jagdesk.store import Store

ASB = "Anti-social behaviour"
DEFAULT_MONTHS = 6


@dataclass(frozen=True)
class HotspotLine:
    """A hotspot under a priority: its plan, actions and incident trend."""

    hotspot_id: str
    ref: str
    name: str
    plan_status: str
    open_actions: int
    overdue_actions: int
    monthly: list[int]
    change: PeriodChange | None


@dataclass(frozen=True)
class PriorityRow:
    """One Police and Crime Plan priority and the work linked to it."""

    item_id: str
    framework: str
    ref: str
    text: str
    plans: int
    open_plans: int
    actions: int
    open_actions: int
    overdue_actions: int
    monthly: list[int]  # incidents at the linked hotspots, month by month
    change: PeriodChange | None
    hotspots: list[HotspotLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The priority as a list shows it."""
        return f"{self.ref} {self.text}".strip()

    @property
    def trend_wording(self) -> str:
        """The period-on-period change in words, or a dash when there is too little data."""
        return self.change.wording if self.change else "too little data"


@dataclass(frozen=True)
class Gap:
    """A record the completeness view lists, and the hotspot to show for it."""

    ref: str
    description: str
    hotspot_id: str | None


@dataclass(frozen=True)
class Completeness:
    """What is missing from the records."""

    hotspots_without_plan: list[Gap]
    plans_without_action: list[Gap]
    actions_without_owner: list[Gap]
    incidents_outside_hotspots: int
    located_incidents: int
    category: str | None


@dataclass(frozen=True)
class Dashboard:
    """The priorities and the completeness view over one period."""

    months: list[str]
    category: str | None
    period_months: int
    priorities: list[PriorityRow]
    completeness: Completeness


class _Points:
    """Incidents of one category at each hotspot, looked up once through the R*Tree."""

    def __init__(self, store: Store, flt: IncidentFilter) -> None:
        self._store = store
        self._flt = flt
        self._by_hotspot: dict[str, dict[int, str]] = {}

    def of(self, hotspot: Hotspot) -> dict[int, str]:
        """Incident id -> month for the incidents inside a hotspot."""
        if hotspot.id not in self._by_hotspot:
            points = incidents_in(self._store, Footprint.of_hotspot(hotspot), self._flt)
            self._by_hotspot[hotspot.id] = {p[0]: p[3] for p in points}
        return self._by_hotspot[hotspot.id]


def build_dashboard(store: Store, *, category: str | None = ASB,
                    months: int = DEFAULT_MONTHS, today: date | None = None) -> Dashboard:
    """The dashboard over all the data: priorities and completeness.

    Args:
        store: the open database.
        category: the incident category trends and the completeness count look at; None for all.
        months: the length of each period in the period-on-period change.
        today: the day overdue is judged against (default: today).
    """
    today = today or date.today()
    flt = IncidentFilter(categories=frozenset({category}) if category else frozenset())
    points = _Points(store, flt)
    span = store.incidents.month_range()
    month_list = count_by_month([], *span).months if span else []
    priorities = priority_rows(store, points, month_list, months, today)
    return Dashboard(month_list, category, months, priorities,
                     completeness(store, points, flt, category))


@dataclass(frozen=True)
class _Context:
    """What every priority row is built from, read once."""

    hotspots: dict[str, Hotspot]
    actions_by_plan: dict[str, list[Action]]
    points: _Points
    month_list: list[str]
    months: int
    today: date


def priority_rows(store: Store, points: _Points, month_list: list[str], months: int,
                  today: date) -> list[PriorityRow]:
    """One row per framework item linked to a plan, in framework and document order."""
    linked: dict[str, list[Plan]] = {}
    for plan in store.plans.all():
        for item_id in store.plans.framework_item_ids(plan.id):
            linked.setdefault(item_id, []).append(plan)
    if not linked:
        return []
    items = [i for i in store.framework_items.all() if i.id in linked]
    frameworks = {f.id: f.code for f in store.frameworks.all()}
    actions_by_plan: dict[str, list[Action]] = {}
    for action in store.actions.all():
        if action.plan_id:
            actions_by_plan.setdefault(action.plan_id, []).append(action)
    context = _Context({h.id: h for h in store.hotspots.all()}, actions_by_plan, points,
                       month_list, months, today)
    items.sort(key=lambda i: (frameworks.get(i.framework_id, ""), i.position))
    return [_priority(item, frameworks.get(item.framework_id, ""), linked[item.id], context)
            for item in items]


def _priority(item: FrameworkItem, framework: str, plans: list[Plan],
              context: _Context) -> PriorityRow:
    lines: list[HotspotLine] = []
    seen: dict[int, str] = {}
    all_actions: list[Action] = []
    for plan in plans:
        hotspot = context.hotspots.get(plan.hotspot_id)
        if hotspot is None:
            continue
        actions = context.actions_by_plan.get(plan.id, [])
        all_actions += actions
        inside = context.points.of(hotspot)
        seen.update(inside)  # a union: overlapping hotspots do not count an incident twice
        monthly, change = _trend(inside.values(), context.month_list, context.months)
        _total, unfinished, overdue = _action_counts(actions, context.today)
        lines.append(HotspotLine(hotspot.id, hotspot.ref, hotspot.name, plan.status.value,
                                 unfinished, overdue, monthly, change))
    monthly, change = _trend(seen.values(), context.month_list, context.months)
    total, unfinished, overdue = _action_counts(all_actions, context.today)
    lines.sort(key=lambda line: line.ref)
    return PriorityRow(item.id, framework, item.ref, item.text, len(plans),
                       sum(p.status is not PlanStatus.CLOSED for p in plans),
                       total, unfinished, overdue, monthly, change, lines)


def _action_counts(actions: list[Action], today: date) -> tuple[int, int, int]:
    unfinished = sum(not a.status.is_finished for a in actions)
    overdue = sum(action_rules.is_overdue(a, today) for a in actions)
    return len(actions), unfinished, overdue


def _trend(months_of_incidents: Iterable[str], month_list: list[str],
           months: int) -> tuple[list[int], PeriodChange | None]:
    if not month_list:
        return [], None
    tally = Counter(months_of_incidents)
    counts = count_by_month(((m, "all", n) for m, n in tally.items()), month_list[0],
                            month_list[-1])
    return counts.totals, counts.period_on_period(months)


def completeness(store: Store, points: _Points, flt: IncidentFilter,
                 category: str | None) -> Completeness:
    """What is missing: plans, partner actions, named owners, and hotspots for incidents."""
    hotspots = store.hotspots.all()
    plans = {p.hotspot_id: p for p in store.plans.all()}
    actions = store.actions.all()
    planned = {a.plan_id for a in actions if a.plan_id}
    by_id = {h.id: h for h in hotspots}
    no_plan = [Gap(h.ref, f"{h.name} ({h.status.value}) has no plan", h.id)
               for h in hotspots if h.id not in plans]
    no_action = [Gap(by_id[p.hotspot_id].ref if p.hotspot_id in by_id else "",
                     f"The {p.status.value} plan has no partner action", p.hotspot_id)
                 for p in plans.values()
                 if p.id not in planned and p.status is not PlanStatus.CLOSED]
    partners = {p.id for p in store.partners.all()}
    no_owner = [Gap(a.ref, f"{a.title}: {_owner_gap(a, partners)}", a.hotspot_id)
                for a in actions
                if not a.status.is_finished and _owner_gap(a, partners)]
    inside: set[int] = set()
    for hotspot in hotspots:
        inside.update(points.of(hotspot))
    located = store.incidents.count_located(flt)
    return Completeness(sorted(no_plan, key=lambda g: g.ref), sorted(no_action, key=lambda g: g.ref),
                        sorted(no_owner, key=lambda g: g.ref), located - len(inside), located,
                        category)


def _owner_gap(action: Action, partners: set[str]) -> str:
    if not action.owner_partner_id or action.owner_partner_id not in partners:
        return "no owning partner"
    if not action.owner_contact_id:
        return "no named person"
    return ""
