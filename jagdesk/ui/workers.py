"""Run Qt-free long work off the UI thread, with progress and cancel.

A job is a plain function taking ``progress`` and ``cancelled`` keyword arguments (see
``jagdesk.services.progress``). It runs on ``QThreadPool``; its results come back through the
signals of a ``Job`` that lives on the UI thread, so slots never run on the worker thread.
Jobs that need the database open their own ``Store``: a connection belongs to its thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from jagdesk.errors import Cancelled

log = logging.getLogger(__name__)

JobFunction = Callable[..., Any]


class Job(QObject):
    """Handle on work running in the pool.

    Signals:
        progressed(float, str): fraction done (0..1) and what is happening.
        finished(object): the function's return value.
        failed(object): the exception it raised (not ``Cancelled``).
        cancelled(): the work stopped because ``cancel()`` was called.
        done(): emitted last, whatever the outcome.
    """

    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._stop = threading.Event()
        self.running = True

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._stop.set()

    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    def mark_done(self) -> None:
        self.running = False


class _Runnable(QRunnable):
    def __init__(self, job: Job, function: JobFunction) -> None:
        super().__init__()
        self._job = job
        self._function = function

    def run(self) -> None:
        job = self._job
        try:
            result = self._function(progress=job.progressed.emit, cancelled=job.is_cancelled)
        except Cancelled:
            job.cancelled.emit()
        except Exception as exc:  # any failure is reported to the UI
            log.exception("%s failed", job.title)
            job.failed.emit(exc)
        else:
            job.finished.emit(result)
        job.done.emit()


class JobRunner(QObject):
    """Starts jobs on a thread pool and keeps them alive until they are done."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._jobs: set[Job] = set()
        # How jobs open their Store: the window's author name, read-only mode and backups.
        self.store_options: dict[str, Any] = {}

    def start(self, title: str, function: JobFunction) -> Job:
        """Run ``function(progress=..., cancelled=...)`` in the pool; connect to the Job's signals."""
        # The job has no Qt parent: Python references (here and in the runnable) keep it alive
        # until its last signal is delivered, even if the runner goes first.
        job = Job(title)
        self._jobs.add(job)
        job.done.connect(lambda: self._forget(job))
        self._pool.start(_Runnable(job, function))
        return job

    def start_with_store(self, title: str, db_path: Path,
                         function: Callable[..., Any], **kwargs: Any) -> Job:
        """Run ``function(store, progress=..., cancelled=..., **kwargs)`` on its own Store."""
        options = dict(self.store_options)

        def with_store(*, progress: Any, cancelled: Any) -> Any:
            from jagdesk.store import Store

            with Store(db_path, **options) as store:
                return function(store, progress=progress, cancelled=cancelled, **kwargs)

        return self.start(title, with_store)

    def _forget(self, job: Job) -> None:
        job.mark_done()
        self._jobs.discard(job)

    def running(self) -> list[Job]:
        return [job for job in self._jobs if job.running]

    def cancel_all(self, wait_ms: int = 5000) -> bool:
        """Cancel every job and wait for the pool; return whether all stopped in time."""
        for job in self.running():
            job.cancel()
        return bool(self._pool.waitForDone(wait_ms))


class ProgressPanel(QWidget):
    """A status-bar progress bar with a message and a Cancel button for the current job."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job: Job | None = None
        self._label = QLabel()
        self._bar = QProgressBar()
        self._bar.setRange(0, 1000)
        self._bar.setTextVisible(False)
        self._bar.setFixedWidth(160)
        self._bar.setMaximumHeight(14)
        self._cancel = QToolButton()
        self._cancel.setText("Cancel")
        self._cancel.setAutoRaise(True)
        self._cancel.clicked.connect(self._on_cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self._label, self._bar, self._cancel):
            layout.addWidget(widget)
        self.hide()

    def track(self, job: Job) -> None:
        self._job = job
        self._label.setText(job.title)
        self._bar.setValue(0)
        self._cancel.setEnabled(True)
        job.progressed.connect(self._on_job_progressed)
        job.done.connect(self._on_job_done)
        self.show()

    def _on_job_progressed(self, fraction: float, message: str) -> None:
        self._bar.setValue(round(max(0.0, min(fraction, 1.0)) * 1000))
        if message:
            self._label.setText(message)

    def _on_job_done(self) -> None:
        self._job = None
        self.hide()

    def _on_cancel_clicked(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._cancel.setEnabled(False)
            self._label.setText("Cancelling…")
