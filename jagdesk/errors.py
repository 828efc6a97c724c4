"""The exception hierarchy.

``UserError`` messages are written for the person at the keyboard and are shown as they are;
any other exception is a bug and is shown with its details.
"""


class JagdeskError(Exception):
    """Base of every error JagDesk raises on purpose."""


class UserError(JagdeskError):
    """An error whose message can be shown to the user as it is."""


class ImportFormatError(UserError):
    """A file to import is not in the expected format.

    Attributes:
        path: the file at fault.
        line: the 1-based line number, when the fault has one.
        reason: what is wrong, without the file and line.
    """

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class StoreUnavailable(UserError):
    """The database cannot be used: locked, read-only, damaged, foreign or too new.

    Attributes:
        reason: what is wrong, as a code the GUI turns into the right way out: ``damaged``
            (open a backup), ``read_only`` (open read-only), ``foreign``, ``newer``,
            ``missing`` (choose another file) or ``unavailable`` (anything else).
    """

    def __init__(self, message: str, reason: str = "unavailable") -> None:
        self.reason = reason
        super().__init__(message)


class ValidationError(UserError):
    """A record breaks a domain rule.

    Attributes:
        problems: field name mapped to a message, for inline display in forms.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class ConflictError(UserError):
    """A record was changed by someone else since it was read (optimistic version check)."""


class NotFoundError(UserError):
    """A record asked for by reference does not exist."""


class Cancelled(JagdeskError):
    """Long work was cancelled by the user."""
