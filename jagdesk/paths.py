"""Per-user folders, overridable with ``JAGDESK_HOME`` (used by tests and portable installs)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "jagdesk"
DB_FILE_NAME = "jagdesk.sqlite"


@dataclass(frozen=True)
class Paths:
    """Where JagDesk keeps its data, configuration, logs and cache."""

    data: Path
    config: Path
    log: Path
    cache: Path

    @property
    def default_db(self) -> Path:
        """The database opened when no ``--db`` is given."""
        return self.data / DB_FILE_NAME

    @property
    def backups(self) -> Path:
        """Folder of automatic and manual backups."""
        return self.data / "backups"

    def ensure(self) -> Paths:
        """Create every folder that does not exist yet and return self."""
        for folder in (self.data, self.config, self.log, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def user_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """Return the per-user folders.

    Args:
        home: one folder to hold everything; defaults to ``$JAGDESK_HOME`` and, when that is
            unset, to the platform's per-user folders.
    """
    home = home or os.environ.get("JAGDESK_HOME")
    if home:
        root = Path(home)
        return Paths(root / "data", root / "config", root / "log", root / "cache")
    return Paths(
        Path(platformdirs.user_data_dir(APP, appauthor=False)),
        Path(platformdirs.user_config_dir(APP, appauthor=False)),
        Path(platformdirs.user_log_dir(APP, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP, appauthor=False)),
    )
