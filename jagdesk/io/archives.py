"""Checking zip archives before anything in them is read.

An archive from outside is hostile until shown otherwise: a member may be named to land
outside any folder (``../`` or an absolute path), or may expand to far more than it looks
(a "zip bomb"). Both are refused from the archive's directory alone, without expanding a byte.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from jagdesk.errors import ImportFormatError

# No police.uk or boundary file comes near these; anything beyond them is refused.
MAX_MEMBER_SIZE = 2 * 1024**3
MAX_TOTAL_SIZE = 4 * 1024**3
MAX_RATIO = 200
# Small members may compress very well (a file of blanks); the ratio counts from this size.
RATIO_FROM_SIZE = 1024 * 1024
MAX_MEMBERS = 10_000


def unsafe_member_name(name: str) -> bool:
    """Whether a member name is absolute or climbs out of the folder it is extracted to."""
    for pure in (PurePosixPath(name), PureWindowsPath(name)):
        if pure.is_absolute() or pure.anchor or ".." in pure.parts:
            return True
    return False


_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    if unsafe_member_name(info.filename):
        return f"member {info.filename!r} would be written outside its folder"
    if info.flag_bits & 0x1:
        return f"member {info.filename!r} is encrypted"
    if info.compress_type not in _READABLE:
        return f"member {info.filename!r} is packed in a way JagDesk cannot read"
    if info.file_size > MAX_MEMBER_SIZE:
        return f"member {info.filename!r} would expand to {info.file_size:,} bytes"
    if info.file_size >= RATIO_FROM_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (f"member {info.filename!r} would expand {info.file_size // max(info.compress_size, 1):,} "
                "times its packed size")
    return None


def checked_members(path: Path) -> list[zipfile.ZipInfo]:
    """The members of a zip archive, after refusing unsafe names and absurd expansion.

    Raises:
        ImportFormatError: the archive cannot be read, or a member is unsafe (named).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # a damaged directory raises nearly anything from zipfile
        raise ImportFormatError(str(path), f"cannot read the zip archive ({exc!r})") from exc
    if len(members) > MAX_MEMBERS:
        raise ImportFormatError(str(path), f"the archive holds {len(members):,} files; "
                                f"JagDesk refuses more than {MAX_MEMBERS:,}")
    for info in members:
        problem = ("a member has no name (the archive is damaged)" if not info.filename
                   else _member_problem(info))
        if problem:
            raise ImportFormatError(str(path), f"unsafe archive refused: {problem}")
    total = sum(info.file_size for info in members)
    if total > MAX_TOTAL_SIZE:
        raise ImportFormatError(str(path), f"unsafe archive refused: it would expand to "
                                f"{total:,} bytes")
    return members
