"""What follows a request to a partner: telling confirmed partners about a change (and asking
again when the time moved), reminding those who have not answered, and the waiting list."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from models.partners import messages as texts
from models.kernel.clock import local_wall_time, utc_of_wall, utcnow
from models.kernel.outbox import enqueue
from models.kernel.changes import ItemChanged
from models.kernel.db import transaction
from models.kernel.enums import Status
from models.kernel.signing import base_url as site_base_url
from models.partners.confirmations import item_facts, token_for
from models.planning import last_end, record_and_tell
from models.kernel.tables import ItemPartner, Occurrence, PartnerRequest

def _live():
    return PartnerRequest.revoked_at.is_null()


async def _requests(where) -> list[dict]:
    return await PartnerRequest.select(
        PartnerRequest.all_columns(), PartnerRequest.contact.name.as_alias("contact_name"),
        PartnerRequest.contact.email.as_alias("contact_email"), PartnerRequest.contact.language.as_alias("contact_language"),
        PartnerRequest.contact.partner.name.as_alias("partner_name"), PartnerRequest.item_partner.role.as_alias("role"),
    ).where(where).order_by(PartnerRequest.id)


def _link(request: dict, base_url: str) -> str:
    return f"{base_url}/answer/{token_for(request['id'], request['asked_at'])}"


def _what_changed(changes: Mapping[str, Any]) -> set[str]:
    """What a partner who confirmed is told about (models/partners/followups.py)."""
    what = {"time"} if changes.keys() & {"starts_at", "ends_at", "rrule", "all_day"} else set()
    if "place" in changes:
        what.add("place")
    if changes.get("status", [None, None])[1] == Status.CANCELLED.value or changes.get("cancelled") == [False, True]:
        what.add("cancelled")
    return what


async def tell_partners(event: ItemChanged) -> None:
    """Listener (models/consequences.py): a new time or place, or a cancellation, reaches the
    partners who confirmed."""
    if what := _what_changed(event.changes):
        await on_item_changed(event.item_id, what)


async def on_item_changed(item_id: int, what: set[str], *, base_url: str | None = None) -> int:
    """Mail the partners who confirmed; a new time asks them again. Runs inside the change's transaction."""
    what = set(what)
    if not what:
        return 0
    base_url = (base_url or site_base_url()).rstrip("/")  # a mail written inside a programme change: the configured site
    item = await item_facts(item_id)
    requests = await _requests((PartnerRequest.item == item_id) & _live() & (PartnerRequest.state == "confirmed"))
    if not item or not requests:
        return 0
    reask = "time" in what and "cancelled" not in what
    if "time" in what:
        expires = utc_of_wall(await last_end(item_id, item["ends_at"]))
        await PartnerRequest.update({PartnerRequest.expires_at: expires}).where((PartnerRequest.item == item_id) & _live())
    for request in requests:
        link = _link(request, base_url) if reask else ""
        facts = texts.facts(item, sessions=item["sessions"], staff_name=item["responsible_name"] or "", role=request["role"] or "",
                            link=link, language=request["contact_language"])
        subject, body = texts.changed_mail(facts, request["contact_name"], what, request["contact_language"])
        await enqueue(key=f"changed:{request['id']}:{item['sequence']}.{item['version']}", to_address=request["contact_email"],
                      to_name=request["contact_name"], subject=subject, body=body, language=texts.lang_of(request["contact_language"]),
                      item_id=item_id, branch_id=item["branch"])
        if reask:
            await PartnerRequest.update({PartnerRequest.state: "asked", PartnerRequest.reminded_at: None}).where(PartnerRequest.id == request["id"])
            if request["item_partner"]:
                await ItemPartner.update({ItemPartner.confirmation: "asked"}).where(ItemPartner.id == request["item_partner"])
    await record_and_tell(item_id, None, "partners_told", {"contacts": ", ".join(r["contact_name"] for r in requests),
                                                  "changes": ", ".join(sorted(what))})
    return len(requests)


