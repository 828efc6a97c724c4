"""Files dropped onto the window: police.uk data to import, boundary files, and the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent

POLICE_UK_SUFFIXES = (".csv", ".zip")
BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")


@dataclass
class DroppedFiles:
    """Dropped paths sorted by what JagDesk can do with them."""

    police_uk: list[Path] = field(default_factory=list)
    boundaries: list[Path] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)

    def unsupported_message(self) -> str:
        """A sentence naming the files that cannot be imported."""
        names = ", ".join(p.name or str(p) for p in self.unsupported)
        one = len(self.unsupported) == 1
        return (f"{'This file' if one else 'These files'} cannot be imported: {names}. Drop "
                "police.uk street-level CSV files, folders of them or .zip archives; or "
                "boundary files (GeoJSON, GeoPackage, Shapefile).")


def sort_paths(paths: list[Path]) -> DroppedFiles:
    """Sort dropped paths: folders, CSV and zip files are police.uk data."""
    dropped = DroppedFiles()
    for path in paths:
        suffix = path.suffix.lower()
        if path.is_dir() or (path.is_file() and suffix in POLICE_UK_SUFFIXES):
            dropped.police_uk.append(path)
        elif path.is_file() and suffix in BOUNDARY_SUFFIXES:
            dropped.boundaries.append(path)
        else:
            dropped.unsupported.append(path)
    return dropped


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders a drag carries."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropFilter(QObject):
    """Accepts file drops on a widget and reports the dropped paths.

    Signals:
        dropped(object): a list of ``Path``.
    """

    dropped = Signal(object)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDropEvent):
            if local_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = local_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.dropped.emit(paths)
                return True
        return super().eventFilter(watched, event)
