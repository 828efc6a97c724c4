"""Small helpers the record services share: raising problems and checking references."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jagdesk.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from jagdesk.domain.rules import Problems
    from jagdesk.store.repo import Repo


def raise_if(problems: Problems) -> None:
    """Raise the problems as one ``ValidationError`` when there are any.

    Raises:
        ValidationError: with ``problems`` mapping each field to its message.
    """
    if problems:
        raise ValidationError(problems)


def exists(repo: Repo[Any], record_id: str | None) -> bool:
    """Whether a record with this id is in the repository (an empty id never is)."""
    if not record_id:
        return False
    try:
        repo.get(record_id)
    except NotFoundError:
        return False
    return True
