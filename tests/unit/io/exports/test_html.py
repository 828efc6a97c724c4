from __future__ import annotations

import re

from jagdesk.io.exports.html import render_html

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def test_hostile_text_is_escaped(sample):
    page = render_html(sample)
    assert HOSTILE not in page
    assert "<img src=x" not in page
    assert "</script><script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;" in page
    assert "<script" not in page


def test_self_contained(sample):
    page = render_html(sample)
    assert "http://" not in page
    assert "https://" not in page
    sources = re.findall(r'src="([^"]*)"', page)
    assert sources
    assert all(s.startswith("data:image/png;base64,") for s in sources)


def test_marking_top_and_bottom_and_content(sample):
    page = render_html(sample)
    assert page.count("OFFICIAL-SENSITIVE") == 2
    assert page.index("OFFICIAL-SENSITIVE") < page.index("<h1")
    assert page.rindex("OFFICIAL-SENSITIVE") > page.index("Figures from police.uk")
    assert 'class="flagged"' in page
    assert "Clear the alley" in page
    assert "pc.smith" in page
    assert "5 March 2025" in page
