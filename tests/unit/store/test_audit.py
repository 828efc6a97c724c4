"""The audit log is append-only and its hash chain exposes tampering."""

from __future__ import annotations

import sqlite3

import pytest

from jagdesk.domain.records import Partner
from jagdesk.store import Store


def _two_entries(store: Store) -> None:
    store.partners.add(Partner(name="Leicestershire Fire and Rescue Service", partner_type="fire"))
    store.partners.add(Partner(name="Leicester City Council", partner_type="council"))


def test_chain_of_honest_entries_verifies(store: Store) -> None:
    _two_entries(store)
    assert store.audit.verify_chain() is None


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'someone'",
                                       "DELETE FROM audit_log"])
def test_entries_cannot_be_changed_or_removed(store: Store, statement: str) -> None:
    _two_entries(store)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute(statement)


def test_a_forged_entry_is_named(store: Store) -> None:
    _two_entries(store)
    # Someone who drops the triggers can edit the log, but the chain gives them away.
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    problem = store.audit.verify_chain()
    assert problem is not None
    assert "entry 1" in problem
