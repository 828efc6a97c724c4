from __future__ import annotations

from datetime import date, timedelta

import pytest

from jagdesk.services.partners import spoc_history
from jagdesk.ui.views import common

pytestmark = pytest.mark.gui


@pytest.fixture
def view(partners_view):
    return partners_view


def _contact(store, name):
    return next(c for c in store.contacts.all() if c.name == name)


def _texts(tree, column=0):
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


def test_directory_lists_agencies_by_type_with_their_people(view, demo_store):
    groups = _texts(view.partners)
    assert "Police" in groups
    assert "Council" in groups
    police = demo_store.partners.by_name("Leicestershire Police")
    assert view.select_partner(police.id)
    assert set(_texts(view.contacts)) == {c.name for c in demo_store.contacts.for_partner(police.id)}


def test_a_new_spoc_ends_the_previous_one_and_history_shows_both(qtbot, view, demo_store, shoot):
    sergeant = _contact(demo_store, "Neighbourhood Sergeant, City Centre")
    pcso = _contact(demo_store, "PCSO, City Centre Beat Team")
    assert sergeant.is_spoc
    assert sergeant.valid_to is None
    assert view.select_contact(pcso.id)
    dialog = view.make_spoc()
    qtbot.addWidget(dialog)
    assert dialog.start_day() == date.today()
    with qtbot.waitSignal(view.changed):
        dialog.save()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert demo_store.contacts.get(sergeant.id).valid_to == yesterday
    assert demo_store.contacts.get(pcso.id).valid_from == date.today().isoformat()
    assert [c.id for c in spoc_history(demo_store, pcso.partner_id, pcso.area_id)][:2] == [
        pcso.id, sergeant.id]
    assert view.selected_contact_id() == pcso.id
    history = _texts(view.history)
    assert history[:2] == [pcso.name, sergeant.name]
    assert view.history.topLevelItem(1).text(2) == yesterday
    assert view.history.topLevelItem(0).font(0).bold()
    shoot(view, "partners-spoc-history")


def test_removing_a_spoc_raises_the_missing_contact_warning(qtbot, view, demo_store,
                                                             monkeypatch, shoot):
    assert view.warning.isHidden()
    outreach = _contact(demo_store, "Assertive Outreach Worker")
    assert view.select_contact(outreach.id)
    asked = []
    monkeypatch.setattr(common, "confirm", lambda *args: asked.append(args) or True)
    assert view.delete_contact()
    assert asked, "a delete must be confirmed"
    assert not view.warning.isHidden()
    assert "Leicester Recovery Service has no current single point of contact" in view.warning.text()
    assert view.partners.currentItem().text(0) == "⚠ Leicester Recovery Service"
    shoot(view, "partners-missing-contact")


def test_declining_the_confirmation_deletes_nothing(view, demo_store, monkeypatch):
    council = demo_store.partners.by_name("Leicester City Council")
    view.select_partner(council.id)
    monkeypatch.setattr(common, "confirm", lambda *args: False)
    assert not view.delete_partner()
    assert demo_store.partners.by_name("Leicester City Council") is not None


def test_a_partner_still_in_use_is_not_deleted_and_says_why(view, demo_store, monkeypatch):
    council = demo_store.partners.by_name("Leicester City Council")
    view.select_partner(council.id)
    monkeypatch.setattr(common, "confirm", lambda *args: True)
    assert not view.delete_partner()
    assert "still has" in view.message.text()
    assert demo_store.partners.by_name("Leicester City Council") is not None


def test_a_contact_with_a_bad_email_is_refused_inline(qtbot, view, demo_store):
    council = demo_store.partners.by_name("Leicester City Council")
    view.select_partner(council.id)
    before = len(demo_store.contacts.for_partner(council.id))
    dialog = view.add_contact()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Anti-social Behaviour Caseworker")
    qtbot.keyClicks(dialog.email, "not an address")
    dialog.save()
    assert dialog.isVisible()
    assert "email" in dialog.errors.message("email").lower()
    assert len(demo_store.contacts.for_partner(council.id)) == before
