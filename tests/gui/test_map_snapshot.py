from __future__ import annotations

import io
from pathlib import Path

import pytest

from jagdesk import resources
from jagdesk.domain.enums import AreaKind, HotspotStatus, IncidentSource, Rag
from jagdesk.domain.records import Hotspot, Incident
from jagdesk.services.boundaries import import_boundaries
from jagdesk.store import Store

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/jagdesk-shots")


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "map.sqlite"
    with Store(path, actor="tester") as store:
        import_boundaries(store, resources.path("data", "boundaries", "leicester-wards-2019.geojson"),
                          AreaKind.WARD)
        hotspot = store.hotspots.add(Hotspot(
            name="Clock Tower", rag=Rag.RED, status=HotspotStatus.OPEN, radius_m=250,
            geometry={"type": "Point", "coordinates": [-1.1335, 52.6357]}))
        store.incidents.add_many(
            Incident(source=IncidentSource.POLICE_UK, month="2024-01", category="Anti-social behaviour",
                     lon=-1.1335 + n * 0.0002, lat=52.6357) for n in range(20))
        return path, hotspot.id


def test_the_real_map_is_rendered_to_png(qapp, db):
    from PIL import Image

    from jagdesk.ui.map_snapshot import render_hotspot_map

    path, hotspot_id = db
    png = render_hotspot_map(path, hotspot_id, size=(800, 500))
    assert png.startswith(b"\x89PNG")
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    assert picture.size == (800, 500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    picture.save(SHOTS / "map-snapshot.png")
    # The red hotspot is drawn in the middle: the picture is not a blank page.
    colours = picture.resize((80, 50)).getcolors(4000) or []
    assert len(colours) > 10


def test_plan_pdf_pages_render(qapp, db, tmp_path):
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    from jagdesk.services.exports import export_plan
    from jagdesk.ui.map_snapshot import render_hotspot_map

    path, hotspot_id = db
    png = render_hotspot_map(path, hotspot_id, size=(900, 600))
    out = tmp_path / "plan.pdf"
    with Store(path, actor="tester") as store:
        export_plan(store, store.hotspots.get(hotspot_id).ref, "pdf", out, map_png=png)
    document = QPdfDocument()
    document.load(str(out))
    assert document.pageCount() >= 1
    for page in range(document.pageCount()):
        size = document.pagePointSize(page)
        image = document.render(page, QSize(int(size.width() * 1.5), int(size.height() * 1.5)))
        assert not image.isNull()
        image.save(str(SHOTS / f"plan-summary-page-{page + 1}.png"))
