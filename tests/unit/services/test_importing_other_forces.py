"""Files of other forces and months, with the quirks real downloads have, import row for row.

Northern Ireland's rows have no LSOA; British Transport Police rows fall within the force whose
area the station is in; contexts hold commas, quotes and line ends; a file may come with a
byte-order mark and Windows line ends. Every field stored must be the field in the file.
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

from jagdesk.io.policeuk import HEADER
from jagdesk.services.importing import import_policeuk
from jagdesk.store import Store

_ASB_KEY = re.compile(r"[0-9a-f]{24}-[0-9]+")
_TYPES = ("Anti-social behaviour", "Violence and sexual offences", "Theft from the person",
          "Public order", "Drugs", "Other crime")


def _rows(force: str, month: str, falls_within: list[str], count: int, *, lsoa: bool,
          seed: int) -> list[list[str]]:
    chance = random.Random(seed)
    rows = []
    for n in range(count):
        asb = n % 3 == 0
        located = n % 11 != 0
        lon, lat = (f"{chance.uniform(-5.9, -0.1):.6f}", f"{chance.uniform(50.5, 54.9):.6f}") \
            if located else ("", "")
        rows.append([
            "" if asb else f"{chance.getrandbits(256):064x}", month, force,
            falls_within[n % len(falls_within)], lon, lat,
            f"On or near Station {n % 40}" if located else "No location",
            f"E0100{n % 50:04d}" if lsoa and located else "",
            f"Area {n % 50:03d}A" if lsoa and located else "",
            _TYPES[n % len(_TYPES)] if not asb else _TYPES[0],
            "" if asb else "Status update unavailable",
            'Said "leave", then, after a while,\nleft' if n % 7 == 0 else ""])
    rows += [rows[0], rows[0]]  # identical ASB rows are distinct incidents
    return rows


def _write(path: Path, rows: list[list[str]], *, bom: bool) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.getvalue().encode())


def _stored(store: Store) -> list[tuple[str, ...]]:
    rows = store.db.execute(
        "SELECT source_key, month, reported_by, force, lon, lat, location, lsoa_code, lsoa_name, "
        "category, outcome, context FROM incident").fetchall()
    return sorted(tuple("" if v is None else f"{v:.6f}" if isinstance(v, float) else v
                        for v in row) for row in rows)


def _expected(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return sorted(("*" if not r[0] else r[0], *r[1:]) for r in rows)


def test_other_forces_and_months_are_stored_field_for_field(tmp_path: Path, store: Store) -> None:
    northern_ireland = _rows("Police Service of Northern Ireland", "2023-05",
                             ["Police Service of Northern Ireland"], 600, lsoa=False, seed=1)
    transport = _rows("British Transport Police", "2019-11",
                      ["Metropolitan Police Service", "West Midlands Police", "Thames Valley Police"],
                      400, lsoa=True, seed=2)
    _write(tmp_path / "2023-05-northern-ireland-street.csv", northern_ireland, bom=True)
    _write(tmp_path / "2019-11-btp-street.csv", transport, bom=False)
    summary = import_policeuk(store, [tmp_path])
    assert summary.ok
    by_month = {f.month: f for f in summary.files}
    assert (by_month["2023-05"].rows_read, by_month["2023-05"].stored) == (602, 602)
    assert (by_month["2019-11"].rows_read, by_month["2019-11"].stored) == (402, 402)
    assert by_month["2023-05"].force == "Police Service of Northern Ireland"
    assert by_month["2019-11"].force == "btp"  # its rows fall within several forces
    assert summary.no_location == sum(r[4] == "" for r in [*northern_ireland, *transport])
    stored = _stored(store)
    # ASB rows (no Crime ID) get a key of their own, distinct within the file; every other
    # field is the file's, exactly
    asb_keys = [key for key, *_ in stored if _ASB_KEY.fullmatch(key)]
    assert len(asb_keys) == len(set(asb_keys)) == sum(not r[0] for r in [*northern_ireland, *transport])
    assert sorted(("*" if _ASB_KEY.fullmatch(key) else key, *rest) for key, *rest in stored) == \
        _expected([*northern_ireland, *transport])

    again = import_policeuk(store, [tmp_path])
    assert (again.replaced, again.stored) == (1004, 1004)
    assert _stored(store) == stored
