"""Fixtures shared by every test: an isolated home folder, a fresh store and a canary server."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

# The suite runs the same property-test examples every time, so a red run points at a change,
# not at the luck of the draw; HYPOTHESIS_PROFILE=explore searches afresh with many more examples.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# QtWebEngine refuses to start as root without this, and tests must never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A function giving a new copy of the Leicester demo, built as on ``today`` (default: today).

    Each day's demo is built once a session: building it takes seconds, copying it none.
    """
    import shutil

    from jagdesk.services.demo import DEMO_FILE_NAME, build_demo

    built: dict[date | None, Path] = {}

    def copy(today: date | None = None) -> Path:
        if today not in built:
            built[today] = tmp_path_factory.mktemp("demo-built") / DEMO_FILE_NAME
            build_demo(built[today], today=today)
        target = tmp_path_factory.mktemp("demo") / DEMO_FILE_NAME
        shutil.copyfile(built[today], target)
        return target

    return copy


@pytest.fixture(autouse=True)
def _fresh_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point JAGDESK_HOME at a temporary folder so no test touches a real profile."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JAGDESK_HOME", str(home))
    return home


@pytest.fixture
def store(tmp_path: Path) -> Iterator[object]:
    """A new, migrated store in a temporary file."""
    from jagdesk.store import Store

    opened = Store(tmp_path / "test.sqlite", actor="tester")
    yield opened
    opened.close()


class Canary:
    """An HTTP server on 127.0.0.1 that counts every request it receives (to prove none is made)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A canary server for the test, shut down after it."""
    server = Canary()
    yield server
    server.close()


@pytest.fixture
def edit_elsewhere() -> Callable[..., None]:
    """Change a record through a second connection, as another user in another window would.

    Call it as ``edit_elsewhere(db_path, "actions", record_id, title="Their title")``.
    """
    from dataclasses import replace

    from jagdesk.store import Store

    def edit(db_path: Path, repo_name: str, record_id: str, **changes: object) -> None:
        with Store(db_path, actor="someone.else") as other:
            repo = getattr(other, repo_name)
            repo.update(replace(repo.get(record_id), **changes))

    return edit
