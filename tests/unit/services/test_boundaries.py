from __future__ import annotations

from pathlib import Path

import pytest

from jagdesk.domain.enums import AreaKind
from jagdesk.errors import Cancelled, ImportFormatError
from jagdesk.resources import path as resource_path
from jagdesk.services.boundaries import import_boundaries

WARDS = resource_path("data", "boundaries", "leicester-wards-2019.geojson")
LAS = resource_path("data", "boundaries", "llr-local-authorities-2019.geojson")


def test_import_adds_then_leaves_unchanged(store) -> None:
    first = import_boundaries(store, WARDS, AreaKind.WARD)
    assert len(first.added) == 21
    assert store.areas.by_code(AreaKind.WARD, "E05010458").name == "Abbey"
    again = import_boundaries(store, WARDS, AreaKind.WARD)
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 21)


def test_kinds_are_kept_apart(store) -> None:
    import_boundaries(store, WARDS, AreaKind.WARD)
    import_boundaries(store, LAS, AreaKind.LOCAL_AUTHORITY)
    assert len(store.areas.of_kind(AreaKind.LOCAL_AUTHORITY)) == 9
    assert len(store.areas.of_kind(AreaKind.WARD)) == 21


def test_cancel_leaves_the_database_unchanged(store) -> None:
    calls = {"n": 0}

    def cancel_after_five() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    with pytest.raises(Cancelled):
        import_boundaries(store, WARDS, AreaKind.WARD, cancelled=cancel_after_five)
    assert store.areas.count() == 0
    assert store.audit.entries() == []


def test_bad_file_writes_nothing(store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(ImportFormatError, match="has no features"):
        import_boundaries(store, bad, AreaKind.WARD)
    assert store.areas.count() == 0
