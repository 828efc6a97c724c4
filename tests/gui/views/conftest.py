"""A demo database built once, copied for each test module so edits in one do not leak."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from jagdesk.store import Store

SHOTS = Path("/tmp/jagdesk-shots")


@pytest.fixture(scope="session")
def built_demo(demo_copy) -> Path:
    return demo_copy()


@pytest.fixture(scope="module")
def demo_db(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("views-module") / built_demo.name
    shutil.copyfile(built_demo, copy)
    return copy


@pytest.fixture(scope="module")
def demo_store(demo_db: Path) -> Iterator[Store]:
    store = Store(demo_db, actor="officer.tester")
    yield store
    store.close()


def _shown(qtbot, widget, store: Store, size: tuple[int, int]):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.set_store(store)
    widget.show()
    return widget


@pytest.fixture
def action_log(qtbot, demo_store):
    """The action log on the demo, shown."""
    from jagdesk.ui.views.action_log_view import ActionLogView

    return _shown(qtbot, ActionLogView(), demo_store, (1100, 520))


@pytest.fixture
def partners_view(qtbot, demo_store):
    """The partners view on the demo, shown."""
    from jagdesk.ui.views.partners_view import PartnersView

    return _shown(qtbot, PartnersView(), demo_store, (900, 560))


@pytest.fixture
def audit(qtbot, demo_store):
    """The audit log view on the demo, shown."""
    from jagdesk.ui.views.audit_view import AuditView

    return _shown(qtbot, AuditView(), demo_store, (1000, 620))


def _save_picture(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def shoot():
    """Save a picture of a widget to /tmp/jagdesk-shots for people to look at."""
    return _save_picture
