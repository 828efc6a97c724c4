"""The stand-alone map: one file, offline, layers drawn, and hostile text never executed.

The browser test runs Debian's chromium headless with the network pointed at a dead proxy and
a canary HTTP server on 127.0.0.1 that a payload tries to reach; it is skipped (with the reason)
only where chromium is not installed. .ci/run installs it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from jagdesk.domain.enums import HotspotStatus, IncidentSource, Rag
from jagdesk.domain.records import Hotspot, Incident
from jagdesk.maps.export import DATA_ELEMENT, json_for_script
from jagdesk.services.map_export import export_map_html
from jagdesk.store import Store

if TYPE_CHECKING:
    from conftest import Canary  # the fixture's type, for readers and type checkers

SHOTS = Path("/tmp/jagdesk-shots")
CHROMIUM = shutil.which("chromium")


def payloads(canary_url: str) -> tuple[str, str]:
    name = (f"<img src={canary_url}/img onerror=\"document.body.setAttribute('data-pwned','1')\">"
            f"</script><script>fetch('{canary_url}/script');"
            "document.body.setAttribute('data-pwned','2')</script>")
    category = ("</script><script>document.body.setAttribute('data-pwned','3')</script>"
                "<!--<script>")
    return name, category


@pytest.fixture
def exported(store: Store, tmp_path: Path, canary: Canary) -> Path:
    name, category = payloads(canary.url)
    with store.atomic():
        store.hotspots.add(Hotspot(name=name, rag=Rag.RED, status=HotspotStatus.OPEN,
                                   geometry={"type": "Point", "coordinates": [-1.1335, 52.6357]},
                                   radius_m=250))
        store.incidents.add_many(
            Incident(source=IncidentSource.POLICE_UK, month="2024-01",
                     category=category if n % 2 else "Anti-social behaviour",
                     location=name, lon=-1.134 + n * 0.0004, lat=52.635 + n * 0.0002)
            for n in range(40))
    out = tmp_path / "map.html"
    result = export_map_html(store, out, visible={"density": True})
    assert result.path == out
    return out


def _data_block(html: str) -> str:
    match = re.search(rf'<script type="application/json" id="{DATA_ELEMENT}">(.*?)</script>',
                      html, re.DOTALL)
    assert match
    return match.group(1)


def test_export_is_one_file_with_no_remote_url_and_a_strict_policy(exported: Path) -> None:
    html = exported.read_text("utf-8")
    markup = html.replace(_data_block(html), "")
    assert not re.search(r"""<(script|link|img)[^>]*(src|href)=["']?(https?:)?//""", markup)
    assert "assets/" not in html  # everything inlined
    assert "Content-Security-Policy" in html
    assert "default-src 'none'" in html
    assert "OFFICIAL-SENSITIVE" in html


def test_hostile_text_stays_inside_the_json_block(exported: Path, canary: Canary) -> None:
    html = exported.read_text("utf-8")
    block = _data_block(html)
    assert "</" not in block
    assert "<!--" not in block
    data = json.loads(block)
    name, category = payloads(canary.url)
    assert data["layers"]["hotspots"]["features"][0]["properties"]["name"] == name
    assert category in data["layers"]["incidents"]["categories"]
    assert data["visible"] == {"density": True}
    # Outside the block the payloads never appear as markup.
    rest = html.replace(block, "")
    assert "data-pwned" not in rest


def test_json_for_script_escapes_closing_tags() -> None:
    text = json_for_script({"a": "</script><!--"})
    assert "</" not in text
    assert json.loads(text) == {"a": "</script><!--"}


def _chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--proxy-server=127.0.0.1:9", "--window-size=1200,800", "--virtual-time-budget=3000",
         *args], capture_output=True, text=True, timeout=90, check=False)
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_chromium_draws_the_export_offline_and_runs_no_payload(exported: Path, canary: Canary,
                                                               tmp_path: Path) -> None:
    # The canary is reachable from chromium: a plain page with an image on it calls it.
    control = tmp_path / "control.html"
    control.write_text(f'<html><body><img src="{canary.url}/control"></body></html>', "utf-8")
    _chromium(tmp_path, "--dump-dom", control.as_uri())
    assert "/control" in canary.hits

    dom = _chromium(tmp_path, "--dump-dom", exported.as_uri())
    drawn = re.search(r'data-jd-drawn="(\d+)"', dom)
    assert drawn, dom[:2000]
    assert int(drawn.group(1)) == 1 + 40  # one hotspot and forty incidents
    assert '40 incidents' in dom
    assert "jd-incident-canvas" in dom
    assert "Incidents per square" in dom  # the density legend, switched on in the export
    assert not re.search(r"<body[^>]*data-pwned", dom)
    assert [hit for hit in canary.hits if hit != "/control"] == []

    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "export-chromium.png"
    _chromium(tmp_path, f"--screenshot={shot}", exported.as_uri())
    assert shot.is_file()
    assert [hit for hit in canary.hits if hit != "/control"] == []
