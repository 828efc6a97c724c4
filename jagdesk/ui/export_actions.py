"""File > Export: plan summaries, meeting packs and minutes, data files, and the marking.

Exports run as background jobs with progress and Cancel in the status bar. A plan summary
first takes a picture of the map with a hidden map view, then writes the document. Each export
first asks whom it is for: partners (no people, no notes) or the full record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from jagdesk.io.exports.naming import safe_file_name
from jagdesk.services.export_profiles import FULL, PARTNER, PROFILE_LABELS

if TYPE_CHECKING:
    from jagdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DOCUMENT_FILTERS = {"pdf": "PDF document (*.pdf)", "docx": "Word document (*.docx)",
                    "html": "Web page (*.html)"}
DATA_FILTERS = {"csv": "CSV (*.csv)", "geojson": "GeoJSON (*.geojson)",
                "gpkg": "GeoPackage (*.gpkg)"}
PROFILE_QUESTION = "Who is this export for?"
PROFILE_DETAIL = ("A copy for partners leaves out the people in the Problem Analysis Triangle "
                  "(victim, offender, guardian, handler, manager), named contacts and officers, "
                  "and free-text notes and descriptions. Partner names, roles, actions and "
                  "decisions stay.")


class ExportActions:
    """The Export submenu of the File menu and the jobs it starts."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._map_view: Any = None
        self._snapshot: Any = None
        # Shows the profile question and returns the clicked button's text; tests replace it.
        self.answer: Callable[[QMessageBox], str | None] = _exec_box
        self.menu = QMenu("E&xport", window)
        for fmt in ("pdf", "docx", "html"):
            self._add(f"Plan summary as {fmt.upper()}…", partial(self.export_plan, fmt))
        self.menu.addSeparator()
        self._add("Meeting pack…", partial(self.export_meeting, "pack"))
        self._add("Meeting minutes…", partial(self.export_meeting, "minutes"))
        self.menu.addSeparator()
        for what in ("hotspots", "incidents", "actions"):
            self._add(f"{what.capitalize()} as data…", partial(self.export_data, what))
        self.menu.addSeparator()
        self._add("Protective marking…", self.choose_marking)
        self._install()

    def _add(self, text: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def _install(self) -> None:
        file_menu = self.window.quit_action.associatedObjects()[0]
        if isinstance(file_menu, QMenu):
            file_menu.insertMenu(self.window.quit_action, self.menu)
            file_menu.insertSeparator(self.window.quit_action)

    # --- choosing files -------------------------------------------------------------------
    def _save_path(self, title: str, name: str, filters: dict[str, str],
                   fmt: str | None = None) -> tuple[Path, str] | None:
        start = str(Path.home() / name)
        chosen = filters[fmt] if fmt else next(iter(filters.values()))
        path, used = QFileDialog.getSaveFileName(self.window, title, start,
                                                 ";;".join(filters.values()), chosen)
        if not path:
            return None
        fmt = next((key for key, text in filters.items() if text == used), fmt or "")
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(target.name + f".{fmt}")
        return target, fmt

    def choose_profile(self, title: str) -> str | None:
        """Ask whom the export is for; None when the user cancels."""
        box = QMessageBox(QMessageBox.Icon.Question, title, PROFILE_QUESTION, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(PROFILE_DETAIL)
        partner = box.addButton(PROFILE_LABELS[PARTNER], QMessageBox.ButtonRole.AcceptRole)
        box.addButton(PROFILE_LABELS[FULL], QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(partner)  # the safer copy is one keypress away
        box.setEscapeButton(cancel)
        chosen = self.answer(box)
        return next((key for key, label in PROFILE_LABELS.items() if label == chosen), None)

    @staticmethod
    def _file_name(stem: str, profile: str, fmt: str) -> str:
        return safe_file_name(f"{stem} partner" if profile == PARTNER else stem, fmt)

    # --- plan summary -----------------------------------------------------------------------
    def export_plan(self, fmt: str) -> None:
        window = self.window
        hotspot_id = window.detail.hotspot_id
        if window.store is None or hotspot_id is None:
            window.show_error("Export plan summary", "Select a hotspot first.")
            return
        hotspot = window.store.hotspots.get(hotspot_id)
        profile = self.choose_profile("Export plan summary")
        if profile is None:
            return
        chosen = self._save_path("Export plan summary",
                                 self._file_name(f"{hotspot.ref} {hotspot.name} plan", profile,
                                                 fmt),
                                 DOCUMENT_FILTERS, fmt)
        if chosen is None:
            return
        out, fmt = chosen
        window.statusBar().showMessage("Drawing the map for the plan summary…")
        self._take_map(hotspot_id, partial(self._write_plan, hotspot.ref, fmt, out, profile))

    def _take_map(self, hotspot_id: str, then: Any) -> None:
        from jagdesk.ui.map_snapshot import MapSnapshot, offscreen_view, snapshot_layers

        window = self.window
        assert window.store is not None
        if self._map_view is None:
            self._map_view = offscreen_view(window.paths.cache / "map-snapshot")
        self._snapshot = MapSnapshot(self._map_view)
        self._snapshot.taken.connect(then)
        self._snapshot.failed.connect(partial(self._without_map, then))
        self._snapshot.start(snapshot_layers(window.store.path, hotspot_id), hotspot_id)

    @staticmethod
    def _without_map(then: Any, why: str) -> None:
        log.warning("plan summary without a map picture: %s", why)
        then(b"")

    def _write_plan(self, ref: str, fmt: str, out: Path, profile: str, map_png: bytes) -> None:
        from jagdesk.services.exports import export_plan

        self._run(f"Exporting the plan summary of {ref}", export_plan, out,
                  hotspot_ref=ref, fmt=fmt, out=out, map_png=map_png or None, profile=profile)

    # --- meetings ---------------------------------------------------------------------------
    def export_meeting(self, kind: str) -> None:
        window = self.window
        if window.store is None:
            return
        meetings = window.store.meetings.all()
        if not meetings:
            window.show_error("Export meeting", "There are no meetings in this database.")
            return
        labels = [f"{m.ref}  {m.held_at[:10]}  {m.title}" for m in meetings]
        label, ok = QInputDialog.getItem(window, "Export meeting", "Meeting:", labels, 0, False)
        if not ok:
            return
        meeting = meetings[labels.index(label)]
        profile = self.choose_profile(f"Export meeting {kind}")
        if profile is None:
            return
        name = self._file_name(f"{meeting.ref} {meeting.title} {kind}", profile, "pdf")
        chosen = self._save_path(f"Export meeting {kind}", name,
                                 {k: v for k, v in DOCUMENT_FILTERS.items() if k != "html"})
        if chosen is None:
            return
        out, fmt = chosen
        from jagdesk.services.exports import export_meeting

        self._run(f"Exporting the {kind} of {meeting.ref}", export_meeting, out,
                  meeting_ref=meeting.ref, fmt=fmt, kind=kind, out=out, profile=profile)

    # --- data -------------------------------------------------------------------------------
    def export_data(self, what: str) -> None:
        window = self.window
        if window.store is None:
            return
        profile = self.choose_profile(f"Export {what}")
        if profile is None:
            return
        chosen = self._save_path(f"Export {what}", self._file_name(what, profile, "gpkg"),
                                 DATA_FILTERS, "gpkg")
        if chosen is None:
            return
        out, fmt = chosen
        from jagdesk.services.exports import export_data

        flt = window.incident_filter if what == "incidents" else None
        self._run(f"Exporting {what}", export_data, out, what=what, fmt=fmt, out=out, flt=flt,
                  profile=profile)

    # --- marking ------------------------------------------------------------------------------
    def choose_marking(self) -> None:
        window = self.window
        if window.store is None:
            return
        from jagdesk.errors import UserError
        from jagdesk.services.preferences import protective_marking, set_protective_marking

        text, ok = QInputDialog.getText(window, "Protective marking",
                                        "Marking printed on every exported page:",
                                        text=protective_marking(window.store))
        if not ok:
            return
        try:
            marking = set_protective_marking(window.store, text)
        except UserError as error:
            window.show_error("Protective marking", str(error))
            return
        window.statusBar().showMessage(f"Exports will be marked {marking}", 8000)

    # --- running ------------------------------------------------------------------------------
    def _run(self, title: str, function: Any, target: Path, **kwargs: Any) -> None:
        window = self.window
        assert window.store is not None
        job = window.runner.start_with_store(title, window.store.path, function, **kwargs)
        job.finished.connect(lambda result: window.statusBar().showMessage(
            f"Exported {target.name} ({result.size:,} bytes, {result.marking})", 10000))
        window._track(job, "Export failed")
        self.last_job = job


def _exec_box(box: QMessageBox) -> str | None:
    box.exec()
    clicked = box.clickedButton()
    return clicked.text() if clicked is not None else None
