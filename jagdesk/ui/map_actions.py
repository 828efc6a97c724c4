"""The map's menus and remembered choices: base map, layers shown, and the HTML export.

View > Base map, File > Export > Map as HTML…, and the layers switched on or off. The window creates the map view late (after it is shown), so ``attach`` is called then; the
choices saved in the settings are applied to it and kept up to date from it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QMenu

from jagdesk.errors import JagdeskError
from jagdesk.maps import basemaps
from jagdesk.services.export_profiles import FULL, PARTNER

if TYPE_CHECKING:
    from jagdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TILE_FAILURE_MESSAGES = {
    basemaps.OSM: "OpenStreetMap tiles could not be loaded (no network?). The map works without "
                  "them; choose View ▸ Base map ▸ None to hide this.",
    basemaps.MBTILES: "Some tiles are missing from the MBTiles file for this part of the map.",
}
MESSAGE_MS = 12_000


class MapActions:
    """View ▸ Base map, File ▸ Export ▸ Map as HTML…, and the map's remembered layers."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.base_menu = QMenu("&Base map", window)
        group = QActionGroup(window)
        self.none_action = self._base_action("&None (boundaries only)", group,
                                             lambda: self.choose_base_map(basemaps.NONE))
        self.osm_action = self._base_action("&OpenStreetMap (needs a network)", group,
                                            lambda: self.choose_base_map(basemaps.OSM))
        self.mbtiles_action = self._base_action("Open &MBTiles file…", group, self.choose_mbtiles)
        self.export_action = QAction("&Map as HTML…", window)
        self.export_action.triggered.connect(self.choose_export)
        self._install_menus()
        self._check_saved_base()

    def _base_action(self, text: str, group: QActionGroup, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.setCheckable(True)
        action.triggered.connect(slot)
        group.addAction(action)
        self.base_menu.addAction(action)
        return action

    def _install_menus(self) -> None:
        view_menu = _menu_of(self.window.refresh_action)
        if view_menu is not None:
            view_menu.insertMenu(self.window.refresh_action, self.base_menu)
            view_menu.insertSeparator(self.window.refresh_action)
        file_menu = _menu_of(self.window.quit_action)
        if file_menu is None:
            return
        export_menu = next((a.menu() for a in file_menu.actions()
                            if isinstance(a.menu(), QMenu)
                            and a.text().replace("&", "") == "Export"), None)
        if isinstance(export_menu, QMenu):
            export_menu.addSeparator()
            export_menu.addAction(self.export_action)
        else:
            file_menu.insertAction(self.window.quit_action, self.export_action)

    def _check_saved_base(self) -> None:
        kind, _path = self.window.settings.base_map()
        {basemaps.OSM: self.osm_action, basemaps.MBTILES: self.mbtiles_action}.get(
            kind, self.none_action).setChecked(True)

    # --- the map view ---------------------------------------------------------------------
    def attach(self, view: Any) -> None:
        """Apply the saved layer and base map choices to a new map view and follow its changes."""
        for key, visible in self.window.settings.map_layers().items():
            view.set_layer_visible(key, visible)
        view.layer_toggled.connect(self._on_layer_toggled)
        view.tiles_failed.connect(self._on_tiles_failed)
        kind, path = self.window.settings.base_map()
        self.choose_base_map(kind, Path(path) if path else None, quiet=True)

    def choose_base_map(self, kind: str, mbtiles: Path | None = None, *, quiet: bool = False) -> bool:
        """Switch the base map (and remember it); False when an MBTiles file cannot be used."""
        view = self.window.map
        base = basemaps.no_base_map()
        if kind == basemaps.OSM:
            base = basemaps.openstreetmap()
        elif kind == basemaps.MBTILES and mbtiles is not None and view is not None:
            try:
                base = view.open_mbtiles(mbtiles)
            except JagdeskError as exc:
                if not quiet:
                    self.window.show_error("Cannot use this MBTiles file", str(exc))
                log.warning("MBTiles base map not used: %s", exc)
                self._check_saved_base()
                return False
        if view is not None:
            view.set_base_map(base)
        self.window.settings.set_base_map(base.kind, str(mbtiles or "") if base.path else "")
        self._check_saved_base()
        return True

    def choose_mbtiles(self) -> None:
        _kind, last = self.window.settings.base_map()
        name, _ = QFileDialog.getOpenFileName(self.window, "Open MBTiles file",
                                              str(Path(last).parent) if last else "",
                                              "MBTiles files (*.mbtiles);;All files (*)")
        if name:
            self.choose_base_map(basemaps.MBTILES, Path(name))
        else:
            self._check_saved_base()

    def density_shown(self) -> bool:
        """Whether the map shows the density squares (so they need counting)."""
        layers = getattr(self.window.map, "layer_visibility", None)
        shown = layers() if callable(layers) else self.window.settings.map_layers()
        return bool(shown.get("density", False))

    def _on_layer_toggled(self, key: str, visible: bool) -> None:
        self.window.settings.set_map_layer(key, visible)
        if key == "density" and visible:
            self.window.load_layers()  # the squares are counted only while they are shown

    def _on_tiles_failed(self, kind: str) -> None:
        message = TILE_FAILURE_MESSAGES.get(kind, "Base map tiles could not be loaded.")
        self.window.statusBar().showMessage(message, MESSAGE_MS)
        log.warning("base map tiles failed to load (%s)", kind)

    # --- export ---------------------------------------------------------------------------
    def choose_export(self) -> None:
        if self.window.store is None:
            return
        profile = self.window.export_actions.choose_profile("Export map as HTML")
        if profile is None:
            return
        stem = "jagdesk-map partner" if profile == PARTNER else "jagdesk-map"
        name, _ = QFileDialog.getSaveFileName(self.window, "Export map as HTML",
                                              str(Path.home() / f"{stem}.html"),
                                              "Web pages (*.html)")
        if name:
            self.export(Path(name) if name.endswith(".html") else Path(name + ".html"), profile)

    def export(self, out: Path, profile: str = FULL) -> Any:
        """Write the map as it is shown (filter and layers) to ``out`` in the background.

        ``profile``: ``full``, or ``partner`` for a copy without the responses' details.
        """
        window = self.window
        if window.store is None:
            return None
        from jagdesk.services.map_export import export_map_html

        visible = window.map.layer_visibility() if window.map is not None else {}
        job = window.runner.start_with_store("Exporting the map", window.store.path,
                                             export_map_html, out=out, flt=window.incident_filter,
                                             visible=visible, profile=profile)
        job.finished.connect(lambda result: window.statusBar().showMessage(result.describe(),
                                                                           MESSAGE_MS))
        window.progress.track(job)
        job.failed.connect(lambda exc: window.show_error("Cannot export the map", str(exc)))
        return job


def _menu_of(action: QAction) -> QMenu | None:
    menus = [m for m in action.associatedObjects() if isinstance(m, QMenu)]
    return menus[0] if menus else None
