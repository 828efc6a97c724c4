"""Two windows on one file: both work (write-ahead log, busy timeout), and an edit to a record
the other changed meanwhile is refused with a clear message, never silently lost."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from jagdesk.domain.enums import HotspotStatus, Rag
from jagdesk.domain.records import Hotspot
from jagdesk.errors import ConflictError
from jagdesk.services.hotspots import create_hotspot, update_hotspot
from jagdesk.store import Store

POINT = {"type": "Point", "coordinates": [-1.13, 52.635]}


@pytest.fixture
def two(tmp_path: Path):
    path = tmp_path / "shared.sqlite"
    first, second = Store(path, actor="alice"), Store(path, actor="bob")
    yield first, second
    first.close()
    second.close()


def test_both_see_each_others_saves(two) -> None:
    first, second = two
    made = create_hotspot(first, Hotspot(name="Clock Tower", geometry=POINT, radius_m=50,
                                         status=HotspotStatus.OPEN, rag=Rag.RED))
    assert second.hotspots.get(made.id).name == "Clock Tower"
    assert first.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_edit_over_someone_elses_change_is_refused(two) -> None:
    first, second = two
    made = create_hotspot(first, Hotspot(name="Clock Tower", geometry=POINT, radius_m=50,
                                         status=HotspotStatus.OPEN, rag=Rag.RED))
    read_by_alice = first.hotspots.get(made.id)
    read_by_bob = second.hotspots.get(made.id)
    update_hotspot(second, dataclasses.replace(read_by_bob, name="Clock Tower (Bob)"))
    with pytest.raises(ConflictError, match="changed by someone else since you opened it"):
        update_hotspot(first, dataclasses.replace(read_by_alice, name="Clock Tower (Alice)"))
    stored = first.hotspots.get(made.id)
    assert stored.name == "Clock Tower (Bob)"
    assert stored.updated_by == "bob"
    assert first.audit.verify_chain() is None
