"""What may be shown outside the library, and the one query every publication reads: the public
programme pages, the poster, the embed snippet and every iCalendar feed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from models.planning import audiences_of, pictures_of
from models.kernel.network_tables import Branch
from models.kernel.tables import Item, ItemPartner, Occurrence

# A draft or a merely planned item is not announced; a cancelled one stays visible (marked
# cancelled) so that subscribers learn it will not happen.
PUBLIC_STATUSES = ("published", "held", "cancelled")
# A partner sees what it takes part in once the library has planned it, internal items included.
PARTNER_STATUSES = ("planned", "confirmed", "published", "held", "cancelled")


def shown_publicly(item: dict) -> bool:
    """Whether residents see the item now: marked public, and published (or held, or cancelled)."""
    return bool(item.get("is_public")) and item.get("status") in PUBLIC_STATUSES


@dataclass(frozen=True)
class Scope:
    """Which items a publication shows. The defaults are the public view of the whole network."""

    branch_ids: tuple[int, ...] | None = None  # None: every branch
    kinds: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    place_id: int | None = None
    partner_id: int | None = None
    staff_branch_ids: tuple[int, ...] | None = field(default=None)  # a staff member's private feed
    item_ids: tuple[int, ...] = ()  # one item's page or .ics
    include_internal: bool = False
    include_drafts: bool = False

    @property
    def statuses(self) -> tuple[str, ...] | None:
        if self.include_drafts:
            return None
        return PARTNER_STATUSES if self.include_internal else PUBLIC_STATUSES


async def items_in_scope(scope: Scope, start: datetime | None = None, end: datetime | None = None, *, since: datetime | None = None) -> list[dict]:
    """Items in the scope with their sessions (all, or those overlapping [start, end)), ordered by start;
    with `since`, only items that still have a session ending after it (with all their sessions).
    Each item dict carries `occurrences`, `audiences`, `branch_name`, `branch_slug`, `place_name`,
    `responsible_name`, `responsible_email`, `partner_ids` and `picture` (its facts, or None)."""
    query = Item.select(
        Item.all_columns(), Item.branch.name.as_alias("branch_name"), Item.branch.short_name.as_alias("branch_short_name"),
        Item.branch.slug.as_alias("branch_slug"), Item.branch.address.as_alias("branch_address"),
        Item.place.name.as_alias("place_name"), Item.place.address.as_alias("place_address"),
        Item.responsible.display_name.as_alias("responsible_name"), Item.responsible.email.as_alias("responsible_email"),
    )
    if not scope.include_internal:
        query = query.where(Item.is_public == True)  # noqa: E712
    if scope.statuses is not None:
        query = query.where(Item.status.is_in(list(scope.statuses)))
    if scope.branch_ids is not None:
        query = query.where(Item.branch.is_in(list(scope.branch_ids) or [-1]))
    if scope.kinds:
        query = query.where(Item.kind.is_in(list(scope.kinds)))
    if scope.item_ids:
        query = query.where(Item.id.is_in(list(scope.item_ids)))
    if since is not None:
        # a feed keeps an item whole (all its sessions) while any of them ends after `since`
        recent = Occurrence.select(Occurrence.item).where(Occurrence.ends_at > since).distinct()
        query = query.where(Item.id.is_in([row["item"] for row in await recent] or [-1]))
    if scope.partner_id is not None:
        linked = await ItemPartner.select(ItemPartner.item).where(ItemPartner.partner == scope.partner_id)
        query = query.where(Item.id.is_in([row["item"] for row in linked] or [-1]))
    occurrences = Occurrence.select(Occurrence.all_columns(), Occurrence.place.name.as_alias("place_name"))
    bounded = start is not None or end is not None
    if start is not None:
        occurrences = occurrences.where(Occurrence.ends_at > start)
    if end is not None:
        occurrences = occurrences.where(Occurrence.starts_at < end)
    by_item: dict[int, list[dict]] = {}
    if bounded:
        # a month's page: the sessions in the window decide which items to load, not the reverse
        if scope.branch_ids is not None:
            occurrences = occurrences.where(Occurrence.item.branch.is_in(list(scope.branch_ids) or [-1]))
        if not scope.include_internal:
            occurrences = occurrences.where(Occurrence.item.is_public == True)  # noqa: E712
        if scope.statuses is not None:
            occurrences = occurrences.where(Occurrence.item.status.is_in(list(scope.statuses)))
        for row in await occurrences.order_by(Occurrence.starts_at):
            by_item.setdefault(row["item"], []).append(row)
        query = query.where(Item.id.is_in(list(by_item) or [-1]))
    items = await query.order_by(Item.starts_at).order_by(Item.id)
    if not items:
        return []
    ids = [item["id"] for item in items]
    if not bounded:
        for row in await occurrences.where(Occurrence.item.is_in(ids)).order_by(Occurrence.starts_at):
            by_item.setdefault(row["item"], []).append(row)
    audiences = await audiences_of(ids)
    pictures = await pictures_of(ids)
    partners: dict[int, list[int]] = {}
    for row in await ItemPartner.select(ItemPartner.item, ItemPartner.partner).where(ItemPartner.item.is_in(ids)):
        partners.setdefault(row["item"], []).append(row["partner"])
    result = []
    for item in items:
        sessions = by_item.get(item["id"], [])
        if scope.place_id is not None:
            sessions = [s for s in sessions if (s["place"] or item["place"]) == scope.place_id]
        if not sessions:
            continue
        item["audiences"] = audiences.get(item["id"], [])
        if scope.audiences and not set(scope.audiences) & set(item["audiences"]):
            continue
        item["occurrences"] = sessions
        item["partner_ids"] = partners.get(item["id"], [])
        item["picture"] = pictures.get(item["id"])  # {"width", "height", "digest", "alt"} or None
        result.append(item)
    return result


async def branch_by_slug(slug: str) -> dict | None:
    return await Branch.select().where(Branch.slug == slug).first()
