from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from jagdesk.cli import main
from jagdesk.domain.enums import AreaKind, IncidentSource
from jagdesk.domain.records import Area, Hotspot, Incident
from jagdesk.store import Store
from jagdesk.store.incident_repo import incident_values

ASB = "Anti-social behaviour"
LON, LAT = -1.1336, 52.6365


def _row(lon: float, lat: float, month: str) -> tuple[object, ...]:
    return incident_values(Incident(source=IncidentSource.POLICE_UK, month=month, category=ASB,
                                    lon=lon, lat=lat))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "jag.sqlite"
    rng = np.random.default_rng(2)
    with Store(path, actor="tester") as store:
        ward = store.areas.add(Area(kind=AreaKind.WARD, code="E05000001", name="Castle", geometry={
            "type": "Polygon", "coordinates": [[[-1.19, 52.60], [-1.08, 52.60], [-1.08, 52.67],
                                                [-1.19, 52.67], [-1.19, 52.60]]]}))
        store.hotspots.add(Hotspot(name="Clock Tower", radius_m=150, ward_id=ward.id,
                                   opened_on="2021-07-01",
                                   geometry={"type": "Point", "coordinates": [LON, LAT]}))
        noise = [_row(float(x), float(y), f"2021-{m:02d}") for x, y, m in zip(
            rng.uniform(-1.16, -1.10, 2400), rng.uniform(52.62, 52.655, 2400),
            rng.integers(1, 13, 2400), strict=True)]
        blob = [_row(float(x), float(y), "2021-03") for x, y in zip(
            rng.normal(LON, 0.0005, 100), rng.normal(LAT, 0.0003, 100), strict=True)]
        with store.atomic():
            store.incidents.insert_rows(noise + blob)
    return path


def test_hotspots_json_carries_the_figures(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "hotspots", "--db", str(db), "--from", "2021-01", "--to", "2021-12",
                 "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["category"] == ASB
    top = found["clusters"][0]
    assert {"lon", "lat", "cells", "incidents", "z", "p", "q", "single_snap_point"} <= set(top)
    assert top["lon"] == pytest.approx(LON, abs=0.002)
    assert top["lat"] == pytest.approx(LAT, abs=0.0015)


def test_hotspots_text_lists_ranked_clusters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "hotspots", "--db", str(db), "--cell", "150"]) == 0
    out = capsys.readouterr().out
    assert "150 m grid" in out
    assert "  1. 52.63" in out


def test_assess_json_and_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "assess", "--db", str(db), "--hotspot", "HS-0001", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["windows"]["after_from"] == "2021-07"
    assert figures["hotspot"]["before"] > figures["hotspot"]["after"]
    assert {"before", "after", "change", "percent"} <= set(figures["control"])
    assert "wdq" in figures
    assert figures["buffer"]["before"] >= 0
    assert main(["analyse", "assess", "--db", str(db), "--hotspot", "HS-0001"]) == 0
    out = capsys.readouterr().out
    assert "In the hotspot" in out
    assert "WDQ" in out


def test_unknown_hotspot_is_a_one_line_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "assess", "--db", str(db), "--hotspot", "HS-0042"]) == 1
    assert "HS-0042" in capsys.readouterr().err
