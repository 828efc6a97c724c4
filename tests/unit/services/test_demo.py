from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from jagdesk.domain.enums import AreaKind, HotspotStatus, Rag
from jagdesk.errors import Cancelled, UserError
from jagdesk.services.demo import build_demo
from jagdesk.store import Store
from jagdesk.store.check import check_database

TODAY = date(2024, 6, 3)

# Common first names; contacts are roles, so none of these may appear as a word.
FIRST_NAMES = {"james", "john", "david", "paul", "mark", "michael", "peter", "steven", "andrew",
               "sarah", "emma", "claire", "karen", "susan", "helen", "jane", "jean", "mary",
               "mohammed", "priya", "raj", "amir", "aisha", "steff", "brian", "kirk", "rory",
               "willy", "alec", "jason", "kayleigh", "tom", "chris", "lisa", "anna"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Store]]:
    path = tmp_path_factory.mktemp("demo") / "leicester.sqlite"
    summary = build_demo(path, today=TODAY)
    assert summary.path == path
    store = Store(path, read_only=True)
    yield path, store
    store.close()


def test_database_passes_check(demo) -> None:
    path, _ = demo
    report = check_database(path)
    assert report.ok, report.problems
    assert not list(path.parent.glob(".*building*"))


def test_boundaries_and_incidents(demo) -> None:
    _, store = demo
    assert len(store.areas.of_kind(AreaKind.WARD)) == 21
    assert len(store.areas.of_kind(AreaKind.LOCAL_AUTHORITY)) == 9
    assert store.incidents.count() > 40000


def test_hotspots_have_plans_wards_and_mixes(demo) -> None:
    _, store = demo
    hotspots = store.hotspots.all()
    assert 6 <= len(hotspots) <= 10
    leicester = store.areas.by_code(AreaKind.LOCAL_AUTHORITY, "E06000016")
    for hotspot in hotspots:
        assert hotspot.ward_id is not None, hotspot.name
        assert hotspot.local_authority_id == leicester.id
        plan = store.plans.for_hotspot(hotspot.id)
        assert plan is not None
        assert plan.location
        assert store.plans.framework_item_ids(plan.id)
        assert store.actions.for_hotspot(hotspot.id)
    assert {h.status for h in hotspots} == set(HotspotStatus)
    assert {h.rag for h in hotspots} == set(Rag)
    ward_names = {store.areas.get(h.ward_id).name for h in hotspots}
    assert "Castle" in ward_names


def test_actions_relative_to_today(demo) -> None:
    _, store = demo
    overdue = store.actions.overdue(TODAY.isoformat())
    assert overdue
    done = [a for a in store.actions.all() if a.status.value == "done"]
    assert done
    assert all(a.completed_on for a in done)
    assert store.action_updates.count() > 0


def test_responses_show_a_lapsing_power(demo) -> None:
    _, store = demo
    soon = (TODAY + timedelta(days=31)).isoformat()
    pspo = store.tactics.by_code("pspo")
    lapsing = [r for r in store.responses.all()
               if r.tactic_id == pspo.id and r.expires_on and TODAY.isoformat() <= r.expires_on <= soon]
    assert lapsing


def test_meeting_with_attendees_and_agenda(demo) -> None:
    _, store = demo
    meetings = store.meetings.all()
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting.title == "Leicester City Centre JAG"
    assert len(store.attendees.for_meeting(meeting.id)) >= 6
    items = store.agenda_items.for_meeting(meeting.id)
    assert sum(1 for item in items if item.hotspot_id) >= 3


def test_no_person_names(demo) -> None:
    _, store = demo
    texts = [c.name for c in store.contacts.all()]
    texts += [a.name for m in store.meetings.all() for a in store.attendees.for_meeting(m.id)]
    texts += [h.lead_officer for h in store.hotspots.all()] + [m.chair for m in store.meetings.all()]
    assert texts
    for text in texts:
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        assert not words & FIRST_NAMES, text
    assert all(c.email.endswith("@example.org") for c in store.contacts.all())


def test_refuses_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "mine.sqlite"
    existing.write_bytes(b"precious")
    with pytest.raises(UserError, match="already exists"):
        build_demo(existing)
    assert existing.read_bytes() == b"precious"


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    calls = {"n": 0}

    def cancel_soon() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    target = tmp_path / "demo.sqlite"
    with pytest.raises(Cancelled):
        build_demo(target, cancelled=cancel_soon)
    assert list(tmp_path.iterdir()) == []


def test_orders_that_apply_to_a_place_have_footprints(demo) -> None:
    _, store = demo
    tactics = {t.id: t.code for t in store.tactics.all()}
    footprints = {tactics[r.tactic_id] for r in store.responses.all() if r.geometry}
    assert footprints == {"pspo", "closure_order", "dispersal"}
    pspo = next(r for r in store.responses.all() if tactics[r.tactic_id] == "pspo" and r.geometry)
    assert pspo.geometry is not None
    assert pspo.geometry["type"] == "Polygon"
