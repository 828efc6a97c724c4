from __future__ import annotations

from pathlib import Path

import pytest

from jagdesk.errors import UserError
from jagdesk.settings import FILE_NAME, UserSettings, load_user_settings, save_user_settings
from jagdesk.store.clock import default_actor


def test_defaults_to_the_os_account(tmp_path: Path) -> None:
    settings = load_user_settings(tmp_path)
    assert settings.user_name == ""
    assert settings.actor == default_actor()


def test_saved_name_is_the_actor(tmp_path: Path) -> None:
    save_user_settings(tmp_path, UserSettings("  PC 1234 Smith "))
    settings = load_user_settings(tmp_path)
    assert settings.actor == "PC 1234 Smith"


def test_unreadable_file_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("{not json")
    assert load_user_settings(tmp_path) == UserSettings()


@pytest.mark.parametrize("name", ["a\nb", "x" * 81])
def test_bad_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UserError):
        save_user_settings(tmp_path, UserSettings(name))
    assert not (tmp_path / FILE_NAME).exists()
