from __future__ import annotations

import json

from jagdesk import resources
from jagdesk.services.reference import (
    FRAMEWORKS,
    LOOKUPS,
    TACTICS,
    ensure_reference_data,
    meta_key,
    resource_version,
)


def _count_items(items: list[dict]) -> int:
    return sum(1 + _count_items(item.get("children", [])) for item in items)


def test_loads_everything_then_changes_nothing(store) -> None:
    assert ensure_reference_data(store) is True
    audit_entries = len(store.audit.entries())
    assert ensure_reference_data(store) is False
    assert len(store.audit.entries()) == audit_entries


def test_frameworks_complete_with_hierarchy(store) -> None:
    ensure_reference_data(store)
    data = resources.load_json(*FRAMEWORKS)
    assert store.frameworks.count() == len(data["frameworks"])
    assert store.framework_items.count() == sum(_count_items(f["items"]) for f in data["frameworks"])
    plan = store.frameworks.by_code("LLR-PCP-2013-17")
    priority = store.framework_items.by_ref(plan.id, "8")
    assert "ASB" in priority.text
    assert store.framework_items.get(priority.parent_id).ref == "T2"


def test_lookup_lists(store) -> None:
    ensure_reference_data(store)
    categories = [item.code for item in store.lookups.items("asb_category")]
    assert categories == ["personal", "nuisance", "environmental"]
    partner_types = {item.code for item in store.lookups.items("partner_type")}
    assert {"police", "council", "fire_and_rescue", "housing", "health", "probation",
            "youth_offending", "education", "voluntary", "business"} <= partner_types
    problems = {item.code for item in store.lookups.items("problem_type")}
    assert {"street_drinking", "drug_dealing", "youth_asb", "vehicle_nuisance", "noise",
            "fly_tipping", "criminal_damage", "begging"} <= problems
    assert store.lookups.label("designation", "high_demand_location").startswith("High-demand")
    for name in ("partner_type", "asb_category", "problem_type", "designation"):
        assert all(item.source for item in store.lookups.items(name)), name


def test_tactics_have_sources_and_statutory_clocks(store) -> None:
    ensure_reference_data(store)
    shipped = resources.load_json(*TACTICS)["tactics"]
    tactics = store.tactics.all()
    assert len(tactics) == len(shipped)
    assert all(t.source and t.name and t.kind in ("tactic", "power") for t in tactics)
    clocks = {t.code: t.max_duration_days for t in tactics}
    assert clocks["pspo"] == 1095
    assert clocks["dispersal"] == 2
    assert clocks["closure_notice"] == 2
    assert clocks["closure_order"] == 92
    assert clocks["cpn"] is None
    assert {"cpw", "community_trigger", "licence_review", "high_visibility_patrol"} <= set(clocks)
    assert all(t.legislation for t in tactics if t.kind == "power")


def test_versions_recorded_in_meta(store) -> None:
    ensure_reference_data(store)
    for parts in (FRAMEWORKS, LOOKUPS, TACTICS):
        assert store.lookups.meta(meta_key(parts)) == resource_version(parts)


def test_changed_resource_is_reloaded_keeping_local_entries(store, monkeypatch, tmp_path) -> None:
    ensure_reference_data(store)
    local = store.lookups.items("problem_type")
    from jagdesk.domain.records import LookupItem

    store.lookups.replace_list("problem_type", [*local, LookupItem(
        list_name="problem_type", code="local_extra", label="Added by an administrator")])
    data = resources.load_json(*TACTICS)
    data["tactics"][0]["description"] = "Changed text"
    copy = tmp_path / "data"
    copy.mkdir()
    for name in ("frameworks.json", "lookups.json"):
        (copy / name).write_bytes(resources.path("data", name).read_bytes())
    (copy / "tactics.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(resources, "root", lambda: tmp_path)
    store.lookups.set_meta(meta_key(LOOKUPS), "stale")
    assert ensure_reference_data(store) is True
    assert store.tactics.by_code(data["tactics"][0]["code"]).description == "Changed text"
    assert store.tactics.by_code(data["tactics"][0]["code"]).version == 2
    assert "local_extra" in {item.code for item in store.lookups.items("problem_type")}
