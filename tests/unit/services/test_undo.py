"""Undo of the last edit: restores the previous content through an audited update."""

from __future__ import annotations

import dataclasses

import pytest

from jagdesk.domain.enums import AuditClass
from jagdesk.domain.records import Hotspot, Partner
from jagdesk.errors import ConflictError, UserError
from jagdesk.services.hotspots import create_hotspot, update_hotspot
from jagdesk.services.partners import add_partner, update_partner
from jagdesk.services.undo import UndoStack
from jagdesk.store import Store


def _hotspot(store: Store) -> Hotspot:
    return create_hotspot(store, Hotspot(name="Clock Tower", radius_m=300,
                                         geometry={"type": "Point", "coordinates": [-1.13, 52.63]}))


def test_undo_restores_the_previous_content(store: Store) -> None:
    stack = UndoStack(store)
    assert not stack.can_undo
    before = _hotspot(store)
    after = update_hotspot(store, dataclasses.replace(before, name="Clock Tower and Haymarket",
                                                      radius_m=500))
    stack.push(before, after, "Undo rename of HS-0001")
    assert stack.undo_label == "Undo rename of HS-0001"
    restored = stack.undo()
    assert isinstance(restored, Hotspot)
    assert (restored.name, restored.radius_m, restored.version) == ("Clock Tower", 300, 3)
    assert store.hotspots.get(before.id).name == "Clock Tower"
    entry = store.audit.entries("hotspot")[0]
    assert (entry.operation, entry.audit_class) == ("update", AuditClass.ALTERATION)
    assert not stack.can_undo
    with pytest.raises(UserError):
        stack.undo()


def test_edits_are_undone_newest_first_across_record_types(store: Store) -> None:
    stack = UndoStack(store)
    hotspot = _hotspot(store)
    renamed = update_hotspot(store, dataclasses.replace(hotspot, name="Haymarket"))
    stack.push(hotspot, renamed)
    partner = add_partner(store, Partner(name="Council", partner_type="council"))
    described = update_partner(store, dataclasses.replace(partner, description="CSP"))
    stack.push(partner, described)
    assert stack.undo_label == "Undo edit of partner"
    stack.undo()
    assert store.partners.get(partner.id).description == ""
    stack.undo()
    assert store.hotspots.get(hotspot.id).name == "Clock Tower"


def test_undo_refuses_when_someone_changed_it_since(store: Store) -> None:
    stack = UndoStack(store)
    hotspot = _hotspot(store)
    mine = update_hotspot(store, dataclasses.replace(hotspot, name="Mine"))
    stack.push(hotspot, mine)
    update_hotspot(store, dataclasses.replace(mine, name="Theirs"))
    seq = store.audit.entries(limit=1)[0].seq
    with pytest.raises(ConflictError):
        stack.undo()
    assert store.hotspots.get(hotspot.id).name == "Theirs"
    assert store.audit.entries(limit=1)[0].seq == seq
    assert not stack.can_undo


def test_limit_and_mismatched_records(store: Store) -> None:
    stack = UndoStack(store, limit=2)
    hotspot = _hotspot(store)
    previous = hotspot
    for name in ("A", "B", "C"):
        saved = update_hotspot(store, dataclasses.replace(previous, name=name))
        stack.push(previous, saved)
        previous = saved
    assert stack.undo().name == "B"  # type: ignore[attr-defined]
    assert stack.undo().name == "A"  # type: ignore[attr-defined]
    assert not stack.can_undo
    stack.push(hotspot, previous)
    stack.clear()
    assert not stack.can_undo
    other = _hotspot(store)
    with pytest.raises(ValueError, match="same record"):
        stack.push(hotspot, other)
