""""Undo last edit" for a view whose forms close on save: a button naming the edit, and Ctrl+Z.

The view owns the undo, not the form, because the form is gone once it has saved. Ctrl+Z
works while the view (or anything in it) has focus, so views sharing a window do not fight
over the key, and a text box keeps its own Ctrl+Z for typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from jagdesk.errors import UserError
from jagdesk.services.undo import UndoStack
from jagdesk.ui.forms.form_support import UndoControl

if TYPE_CHECKING:
    from jagdesk.domain.records import Record
    from jagdesk.store import Store

NOTHING_TO_UNDO = "Undo last edit"
LIMIT = 20  # edits remembered per view


class ViewUndo(UndoControl):
    """An ``UndoControl`` for a view: follows the open database and names what it would undo.

    Args:
        view: the view Ctrl+Z works in.
        restored: called with the record an undo brought back.
        failed: called with the message when an undo is refused.

    Each edit may carry a follow-up (``then``) run only when that edit is undone, for the
    parts of a form kept outside its record, such as a meeting's attendees.
    """

    def __init__(self, view: QWidget, restored: Callable[[Record], None],
                 failed: Callable[[str], None]) -> None:
        self._store: Store | None = None
        self._follow_ups: list[Callable[[], object] | None] = []
        super().__init__(_EmptyStack(), view, restored, failed)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def use_store(self, store: Store | None) -> None:
        """Undo edits in this database; edits remembered from another one are forgotten."""
        if store is self._store:
            return
        self._store = store
        self.stack = UndoStack(store, LIMIT) if store is not None else _EmptyStack()
        self._follow_ups.clear()
        self.update_state()

    def push(self, before: Record, after: Record, label: str,
             then: Callable[[], object] | None = None) -> None:
        """Remember an edit just saved, with what else to put back when it is undone."""
        super().push(before, after, label)
        self._follow_ups.append(then)
        del self._follow_ups[:-LIMIT]

    def update_state(self) -> None:
        super().update_state()
        self.button.setText(self.stack.undo_label or NOTHING_TO_UNDO)
        if self._store is not None and self._store.read_only:
            self.button.setEnabled(False)

    def undo(self) -> None:
        """Undo the last edit and its follow-up, or report why it cannot be undone."""
        if not self.stack.can_undo or (self._store is not None and self._store.read_only):
            return
        then = self._follow_ups.pop() if self._follow_ups else None
        try:
            record = self.stack.undo()
        except UserError as exc:
            self.update_state()
            self._failed(str(exc))
            return
        problem = ""
        if then is not None:
            try:
                then()
            except UserError as exc:
                problem = str(exc)
        self.update_state()
        self._restored(record)
        if problem:
            self._failed(problem)


class _EmptyStack(UndoStack):
    """The stack while no database is open: nothing to undo, and nothing can be pushed."""

    def __init__(self) -> None:  # no store to keep: the stack stays empty
        self._limit = LIMIT
        self._edits = []
