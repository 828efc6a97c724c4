"""The partner directory: agencies, their people, and single points of contact with history."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jagdesk.domain.enums import HotspotStatus
from jagdesk.domain.rules import Problems, contact_problems, parse_day, partner_problems
from jagdesk.errors import UserError
from jagdesk.services.checks import exists, raise_if

if TYPE_CHECKING:
    from jagdesk.domain.records import Contact, Hotspot, Partner
    from jagdesk.store import Store


@dataclass(frozen=True)
class MissingContact:
    """A partner with work at a hotspot but no current single point of contact there."""

    partner_id: str
    partner_name: str
    hotspot_id: str | None
    hotspot_ref: str
    hotspot_name: str
    reasons: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """One line for a warning list."""
        where = f" at {self.hotspot_ref} {self.hotspot_name}" if self.hotspot_id else ""
        return (f"{self.partner_name} has no current single point of contact{where} "
                f"({'; '.join(self.reasons)}).")


# --- partners -------------------------------------------------------------------------------
def add_partner(store: Store, partner: Partner) -> Partner:
    """Add an agency to the directory.

    Raises:
        ValidationError: naming each field that is wrong (including a name already used).
    """
    raise_if(_partner_problems(store, partner))
    return store.partners.add(_trimmed_partner(partner))


def update_partner(store: Store, partner: Partner) -> Partner:
    """Save changes to an agency.

    Raises:
        ValidationError: naming each field that is wrong.
        ConflictError: when someone else saved it since it was read.
    """
    store.partners.get(partner.id)
    raise_if(_partner_problems(store, partner))
    return store.partners.update(_trimmed_partner(partner))


def delete_partner(store: Store, partner_id: str) -> None:
    """Remove an agency that nothing refers to any more.

    Raises:
        UserError: when people, hotspots, actions or meeting attendances still refer to it.
    """
    partner = store.partners.get(partner_id)
    uses = _uses(store, partner_id)
    if uses:
        raise UserError(f"{partner.name} still has {', '.join(uses)}; reassign or delete "
                        "those first.")
    store.partners.delete(partner_id)


def _uses(store: Store, partner_id: str) -> list[str]:
    counts = {
        "contacts": len(store.contacts.for_partner(partner_id)),
        "hotspots it leads": sum(h.lead_partner_id == partner_id for h in store.hotspots.all()),
        "actions": sum(a.owner_partner_id == partner_id for a in store.actions.all()),
        "meeting attendances": sum(a.partner_id == partner_id for a in store.attendees.all()),
    }
    return [f"{count} {what}" for what, count in counts.items() if count]


def _partner_problems(store: Store, partner: Partner) -> Problems:
    found = partner_problems(partner)
    same_name = store.partners.by_name(partner.name) if "name" not in found else None
    if same_name is not None and same_name.id != partner.id:
        found["name"] = f"There is already a partner called {same_name.name}."
    types = {item.code for item in store.lookups.items("partner_type")}
    if types and "partner_type" not in found and partner.partner_type not in types:
        found["partner_type"] = "Choose a type from the list."
    return found


def _trimmed_partner(partner: Partner) -> Partner:
    return dataclasses.replace(partner, name=partner.name.strip())


# --- contacts -------------------------------------------------------------------------------
def add_contact(store: Store, contact: Contact, *, today: date | None = None) -> Contact:
    """Add a person; a single point of contact takes over from the previous one for the area.

    A new SPOC with no start date starts ``today``.

    Raises:
        ValidationError: naming each field that is wrong.
    """
    contact = _spoc_dated(contact, today)
    raise_if(_contact_problems(store, contact))
    with store.atomic():
        saved = store.contacts.add(contact)
        _hand_over(store, saved)
    return saved


def update_contact(store: Store, contact: Contact, *, today: date | None = None) -> Contact:
    """Save changes to a person; becoming a SPOC ends the previous SPOC's term.

    Raises:
        ValidationError: naming each field that is wrong.
        ConflictError: when someone else saved it since it was read.
    """
    store.contacts.get(contact.id)
    contact = _spoc_dated(contact, today)
    raise_if(_contact_problems(store, contact))
    with store.atomic():
        saved = store.contacts.update(contact)
        _hand_over(store, saved)
    return saved


def delete_contact(store: Store, contact_id: str) -> None:
    """Delete a person; actions and attendances naming them keep their partner only."""
    store.contacts.get(contact_id)
    with store.atomic():
        for action in store.actions.all():
            if action.owner_contact_id == contact_id:
                store.actions.update(dataclasses.replace(action, owner_contact_id=None))
        for attendee in store.attendees.all():
            if attendee.contact_id == contact_id:
                store.attendees.update(dataclasses.replace(attendee, contact_id=None))
        store.contacts.delete(contact_id)


def set_spoc(store: Store, contact_id: str, on: date) -> Contact:
    """Make a person the single point of contact for their partner and area from a date.

    The previous SPOC for the same partner and area keeps their record, with their term
    ending the day before.
    """
    contact = store.contacts.get(contact_id)
    changed = dataclasses.replace(contact, is_spoc=True, valid_from=on.isoformat(),
                                  valid_to=None)
    return update_contact(store, changed, today=on)


def spoc_history(store: Store, partner_id: str, area_id: str | None = None) -> list[Contact]:
    """A partner's single points of contact for an area (None: partner-wide), latest first."""
    spocs = [c for c in store.contacts.for_partner(partner_id)
             if c.is_spoc and c.area_id == area_id]
    return sorted(spocs, key=lambda c: (c.valid_from or "", c.created_at), reverse=True)


