from __future__ import annotations

import pytest

from jagdesk.io.exports.naming import safe_file_name, safe_stem


@pytest.mark.parametrize(("text", "expected"), [
    ("Clock Tower & Gallowtree Gate", "Clock-Tower-&-Gallowtree-Gate"),
    ("../../etc/passwd", "etc-passwd"),
    ("a\\b/c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"),
    ("  .hidden  ", "hidden"),
    ("CON", "export-CON"),
    ("lpt1.txt", "export-lpt1.txt"),
    ("", "export"),
    ("\x00\x1f", "export"),
])
def test_stems_are_safe(text, expected):
    assert safe_stem(text) == expected


def test_long_names_are_capped():
    stem = safe_stem("Hotspot " * 50)
    assert len(stem) <= 80
    assert not stem.endswith("-")


def test_file_name_keeps_its_suffix_and_no_separator():
    name = safe_file_name("HS-0001 <img src=x onerror=alert(1)>/..", "pdf")
    assert name.endswith(".pdf")
    assert "/" not in name
    assert "<" not in name
    assert ">" not in name
    assert not name.startswith(".")
