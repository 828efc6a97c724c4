"""The composition root of the desktop app: paths, logging, error hooks, Qt, the main window.

Start-up is kept fast by showing the window first and doing everything else afterwards, from
the event loop: opening the database, creating the map view and drawing its layers. Nothing
here imports geopandas, folium, matplotlib or reportlab.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from jagdesk import APP_NAME, __version__
from jagdesk.log import setup_logging
from jagdesk.paths import Paths, user_paths

log = logging.getLogger(__name__)

# Used when the process start time cannot be read from the operating system.
_IMPORTED_AT = time.perf_counter()
# With --timing-exit, give up (and say so) if the map has not drawn by then.
TIMING_LIMIT_MS = 60_000
# With --screenshot, how long the map may settle after drawing before the picture is taken.
SCREENSHOT_SETTLE_MS = 1500
SCREENSHOT_SIZE = (1440, 880)


def seconds_since_process_start() -> float:
    """Seconds since this process was created (Linux), or since this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start time in ticks
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT


def run_app(args: argparse.Namespace) -> int:
    """Open the main window on ``args.db`` (or the per-user database) and run until it closes.

    Args:
        args: parsed command line with ``db`` (path or None), ``no_error_dialogs`` and
            ``timing_exit``.

    Returns:
        The process exit status: 0, or 1 when the database was refused without dialogs.
    """
    paths = user_paths().ensure()
    setup_logging(paths.log)
    log.info("%s %s starting", APP_NAME, __version__)
    # QtWebEngine must be imported before the QApplication exists (it sets up shared contexts).
    import PySide6.QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from jagdesk.ui.map_web import register_schemes

    register_schemes()  # the map's tile scheme must exist before the application does

    from jagdesk.ui.main_window import MainWindow
    from jagdesk.ui.settings import UiSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    _route_qt_messages()
    dialogs = not (args.no_error_dialogs or args.timing_exit or getattr(args, "screenshot", None))
    _install_excepthooks(dialogs)
    window = MainWindow(paths, UiSettings(paths.config), error_dialogs=dialogs)
    if getattr(args, "screenshot", None):
        window.resize(*SCREENSHOT_SIZE)  # the same picture whatever size was remembered
    window.show()
    outcome = {"status": 0}
    startup = _Startup(app, window, _database_path(args, paths), args, outcome)
    QTimer.singleShot(0, startup.after_first_paint)
    status = app.exec()
    return outcome["status"] or status


def _database_path(args: argparse.Namespace, paths: Paths) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else paths.default_db


class _Startup:
    """What happens once the window is on screen: open the database, then the map."""

    def __init__(self, app: Any, window: Any, db: Path, args: argparse.Namespace,
                 outcome: dict[str, int]) -> None:
        self.app, self.window, self.db, self.args, self.outcome = app, window, db, args, outcome
        self.window_shown: float | None = None

    def after_first_paint(self) -> None:
        self.window_shown = seconds_since_process_start()
        log.info("window shown after %.3f s", self.window_shown)
        # The web view's page loads in its own process, so start it before reading the database.
        self.window.start_map()
        refused = not self.window.open_database(self.db)
        if refused and not self.window.error_dialogs:
            # Without dialogs the reason is already on stderr through the log.
            self.outcome["status"] = 1
            self.window.close()
            self.app.exit(1)
            return
        if self.args.timing_exit:
            from PySide6.QtCore import QTimer

            self.window.map_drawn.connect(self._on_map_drawn)
            QTimer.singleShot(TIMING_LIMIT_MS, self._on_timing_limit)
        elif getattr(self.args, "screenshot", None):
            self.window.map_drawn.connect(self._on_map_drawn_for_picture)

    def _on_map_drawn_for_picture(self, _count: int) -> None:
        from PySide6.QtCore import QTimer

        # Give Leaflet a moment to finish fitting the view before the picture is taken.
        QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._save_picture)

    def _save_picture(self) -> None:
        path = Path(self.args.screenshot).expanduser()
        if not self.window.grab().save(str(path)):
            log.error("could not save the window picture to %s", path)
            self.outcome["status"] = 1
        self.window.close()
        self.app.quit()

    def _on_map_drawn(self, _count: int) -> None:
        map_ready = seconds_since_process_start()
        print(f"JAGDESK_TIMING window_shown={self.window_shown:.3f} "  # noqa: T201
              f"map_ready={map_ready:.3f}", flush=True)
        self.window.close()
        self.app.quit()

    def _on_timing_limit(self) -> None:
        print(f"JAGDESK_TIMING window_shown={self.window_shown:.3f} map_ready=nan",  # noqa: T201
              flush=True)
        self.outcome["status"] = 1
        self.window.close()
        self.app.exit(1)


def _route_qt_messages() -> None:
    """Send Qt's own warnings to the log instead of the terminal."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}
    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _install_excepthooks(dialogs: bool) -> None:
    """Log exceptions raised in slots and threads, and tell the user about them."""

    def report(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("unexpected error", exc_info=(kind, exc, tb))
        if dialogs:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME}: unexpected error",
                              f"Something went wrong: {exc}\n\nDetails are in the log folder "
                              "(Help ▸ Open log folder).")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()

    sys.excepthook = report

    def thread_report(hook_args: threading.ExceptHookArgs) -> None:
        log.critical("unexpected error in thread %s", hook_args.thread,
                     exc_info=(hook_args.exc_type, hook_args.exc_value or hook_args.exc_type(),
                               hook_args.exc_traceback))

    threading.excepthook = thread_report
