"""Read-side queries: what the planner, the item page and the API show."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from models.kernel.network_tables import Branch, Staff
from models.kernel.tables import Item, ItemAudience, ItemChange, ItemPartner, Occurrence, Partner, Place


@dataclass
class PlannerFilter:
    branch_ids: list[int] | None = None  # None: every branch
    kinds: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    partner_ids: list[int] = field(default_factory=list)
    query: str = ""  # words found in the title, the place or a partner's name, in any case

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.audiences or self.statuses or self.partner_ids or self.query)


_PLANNER_SQL = """
SELECT o.id, o.starts_at, o.ends_at, o.cancelled, o.overridden, o.recurrence_id, o.item AS item_id,
       i.title, i.kind, i.status, i.is_public, i.all_day, i.rrule, i.branch AS branch_id,
       b.short_name AS branch_name, ip.name AS item_place_name, op.name AS place_name,
       s.display_name AS responsible_name
FROM occurrence o
JOIN item i ON i.id = o.item
JOIN branch b ON b.id = i.branch
LEFT JOIN place ip ON ip.id = i.place
LEFT JOIN place op ON op.id = o.place
LEFT JOIN staff s ON s.id = i.responsible
WHERE o.starts_at < {} AND o.ends_at > {}"""


def _in(column: str, values: list, args: list) -> str:
    args.extend(values)
    return f" AND {column} IN ({', '.join('{}' for _ in values)})"


async def occurrences_between(start: datetime, end: datetime, flt: PlannerFilter) -> list[dict]:
    """Sessions that overlap [start, end), earliest first, with what a planner cell shows.
    Hand-written SQL: the planner is the page librarians open most, and Piccolo's joined
    select cost four times as much for the same rows."""
    sql, args = _PLANNER_SQL, [end, start]
    if flt.branch_ids is not None:
        sql += _in("i.branch", flt.branch_ids or [-1], args)
    if flt.kinds:
        sql += _in("i.kind", flt.kinds, args)
    if flt.statuses:
        sql += _in("i.status", flt.statuses, args)
    rows = await Occurrence.raw(sql + " ORDER BY o.starts_at, i.title, o.id", *args)
    item_ids = sorted({row["item_id"] for row in rows})
    audiences = await audiences_of(item_ids)
    partners = await partner_ids_of(item_ids) if flt.partner_ids else {}
    # matched here, not in SQL: SQLite's LOWER() leaves "Š" and "Ā" as they are
    words = flt.query.casefold().split()
    partner_names = await partner_names_of(item_ids) if words else {}
    result = []
    for row in rows:
        row["cancelled"], row["is_public"], row["all_day"], row["overridden"] = (
            bool(row["cancelled"]), bool(row["is_public"]), bool(row["all_day"]), bool(row["overridden"]))
        row["audiences"] = audiences.get(row["item_id"], [])
        row["place_name"] = row["place_name"] or row["item_place_name"]
        row["is_series"] = bool(row["rrule"])
        row["moved"] = row["starts_at"] != row["recurrence_id"]
        row["last_day"] = (row["ends_at"] - timedelta(days=1)).date() if row["all_day"] else row["ends_at"].date()
        if flt.audiences and not set(flt.audiences) & set(row["audiences"]):
            continue
        if flt.partner_ids and not set(flt.partner_ids) & partners.get(row["item_id"], set()):
            continue
        if words:
            text = " ".join([row["title"], row["place_name"] or "", *partner_names.get(row["item_id"], [])]).casefold()
            if not all(word in text for word in words):
                continue
        result.append(row)
    return result


async def audiences_of(item_ids: list[int]) -> dict[int, list[str]]:
    if not item_ids:
        return {}
    found: dict[int, list[str]] = {}
    for row in await ItemAudience.select(ItemAudience.item, ItemAudience.audience).where(ItemAudience.item.is_in(item_ids)):
        found.setdefault(row["item"], []).append(row["audience"])
    return found


async def partner_names_of(item_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if item_ids:
        for row in await ItemPartner.select(ItemPartner.item, ItemPartner.partner.name.as_alias("name")).where(ItemPartner.item.is_in(item_ids)):
            found.setdefault(row["item"], []).append(row["name"])
    return found


async def partner_ids_of(item_ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    if item_ids:
        for row in await ItemPartner.select(ItemPartner.item, ItemPartner.partner).where(ItemPartner.item.is_in(item_ids)):
            found.setdefault(row["item"], set()).add(row["partner"])
    return found


async def item_detail(item_id: int) -> dict | None:
    item = await Item.select(
        Item.all_columns(), Item.branch.name.as_alias("branch_name"), Item.branch.slug.as_alias("branch_slug"), Item.place.name.as_alias("place_name"),
        Item.responsible.display_name.as_alias("responsible_name"),
    ).where(Item.id == item_id).first()
    if item is None:
        return None
    item["last_day"] = (item["ends_at"] - timedelta(days=1)).date() if item["all_day"] else item["ends_at"].date()
    item["audiences"] = (await audiences_of([item_id])).get(item_id, [])
    item["partners"] = await ItemPartner.select(
        ItemPartner.partner.as_alias("partner_id"), ItemPartner.partner.name.as_alias("name"),
        ItemPartner.role, ItemPartner.confirmation,
    ).where(ItemPartner.item == item_id).order_by(ItemPartner.id)
    item["occurrences"] = await Occurrence.select(
        Occurrence.all_columns(), Occurrence.place.name.as_alias("place_name"),
    ).where(Occurrence.item == item_id).order_by(Occurrence.recurrence_id)
    return item


# history fields that keep a row's id: shown by the row's name ("vieta: — → Lasītava", not "→ 2")
NAMED_FIELDS = {"place": (Place, Place.name), "branch": (Branch, Branch.short_name), "responsible": (Staff, Staff.display_name)}


async def item_history(item_id: int) -> list[dict]:
    rows = await ItemChange.select(
        ItemChange.at, ItemChange.action, ItemChange.details, ItemChange.staff.display_name.as_alias("staff_name"),
    ).where(ItemChange.item == item_id).order_by(ItemChange.at, ascending=False).order_by(ItemChange.id, ascending=False).output(load_json=True)
    for key, (table, name) in NAMED_FIELDS.items():
        ids = {value for row in rows if isinstance(row["details"], dict) for value in _ids_in(row["details"].get(key))}
        if not ids:
            continue
        names = {found["id"]: found["name"] for found in await table.select(table.id, name.as_alias("name")).where(table.id.is_in(sorted(ids)))}
        for row in rows:
            if isinstance(row["details"], dict) and key in row["details"]:
                value = row["details"][key]
                row["details"][key] = [names.get(v, v) for v in value] if isinstance(value, list) else names.get(value, value)
    return rows


def _ids_in(value) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


async def branches() -> list[dict]:
    return await Branch.select().order_by(Branch.is_central, ascending=False).order_by(Branch.name)


async def places_of(branch_id: int | None = None) -> list[dict]:
    query = Place.select(Place.all_columns(), Place.branch.short_name.as_alias("branch_name")).where(Place.active == True)  # noqa: E712
    if branch_id is not None:
        query = query.where(Place.branch == branch_id)
    return await query.order_by(Place.kind).order_by(Place.name)


async def partners_list(branch_id: int | None = None) -> list[dict]:
    query = Partner.select().where(Partner.active == True)  # noqa: E712
    if branch_id is not None:
        query = query.where((Partner.branch == branch_id) | Partner.branch.is_null())
    return await query.order_by(Partner.name)


async def staff_list(branch_id: int | None = None) -> list[dict]:
    query = Staff.select(Staff.id, Staff.display_name, Staff.branch, Staff.role).where(Staff.active == True)  # noqa: E712
    if branch_id is not None:
        query = query.where((Staff.branch == branch_id) | (Staff.role == "coordinator"))
    return await query.order_by(Staff.display_name)
