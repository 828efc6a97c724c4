"""The map page: an empty folium map with local assets, into which the app pushes its layers.

The page is built once and reused; data never goes into the HTML. The bridge script
(``resources/web/jagdesk-map.js``) draws the layers it receives as JSON.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

from jagdesk import __version__
from jagdesk.maps import assets

PAGE_NAME = "map.html"
_STAMP_NAME = "map.stamp"
LEICESTER = (52.636, -1.132)

# Runs after folium has created the map, handing it to the bridge. Only names and JSON go in.
_ATTACH_TEMPLATE = """
{% macro script(this, kwargs) %}
    window.jagdesk.attach({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}
"""


def build_map_page(out_dir: Path, *, centre: tuple[float, float] = LEICESTER, zoom: int = 13,
                   qt_bridge: bool = True, reuse: bool = True) -> Path:
    """Write the offline map page and its assets into a folder.

    Args:
        out_dir: the folder for the page; an ``assets`` folder is created beside it.
        centre: (lat, lon) shown before any data arrives.
        zoom: the starting zoom level.
        qt_bridge: load Qt's ``qwebchannel.js`` so the page can talk to the app.
        reuse: keep a page already built from the same assets and options (saves importing folium).

    Returns:
        The path of the HTML page.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / PAGE_NAME
    stamp = out_dir / _STAMP_NAME
    key = _build_key(centre, zoom, qt_bridge)
    if reuse and page.is_file() and stamp.is_file() and stamp.read_text("utf-8") == key:
        return page
    assets.copy_assets(out_dir)
    page.write_text(render_map_html(centre=centre, zoom=zoom, qt_bridge=qt_bridge), "utf-8")
    stamp.write_text(key, "utf-8")
    return page


def render_map_html(*, centre: tuple[float, float] = LEICESTER, zoom: int = 13,
                    qt_bridge: bool = True, data_element: str | None = None) -> str:
    """Return the page's HTML; asset URLs are relative to the folder it is written to.

    ``data_element``: the id of a JSON block the page draws its layers from (stand-alone
    exports), instead of waiting for the app to send them.
    """
    import folium

    fmap = folium.Map(location=list(centre), zoom_start=zoom, tiles=None, control_scale=True)
    # Instance copies: folium's class lists point at CDNs and are shared by every map.
    fmap.default_js = [(a.name, a.url) for a in assets.javascript()]
    if qt_bridge:
        fmap.default_js.insert(0, ("qwebchannel", assets.QWEBCHANNEL_URL))
    fmap.default_css = [(a.name, a.url) for a in assets.stylesheets()]
    options: dict[str, Any] = {"qtBridge": qt_bridge}
    if data_element:
        options["dataElement"] = data_element
    fmap.add_child(_attach_element(options))
    html: str = fmap.get_root().render()
    return html


def _attach_element(options: dict[str, Any]) -> Any:
    from branca.element import MacroElement
    from jinja2 import Template

    element = MacroElement()  # type: ignore[no-untyped-call]
    element._template = Template(_ATTACH_TEMPLATE)
    element.options = options  # type: ignore[attr-defined]
    return element


def _build_key(centre: tuple[float, float], zoom: int, qt_bridge: bool) -> str:
    parts: dict[str, Any] = {
        "jagdesk": __version__, "folium": metadata.version("folium"),
        "assets": assets.fingerprint(), "centre": list(centre), "zoom": zoom, "qt": qt_bridge,
    }
    return json.dumps(parts, sort_keys=True)
