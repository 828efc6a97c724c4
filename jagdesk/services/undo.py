"""Undo of the last edits made in forms, restoring each record's previous content.

An undo is itself an ordinary, audited update, and it respects the version check: when
someone else has changed the record since the edit, the undo is refused rather than
overwriting their work.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jagdesk.errors import ConflictError, UserError
from jagdesk.store.repo import Repo

if TYPE_CHECKING:
    from jagdesk.domain.records import Record
    from jagdesk.store import Store


@dataclass(frozen=True)
class Edit:
    """One saved edit: the record as it was and as it was saved."""

    label: str
    before: Record
    after: Record


class UndoStack:
    """The most recent edits, newest last, each of which can be undone once.

    Args:
        store: the open database the edits were saved in.
        limit: how many edits are remembered; older ones are forgotten.
    """

    def __init__(self, store: Store, limit: int = 20) -> None:
        self._store = store
        self._limit = limit
        self._edits: list[Edit] = []

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._edits)

    @property
    def undo_label(self) -> str:
        """What the next undo would undo, for a menu entry; empty when nothing."""
        return self._edits[-1].label if self._edits else ""

    def push(self, before: Record, after: Record, label: str = "") -> None:
        """Remember an edit just saved: ``before`` as read, ``after`` as the save returned.

        Raises:
            ValueError: when the two are not versions of one record of the same type.
        """
        if type(before) is not type(after) or before.id != after.id:
            raise ValueError("before and after must be versions of the same record")
        self._repo_for(before)
        self._edits.append(Edit(label or f"Undo edit of {type(before).__name__.lower()}",
                                before, after))
        del self._edits[:-self._limit]

    def undo(self) -> Record:
        """Restore the record of the last edit to its previous content, and return it.

        Raises:
            UserError: when there is nothing to undo.
            ConflictError: when the record changed after the edit; the edit is dropped.
            NotFoundError: when the record has since been deleted.
        """
        if not self._edits:
            raise UserError("There is nothing to undo.")
        edit = self._edits.pop()
        repo = self._repo_for(edit.before)
        current = repo.get(edit.after.id)
        if current.version != edit.after.version:
            raise ConflictError("The record was changed again after this edit, so it cannot be "
                                "undone; open it to see the latest version.")
        restored: Record = repo.update(dataclasses.replace(edit.before, version=current.version))
        self._chain(edit, restored)
        return restored

    def _chain(self, undone: Edit, restored: Record) -> None:
        """Let the previous edit of the same record be undone next.

        The undo saved a new version holding that edit's result, so it now stands for it.
        """
        for index in range(len(self._edits) - 1, -1, -1):
            earlier = self._edits[index]
            if earlier.after.id == undone.before.id:
                if earlier.after.version == undone.before.version:
                    self._edits[index] = dataclasses.replace(earlier, after=restored)
                return

    def clear(self) -> None:
        """Forget every edit (for example when another database is opened)."""
        self._edits.clear()

    def _repo_for(self, record: Record) -> Repo[Any]:
        for repo in vars(self._store).values():
            if isinstance(repo, Repo) and repo.record_type is type(record):
                return repo
        raise ValueError(f"No repository stores {type(record).__name__} records")
