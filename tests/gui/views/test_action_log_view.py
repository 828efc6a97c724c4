from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from jagdesk.domain.enums import ActionStatus
from jagdesk.ui.views.action_log_model import Column
from jagdesk.ui.views.action_log_view import ActionLogView, Due, month_range

pytestmark = pytest.mark.gui


@pytest.fixture
def view(action_log):
    return action_log


def _visible_refs(view: ActionLogView) -> list[str]:
    return [view.proxy.index(row, Column.REF).data() for row in range(view.proxy.rowCount())]


def _council(store):
    return store.partners.by_name("Leicester City Council")


def test_what_the_council_owes_this_month_in_two_clicks(qtbot, view, demo_store):
    council = _council(demo_store)
    first, last = month_range(date.today())
    expected = sorted(a.ref for a in demo_store.actions.all()
                      if a.owner_partner_id == council.id and a.due_on
                      and first.isoformat() <= a.due_on <= last.isoformat()
                      and a.status not in (ActionStatus.DONE, ActionStatus.CANCELLED))
    assert expected, "the demo should give the council something due this month"
    # Click one opens the menu, click two picks the partner.
    entry = next(a for a in view.owed_menu.actions() if a.data() == council.id)
    entry.trigger()
    assert view.partner.currentData() == council.id
    assert view.due.currentData() == Due.THIS_MONTH
    assert view.unfinished.isChecked()
    assert sorted(_visible_refs(view)) == expected
    owners = {view.proxy.index(r, Column.OWNER).data() for r in range(view.proxy.rowCount())}
    assert owners == {"Leicester City Council"}


def test_overdue_rows_are_bold_red_and_others_are_not(qtbot, view, shoot):
    view.set_filters()
    styled = {}
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, Column.TITLE)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        font = index.data(Qt.ItemDataRole.FontRole)
        overdue_text = bool(view.proxy.index(row, Column.DAYS_OVERDUE).data())
        styled[overdue_text] = styled.get(overdue_text, set()) | {
            (brush.color().name() if brush else None, bool(font and font.bold()))}
    assert styled[True] == {("#c62828", True)}
    assert all(not bold and colour != "#c62828" for colour, bold in styled[False])
    view.show_overdue()
    assert view.proxy.rowCount() > 0
    assert all(view.proxy.index(r, Column.DAYS_OVERDUE).data() for r in range(view.proxy.rowCount()))
    shoot(view, "action-log-overdue")


def test_due_before_start_is_refused_inline_and_nothing_is_saved(qtbot, view, demo_store, shoot):
    before = demo_store.actions.count()
    dialog = view.add_action()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Clear the fly-tipping behind the shops")
    dialog.partner.setCurrentIndex(dialog.partner.findText("Leicester City Council"))
    dialog.started_on.set_value("2026-12-10")
    dialog.due_on.set_value("2026-12-01")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.errors.message("due_on") == "The due date is before the start date."
    assert demo_store.actions.count() == before
    shoot(dialog, "action-dialog-invalid")
    dialog.due_on.set_value("2026-12-20")
    dialog.save()
    assert not dialog.isVisible()
    assert demo_store.actions.count() == before + 1
    assert view.selected_row().action.title == "Clear the fly-tipping behind the shops"


def test_an_update_changes_the_status_and_shows_in_the_log(qtbot, view, demo_store):
    view.show_overdue()
    target = view.model.item_at(0).action
    assert view.select_action(target.id)
    dialog = view.update_selected()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.note, "Survey done with the lighting engineer")
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE))
    with qtbot.waitSignal(view.changed):
        dialog.save()
    assert demo_store.actions.get(target.id).status is ActionStatus.DONE
    notes = [u.note for u in demo_store.action_updates.for_action(target.id)]
    assert "Survey done with the lighting engineer" in notes
    # Done, so it has left the overdue list; with no filter it shows as done.
    assert view.model.row_of(target.id) is not None
    row = view.selected_row()
    assert row.action.id == target.id
    assert view.proxy.index(view.table.currentIndex().row(), Column.STATUS).data() == "Done"
