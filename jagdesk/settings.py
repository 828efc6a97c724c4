"""Settings of the person using JagDesk on this computer, kept in a small JSON file.

Only what belongs to the user rather than to a partnership's data lives here: the name
written into the audit log as the author of their changes.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from jagdesk.errors import UserError
from jagdesk.store.clock import default_actor

log = logging.getLogger(__name__)

FILE_NAME = "user-settings.json"
MAX_USER_NAME = 80


@dataclass
class UserSettings:
    """Per-user settings.

    Attributes:
        user_name: the name the audit log records for this user's changes; empty means the
            OS account name.
    """

    user_name: str = ""

    @property
    def actor(self) -> str:
        """The name to write into the audit log."""
        return self.user_name.strip() or default_actor()


def load_user_settings(config_dir: Path) -> UserSettings:
    """The saved settings, or the defaults when none were saved or the file is unreadable."""
    path = config_dir / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return UserSettings(user_name=str(data.get("user_name", "")))
    except FileNotFoundError:
        return UserSettings()
    except (OSError, ValueError, AttributeError):
        log.warning("user settings unreadable; using the defaults")
        return UserSettings()


def save_user_settings(config_dir: Path, settings: UserSettings) -> None:
    """Save the settings, replacing the file in one step.

    Raises:
        UserError: the user name is too long or has line breaks, or the file cannot be written.
    """
    name = settings.user_name.strip()
    if len(name) > MAX_USER_NAME or any(c in name for c in "\r\n\t"):
        raise UserError(f"Give a user name of up to {MAX_USER_NAME} characters on one line.")
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / FILE_NAME
    partial = path.with_suffix(".partial")
    try:
        partial.write_text(json.dumps(asdict(UserSettings(name)), indent=2), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(f"Cannot save settings to {path}: {exc.strerror or exc}") from exc
