from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jagdesk.ui.views.action_log_view import ActionLogView

pytestmark = pytest.mark.gui


def _edit_an_action_title(qtbot, store) -> str:
    log = ActionLogView()
    qtbot.addWidget(log)
    log.set_store(store)
    log.set_filters()
    target = log.model.item_at(0).action
    log.select_action(target.id)
    dialog = log.edit_selected()
    qtbot.addWidget(dialog)
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Lighting survey, both ends of the path")
    dialog.save()
    assert not dialog.isVisible()
    return target.ref


def _rows(view):
    return [[view.entries.topLevelItem(i).text(c) for c in range(6)]
            for i in range(view.entries.topLevelItemCount())]


def test_the_edit_just_made_is_listed_with_before_and_after(qtbot, audit, demo_store, shoot):
    ref = _edit_an_action_title(qtbot, demo_store)
    today = datetime.now(UTC).date().isoformat()
    audit.set_filters(table_name="action", record=ref, actor="officer.tester", since=today,
                      until=today)
    rows = _rows(audit)
    assert [row[2] for row in rows] == ["update"]
    assert rows[0][1] == "officer.tester"
    assert rows[0][3] == "alteration"
    audit.entries.setCurrentItem(audit.entries.topLevelItem(0))
    diff = {audit.diff.topLevelItem(i).text(0): (audit.diff.topLevelItem(i).text(1),
                                                 audit.diff.topLevelItem(i).text(2))
            for i in range(audit.diff.topLevelItemCount())}
    assert diff["title"][1] == "Lighting survey, both ends of the path"
    assert diff["title"][0] != diff["title"][1]
    assert audit.diff.topLevelItem(0).font(0).bold()  # changed fields first, in bold
    builder = next(a for a in demo_store.audit.actors() if a != "officer.tester")
    audit.set_filters(table_name="action", record=ref, actor=builder)
    assert [row[2] for row in _rows(audit)] == ["create"]
    audit.set_filters(table_name="action", record=ref)
    assert audit.entries.topLevelItemCount() >= 2  # created by the demo, then edited here
    audit.entries.setCurrentItem(audit.entries.topLevelItem(0))
    audit.verify_button.click()
    assert audit.verify_result.text().startswith("✓")
    shoot(audit, "audit-viewer")


def test_verify_chain_names_the_entry_edited_by_hand(qtbot, audit, demo_store, shoot):
    audit.verify_button.click()
    assert audit.verify_result.text().startswith("✓")
    seq = demo_store.audit.entries(table_name="partner", limit=1)[0].seq
    demo_store.db.execute("DROP TRIGGER audit_log_no_update")
    demo_store.db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", [seq])
    demo_store.db.conn.commit()
    audit.verify_button.click()
    assert audit.verify_result.text().startswith("✗")
    assert f"entry {seq} " in audit.verify_result.text()
    shoot(audit, "audit-viewer-broken")