def current_spoc(store: Store, partner_id: str, on: date,
                 area_ids: tuple[str | None, ...] = (None,)) -> Contact | None:
    """The partner's SPOC on a date for any of the areas (None means partner-wide), if any.

    Where several qualify, the one who started most recently is the current one.
    """
    valid = [c for c in store.contacts.current_spocs(partner_id, on.isoformat())
             if c.area_id in area_ids]
    return max(valid, key=lambda c: (c.valid_from or "", c.created_at), default=None)


def _spoc_dated(contact: Contact, today: date | None) -> Contact:
    if contact.is_spoc and not contact.valid_from:
        return dataclasses.replace(contact, valid_from=(today or date.today()).isoformat())
    return contact


def _contact_problems(store: Store, contact: Contact) -> Problems:
    found = contact_problems(contact)
    if "partner_id" not in found and not exists(store.partners, contact.partner_id):
        found["partner_id"] = "Choose a partner from the directory."
    if contact.area_id and not exists(store.areas, contact.area_id):
        found["area_id"] = "Choose an area from the boundaries."
    return found


def _hand_over(store: Store, spoc: Contact) -> None:
    """End the term of earlier SPOCs of the same partner and area still running on the new start."""
    start = parse_day(spoc.valid_from)
    if not spoc.is_spoc or start is None:
        return
    for other in store.contacts.for_partner(spoc.partner_id):
        if other.id == spoc.id or not other.is_spoc or other.area_id != spoc.area_id:
            continue
        began, ended = parse_day(other.valid_from), parse_day(other.valid_to)
        started_earlier = began is None or began < start
        if started_earlier and (ended is None or ended >= start):
            end = (start - timedelta(days=1)).isoformat()
            store.contacts.update(dataclasses.replace(other, valid_to=end))


# --- warnings -------------------------------------------------------------------------------
def hotspots_missing_contact(store: Store, today: date) -> list[MissingContact]:
    """Where a hotspot's lead partner, or an unfinished action's owner, has no current SPOC.

    A SPOC covers a hotspot when their area is the hotspot's ward or local authority, or when
    they have no area (partner-wide). Closed hotspots are left out.
    """
    hotspots = {h.id: h for h in store.hotspots.all() if h.status is not HotspotStatus.CLOSED}
    partners = {p.id: p for p in store.partners.all()}
    needs: dict[tuple[str, str | None], list[str]] = {}
    for led in hotspots.values():
        if led.lead_partner_id:
            needs.setdefault((led.lead_partner_id, led.id), []).append("leads the hotspot")
    for action in store.actions.all():
        if action.status.is_finished or (action.hotspot_id and action.hotspot_id not in hotspots):
            continue
        needs.setdefault((action.owner_partner_id, action.hotspot_id), []).append(
            f"owns action {action.ref}")
    missing = []
    for (partner_id, hotspot_id), reasons in needs.items():
        hotspot = hotspots.get(hotspot_id) if hotspot_id else None
        if current_spoc(store, partner_id, today, _covering(hotspot)) is None:
            missing.append(_missing(partners[partner_id], hotspot, reasons))
    return sorted(missing, key=lambda m: (m.hotspot_ref, m.partner_name))


def _covering(hotspot: Hotspot | None) -> tuple[str | None, ...]:
    if hotspot is None:
        return (None,)
    return (None, *(a for a in (hotspot.ward_id, hotspot.local_authority_id) if a))


def _missing(partner: Partner, hotspot: Hotspot | None, reasons: list[str]) -> MissingContact:
    return MissingContact(partner_id=partner.id, partner_name=partner.name,
                          hotspot_id=hotspot.id if hotspot else None,
                          hotspot_ref=hotspot.ref if hotspot else "",
                          hotspot_name=hotspot.name if hotspot else "", reasons=reasons)
