"""Safe file names from user text (hotspot names, meeting titles).

A name from user text must not climb folders, hide as a dot file, clash with names Windows
reserves, or grow past what file systems allow.
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 80
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"[\s_]+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)),
             *(f"LPT{n}" for n in range(10))}


def safe_stem(text: str, *, fallback: str = "export", max_length: int = MAX_STEM) -> str:
    """Turn user text into a file name stem: no separators or control characters, capped."""
    text = unicodedata.normalize("NFKC", text)
    text = _UNSAFE.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" .-")
    text = text[:max_length].rstrip(" .-")
    if not text or text.split(".")[0].upper() in _RESERVED:
        text = f"{fallback} {text}".strip() if text else fallback
    return text.replace(" ", "-")


def safe_file_name(text: str, suffix: str, *, fallback: str = "export",
                   max_length: int = MAX_STEM) -> str:
    """A safe file name with ``suffix`` (``.pdf``) from user text."""
    suffix = suffix if suffix.startswith(".") or not suffix else f".{suffix}"
    return safe_stem(text, fallback=fallback, max_length=max_length) + suffix
