"""Remembered window state: geometry, dock and splitter layout, header widths, last database.

Kept in an INI file in JagDesk's configuration folder rather than the platform's default
QSettings store, so ``JAGDESK_HOME`` (and therefore every test) redirects it too.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from jagdesk.domain.filters import IncidentFilter

SETTINGS_FILE_NAME = "window-state.ini"


class UiSettings:
    """Typed access to the window state saved between runs."""

    def __init__(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        self.path = config_dir / SETTINGS_FILE_NAME
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def header_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"headers/{name}")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    def save_splitter(self, name: str, state: QByteArray) -> None:
        self._qs.setValue(f"splitters/{name}", state)

    def save_header(self, name: str, state: QByteArray) -> None:
        self._qs.setValue(f"headers/{name}", state)

    def last_database(self) -> Path | None:
        value = self._qs.value("files/last_database")
        return Path(str(value)) if value else None

    def set_last_database(self, path: Path) -> None:
        self._qs.setValue("files/last_database", str(path))

    def last_import_folder(self) -> str:
        return str(self._qs.value("files/last_import_folder", "") or "")

    def set_last_import_folder(self, folder: str) -> None:
        self._qs.setValue("files/last_import_folder", folder)

    def demo_offer_dismissed(self) -> bool:
        return str(self._qs.value("startup/demo_offer_dismissed", "false")).lower() == "true"

    def set_demo_offer_dismissed(self, dismissed: bool) -> None:
        self._qs.setValue("startup/demo_offer_dismissed", "true" if dismissed else "false")

    def incident_filter(self) -> IncidentFilter:
        """The period and categories last chosen for incidents (all, when none was saved)."""
        try:
            saved = json.loads(str(self._qs.value("filters/incidents", "{}") or "{}"))
            return IncidentFilter(saved.get("month_from") or None, saved.get("month_to") or None,
                                  frozenset(str(c) for c in saved.get("categories", [])))
        except (ValueError, AttributeError, TypeError):
            return IncidentFilter()

    def set_incident_filter(self, flt: IncidentFilter) -> None:
        self._qs.setValue("filters/incidents", json.dumps(
            {"month_from": flt.month_from, "month_to": flt.month_to,
             "categories": sorted(flt.categories)}))

    def last_boundary_folder(self) -> str:
        return str(self._qs.value("files/last_boundary_folder", "") or "")

    def set_last_boundary_folder(self, folder: str) -> None:
        self._qs.setValue("files/last_boundary_folder", folder)

    def map_layers(self) -> dict[str, bool]:
        """Map layers the user switched on or off (``density``, ``areas:ward`` …)."""
        try:
            saved = json.loads(str(self._qs.value("map/layers", "{}") or "{}"))
        except ValueError:
            return {}
        return {str(k): bool(v) for k, v in saved.items()} if isinstance(saved, dict) else {}

    def set_map_layer(self, key: str, visible: bool) -> None:
        layers = self.map_layers()
        layers[key] = visible
        self._qs.setValue("map/layers", json.dumps(layers, sort_keys=True))

    def base_map(self) -> tuple[str, str]:
        """The base map chosen last: (kind, MBTiles path or "")."""
        return (str(self._qs.value("map/base", "none") or "none"),
                str(self._qs.value("map/mbtiles", "") or ""))

    def set_base_map(self, kind: str, mbtiles: str = "") -> None:
        self._qs.setValue("map/base", kind)
        self._qs.setValue("map/mbtiles", mbtiles)

    def sync(self) -> None:
        self._qs.sync()
