"""Diagnostic logs rotate under a size cap and never hold record contents."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from jagdesk import log as jagdesk_log
from jagdesk.cli import main
from jagdesk.domain.records import Contact, Hotspot, Partner, Plan
from jagdesk.errors import ConflictError
from jagdesk.log import LOG_FILE_NAME, setup_logging
from jagdesk.services.backups import back_up, restore
from jagdesk.services.demo import build_demo
from jagdesk.services.hotspots import create_hotspot, update_hotspot
from jagdesk.services.importing import import_policeuk
from jagdesk.services.overview import hotspot_detail, summarise_hotspots, totals
from jagdesk.services.partners import add_contact, add_partner
from jagdesk.services.plans import save_plan
from jagdesk.store import Store

# Names no code or data would hold by chance; none may reach the log folder.
SENTINELS = ("Zebedee Quartermain", "Ottoline Fairweather", "Barnaby Wolstenholme",
             "Persephone Thistlewood", "Quillon Abernethy-Marsh")
POINT = {"type": "Point", "coordinates": [-1.1332, 52.6345]}
HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
          "Crime type,Last outcome category,Context\n")


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    """Log everything, at every level, into a fresh folder; put the root logger back after."""
    folder = tmp_path / "log"
    root = logging.getLogger()
    level = root.level
    setup_logging(folder, logging.DEBUG, to_stderr=False)
    yield folder
    for handler in [h for h in root.handlers if getattr(h, "_jagdesk_handler", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _logged(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*")
                     if p.is_file())


def test_log_rotates_under_a_size_cap(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jagdesk_log, "MAX_BYTES", 2_000)
    monkeypatch.setattr(jagdesk_log, "BACKUP_COUNT", 3)
    setup_logging(log_dir, logging.DEBUG, to_stderr=False)
    chatty = logging.getLogger("jagdesk.test")
    for n in range(1_000):
        chatty.info("line %04d of diagnostic output", n)
    files = sorted(p.name for p in log_dir.iterdir())
    assert files == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in (1, 2, 3)]
    assert all((log_dir / name).stat().st_size <= 2_000 for name in files)
    assert "line 0999" in (log_dir / LOG_FILE_NAME).read_text()  # the newest lines are kept


def test_setting_up_twice_does_not_double_the_handlers(log_dir: Path) -> None:
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_jagdesk_handler", False)]
    setup_logging(log_dir, logging.DEBUG, to_stderr=False)
    again = [h for h in logging.getLogger().handlers if getattr(h, "_jagdesk_handler", False)]
    assert len(again) == len(ours) == 1


def _seed(store: Store) -> None:
    """Records with a sentinel in every field that can name a person."""
    partner = add_partner(store, Partner(name="Eastfield Tenants Trust", partner_type="council"))
    add_contact(store, Contact(partner_id=partner.id, name=SENTINELS[0], role="ASB officer",
                               email="zq@example.org"))
    hotspot = create_hotspot(store, Hotspot(name="Sentinel Yard", geometry=POINT, radius_m=80.0,
                                            lead_officer=SENTINELS[1],
                                            description=f"Complaints from {SENTINELS[3]}"))
    save_plan(store, Plan(hotspot_id=hotspot.id, victim=SENTINELS[3], offender=SENTINELS[2],
                          objective=f"Stop {SENTINELS[2]} gathering"))
    summarise_hotspots(store)
    hotspot_detail(store, hotspot.id)
    totals(store)
    saved = update_hotspot(store, dataclasses.replace(hotspot, lead_officer=SENTINELS[4]))
    with pytest.raises(ConflictError):  # a stale copy is refused; the refusal is not logged
        update_hotspot(store, dataclasses.replace(hotspot, description=SENTINELS[4]))
    assert saved.version == 2


def _csv(folder: Path) -> Path:
    path = folder / "2021-01-leicestershire-street.csv"
    path.write_text(HEADER + (
        f"a1,2021-01,Leicestershire Police,Leicestershire Police,-1.131,52.634,"
        f"On or near {SENTINELS[4]} Road,E01013000,Leicester 001A,Burglary,Under investigation,\n"
        f",2021-01,Leicestershire Police,Leicestershire Police,-1.132,52.635,"
        f"On or near {SENTINELS[3]} Close,E01013001,Leicester 001B,Anti-social behaviour,,\n"), encoding="utf-8")
    return path


def test_no_person_name_reaches_the_log_folder(log_dir: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo.sqlite"
    build_demo(demo)
    with Store(demo) as store:
        _seed(store)
        summary = import_policeuk(store, [_csv(tmp_path)])
        assert summary.ok
    bad = tmp_path / "bad" / "2021-02-leicestershire-street.csv"
    bad.parent.mkdir()
    bad.write_text(HEADER + f"x,2021-02,{SENTINELS[0]},,,,,,,,,\n", encoding="utf-8")
    main(["import", "policeuk", "--db", str(demo), str(bad)])  # rejected or not, it is logged clean
    assert main(["check", "--db", str(demo)]) == 0
    saved = back_up(demo)
    restore(demo, saved.path)
    logged = _logged(log_dir)
    assert "backup written" in logged  # the log did record the run, so its absence means something
    for name in SENTINELS:
        for part in name.split():
            assert part.lower() not in logged.lower(), f"{part} found in the log folder"
