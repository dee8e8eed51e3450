"""What the library did with a partner, year by year, and the directory's one-line summaries.
The counts follow the BRIEF's counting rules: a session counts when it is held or past and not
cancelled; an exhibition counts once, in the year it opens; a cancelled item counts nowhere."""
from __future__ import annotations

from datetime import date, datetime

from models.kernel.clock import local_now
from models.kernel.enums import Kind, PartnerType, Status
from models.kernel.tables import Item, ItemPartner, Occurrence, Partner


async def _sessions(item_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    if not item_ids:
        return found
    rows = await Occurrence.select(Occurrence.item, Occurrence.starts_at, Occurrence.ends_at, Occurrence.cancelled).where(
        Occurrence.item.is_in(item_ids)).order_by(Occurrence.starts_at)
    for row in rows:
        found.setdefault(row["item"], []).append(row)
    return found


def _counts(kind: str, status: str, sessions: list[dict], now: datetime) -> int:
    if status == Status.CANCELLED.value:
        return 0
    done = [s for s in sessions if not s["cancelled"] and (status == Status.HELD.value or s["ends_at"] <= now)]
    return min(len(done), 1) if kind == Kind.EXHIBITION.value else len(done)


async def partner_history(partner_id: int, now: datetime | None = None) -> list[dict]:
    """[{year, items: [{id, title, kind, date, role, confirmation, status, sessions, cancelled}], counts: {kind: n}, total}],
    newest year first. A series that crosses New Year is listed in each year it has sessions in."""
    now = now or local_now()
    links = await ItemPartner.select(ItemPartner.item, ItemPartner.role, ItemPartner.confirmation).where(
        ItemPartner.partner == partner_id)
    roles = {link["item"]: link for link in links}
    items = await Item.select(Item.id, Item.title, Item.kind, Item.status).where(Item.id.is_in(list(roles) or [-1]))
    sessions = await _sessions(list(roles))
    years: dict[int, dict] = {}
    for item in items:
        by_year: dict[int, list[dict]] = {}
        for session in sessions.get(item["id"], []):
            by_year.setdefault(session["starts_at"].year, []).append(session)
        if item["kind"] == Kind.EXHIBITION.value and by_year:
            by_year = {min(by_year): [s for y in sorted(by_year) for s in by_year[y]]}
        for year, in_year in by_year.items():
            cancelled = item["status"] == Status.CANCELLED.value or all(s["cancelled"] for s in in_year)
            counted = _counts(item["kind"], item["status"], in_year, now)
            entry = years.setdefault(year, {"year": year, "items": [], "counts": {}, "total": 0})
            entry["items"].append({
                "id": item["id"], "title": item["title"], "kind": item["kind"], "date": in_year[0]["starts_at"],
                "role": roles[item["id"]]["role"], "confirmation": roles[item["id"]]["confirmation"],
                "status": item["status"], "sessions": len([s for s in in_year if not s["cancelled"]]),
                "counted": counted, "cancelled": cancelled,
            })
            if counted:
                entry["counts"][item["kind"]] = entry["counts"].get(item["kind"], 0) + counted
                entry["total"] += counted
    for entry in years.values():
        entry["items"].sort(key=lambda i: (i["date"], i["title"]))
        entry["counts"] = {kind.value: entry["counts"][kind.value] for kind in Kind if kind.value in entry["counts"]}
    return [years[year] for year in sorted(years, reverse=True)]


async def partner_directory(type_: PartnerType | str | None = None, text: str = "", include_inactive: bool = False,
                            today: date | None = None) -> list[dict]:
    """Partners by name with, for each, the items of this year (not cancelled) and the date of the
    last session held together. The name search runs in Python: SQLite's LIKE folds only ASCII case,
    and "ž" must find "Žīgure" on both databases; a library has tens of partners, not thousands."""
    today = today or local_now().date()
    query = Partner.select(Partner.all_columns(), Partner.branch.short_name.as_alias("branch_name"))
    if type_:
        query = query.where(Partner.type == (type_.value if isinstance(type_, PartnerType) else type_))
    if not include_inactive:
        query = query.where(Partner.active == True)  # noqa: E712
    needle = text.strip().casefold()
    partners = [p for p in await query if needle in p["name"].casefold()]
    partners.sort(key=lambda p: p["name"].casefold())
    ids = [p["id"] for p in partners]
    links = await ItemPartner.select(ItemPartner.item, ItemPartner.partner).where(ItemPartner.partner.is_in(ids or [-1]))
    item_ids = sorted({link["item"] for link in links})
    cancelled = {row["id"] for row in await Item.select(Item.id).where(
        Item.id.is_in(item_ids or [-1]) & (Item.status == Status.CANCELLED.value))}
    sessions = await _sessions(item_ids)
    summary = {pid: {"items_this_year": 0, "last_date": None} for pid in ids}
    for link in links:
        if link["item"] in cancelled:
            continue
        live = [s for s in sessions.get(link["item"], []) if not s["cancelled"]]
        row = summary[link["partner"]]
        if any(s["starts_at"].year == today.year for s in live):
            row["items_this_year"] += 1
        past = [s["starts_at"].date() for s in live if s["starts_at"].date() <= today]
        if past and (row["last_date"] is None or max(past) > row["last_date"]):
            row["last_date"] = max(past)
    return [{**p, **summary[p["id"]]} for p in partners]
