"""Points are placed in the right Leicester ward."""

from __future__ import annotations

import pytest

from jagdesk import resources
from jagdesk.analysis.placement import AreaLocator
from jagdesk.domain.enums import AreaKind
from jagdesk.domain.records import Area
from jagdesk.io.boundaries import read_boundaries


@pytest.fixture(scope="module")
def wards() -> AreaLocator:
    layer = read_boundaries(resources.path("data", "boundaries", "leicester-wards-2019.geojson"))
    return AreaLocator([Area(kind=AreaKind.WARD, code=f.code, name=f.name, geometry=f.geometry)
                        for f in layer.features])


def test_clock_tower_is_in_castle_ward(wards: AreaLocator) -> None:
    area = wards.area_at(-1.1336, 52.6365)
    assert area is not None
    assert area.name == "Castle"


def test_points_outside_every_ward_get_no_code(wards: AreaLocator) -> None:
    # Braunstone Park in the city; Loughborough market place well outside it.
    codes = wards.codes([-1.1787, -1.2065], [52.6281, 52.7721])
    assert codes[0].startswith("E05")
    assert codes[1] == ""


def test_no_areas_places_nothing() -> None:
    locator = AreaLocator([])
    assert not locator
    assert locator.codes([-1.13], [52.63]) == [""]
