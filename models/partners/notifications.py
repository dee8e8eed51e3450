"""Read-side of partner confirmations: the item page's section, the partner's answer page and the
librarian's notifications."""
from __future__ import annotations


from models.kernel.tables import ItemPartner, Notification, PartnerContact, PartnerRequest
from models.kernel.permissions import is_coordinator
from models.partners.confirmations import item_facts
from models.kernel.clock import utcnow


async def item_section(item_id: int) -> list[dict]:
    """Each partner of the item with its contacts, and each contact's latest request."""
    links = await ItemPartner.select(
        ItemPartner.id, ItemPartner.partner, ItemPartner.role, ItemPartner.confirmation, ItemPartner.partner.name.as_alias("name"),
    ).where(ItemPartner.item == item_id).order_by(ItemPartner.id)
    if not links:
        return []
    partner_ids = [link["partner"] for link in links]
    contacts = await PartnerContact.select().where(
        PartnerContact.partner.is_in(partner_ids) & (PartnerContact.active == True)).order_by(PartnerContact.name)  # noqa: E712
    requests = await PartnerRequest.select().where(PartnerRequest.item == item_id).order_by(PartnerRequest.id)
    latest = {r["contact"]: r for r in requests}  # the last one asked wins
    for link in links:
        link["contacts"] = [{**c, "request": latest.get(c["id"])} for c in contacts if c["partner"] == link["partner"]]
    return links


async def request_view(request: dict) -> dict:
    """What the partner's page shows: this item, this contact, nothing else."""
    contact = await PartnerContact.select(
        PartnerContact.name, PartnerContact.language, PartnerContact.partner.name.as_alias("partner_name"),
    ).where(PartnerContact.id == request["contact"]).first()
    role = await ItemPartner.select(ItemPartner.role).where(ItemPartner.id == request["item_partner"]).first() if request["item_partner"] else None
    return {"item": await item_facts(request["item"]), "contact": contact, "role": role["role"] if role else "participant", "answer": request}


def _mine(staff: dict):
    """Notifications addressed to her or to her branch (both librarians of a branch plan it);
    a coordinator's own and those addressed to nobody in particular."""
    if is_coordinator(staff) or staff.get("branch") is None:
        return (Notification.staff == staff["id"]) | Notification.staff.is_null()
    return (Notification.staff == staff["id"]) | (Notification.branch == staff["branch"])


async def unread_count(staff: dict) -> int:
    return await Notification.count().where(_mine(staff) & Notification.read_at.is_null())


async def notifications(staff: dict, limit: int = 100) -> list[dict]:
    return await Notification.select().where(_mine(staff)).order_by(Notification.created_at, ascending=False).order_by(
        Notification.id, ascending=False).limit(limit)


async def mark_read(staff: dict, notification_id: int | None = None) -> int:
    where = _mine(staff) & Notification.read_at.is_null()
    if notification_id is not None:
        where &= Notification.id == notification_id
    rows = await Notification.update({Notification.read_at: utcnow()}).where(where).returning(Notification.id)
    return len(rows)
