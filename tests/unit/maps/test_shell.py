from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jagdesk.maps import assets
from jagdesk.maps.shell import PAGE_NAME, build_map_page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in ("src", "href") and value)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_map_page(tmp_path_factory.mktemp("map"))


def _links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser.urls


def test_page_has_no_remote_url(page: Path) -> None:
    html = page.read_text("utf-8")
    assert not [u for u in _links(page) if re.match(r"(?i)(https?:)?//", u)]
    assert not re.search(r"(?i)https?://", html)
    assert "cdn" not in html.lower()


def test_leaflet_and_bridge_are_local_files(page: Path) -> None:
    local = [u for u in _links(page) if not u.startswith("qrc:")]
    names = {Path(u).name for u in local}
    assert {"leaflet.js", "leaflet.css", "jagdesk-map.js", "jagdesk-map.css"} <= names
    for url in local:
        assert (page.parent / url).is_file(), url


def test_leaflet_loads_before_the_bridge(page: Path) -> None:
    scripts = [Path(u).name for u in _links(page) if u.endswith(".js")]
    assert scripts.index("leaflet.js") < scripts.index("jagdesk-map.js")
    assert scripts[0] == "qwebchannel.js"


def test_bridge_script_is_attached_to_the_map(page: Path) -> None:
    html = page.read_text("utf-8")
    match = re.search(r"window\.jagdesk\.attach\((map_\w+), \{\"qtBridge\": true\}\)", html)
    assert match
    assert f"var {match.group(1)} = L.map(" in html
    bridge = (page.parent / assets.ASSETS_DIR / "jagdesk" / "jagdesk-map.js").read_text("utf-8")
    for name in ("setLayers", "selectHotspot", "IncidentCanvas", "QWebChannel",
                 "hotspotClicked", "layersDrawn"):
        assert name in bridge
    assert "innerHTML" not in bridge


def test_leaflet_images_are_copied_beside_the_stylesheet(page: Path) -> None:
    assert (page.parent / assets.ASSETS_DIR / "leaflet" / "images" / "layers.png").is_file()


def test_page_without_qt_bridge_has_no_qrc_url(tmp_path: Path) -> None:
    page = build_map_page(tmp_path, qt_bridge=False)
    assert "qrc:" not in page.read_text("utf-8")
    assert '{"qtBridge": false}' in page.read_text("utf-8")


def test_folium_class_lists_are_not_changed(tmp_path: Path) -> None:
    import folium

    before = list(folium.Map.default_js), list(folium.Map.default_css)
    build_map_page(tmp_path, reuse=False)
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before


def test_page_is_reused_until_options_change(tmp_path: Path) -> None:
    page = build_map_page(tmp_path)
    page.write_text("kept", "utf-8")
    assert build_map_page(tmp_path).read_text("utf-8") == "kept"
    assert build_map_page(tmp_path, zoom=12).read_text("utf-8") != "kept"
    assert page.name == PAGE_NAME
