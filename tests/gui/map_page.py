"""Helpers for tests that drive the map page: a loaded map view, and JavaScript run on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWebEngineWidgets import QWebEngineView
from pytestqt.qtbot import QtBot

from jagdesk.ui.map_view import MapView

TIMEOUT_MS = 20_000


def loaded_view(qtbot: QtBot, cache: Path, size: tuple[int, int] = (900, 700)
                ) -> Iterator[MapView]:
    """A shown map view whose page is ready (for a fixture to yield from); disposed after."""
    widget = MapView(cache)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    with qtbot.waitSignal(widget.ready, timeout=TIMEOUT_MS):
        widget.load_page()
    yield widget
    dispose(widget)


def dispose(widget: QWebEngineView) -> None:
    """Close a map view and delete its page now."""
    # Delete the page before the application ends, or QtWebEngine warns about its profile.
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def run_js(qtbot: QtBot, view: QWebEngineView, code: str, timeout_ms: int = TIMEOUT_MS) -> Any:
    """The value of ``code`` run on the view's page."""
    results: list[Any] = []
    view.page().runJavaScript(code, 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=timeout_ms)
    return results[0]
