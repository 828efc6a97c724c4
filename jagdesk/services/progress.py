"""Progress reporting and cancellation for long work, with no Qt.

Long functions take ``progress`` (fraction done 0..1 and a message) and ``cancelled`` (asked
between steps) keyword arguments; the UI passes callables that talk to its worker.
"""

from __future__ import annotations

from collections.abc import Callable

from jagdesk.errors import Cancelled

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]


def noop(fraction: float, message: str) -> None:
    """Progress callback that ignores progress."""
    del fraction, message


def never() -> bool:
    """Cancel check for work nobody can cancel."""
    return False


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """Map a sub-task's 0..1 progress onto the part ``start..end`` of the whole."""

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report


def check(cancelled: CancelCheck) -> None:
    """Raise ``Cancelled`` when the user asked to stop.

    Raises:
        Cancelled: when ``cancelled()`` is true.
    """
    if cancelled():
        raise Cancelled("Cancelled")
