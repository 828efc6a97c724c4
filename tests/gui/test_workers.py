from __future__ import annotations

import threading
import time

import pytest

from jagdesk.errors import Cancelled
from jagdesk.services.progress import check
from jagdesk.ui.workers import JobRunner, ProgressPanel

pytestmark = pytest.mark.gui


def _gated(work, gate):
    """Hold a job until the test listens for its end: a signal sent earlier would be missed."""
    def run(*args, **kwargs):
        assert gate.wait(5)
        return work(*args, **kwargs)

    return run


def _count_to_three(*, progress, cancelled):
    for step in range(3):
        check(cancelled)
        progress(step / 3, f"step {step}")
    return threading.get_ident()


def test_job_runs_off_the_ui_thread_and_reports_progress(qtbot):
    runner = JobRunner()
    gate = threading.Event()
    job = runner.start("Counting", _gated(_count_to_three, gate))
    seen = []
    job.progressed.connect(lambda fraction, message: seen.append(message))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        gate.set()
    assert finished.args[0] != threading.get_ident()
    qtbot.waitUntil(lambda: not runner.running(), timeout=5000)


def test_cancel_stops_the_job(qtbot):
    started = threading.Event()

    def wait_for_cancel(*, progress, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.01)
        raise Cancelled("stopped")

    runner = JobRunner()
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    job = runner.start("Waiting", wait_for_cancel)
    panel.track(job)
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        panel._cancel.click()
    qtbot.waitUntil(panel.isHidden, timeout=5000)


def test_failure_is_reported_with_the_exception(qtbot, caplog):
    def broken(*, progress, cancelled):
        raise ValueError("bad input")

    gate = threading.Event()
    job = JobRunner().start("Breaking", _gated(broken, gate))
    with qtbot.waitSignal(job.failed, timeout=5000) as failed:
        gate.set()
    assert str(failed.args[0]) == "bad input"


def test_job_with_store_opens_its_own_connection(qtbot, tmp_path):
    def count_hotspots(store, *, progress, cancelled):
        return store.hotspots.count()

    gate = threading.Event()
    job = JobRunner().start_with_store("Counting", tmp_path / "jobs.sqlite",
                                       _gated(count_hotspots, gate))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        gate.set()
    assert finished.args == [0]
