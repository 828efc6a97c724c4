"""Searching hotspots, plans and actions as the user types."""

from __future__ import annotations

import dataclasses

import pytest

from jagdesk.domain.records import Action, Hotspot, Partner, Plan
from jagdesk.services.search import search
from jagdesk.store import Store
from jagdesk.store.search_repo import match_expression


@pytest.fixture
def filled(store: Store) -> Store:
    council = store.partners.add(Partner(name="Council", partner_type="council"))
    point = {"type": "Point", "coordinates": [-1.13, 52.63]}
    clock = store.hotspots.add(Hotspot(name="Clock Tower", geometry=point, radius_m=300,
                                       description="Street drinking around the benches"))
    store.hotspots.add(Hotspot(name="Braunstone Park", geometry=point, radius_m=500,
                               description="Off-road motorbikes"))
    plan = store.plans.add(Plan(hotspot_id=clock.id, objective="Reduce street drinking",
                                analysis="Drinkers gather from late morning"))
    store.actions.add(Action(title="Remove the benches", owner_partner_id=council.id,
                             description="Check with the \"street\" scene team", plan_id=plan.id,
                             hotspot_id=clock.id))
    return store


def test_prefix_finds_all_kinds(filled: Store) -> None:
    hits = search(filled, "stree")
    assert {hit.kind for hit in hits} == {"hotspot", "plan", "action"}
    hotspot = next(hit for hit in hits if hit.kind == "hotspot")
    assert hotspot.title == "HS-0001 Clock Tower"
    assert "[Street]" in hotspot.snippet
    plan = next(hit for hit in hits if hit.kind == "plan")
    assert plan.title == "Plan for HS-0001 Clock Tower"
    assert [hit.rank for hit in hits] == sorted(hit.rank for hit in hits)


@pytest.mark.parametrize("typed", ["drinkin", "drinking", "Drink", "clock tow", "HS-0001"])
def test_words_being_typed_still_match(filled: Store, typed: str) -> None:
    assert any(hit.title.startswith("HS-0001") for hit in search(filled, typed))


def test_every_word_must_match(filled: Store) -> None:
    assert [hit.title for hit in search(filled, "park motorbikes")] == ["HS-0002 Braunstone Park"]
    assert search(filled, "park drinking") == []


@pytest.mark.parametrize("typed", ['"', "street\"", "a OR", "NEAR(", "*", "-", "^street",
                                   "col:street", "'; DROP TABLE hotspot; --", "", "   ",
                                   "AND OR NOT", "(((", "street*"])
def test_any_text_is_safe(filled: Store, typed: str) -> None:
    search(filled, typed)
    assert filled.hotspots.count() == 2


def test_edits_are_found_and_deletes_forgotten(filled: Store) -> None:
    hotspot = filled.hotspots.all()[1]
    filled.hotspots.update(dataclasses.replace(hotspot, name="Braunstone Lakeside"))
    assert [hit.id for hit in search(filled, "lakes")] == [hotspot.id]
    filled.hotspots.delete(hotspot.id)
    assert search(filled, "lakes") == []


def test_match_expression_keeps_only_words() -> None:
    assert match_expression('"a" OR b*') == '("a"*) AND ("or"*) AND ("b"*)'
    assert match_expression("") == ""
    assert '"drink"' in match_expression("drinkin")