async def due_reminders(now: datetime, days: int) -> list[dict]:
    """Requests still unanswered whose item's first session starts within `days` days, not yet reminded."""
    wall = local_wall_time(now)
    rows = await _requests((PartnerRequest.state == "asked") & _live() & PartnerRequest.reminded_at.is_null()
                           & (PartnerRequest.expires_at > now))
    if not rows:
        return []
    item_ids = sorted({r["item"] for r in rows})
    upcoming = await Occurrence.select(Occurrence.item, Occurrence.starts_at).where(
        Occurrence.item.is_in(item_ids) & (Occurrence.cancelled == False) & (Occurrence.starts_at > wall)  # noqa: E712
    ).order_by(Occurrence.starts_at)
    next_start: dict[int, datetime] = {}
    for row in upcoming:
        next_start.setdefault(row["item"], row["starts_at"])
    horizon = wall + timedelta(days=days)
    return [r for r in rows if r["item"] in next_start and next_start[r["item"]] <= horizon]


async def send_reminders(now: datetime | None = None, days: int = 3, *, base_url: str | None = None) -> int:
    now = now or utcnow()
    base_url = (base_url or site_base_url()).rstrip("/")  # the site the app was configured with
    sent = 0
    for request in await due_reminders(now, days):
        async with transaction():
            # a second worker may have reminded it meanwhile: the update claims it or finds nothing
            claimed = await PartnerRequest.update({PartnerRequest.reminded_at: now}).where(
                (PartnerRequest.id == request["id"]) & PartnerRequest.reminded_at.is_null()).returning(PartnerRequest.id)
            if not claimed:
                continue
            item = await item_facts(request["item"])
            link = _link(request, base_url)
            facts = texts.facts(item, sessions=item["sessions"], staff_name=item["responsible_name"] or "", role=request["role"] or "",
                                link=link, language=request["contact_language"])
            subject, body = texts.reminder_mail(facts, request["contact_name"], request["contact_language"])
            await enqueue(key=f"remind:{request['id']}", to_address=request["contact_email"], to_name=request["contact_name"],
                          subject=subject, body=body, language=texts.lang_of(request["contact_language"]),
                          item_id=item["id"], branch_id=item["branch"])
            await record_and_tell(item["id"], None, "partner_reminded", {"partner": request["partner_name"], "contact": request["contact_name"]})
            sent += 1
    return sent


async def waiting(branch_ids: list[int] | None, *, now: datetime | None = None) -> list[dict]:
    """Unanswered live requests (None: every branch), oldest first, with how long each has waited."""
    now = now or utcnow()
    where = (PartnerRequest.state == "asked") & _live() & (PartnerRequest.expires_at > now)
    if branch_ids is not None:
        where &= PartnerRequest.item.branch.is_in(branch_ids or [-1])
    rows = await PartnerRequest.select(
        PartnerRequest.id, PartnerRequest.item, PartnerRequest.asked_at, PartnerRequest.reminded_at,
        PartnerRequest.item.title.as_alias("title"), PartnerRequest.item.starts_at.as_alias("starts_at"),
        PartnerRequest.item.branch.short_name.as_alias("branch_name"),
        PartnerRequest.contact.name.as_alias("contact_name"), PartnerRequest.contact.partner.name.as_alias("partner_name"),
    ).where(where).order_by(PartnerRequest.asked_at).order_by(PartnerRequest.id)
    for row in rows:
        asked = row["asked_at"] if row["asked_at"].tzinfo else row["asked_at"].replace(tzinfo=now.tzinfo)
        waited = max(timedelta(0), now - asked)
        row["waited_days"], row["waited_hours"] = waited.days, waited.seconds // 3600
    return rows


async def marks(item_ids: list[int]) -> dict[int, str]:
    """The planner's mark per item: declined before proposed before asked before confirmed (what
    needs her most shows; "confirmed" only when every asked partner confirmed)."""
    if not item_ids:
        return {}
    rank = {"declined": 4, "proposed": 3, "asked": 2, "confirmed": 1}
    found: dict[int, str] = {}
    rows = await ItemPartner.select(ItemPartner.item, ItemPartner.confirmation).where(
        ItemPartner.item.is_in(item_ids) & ItemPartner.confirmation.is_in(list(rank)))
    for row in rows:
        if rank[row["confirmation"]] > rank.get(found.get(row["item"], ""), 0):
            found[row["item"]] = row["confirmation"]
    return found

