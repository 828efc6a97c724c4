"""The Hotspot menu of the main window: new, edit, delete and open the plan.

Forms open beside the map, not modal, so a hotspot can be placed by clicking the map; after
every save the list, the details and the map are redrawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar, QWidget

from jagdesk.errors import UserError
from jagdesk.ui.forms.form_support import confirm_delete

if TYPE_CHECKING:
    from jagdesk.ui.main_window import MainWindow


class HotspotActions(QObject):
    """The hotspot commands of a window, and the forms they have open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.forms: list[QWidget] = []
        sp = QStyle.StandardPixmap
        self.new_action = window._action("&New hotspot…", self.new_hotspot, "Ctrl+N",
                                         sp.SP_FileIcon)
        self.edit_action = window._action("&Edit hotspot…", self.edit_selected, "F2")
        self.delete_action = window._action("&Delete hotspot…", self.delete_selected,
                                            QKeySequence.StandardKey.Delete, sp.SP_TrashIcon)
        self.plan_action = window._action("Open &plan…", self.open_plan, "Ctrl+P")
        self.new_action.setToolTip("Add a hotspot: place it on the map or type its coordinates")
        self._install_list_keys()
        self.menu = self._menu()
        window.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_state())
        window.database_opened.connect(lambda _path: self._database_changed())
        self.update_state()

    def _install_list_keys(self) -> None:
        """Enter or a double-click in the hotspot list opens the selected hotspot."""
        table = self.window.table
        enter = QAction("Edit hotspot", table)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.edit_selected)
        table.addAction(enter)
        table.doubleClicked.connect(lambda _index: self.edit_selected())

    def _menu(self) -> QMenu:
        window = self.window
        menu = QMenu("Hot&spot", window)
        menu.addAction(self.new_action)
        menu.addAction(self.edit_action)
        menu.addAction(self.plan_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        window.add_menu(menu)
        toolbar = window.findChild(QToolBar, "mainToolBar")
        if toolbar is not None:
            toolbar.addAction(self.new_action)
        return menu

    def selected_id(self) -> str | None:
        return self.window.detail.hotspot_id

    def update_state(self) -> None:
        has_store = self.window.store is not None
        selected = has_store and self.selected_id() is not None
        writable = has_store and not self.window.is_read_only
        self.new_action.setEnabled(writable)
        for action in (self.edit_action, self.delete_action):
            action.setEnabled(selected and writable)
        self.plan_action.setEnabled(selected)  # read-only databases show the plan for reading

    # --- commands -----------------------------------------------------------------------------
    def new_hotspot(self) -> None:
        from jagdesk.ui.forms.hotspot_form import HotspotForm

        store = self.window.store
        if store is not None:
            self._show(HotspotForm(store, map_view=self.window.map, parent=self.window))

    def edit_selected(self) -> None:
        from jagdesk.ui.forms.hotspot_form import HotspotForm

        store, hotspot_id = self.window.store, self.selected_id()
        if store is None or hotspot_id is None or self._bring_forward(HotspotForm, hotspot_id):
            return
        try:
            hotspot = store.hotspots.get(hotspot_id)
        except UserError as exc:
            self.window.show_error("Cannot open the hotspot", str(exc))
            return
        self._show(HotspotForm(store, hotspot, map_view=self.window.map, parent=self.window))

    def open_plan(self) -> None:
        from jagdesk.ui.forms.plan_editor import PlanEditor

        store, hotspot_id = self.window.store, self.selected_id()
        if store is None or hotspot_id is None or self._bring_forward(PlanEditor, hotspot_id):
            return
        self._show(PlanEditor(store, hotspot_id, parent=self.window))

    def delete_selected(self) -> None:
        from jagdesk.services.hotspots import delete_hotspot

        store, hotspot_id = self.window.store, self.selected_id()
        if store is None or hotspot_id is None:
            return
        hotspot = store.hotspots.get(hotspot_id)
        if not confirm_delete(self.window, f"hotspot {hotspot.ref} “{hotspot.name}”",
                              "Its plan, responses and actions are deleted with it; each "
                              "deletion is kept in the audit log."):
            return
        try:
            delete_hotspot(store, hotspot_id)
        except UserError as exc:
            self.window.show_error("Cannot delete the hotspot", str(exc))
            return
        self.window.refresh()
        self.update_state()
        self.window.statusBar().showMessage(f"Deleted hotspot {hotspot.ref}", 8000)

    # --- after changes ------------------------------------------------------------------------
    def _bring_forward(self, kind: type, hotspot_id: str) -> bool:
        """Show the form already open for this hotspot, rather than a second copy of it."""
        for form in self.forms:
            hotspot = getattr(form, "hotspot", None)
            if isinstance(form, kind) and form.isVisible() and hotspot is not None \
                    and hotspot.id == hotspot_id:
                form.raise_()
                form.activateWindow()
                return True
        return False

    def _show(self, form: QWidget) -> None:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._saved)  # type: ignore[attr-defined]
        form.destroyed.connect(lambda _=None, f=form: self._forget(f))
        self.forms.append(form)
        form.show()
        form.raise_()
        form.activateWindow()

    def _forget(self, form: QWidget) -> None:
        if form in self.forms:
            self.forms.remove(form)

    def _saved(self, hotspot_id: str) -> None:
        """Redraw the list, the details and the map, and keep the saved hotspot selected."""
        window = self.window
        window.refresh()
        window.select_hotspot(hotspot_id)
        window._show_detail(hotspot_id)
        self.update_state()

    def _database_changed(self) -> None:
        for form in list(self.forms):
            form.close()
        self.forms.clear()
        self.update_state()
