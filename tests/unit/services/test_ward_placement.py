"""Each incident's ward: placed during a police.uk import, and again when the wards change."""

from __future__ import annotations

from pathlib import Path

from jagdesk.analysis.placement import AreaLocator
from jagdesk.domain.enums import AreaKind
from jagdesk.resources import path as resource_path
from jagdesk.services.boundaries import import_boundaries, place_incidents_in_wards
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store

GOOD = Path(__file__).resolve().parents[2] / "data" / "policeuk" / "good"
WARDS = resource_path("data", "boundaries", "leicester-wards-2019.geojson")


def ward_codes(store: Store) -> list[tuple[float | None, float | None, str]]:
    rows = store.db.execute("SELECT lon, lat, ward_code FROM incident ORDER BY id").fetchall()
    return [tuple(r) for r in rows]


def expected(store: Store) -> list[str]:
    wards = AreaLocator(store.areas.of_kind(AreaKind.WARD))
    return [wards.codes([lon], [lat])[0] if lon is not None else ""
            for lon, lat, _ in ward_codes(store)]


def test_import_places_located_rows_in_their_wards(store: Store) -> None:
    import_boundaries(store, WARDS, AreaKind.WARD)
    import_policeuk(store, [GOOD])
    rows = ward_codes(store)
    assert [r[2] for r in rows] == expected(store)
    located = [r[2] for r in rows if r[0] is not None]
    assert located
    assert all(code.startswith("E05") for code in located)
    assert all(code == "" for lon, _, code in rows if lon is None)


def test_import_without_wards_leaves_the_ward_empty(store: Store) -> None:
    import_policeuk(store, [GOOD])
    assert {r[2] for r in ward_codes(store)} == {""}


def test_a_ward_import_places_the_incidents_already_there(store: Store) -> None:
    import_policeuk(store, [GOOD])
    result = import_boundaries(store, WARDS, AreaKind.WARD)
    rows = ward_codes(store)
    assert [r[2] for r in rows] == expected(store)
    assert result.incidents_placed == sum(1 for r in rows if r[2])
    assert result.incidents_placed == 6
    assert "6 incident(s) placed" in result.describe()


def test_placing_again_after_the_wards_are_gone_clears_them(store: Store) -> None:
    import_boundaries(store, WARDS, AreaKind.WARD)
    import_policeuk(store, [GOOD])
    with store.atomic():
        for area in store.areas.of_kind(AreaKind.WARD):
            store.db.execute("DELETE FROM area WHERE id = ?", [area.id])
    assert place_incidents_in_wards(store) == 0
    assert {r[2] for r in ward_codes(store)} == {""}


def test_other_kinds_do_not_place_incidents(store: Store) -> None:
    import_policeuk(store, [GOOD])
    result = import_boundaries(store, WARDS, AreaKind.LSOA)
    assert result.incidents_placed is None
    assert {r[2] for r in ward_codes(store)} == {""}
