"""Partner agencies and their people."""

from __future__ import annotations

from jagdesk.domain.records import Contact, Partner
from jagdesk.store.repo import Repo


class PartnerRepo(Repo[Partner]):
    """Agencies taking part in JAGs."""

    table = "partner"
    record_type = Partner
    order_by = "name"

    def _summary(self, record: Partner) -> str:
        return f"partner {record.name}"

    def by_name(self, name: str) -> Partner | None:
        """Return the partner with this name (case-insensitive), if any."""
        found = self.find("lower(name) = lower(?)", [name.strip()])
        return found[0] if found else None


class ContactRepo(Repo[Contact]):
    """People at partner agencies, including single points of contact."""

    table = "contact"
    record_type = Contact
    order_by = "name"

    def _summary(self, record: Contact) -> str:
        # Contacts are people: the audit summary names the record, never the person.
        return f"contact {record.id}"

    def for_partner(self, partner_id: str) -> list[Contact]:
        """Return a partner's people."""
        return self.find("partner_id = ?", [partner_id])

    def current_spocs(self, partner_id: str, on: str) -> list[Contact]:
        """Return a partner's single points of contact valid on a date (``YYYY-MM-DD``)."""
        return self.find(
            "partner_id = ? AND is_spoc = 1 AND (valid_from IS NULL OR valid_from <= ?) "
            "AND (valid_to IS NULL OR valid_to >= ?)", [partner_id, on, on])
