"""A stand-alone copy of the map: one HTML file that opens in any browser with no network.

Leaflet, our bridge and the stylesheets are inlined (the stylesheets' images as data URIs), and
the layers travel as JSON in a ``<script type="application/json">`` block that the page parses
as data. A Content-Security-Policy allows only the page's own inline scripts (by hash), so
neither a network request nor a script smuggled into a name can run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from jagdesk.maps import assets
from jagdesk.maps.shell import render_map_html

DATA_ELEMENT = "jagdesk-data"
_SCRIPT_TAG = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_STYLE_TAG = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"/>')
_INLINE_SCRIPT = re.compile(r"<script>(?P<code>.*?)</script>", re.DOTALL)
_CSS_IMAGE = re.compile(r"url\((?P<name>images/[\w.-]+\.png)\)")


def render_standalone_map(layers: dict[str, Any], *, visible: dict[str, bool] | None = None,
                          title: str = "JagDesk map", marking: str = "") -> str:
    """Return the HTML of a self-contained map drawing ``layers`` (a map payload).

    Args:
        layers: the payload the app's map draws (``jagdesk.services.map_layers``).
        visible: layer keys switched on or off, as in the app.
        title: the page title (escaped here).
        marking: the protective marking shown across the top of the map.
    """
    html = render_map_html(qt_bridge=False, data_element=DATA_ELEMENT)
    by_url = {a.url: a for a in assets.all_assets()}
    html = _STYLE_TAG.sub(lambda m: f"<style>{_css(by_url[m['url']].source)}</style>", html)
    html = _SCRIPT_TAG.sub(lambda m: f"<script>{_inline_js(by_url[m['url']].source)}</script>",
                           html)
    data = json_for_script({"layers": layers, "visible": visible or {}})
    head = (f"<title>{_escape(title)}</title>\n"
            f'<script type="application/json" id="{DATA_ELEMENT}">{data}</script>\n')
    html = html.replace("<head>", "<head>\n" + head, 1)
    if marking:
        html = html.replace("<body>", f'<body>\n<div class="jd-marking">{_escape(marking)}</div>', 1)
    return html.replace("<head>", "<head>\n" + _policy(html), 1)


def write_standalone_map(path: Path, layers: dict[str, Any], *,
                         visible: dict[str, bool] | None = None, title: str = "JagDesk map",
                         marking: str = "") -> Path:
    """Write the stand-alone map to ``path`` and return it."""
    path.write_text(render_standalone_map(layers, visible=visible, title=title, marking=marking),
                    "utf-8")
    return path


def json_for_script(value: Any) -> str:
    """JSON safe inside a script element: nothing in it can close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def _policy(html: str) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(m['code'].encode()).digest()).decode()}'"
        for m in _INLINE_SCRIPT.finditer(html))
    policy = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
              "img-src data:; font-src data:")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'


def _inline_js(source: Path) -> str:
    # A script's text ends at the first "</script", wherever it is; none of ours contains one,
    # and this keeps it so.
    return source.read_text("utf-8").replace("</script", "<\\/script")


def _css(source: Path) -> str:
    text = source.read_text("utf-8")

    def data_uri(match: re.Match[str]) -> str:
        image = source.parent / match["name"]
        if not image.is_file():
            return "none"
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode()})"

    return _CSS_IMAGE.sub(data_uri, text).replace("</style", "<\\/style")


def _escape(text: str) -> str:
    import html

    return html.escape(text)
