"""The backup use cases and the ways out offered for a refused database."""

from __future__ import annotations

from pathlib import Path

from jagdesk.errors import StoreUnavailable
from jagdesk.services.backups import BackupPolicy, WayOut, back_up, backups_of, restore, ways_out
from jagdesk.store import Store


def test_ways_out_follow_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "jag.sqlite"
    Store(db).close()
    damaged = StoreUnavailable("damaged", reason="damaged")
    assert ways_out(damaged, db) == [WayOut.CHOOSE_FILE]  # no backup to offer yet
    back_up(db)
    assert ways_out(damaged, db) == [WayOut.OPEN_BACKUP, WayOut.CHOOSE_FILE]
    read_only = StoreUnavailable("read-only", reason="read_only")
    assert ways_out(read_only, db) == [WayOut.OPEN_READ_ONLY, WayOut.CHOOSE_FILE]
    assert ways_out(StoreUnavailable("other program", reason="foreign"), db) == [WayOut.CHOOSE_FILE]
    assert ways_out(StoreUnavailable("old style"), db) == [WayOut.CHOOSE_FILE]


def test_back_up_and_restore_through_the_folder(tmp_path: Path) -> None:
    db = tmp_path / "jag.sqlite"
    Store(db).close()
    policy = BackupPolicy(folder=tmp_path / "backups", keep=5)
    taken = back_up(db, policy=policy)
    assert backups_of(db, policy) == [taken]
    result = restore(db, taken.path, policy)
    assert result.restored_from == taken.path
    assert [b.kind for b in backups_of(db, policy)] == ["pre-restore", "manual"]
    out = back_up(db, tmp_path / "named.sqlite")
    assert out.path == tmp_path / "named.sqlite"
    assert out.size > 0
