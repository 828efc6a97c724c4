"""Find the files under ``resources/``, in an installed wheel or in a source checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

_PACKAGED = Path(__file__).resolve().parent / "resources"
_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


@cache
def root() -> Path:
    """The resources folder: packaged inside ``jagdesk`` in a wheel, top-level in a checkout."""
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def path(*parts: str) -> Path:
    """Return the path of a resource, refusing names that could escape the folder.

    Raises:
        ValueError: when a part is absolute or contains ``..``.
    """
    relative = PurePosixPath(*parts)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"resource names must be relative: {relative}")
    return root().joinpath(*relative.parts)


def load_json(*parts: str) -> Any:
    """Read a JSON resource."""
    with path(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)
